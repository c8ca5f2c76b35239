"""Model versions: recorded per run, ranked, the best one, and stages."""

from __future__ import annotations

import pytest

from storage import ModelVersion, NotFound, StoredFile, StoreError


@pytest.fixture
def run(store, project):
    return store.start_run(project.id, {})


def test_add_model_version_records_every_field_as_a_candidate(store, project, run, make_model):
    model = make_model(project.id, run.id, cv_std=None, is_baseline=True)
    assert isinstance(model, ModelVersion)
    assert (model.project_id, model.run_id, model.name, model.rank) == (
        project.id,
        run.id,
        "forest",
        1,
    )
    assert model.params == {"n_estimators": 100}
    assert model.library_versions == {"scikit-learn": "1.9.1"}
    assert model.details == {"confusion": [[5, 1], [2, 4]]}
    assert (model.cv_score, model.cv_std, model.holdout_score) == (0.81, None, 0.8)
    assert model.is_baseline is True
    assert model.stage == "candidate"
    assert store.path_of(model.artifact_path).read_bytes() == f"{run.id}-1-forest".encode()
    assert store.model_version(model.id) == model


def test_a_model_version_needs_its_artifact_in_the_workspace(store, project, run, make_model):
    ghost = StoredFile(path="artifacts/" + "f" * 64, sha256="f" * 64, size=1)
    with pytest.raises(StoreError, match="not in the workspace"):
        make_model(project.id, run.id, file=ghost)


def test_a_model_version_refuses_a_run_of_another_project(store, project, run, make_model):
    other = store.create_project("other")
    with pytest.raises(StoreError, match="another project"):
        make_model(other.id, run.id)
    with pytest.raises(NotFound):
        make_model(project.id, 999)


def test_model_version_of_an_unknown_id_raises_not_found(store):
    with pytest.raises(NotFound, match="model version"):
        store.model_version(1)


def test_model_versions_are_ordered_newest_run_first_then_rank(store, project, make_model):
    old, new = store.start_run(project.id, {}), store.start_run(project.id, {})
    for run in (old, new):
        for rank in (2, 1, 3):
            make_model(project.id, run.id, rank=rank)
    other = store.create_project("other")
    other_run = store.start_run(other.id, {})
    make_model(other.id, other_run.id)
    listed = [(m.run_id, m.rank) for m in store.model_versions(project.id)]
    assert listed == [(new.id, 1), (new.id, 2), (new.id, 3), (old.id, 1), (old.id, 2), (old.id, 3)]
    assert [m.rank for m in store.model_versions(run_id=old.id)] == [1, 2, 3]
    assert len(store.model_versions()) == 7
    assert store.model_versions(project_id=other.id, run_id=old.id) == []


def test_best_model_version_is_rank_one_of_the_newest_finished_or_cancelled_run(
    store, project, make_model
):
    assert store.best_model_version(project.id) is None
    finished = store.start_run(project.id, {})
    make_model(project.id, finished.id, rank=2, name="tree")
    best_finished = make_model(project.id, finished.id, rank=1, name="boost")
    store.finish_run(finished.id, "finished")
    assert store.best_model_version(project.id) == best_finished

    failed = store.start_run(project.id, {})
    make_model(project.id, failed.id, rank=1)
    store.finish_run(failed.id, "failed")
    running = store.start_run(project.id, {})
    make_model(project.id, running.id, rank=1)
    empty = store.start_run(project.id, {})
    store.finish_run(empty.id, "finished")
    assert store.best_model_version(project.id) == best_finished

    cancelled = store.start_run(project.id, {})
    best_cancelled = make_model(project.id, cancelled.id, rank=1)
    store.finish_run(cancelled.id, "cancelled")
    assert store.best_model_version(project.id) == best_cancelled


def test_set_stage_moves_the_model_and_writes_an_event(store, project, run, make_model):
    model = make_model(project.id, run.id)
    staged = store.set_stage(model.id, "production", user="ana", note="beats the baseline")
    assert staged.stage == "production"
    assert store.model_version(model.id).stage == "production"
    [event] = store.events(project.id)
    assert (event.kind, event.user, event.entity, event.entity_id) == (
        "stage_changed",
        "ana",
        "model_version",
        model.id,
    )
    assert event.data == {"from": "candidate", "to": "production", "note": "beats the baseline"}
    assert "beats the baseline" in event.message


def test_set_stage_to_the_current_stage_changes_nothing(store, project, run, make_model):
    model = make_model(project.id, run.id)
    assert store.set_stage(model.id, "candidate") == model
    assert store.events() == []


def test_set_stage_refuses_an_unknown_stage(store, project, run, make_model):
    model = make_model(project.id, run.id)
    with pytest.raises(StoreError, match="candidate, staging, production, archived"):
        store.set_stage(model.id, "deployed")
    assert store.model_version(model.id).stage == "candidate"


def test_set_stage_and_its_event_roll_back_together(store, project, run, make_model, monkeypatch):
    model = make_model(project.id, run.id)

    def broken(*args, **kwargs):
        raise RuntimeError("event log unavailable")

    monkeypatch.setattr(store, "add_event", broken)
    with pytest.raises(RuntimeError):
        store.set_stage(model.id, "staging")
    assert store.model_version(model.id).stage == "candidate"
