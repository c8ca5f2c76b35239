"""Rows that travel between workspaces: uuids, checks before writing, and the import itself."""

from __future__ import annotations

import sqlite3

import pytest

from storage import Store, StoreError, migrations


def test_migration_2_gives_existing_projects_and_runs_a_uuid(tmp_path):
    conn = sqlite3.connect(tmp_path / "firstwin.db")
    conn.executescript(migrations.MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO projects (name, created_at, updated_at) VALUES ('old', 'x', 'x')")
    conn.execute("INSERT INTO runs (project_id, kind, status) VALUES (1, 'train', 'finished')")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        [project] = store._rows("SELECT uuid FROM projects")
        [run] = store._rows("SELECT uuid FROM runs")
        assert len(project["uuid"]) == 32 and project["uuid"] != run["uuid"]
        fresh = store.create_project("new")
        uuids = {row["uuid"] for row in store._rows("SELECT uuid FROM projects")}
        assert len(uuids) == 2 and store.project(fresh.id).name == "new"


def test_project_rows_hold_every_table_of_one_project_only(store, project, dataset, make_model):
    other = store.create_project("other")
    run = store.start_run(project.id, {"x": 1}, dataset_version_id=dataset.id)
    store.start_run(other.id, {})
    store.log_params(run.id, {"depth": 3})
    store.log_metrics(run.id, [("auc", 0.8, 0, 1.0)])
    make_model(project.id, run.id)
    rows = store.project_rows(project.id)
    assert [len(rows[t]) for t in ("projects", "dataset_versions", "runs", "params", "metrics",
                                   "model_versions")] == [1, 1, 1, 1, 1, 1]
    assert rows["projects"][0]["uuid"] and rows["runs"][0]["uuid"]


@pytest.fixture
def rows(store, project, dataset, make_model):
    run = store.start_run(project.id, {}, dataset_version_id=dataset.id)
    store.finish_run(run.id, "finished")
    make_model(project.id, run.id)
    return store.project_rows(project.id)


def files_of(rows: dict) -> set[str]:
    return {r["path"] for r in rows["dataset_versions"]} | {
        r["artifact_path"] for r in rows["model_versions"]}


@pytest.mark.parametrize("damage, words", [
    (lambda r: r.pop("events"), "exactly these tables"),
    (lambda r: r["runs"][0].update(project_id=999), "points at no row"),
    (lambda r: r["model_versions"][0].update(run_id="1"), "wrong type"),
    (lambda r: r["model_versions"][0].pop("name"), "has no name"),
    (lambda r: r["runs"][0].update(uuid=None), "needs a uuid"),
    (lambda r: r["projects"].append(dict(r["projects"][0])), "exactly one project"),
])
def test_malformed_rows_are_refused_before_anything_is_written(store, rows, damage, words):
    damage(rows)
    with pytest.raises(StoreError, match=words):
        store.check_bundle_rows(rows, files_of(rows) if "model_versions" in rows else set())


def test_rows_whose_files_are_not_given_are_refused(store, rows):
    with pytest.raises(StoreError, match="not given"):
        store.check_bundle_rows(rows, set())


def test_importing_rows_into_another_workspace_remaps_every_id(store, rows, tmp_path):
    files = {name: store.path_of(name) for name in files_of(rows)}
    with Store.open(tmp_path / "other") as other:
        other.create_project("first")
        stored = {name: other.put_file(path, name.split("/")[0]) for name, path in files.items()}
        result = other.import_project_rows(rows, stored)
        assert result.created and result.project_id != rows["projects"][0]["id"]
        [run] = other.runs(result.project_id)
        [dataset] = other.dataset_versions(result.project_id)
        [model] = other.model_versions(result.project_id)
        assert (run.dataset_version_id, model.run_id, run.pid) == (dataset.id, run.id, None)
        again = other.import_project_rows(rows, stored)
        assert not again.changed and len(other.runs()) == 1
