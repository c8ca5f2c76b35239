"""Numbered schema migrations keyed on ``PRAGMA user_version``.

``MIGRATIONS[n - 1]`` takes the schema from version ``n - 1`` to ``n``. Append new migrations;
never edit one that has shipped, since workspaces already carry its result.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from storage.errors import StoreError

# Quoted identifiers: "rows" is an SQLite keyword, and quoting the rest keeps them uniform.
_V1 = """
CREATE TABLE projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    question TEXT NOT NULL DEFAULT '',
    value_json TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE dataset_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    parent_id INTEGER REFERENCES dataset_versions(id),
    source_name TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "columns" INTEGER NOT NULL,
    schema_json TEXT NOT NULL DEFAULT '{}',
    profile_json TEXT NOT NULL DEFAULT '{}',
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX dataset_versions_by_project ON dataset_versions(project_id, sha256);
CREATE INDEX dataset_versions_by_parent ON dataset_versions(parent_id);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    dataset_version_id INTEGER REFERENCES dataset_versions(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    spec_json TEXT NOT NULL DEFAULT '{}',
    summary_json TEXT NOT NULL DEFAULT '{}',
    error TEXT,
    pid INTEGER,
    started_at TEXT,
    ended_at TEXT
);
CREATE INDEX runs_by_project ON runs(project_id);
CREATE INDEX runs_by_dataset_version ON runs(dataset_version_id);
CREATE INDEX runs_by_status ON runs(status);
CREATE TABLE params (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    "key" TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (run_id, "key")
);
-- metrics.id is a plain rowid: AUTOINCREMENT's never-reuse guarantee buys nothing for points
-- that are never deleted one by one, and it made batched inserts about 28% slower.
CREATE TABLE metrics (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    "key" TEXT NOT NULL,
    step INTEGER NOT NULL,
    value REAL,
    timestamp REAL NOT NULL
);
CREATE INDEX metrics_by_run_key_step ON metrics(run_id, "key", step);
CREATE TABLE model_versions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    run_id INTEGER NOT NULL REFERENCES runs(id),
    name TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    params_json TEXT NOT NULL DEFAULT '{}',
    metric TEXT NOT NULL,
    cv_score REAL,
    cv_std REAL,
    holdout_score REAL,
    fit_seconds REAL,
    is_baseline INTEGER NOT NULL DEFAULT 0,
    "rank" INTEGER NOT NULL,
    artifact_path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    library_versions_json TEXT NOT NULL DEFAULT '{}',
    details_json TEXT NOT NULL DEFAULT '{}',
    stage TEXT NOT NULL DEFAULT 'candidate',
    created_at TEXT NOT NULL
);
CREATE INDEX model_versions_by_project ON model_versions(project_id);
CREATE INDEX model_versions_by_run ON model_versions(run_id, "rank");
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER REFERENCES projects(id),
    at TEXT NOT NULL,
    "user" TEXT NOT NULL,
    kind TEXT NOT NULL,
    entity TEXT,
    entity_id INTEGER,
    message TEXT NOT NULL,
    data_json TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_by_project ON events(project_id);
