"""Bundles: one .firstwin file carries a project to another workspace, without duplicates."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pandas as pd
import pytest

from engine.analysis.record import evaluate_model_version, stored_evaluation
from engine.bundle import find_project, write_bundle
from engine.bundle_import import open_bundle
from engine.export import export_model
from engine.monitor.record import batch_rows, score_batch
from engine.promotion import promote
from engine.registry import predict_with
from storage import Store
from tests.engine.helpers import churn_like
from tests.engine.ship_support import by_name, train


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A workspace with one trained project, a promoted, evaluated, monitored model and an
    export, story settings, and its bundle."""
    folder = tmp_path_factory.mktemp("source")
    with Store.open(folder / "workspace") as store:
        models = train(store, project="Churn")
        linear = by_name(models, "Linear model")
        promote(store, linear, "production", note="go live", user="ana")
        export_model(store, linear, folder / "package", onnx=False)
        evaluate_model_version(store, store.model_version(linear.id))
        score_batch(store, store.model_version(linear.id), churn_like(50, seed=7),
                    source_name="week1.csv", at="2026-01-05T00:00:00Z")
        project = find_project(store, "Churn")
        store.set_story_settings(project.id, {"hidden": ["costs"], "volume": 1200})
        bundle = write_bundle(store, project, folder / "churn.firstwin")
        yield store, project, bundle


@pytest.fixture
def target(tmp_path):
    """Another workspace that already has rows of its own, so ids there differ from the source's."""
    with Store.open(tmp_path / "target") as store:
        other = store.create_project("Fraud")
        for n in range(3):
            data = store.put_bytes(f"fraud {n}".encode(), "datasets", ".parquet")
            dataset = store.add_dataset_version(other.id, data, source_name="f.csv", rows=1,
                                                columns=1, schema={}, profile={})
            store.start_run(other.id, {}, dataset_version_id=dataset.id)
        yield store


def test_bundle_is_a_zip_whose_manifest_has_the_sha256_of_every_member(source):
    _, _, bundle = source
    with zipfile.ZipFile(bundle.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist()) - {"manifest.json"}
        assert set(manifest["files"]) == names
        for name in names:
            assert hashlib.sha256(archive.read(name)).hexdigest() == manifest["files"][name]["sha256"]
        rows = json.loads(archive.read("rows.json"))
    assert manifest["format"] == "firstwin-bundle" and manifest["project"]["name"] == "Churn"
    assert set(rows) == {"projects", "dataset_versions", "runs", "params", "metrics",
                         "model_versions", "events", "annotations", "evaluations", "batches",
                         "story_settings"}
    assert any(n.startswith("datasets/") for n in names) and any(n.endswith(".skops") for n in names)
    [evaluation] = rows["evaluations"]
    [batch] = rows["batches"]
    assert {evaluation["artifact_path"], batch["artifact_path"]} <= names
    oofs = {json.loads(m["details_json"]).get("oof_path") for m in rows["model_versions"]} - {None}
    assert oofs and oofs <= names and all(n.endswith(".npy") for n in oofs)
    assert bundle.counts["model_versions"] == len(rows["model_versions"]) >= 3


def test_open_bundle_adds_the_project_with_new_ids_and_remapped_references(source, target):
    store, project, bundle = source
    result = open_bundle(target, bundle.path)
    assert result.created and result.name == "Churn"
    imported = target.project(result.project_id)
    assert imported.id != project.id
    [run] = target.runs(imported.id)
    [dataset] = target.dataset_versions(imported.id)
    assert run.dataset_version_id == dataset.id
    source_models = store.model_versions(project.id)
    models = target.model_versions(imported.id)
    assert [m.name for m in models] == [m.name for m in source_models]
    assert {m.run_id for m in models} == {run.id}
    assert {m.details["dataset_version_id"] for m in models} == {dataset.id}
    assert [m.stage for m in models] == [m.stage for m in source_models]
    source_run = store.runs(project.id)[0]
    assert target.params(run.id) == store.params(source_run.id)
    assert len(target.metrics(run.id)) == len(store.metrics(source_run.id))
    kinds = [e.kind for e in target.events(imported.id)]
    assert kinds[0] == "bundle_imported" and {"stage_changed", "model_exported"} <= set(kinds)
    model_events = [e for e in target.events(imported.id) if e.entity == "model_version"]
    assert {e.entity_id for e in model_events} <= {m.id for m in models}
    frame = churn_like(20, seed=4)
    pd.testing.assert_frame_equal(predict_with(target, models[0], frame),
                                  predict_with(store, source_models[0], frame))


def test_opening_the_same_bundle_twice_adds_nothing(source, target):
    _, _, bundle = source
    first = open_bundle(target, bundle.path)
    events = len(target.events())
    again = open_bundle(target, bundle.path)
    assert not again.changed and again.project_id == first.project_id
    assert [p.name for p in target.projects()].count("Churn") == 1
    assert len(target.model_versions(first.project_id)) == bundle.counts["model_versions"]
    assert len(target.events()) == events


def test_a_bundle_opened_in_its_own_workspace_changes_nothing(source):
    store, project, bundle = source
    before = store.project_rows(project.id)
    assert not open_bundle(store, bundle.path).changed
    assert store.project_rows(project.id) == before


