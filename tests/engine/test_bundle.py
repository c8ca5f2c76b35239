"""Bundles: one .firstwin file carries a project to another workspace, without duplicates."""

from __future__ import annotations

import hashlib
import json
import zipfile

import pandas as pd
import pytest

from engine.bundle import find_project, write_bundle
from engine.bundle_import import open_bundle
from engine.export import export_model
from engine.promotion import promote
from engine.registry import predict_with
from storage import Store
from tests.engine.helpers import churn_like
from tests.engine.ship_support import by_name, train


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """A workspace with one trained project, a promoted model and an export, and its bundle."""
    folder = tmp_path_factory.mktemp("source")
    with Store.open(folder / "workspace") as store:
        models = train(store, project="Churn")
        linear = by_name(models, "Linear model")
        promote(store, linear, "production", note="go live", user="ana")
        export_model(store, linear, folder / "package", onnx=False)
        project = find_project(store, "Churn")
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
                         "model_versions", "events", "annotations"}
    assert any(n.startswith("datasets/") for n in names) and any(n.endswith(".skops") for n in names)
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
