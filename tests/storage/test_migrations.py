"""Numbered migrations keyed on PRAGMA user_version."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from storage import Store, StoreError, migrations

TABLES = {
    "projects",
    "dataset_versions",
    "runs",
    "params",
    "metrics",
    "model_versions",
    "events",
}


def user_version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_migration_1_creates_every_table_and_sets_user_version(store):
    assert set(store._db.table_names()) >= TABLES
    assert migrations.schema_version(store._db) == len(migrations.MIGRATIONS)


def test_migrations_declare_foreign_keys_and_index_metrics_by_run(store):
    runs_fks = {(fk.column, fk.other_table) for fk in store._db["runs"].foreign_keys}
    assert runs_fks == {("project_id", "projects"), ("dataset_version_id", "dataset_versions")}
    parent = {(fk.column, fk.other_table) for fk in store._db["dataset_versions"].foreign_keys}
    assert ("parent_id", "dataset_versions") in parent
    indexes = {tuple(index.columns) for index in store._db["metrics"].indexes}
    assert indexes == {("run_id",)}  # migration 8 replaced (run_id, key, step): faster writes


def test_opening_twice_applies_nothing_new(tmp_path):
    with Store.open(tmp_path) as store:
        store.create_project("kept")
        schema = store._db.schema
    with Store.open(tmp_path) as store:
        assert store._db.schema == schema
        assert [p.name for p in store.projects()] == ["kept"]
        with store.transaction():
            assert migrations.apply(store._db) == len(migrations.MIGRATIONS)
        assert store._db.schema == schema
    assert user_version(tmp_path / "firstwin.db") == len(migrations.MIGRATIONS)


def test_a_database_from_a_newer_firstwin_is_refused_with_advice_to_update(tmp_path):
    Store.open(tmp_path).close()
    conn = sqlite3.connect(tmp_path / "firstwin.db")
    conn.execute(f"PRAGMA user_version = {len(migrations.MIGRATIONS) + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer FirstWin.*Update FirstWin"):
        Store.open(tmp_path)


def test_pending_migrations_run_in_order_as_sql_or_functions(tmp_path):
    db = Database(sqlite3.connect(tmp_path / "x.db"))
    steps = [
        "CREATE TABLE a (id INTEGER PRIMARY KEY)",
        lambda d: d.execute("CREATE TABLE b (id INTEGER PRIMARY KEY)"),
    ]
    db.conn.execute("BEGIN IMMEDIATE")
    assert migrations.apply(db, steps[:1]) == 1
    assert migrations.apply(db, steps) == 2
    db.conn.execute("COMMIT")
    assert set(db.table_names()) == {"a", "b"}
    assert migrations.schema_version(db) == 2


def test_a_failing_migration_leaves_schema_and_version_as_they_were(tmp_path):
    Store.open(tmp_path).close()

    def broken(db):
        db.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("migration bug")

    with Store.open(tmp_path) as store:
        with pytest.raises(RuntimeError), store.transaction():
            migrations.apply(store._db, [*migrations.MIGRATIONS, broken])
        assert "half_done" not in store._db.table_names()
        assert migrations.schema_version(store._db) == len(migrations.MIGRATIONS)