def test_a_different_project_with_the_same_name_keeps_its_name_and_the_import_gets_a_suffix(source, target):
    _, _, bundle = source
    mine = target.create_project("Churn", "my own churn project")
    result = open_bundle(target, bundle.path)
    assert result.created and result.name == "Churn (imported)"
    assert any("already called 'Churn'" in note for note in result.notes)
    assert target.project(mine.id).question == "my own churn project"


def test_a_newer_bundle_of_the_same_project_adds_only_the_new_run(tmp_path):
    with Store.open(tmp_path / "laptop") as laptop, Store.open(tmp_path / "demo") as demo:
        first_models = train(laptop, project="Churn")
        promote(laptop, first_models[0], "production")
        project = find_project(laptop, "Churn")
        open_bundle(demo, write_bundle(laptop, project, tmp_path / "v1.firstwin").path)
        imported = find_project(demo, "Churn")
        local = demo.model_versions(imported.id)[0]
        demo.set_stage(local.id, "archived")
        promote(demo, demo.model_versions(imported.id)[1], "production")
        newer = train(laptop, project="Churn", seed=1)
        promote(laptop, newer[0], "production")
        result = open_bundle(demo, write_bundle(laptop, project, tmp_path / "v2.firstwin").path)
        assert not result.created and result.project_id == imported.id
        assert result.added["runs"] == 1 and result.added["model_versions"] == len(newer)
        assert len(demo.runs(imported.id)) == 2
        productions = [m for m in demo.model_versions(imported.id) if m.stage == "production"]
        assert len(productions) == 1
        assert any("arrives in staging" in note for note in result.notes)


def test_evaluations_batches_oof_files_and_story_settings_travel(source, target):
    store, project, bundle = source
    result = open_bundle(target, bundle.path)
    assert result.added["evaluations"] == 1 and result.added["batches"] == 1
    assert result.added["story_settings"] == 1
    source_linear = next(m for m in store.model_versions(project.id) if m.name == "Linear model")
    linear = next(m for m in target.model_versions(result.project_id) if m.name == "Linear model")
    kept = stored_evaluation(target, linear)
    assert kept is not None and kept == stored_evaluation(store, source_linear)
    assert linear.details["oof_path"] == source_linear.details["oof_path"]
    assert target.path_of(linear.details["oof_path"]).is_file()
    [batch] = target.batches(result.project_id)
    [source_batch] = store.batches(project.id)
    assert batch.model_version_id == linear.id and batch.summary == source_batch.summary
    pd.testing.assert_frame_equal(batch_rows(target, batch), batch_rows(store, source_batch))
    assert target.story_settings(result.project_id) == {"hidden": ["costs"], "volume": 1200}
    batch_events = [e for e in target.events(result.project_id) if e.entity == "batch"]
    assert {e.entity_id for e in batch_events} <= {batch.id}


def test_opening_twice_adds_no_evaluation_batch_or_story_settings(source, target):
    _, _, bundle = source
    first = open_bundle(target, bundle.path)
    before = {t: target._rows(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"]
              for t in ("evaluations", "batches", "story_settings")}
    again = open_bundle(target, bundle.path)
    assert not again.changed and again.project_id == first.project_id
    assert {t: target._rows(f"SELECT COUNT(*) AS n FROM {t}")[0]["n"] for t in before} == before
    assert before == {"evaluations": 1, "batches": 1, "story_settings": 1}


def test_an_evaluation_made_after_an_earlier_bundle_arrives_with_the_next(tmp_path):
    with Store.open(tmp_path / "laptop") as laptop, Store.open(tmp_path / "demo") as demo:
        model = by_name(train(laptop, project="Churn"), "Linear model")
        project = find_project(laptop, "Churn")
        open_bundle(demo, write_bundle(laptop, project, tmp_path / "v1.firstwin").path)
        evaluate_model_version(laptop, laptop.model_version(model.id))
        result = open_bundle(demo, write_bundle(laptop, project, tmp_path / "v2.firstwin").path)
        assert result.added["evaluations"] == 1 and result.added["runs"] == 0
        imported = next(m for m in demo.model_versions(result.project_id) if m.name == model.name)
        assert stored_evaluation(demo, imported) is not None


def test_an_older_bundle_without_the_new_tables_still_opens(source, tmp_path):
    """Bundles written before evaluations, batches, story settings and OOF files travelled."""
    _, _, bundle = source
    with zipfile.ZipFile(bundle.path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    rows = json.loads(members["rows.json"])
    for table in ("annotations", "evaluations", "batches", "story_settings"):
        del rows[table]
    keep = {r["path"] for r in rows["dataset_versions"]} | {
        r["artifact_path"] for r in rows["model_versions"]}
    members = {n: b for n, b in members.items() if n in keep}
    members["rows.json"] = json.dumps(rows).encode()
    manifest = json.loads(zipfile.ZipFile(bundle.path).read("manifest.json"))
    manifest["files"] = {n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                         for n, b in members.items()}
    old = tmp_path / "old.firstwin"
    with zipfile.ZipFile(old, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    with Store.open(tmp_path / "fresh") as fresh:
        result = open_bundle(fresh, old)
        assert result.created and result.added["evaluations"] == 0
        linear = next(m for m in fresh.model_versions(result.project_id) if m.name == "Linear model")
        assert stored_evaluation(fresh, linear) is None
        assert not fresh.path_of(linear.details["oof_path"]).exists()
        assert fresh.batches(result.project_id) == [] and fresh.story_settings(result.project_id) == {}
