"""The registry: stages with one production version per project, an audit trail, and lineage."""

from __future__ import annotations

import pytest

from engine.errors import UserError
from engine.promotion import lineage, promote
from storage import Store, StoreError


@pytest.fixture
def store(workspace):
    with Store.open(workspace) as opened:
        yield opened


def add_models(store: Store, project_name: str = "churn", count: int = 3):
    project = store.get_or_create_project(project_name)
    data = store.put_bytes(f"{project_name},data".encode(), "datasets", ".parquet")
    parent = store.add_dataset_version(project.id, data, source_name="raw.csv", rows=2, columns=1,
                                       schema={}, profile={})
    cleaned = store.put_bytes(f"{project_name},cleaned".encode(), "datasets", ".parquet")
    dataset = store.add_dataset_version(project.id, cleaned, source_name="clean.csv", rows=2,
                                        columns=1, schema={}, profile={}, parent_id=parent.id)
    run = store.start_run(project.id, {"budget": "quick", "target": "y", "task": "binary"},
                          dataset_version_id=dataset.id)
    store.finish_run(run.id, "finished")
    models = []
    for rank in range(1, count + 1):
        file = store.put_bytes(f"{project_name}-{rank}".encode(), "artifacts", ".skops")
        models.append(store.add_model_version(
            project.id, run.id, name=f"model {rank}", algorithm="X", params={}, metric="roc_auc",
            cv_score=0.9 - rank / 100, cv_std=0.01, holdout_score=0.88, fit_seconds=1.0,
            is_baseline=False, rank=rank, file=file, library_versions={},
            details={"dataset_version_id": dataset.id},
        ))
    return project, dataset, parent, run, models


def test_promoting_to_production_archives_the_previous_production_version(store):
    project, _, _, _, (first, second, third) = add_models(store)
    promote(store, first, "production", note="first go-live", user="ana")
    promotion = promote(store, second, "production", note="better holdout", user="ben")
    assert promotion.replaced.id == first.id and promotion.replaced.stage == "archived"
    assert f"Model {first.id} (model 1) left production and is archived." in promotion.summary()
    stages = {m.id: m.stage for m in store.model_versions(project.id)}
    assert stages == {first.id: "archived", second.id: "production", third.id: "candidate"}
    assert store.production_model_version(project.id).id == second.id
    latest = [(e.entity_id, e.user, e.data["from"], e.data["to"]) for e in store.events(project.id)][:3]
    assert latest == [(second.id, "ben", "candidate", "production"),
                      (first.id, "ben", "production", "archived"),
                      (first.id, "ana", "candidate", "production")]


def test_every_stage_change_is_an_event_with_time_user_and_note(store):
    _, _, _, _, (model, *_) = add_models(store)
    for stage in ("staging", "production", "archived"):
        promote(store, model, stage, note=f"to {stage}", user="ana")
        model = store.model_version(model.id)
    history = store.events_about("model_version", model.id)
    assert [(e.data["from"], e.data["to"]) for e in history] == [
        ("candidate", "staging"), ("staging", "production"), ("production", "archived")]
    assert all(e.user == "ana" and e.at.endswith("Z") for e in history)
    assert [e.data["note"] for e in history] == ["to staging", "to production", "to archived"]


def test_one_production_version_per_project_leaves_other_projects_alone(store):
    _, _, _, _, (churn_model, *_) = add_models(store, "churn")
    _, _, _, _, (fraud_model, *_) = add_models(store, "fraud")
    promote(store, churn_model, "production")
    promote(store, fraud_model, "production")
    assert store.model_version(churn_model.id).stage == "production"
    assert store.model_version(fraud_model.id).stage == "production"


def test_archiving_and_promotion_roll_back_together(store, monkeypatch):
    _, _, _, _, (first, second, _) = add_models(store)
    promote(store, first, "production")
    calls = []
    original = store.add_event

    def fail_on_second(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise StoreError("the audit log is unavailable")
        return original(*args, **kwargs)

    monkeypatch.setattr(store, "add_event", fail_on_second)
    with pytest.raises(StoreError):
        promote(store, second, "production")
    assert store.model_version(first.id).stage == "production"
    assert store.model_version(second.id).stage == "candidate"


def test_an_unknown_stage_is_a_user_error_and_the_same_stage_changes_nothing(store):
    project, _, _, _, (model, *_) = add_models(store)
    with pytest.raises(UserError, match="Choose one of: candidate, staging, production, archived"):
        promote(store, model, "deployed")
    promotion = promote(store, model, "candidate")
    assert "already in candidate" in promotion.summary()
    assert store.events(project.id) == []


def test_lineage_names_the_dataset_version_its_parents_the_run_and_the_spec(store):
    project, dataset, parent, run, (model, *_) = add_models(store)
    promote(store, model, "staging", note="review", user="ana")
    found = lineage(store, store.model_version(model.id))
    assert (found.project.id, found.run.id, found.dataset.id) == (project.id, run.id, dataset.id)
    assert [p.id for p in found.parents] == [parent.id]
    assert found.spec["budget"] == "quick"
    data = found.to_dict()
    assert data["dataset"]["parents"] == [parent.id] and data["run"]["target"] == "y"
    assert [h["data"]["to"] for h in data["history"]] == ["staging"]
