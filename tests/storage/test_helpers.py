"""The small helpers under the store: JSON, timestamps, pid checks, error wording."""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from storage import rows
from storage.base import sqlite_error
from storage.process import pid_alive


class ArrayLike:
    """Stands in for a numpy scalar or array, which storage must not import."""

    def tolist(self):
        return [1, 2]


def test_to_json_converts_values_json_cannot_hold_instead_of_failing():
    value = {"array": ArrayLike(), "path": Path("a/b.csv"), "tags": {"b", "a"}, "cls": int}
    assert rows.from_json(rows.to_json(value)) == {
        "array": [1, 2],
        "path": "a/b.csv",
        "tags": ["a", "b"],
        "cls": "<class 'int'>",
    }


def test_from_json_of_null_or_empty_text_is_an_empty_dict():
    assert rows.from_json(None) == {}
    assert rows.from_json("") == {}


def test_utc_now_is_iso_8601_utc_with_seconds():
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", rows.utc_now())


def test_pid_alive_knows_this_process_from_a_finished_one(dead_pid):
    assert pid_alive(os.getpid())
    assert not pid_alive(dead_pid)
    assert not pid_alive(None)
    assert not pid_alive(0)


def test_a_locked_database_is_reported_as_busy_in_words(tmp_path):
    error = sqlite_error(sqlite3.OperationalError("database is locked"), tmp_path / "firstwin.db")
    assert "busy: another FirstWin is writing to it" in str(error)
