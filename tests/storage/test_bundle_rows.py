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


@pytest.fixture
def full_rows(store, project, dataset, make_model):
    """Rows with an evaluation, a monitoring batch and story settings too."""
    run = store.start_run(project.id, {}, dataset_version_id=dataset.id)
    store.finish_run(run.id, "finished")
    model = make_model(project.id, run.id)
    report = store.put_bytes(b'{"fingerprint": {}}', "artifacts", ".json")
    store.add_evaluation(model.id, report, evaluator_version=1, seconds=0.5)
    scored = store.put_bytes(b"PAR1 scored rows", "artifacts", ".parquet")
    store.add_batch(project.id, model.id, scored, source_name="week1.csv", rows=10, labelled=0,
                    summary={"rows": 10}, at="2026-01-05T00:00:00Z")
    store.set_story_settings(project.id, {"volume": 100})
    return store.project_rows(project.id)


def all_files_of(rows: dict) -> set[str]:
    return files_of(rows) | {r["artifact_path"] for t in ("evaluations", "batches") for r in rows[t]}


def copy_files(store, other, rows) -> dict:
    return {name: other.put_file(store.path_of(name), name.split("/")[0], "." + name.split(".")[-1])
            for name in all_files_of(rows)}


def test_project_rows_hold_evaluations_batches_and_story_settings(full_rows):
    assert [len(full_rows[t]) for t in ("evaluations", "batches", "story_settings")] == [1, 1, 1]


@pytest.mark.parametrize("damage, words", [
    (lambda r: r["evaluations"][0].update(model_version_id=999), "points at no row"),
    (lambda r: r["batches"][0].update(model_version_id=999), "points at no row"),
    (lambda r: r["batches"][0].update(project_id=999), "points at no row"),
    (lambda r: r["story_settings"][0].update(project_id=999), "points at no row"),
    (lambda r: r["story_settings"].append(dict(r["story_settings"][0])), "one project only"),
    (lambda r: r["batches"][0].update(summary_json="{not json"), "not a JSON object"),
    (lambda r: r["story_settings"][0].update(settings_json="[1]"), "not a JSON object"),
    (lambda r: r["evaluations"][0].update(evaluator_version="1"), "wrong type"),
    (lambda r: r["evaluations"][0].update(artifact_path="artifacts/x.json"), "not given"),
    (lambda r: r["evaluations"][0].update(artifact_path=r["model_versions"][0]["artifact_path"]),
     "not a .json file"),
])
def test_malformed_optional_rows_are_refused(store, full_rows, damage, words):
    files = all_files_of(full_rows)
    damage(full_rows)
    with pytest.raises(StoreError, match=words):
        store.check_bundle_rows(full_rows, files)


def test_rows_without_the_optional_tables_are_accepted_and_imported(store, full_rows, tmp_path):
    old = {t: v for t, v in full_rows.items()
           if t not in ("annotations", "evaluations", "batches", "story_settings")}
    store.check_bundle_rows(old, files_of(old))
    with Store.open(tmp_path / "other") as other:
        result = other.import_project_rows(old, copy_files(store, other, full_rows))
        assert result.created and result.added["evaluations"] == result.added["batches"] == 0
        assert other.batches(result.project_id) == []


def test_evaluations_batches_and_story_settings_are_imported_once_with_remapped_ids(
        store, full_rows, tmp_path):
    with Store.open(tmp_path / "other") as other:
        other.create_project("first")
        first = other.import_project_rows(full_rows, copy_files(store, other, full_rows))
        assert {t: first.added[t] for t in ("evaluations", "batches", "story_settings")} == {
            "evaluations": 1, "batches": 1, "story_settings": 1}
        [model] = other.model_versions(first.project_id)
        evaluation = other.latest_evaluation(model.id, 1)
        assert evaluation is not None and other.read_evaluation(evaluation) == {"fingerprint": {}}
        [batch] = other.batches(first.project_id)
        assert (batch.model_version_id, batch.summary) == (model.id, {"rows": 10})
        assert other.story_settings(first.project_id) == {"volume": 100}
        again = other.import_project_rows(full_rows, copy_files(store, other, full_rows))
        assert not again.changed
        assert len(other._rows("SELECT id FROM evaluations")) == 1
        assert len(other.batches(first.project_id)) == 1


def test_a_batch_labelled_since_the_last_import_is_refreshed(store, full_rows, tmp_path):
    with Store.open(tmp_path / "other") as other:
        first = other.import_project_rows(full_rows, copy_files(store, other, full_rows))
        labelled = store.put_bytes(b"PAR1 labelled rows", "artifacts", ".parquet")
        [source_batch] = store.batches(full_rows["projects"][0]["id"])
        store.update_batch_rows(source_batch.id, labelled, labelled=10, summary={"rows": 10, "l": 1})
        store._db["batches"].update(source_batch.id, {"updated_at": "2099-01-01T00:00:00Z"})
        newer = store.project_rows(full_rows["projects"][0]["id"])
        again = other.import_project_rows(newer, copy_files(store, other, newer))
        assert again.added["batches"] == 1
        [batch] = other.batches(first.project_id)
        assert (batch.labelled, batch.summary["l"], batch.sha256) == (10, 1, labelled.sha256)
