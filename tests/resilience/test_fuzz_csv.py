"""Fuzzing the CSV importer: whatever the bytes, ``read_table`` gives a table or a UserError.

Three generators: raw random bytes; CSV-ish text built from delimiters, quotes, line endings
and unicode, in several encodings; and a good table damaged by random byte edits (cut,
inserted, replaced). A fourth checks more than "no crash": a well-formed table written by
Python's csv module, whatever its cells hold, comes back with its shape and column names.

The runs are derandomized (the same examples every time, no example database), so a failure
in CI fails the same way on a laptop. Set FIRSTWIN_FUZZ_EXAMPLES to a larger number to hunt
for new failures locally.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import UserError
from engine.importer import ImportedTable, read_table
from tests.resilience.hostile_files import table_text
from tests.resilience.messages import assert_readable

_EXAMPLES = int(os.environ.get("FIRSTWIN_FUZZ_EXAMPLES", "150"))
FUZZ = settings(
    max_examples=_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ROUND_TRIP = settings(FUZZ, max_examples=max(_EXAMPLES // 2, 1))  # each example costs more

_SPECIAL = [",", ";", "\t", "|", '"', "'", "\n", "\r", "\r\n", " ", "\\", "\x00", "\x1a", "\ufeff"]
_WORDS = ["NA", "?", "null", "1,5", "1.234,5", "1e308", "inf", "-", "€12", "50%", "True",
          "2024-01-31"]
_CELL = st.one_of(
    st.lists(st.sampled_from([*"ab xyZ0123456789.-+éüß€", *_SPECIAL]), max_size=12).map("".join),
    st.sampled_from(_WORDS),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(max_size=6),  # any unicode, emoji and unpaired surrogates included
)
_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "cp1252", "latin-1"]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    """One folder for every example (hypothesis reruns a test many times in one fixture)."""
    return tmp_path_factory.mktemp("fuzz")


def _import(folder: Path, name: str, data: bytes) -> None:
    """Import ``data`` as ``name``: it must give a clean table or a readable UserError."""
    path = folder / name
    path.write_bytes(data)
    try:
        table = read_table(path)
    except UserError as error:
        assert_readable(error)
        return
    assert isinstance(table, ImportedTable)
    frame = table.frame
    assert len(frame) >= 1 and frame.shape[1] >= 1
    assert frame.columns.is_unique
    assert all(isinstance(c, str) and c.strip() == c and c for c in frame.columns)
    assert list(frame.index) == list(range(len(frame)))


@st.composite
def csv_like_bytes(draw) -> bytes:
    """Rows of odd cells joined by a delimiter and line ending, in some encoding."""
    delimiter = draw(st.sampled_from([",", ";", "\t", "|", " "]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    width = draw(st.integers(1, 6))
    rows = draw(
        st.lists(
            st.lists(_CELL, min_size=max(width - 1, 1), max_size=width + 1),
            min_size=1,
            max_size=15,
        )
    )
    quote = draw(st.booleans())

    def cell(value: str) -> str:
        return '"' + value.replace('"', '""') + '"' if quote else value

    text = newline.join(delimiter.join(cell(c) for c in row) for row in rows)
    if draw(st.booleans()):
        text += newline
    encoding = draw(st.sampled_from(_ENCODINGS))
    return text.encode(encoding, errors="replace")


@st.composite
def damaged_table(draw) -> bytes:
    """A good table with a few random byte edits."""
    data = bytearray(table_text(draw(st.integers(1, 30))).encode(draw(st.sampled_from(_ENCODINGS))))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["cut", "insert", "replace", "delete"]))
        if action == "cut":
            del data[at:]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif action == "replace" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 20))]
    return bytes(data)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".tsv", ".txt"]))
def test_random_bytes_give_a_table_or_a_user_error(scratch, data, suffix):
    _import(scratch, "bytes" + suffix, data)


@FUZZ
@given(data=csv_like_bytes())
def test_csv_like_text_gives_a_table_or_a_user_error(scratch, data):
    _import(scratch, "text.csv", data)


@FUZZ
@given(data=damaged_table())
def test_a_damaged_table_gives_a_table_or_a_user_error(scratch, data):
    _import(scratch, "damaged.csv", data)


_NAME = st.text(st.sampled_from(list("abcdxyzéß")), min_size=1, max_size=6)
_WELL_FORMED_CELL = st.one_of(
    # Any character but a lone CR (csv.writer leaves it unquoted when lines end in LF only).
    st.lists(st.sampled_from(list("ab ,;\t|\"'\n€é1.2-?")), max_size=8).map("".join),
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(str),
)


@st.composite
def well_formed_table(draw) -> tuple[bytes, tuple[int, int], list[str]]:
    """(file bytes, shape, column names) of a table with an id column and odd cells."""
    names = ["id"] + draw(st.lists(_NAME.filter(lambda n: n != "id"), max_size=5, unique=True))
    rows = draw(st.lists(st.lists(_WELL_FORMED_CELL, min_size=len(names) - 1,
                                  max_size=len(names) - 1), min_size=1, max_size=12))
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=draw(st.sampled_from([",", ";", "\t", "|"])),
        lineterminator=draw(st.sampled_from(["\n", "\r\n"])),
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerows([names] + [[str(i + 1), *row] for i, row in enumerate(rows)])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    return buffer.getvalue().encode(encoding, errors="replace"), (len(rows), len(names)), names


@ROUND_TRIP
@given(case=well_formed_table())
def test_a_well_formed_table_keeps_its_shape_and_names(scratch, case):
    data, shape, names = case
    path = scratch / "well_formed.csv"
    path.write_bytes(data)
    frame = read_table(path).frame
    assert frame.shape == shape
    assert list(frame.columns) == names
