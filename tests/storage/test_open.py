"""Opening a workspace: folders, PRAGMAs, bad files, and the default location."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storage import Store, StoreError, default_workspace


def test_open_creates_workspace_folders_and_database(tmp_path):
    workspace = tmp_path / "new" / "ws"
    with Store.open(workspace) as store:
        assert store.workspace == workspace.resolve()
    assert (workspace / "firstwin.db").is_file()
    assert (workspace / "datasets").is_dir()
    assert (workspace / "artifacts").is_dir()


def test_open_accepts_a_string_path(tmp_path):
    with Store.open(str(tmp_path)) as store:
        assert isinstance(store.workspace, Path)


def test_every_open_sets_wal_normal_sync_foreign_keys_and_busy_timeout(store):
    pragma = lambda name: store._conn.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 1  # NORMAL
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 10000


def test_a_file_that_is_not_sqlite_is_refused_in_words(tmp_path):
    (tmp_path / "firstwin.db").write_bytes(b"this is a spreadsheet, honest" * 100)
    with pytest.raises(StoreError, match="is not a FirstWin workspace database"):
        Store.open(tmp_path)


def test_an_sqlite_database_of_another_program_is_refused(tmp_path):
    conn = sqlite3.connect(tmp_path / "firstwin.db")
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="is not a FirstWin workspace database"):
        Store.open(tmp_path)


def test_a_workspace_path_that_is_a_file_is_refused_in_words(tmp_path):
    (tmp_path / "ws").write_text("not a folder")
    with pytest.raises(StoreError, match="cannot use .* as a FirstWin workspace"):
        Store.open(tmp_path / "ws")


def test_close_is_idempotent_and_a_closed_store_says_so(tmp_path):
    store = Store.open(tmp_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="is closed"):
        store.projects()
    with pytest.raises(StoreError, match="is closed"):
        store.create_project("late")


def test_the_context_manager_closes_the_store(tmp_path):
    with Store.open(tmp_path) as store:
        pass
    with pytest.raises(StoreError, match="is closed"):
        store.events()


def test_default_workspace_follows_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("FIRSTWIN_WORKSPACE", str(tmp_path / "elsewhere"))
    assert default_workspace() == tmp_path / "elsewhere"


def test_default_workspace_is_the_user_data_dir_without_the_variable(monkeypatch):
    monkeypatch.delenv("FIRSTWIN_WORKSPACE", raising=False)
    assert default_workspace().name == "FirstWin"
    assert default_workspace().is_absolute()


def test_storage_imports_no_qt_no_ml_and_no_upper_layer():
    banned = {"PySide6", "pyqtgraph", "shiboken6", "pandas", "numpy", "sklearn", "engine", "ui"}
    package = Path(__file__).resolve().parents[2] / "storage"
    for source in package.glob("*.py"):
        for line in source.read_text().splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                assert words[1].split(".")[0] not in banned, f"{source.name}: {line}"
