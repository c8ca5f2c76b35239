"""Evaluations of model versions, and the decision threshold they inform."""

from __future__ import annotations

import json

import pytest

from storage import StoredFile, StoreError


@pytest.fixture
def model(store, project, make_model):
    run = store.start_run(project.id, {})
    return make_model(project.id, run.id)


def put_json(store, value) -> StoredFile:
    return store.put_bytes(json.dumps(value).encode(), "artifacts", ".json")


def test_latest_evaluation_returns_the_newest_of_the_asked_evaluator_version(store, model):
    store.add_evaluation(model.id, put_json(store, {"n": 1}), evaluator_version=1, seconds=2.0)
    newer = store.add_evaluation(model.id, put_json(store, {"n": 2}), evaluator_version=1, seconds=1.5)
    store.add_evaluation(model.id, put_json(store, {"n": 3}), evaluator_version=2, seconds=1.0)

    found = store.latest_evaluation(model.id, evaluator_version=1)

    assert found == newer
    assert store.read_evaluation(found) == {"n": 2}
    assert found.seconds == 1.5


def test_latest_evaluation_is_none_when_only_another_version_exists(store, model):
    store.add_evaluation(model.id, put_json(store, {}), evaluator_version=1, seconds=0)
    assert store.latest_evaluation(model.id, evaluator_version=2) is None


def test_an_evaluation_needs_its_file_in_the_workspace(store, model):
    ghost = StoredFile(path="artifacts/" + "e" * 64, sha256="e" * 64, size=2)
    with pytest.raises(StoreError, match="not in the workspace"):
        store.add_evaluation(model.id, ghost, evaluator_version=1, seconds=0)


def test_a_damaged_evaluation_file_is_reported_in_words(store, model):
    stored = store.add_evaluation(model.id, put_json(store, {}), evaluator_version=1, seconds=0)
    store.path_of(stored.artifact_path).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="cannot be read"):
        store.read_evaluation(stored)


def test_set_threshold_updates_details_and_writes_an_event(store, model):
    updated = store.set_threshold(model.id, 0.3, user="ana", note="fewer missed churners")

    assert updated.details["threshold"] == 0.3
    assert updated.details["confusion"] == model.details["confusion"]  # the rest is kept
    event = store.events(model.project_id)[-1]
    assert event.kind == "threshold_changed"
    assert (event.user, event.data["to"], event.data["from"]) == ("ana", 0.3, None)


def test_set_threshold_refuses_a_value_outside_zero_to_one(store, model):
    with pytest.raises(StoreError, match="between 0 and 1"):
        store.set_threshold(model.id, 1.5)
    assert "threshold" not in store.model_version(model.id).details


def test_has_evaluations_is_per_project(store, model, make_model):
    other = store.create_project("other")
    assert not store.has_evaluations(model.project_id)
    store.add_evaluation(model.id, put_json(store, {}), evaluator_version=1, seconds=0)
    assert store.has_evaluations(model.project_id)
    assert not store.has_evaluations(other.id)