"""

Migration = str | Callable[[Database], None]


def _v2_uuids(db: Database) -> None:
    """Projects and runs get a uuid: what a bundle (engine.bundle) recognises them by.

    Ids are local to a workspace; a uuid says "this is the same project/run" across laptops.
    Statement by statement (no executescript, which would commit the surrounding transaction).
    """
    for table in ("projects", "runs"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN uuid TEXT")
        db.execute(f"UPDATE {table} SET uuid = lower(hex(randomblob(16))) WHERE uuid IS NULL")
        db.execute(f"CREATE UNIQUE INDEX {table}_by_uuid ON {table}(uuid)")


def _v3_evaluations(db: Database) -> None:
    """Evaluations (engine.analysis) are kept as one JSON artifact per model version.

    The row says which evaluator wrote it, so a newer FirstWin recomputes instead of showing
    a stale layout.
    """
    db.execute(
        """CREATE TABLE evaluations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            model_version_id INTEGER NOT NULL REFERENCES model_versions(id),
            evaluator_version INTEGER NOT NULL,
            artifact_path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            seconds REAL NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )"""
    )
    db.execute(
        "CREATE INDEX evaluations_by_model ON evaluations(model_version_id, evaluator_version)"
    )


def _v4_annotations(db: Database) -> None:
    """Annotations (engine.annotate): one row per changed label, per batch.

    A batch turns dataset version ``dataset_version_id`` into ``result_version_id`` (whose
    parent it is); ``row_key`` is the row's position in the data. ``undone_at`` is set when the
    batch is undone; ``batch`` is a uuid, so a bundle carries each batch once.
    """
    db.execute(
        """CREATE TABLE annotations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            batch TEXT NOT NULL,
            dataset_version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
            result_version_id INTEGER NOT NULL REFERENCES dataset_versions(id),
            row_key INTEGER NOT NULL,
            old_label TEXT,
            new_label TEXT,
            "user" TEXT NOT NULL,
            at TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            undone_at TEXT
        )"""
    )
    db.execute("CREATE INDEX annotations_by_version ON annotations(dataset_version_id)")
    db.execute("CREATE INDEX annotations_by_result ON annotations(result_version_id)")
    db.execute("CREATE INDEX annotations_by_batch ON annotations(batch)")


def _v5_batches(db: Database) -> None:
    """Monitoring batches (engine.monitor): rows scored by a model version, one Parquet each.

    Drift and the other measurements of a batch live in its ``summary_json``; alarms, labels
    arriving late and retrains are events (kinds ``alarm``, ``labels_attached``, ``trigger``,
    ``retrain``), so no other table is needed.
    """
    db.execute(
        """CREATE TABLE batches (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project_id INTEGER NOT NULL REFERENCES projects(id),
            model_version_id INTEGER NOT NULL REFERENCES model_versions(id),
            source_name TEXT NOT NULL DEFAULT '',
            "rows" INTEGER NOT NULL,
            labelled INTEGER NOT NULL DEFAULT 0,
            at TEXT NOT NULL,
            artifact_path TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            summary_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )
    db.execute("CREATE INDEX batches_by_project ON batches(project_id, at)")
    db.execute("CREATE INDEX batches_by_model ON batches(model_version_id)")


def _v6_story_settings(db: Database) -> None:
    """The presenter's story settings (engine.story): hidden pages, edited headlines, volumes.

    One JSON per project; a row appears the first time the presenter saves something.
    """
    db.execute(
        """CREATE TABLE story_settings (
            project_id INTEGER PRIMARY KEY REFERENCES projects(id),
            settings_json TEXT NOT NULL DEFAULT '{}',
            updated_at TEXT NOT NULL
        )"""
    )


def _v7_workspace_settings(db: Database) -> None:
    """Choices that belong to the workspace rather than one project: where training runs
    (``compute``: this computer or a Dask cluster). One JSON value per key."""
    db.execute(
        """CREATE TABLE workspace_settings (
            key TEXT PRIMARY KEY,
            value_json TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )"""
    )


def _v8_metrics_by_run(db: Database) -> None:
    """Metric points are indexed by run only. The (run, key, step) index repeated every key's
    text and put each insert in the middle of a B-tree; an index on the run alone is appended
    at its end, which makes batched writes faster (benchmarks/store_writes.py). A run's points
    are read by run, then filtered by key and sorted, which stays quick at a run's size."""
    db.execute("DROP INDEX metrics_by_run_key_step")
    db.execute("CREATE INDEX metrics_by_run ON metrics(run_id)")


MIGRATIONS: list[Migration] = [
    _V1, _v2_uuids, _v3_evaluations, _v4_annotations, _v5_batches, _v6_story_settings,
    _v7_workspace_settings, _v8_metrics_by_run,
]


def schema_version(db: Database) -> int:
    """The schema version the database file says it has."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def apply(db: Database, migrations: list[Migration] = MIGRATIONS) -> int:
    """Bring the schema up to date; call inside a write transaction. Returns the new version.

    Idempotent: a database already at the latest version is left untouched.
    """
    known = len(migrations)
    current = schema_version(db)
    if current > known:
        raise StoreError(
            f"{db_label(db)} was written by a newer FirstWin (schema version {current}; this "
            f"one knows up to {known}). Update FirstWin to open this workspace."
        )
    if current == 0 and db.table_names():
        # A foreign database at version 0 would otherwise fail half way through migration 1
        # with a confusing "table already exists".
        raise StoreError(
            f"{db_label(db)} is not a FirstWin workspace database: it holds tables FirstWin "
            "did not create."
        )
    for number in range(current + 1, known + 1):
        step = migrations[number - 1]
        if isinstance(step, str):
            db.executescript(step)
        else:
            step(db)
        # user_version lives in the file header and is transactional, so a failed step
        # leaves the old number behind together with the old schema.
        db.execute(f"PRAGMA user_version = {number}")
    return known


def db_label(db: Database) -> str:
    """The database file's path, for messages."""
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] or "the database"
