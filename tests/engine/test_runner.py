"""The runner records a run: dataset version, spec, metrics, one model version per candidate."""

import pytest

from engine.reporter import RecordingReporter
from engine.runner import run_frame
from engine.spec import RunSpec
from storage import Store
from tests.engine.helpers import churn_like


@pytest.fixture
def store(workspace):
    with Store.open(workspace) as opened:
        yield opened


def test_a_run_stores_its_spec_data_metrics_and_ranked_models(store):
    spec = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear"])
    outcome = run_frame(store, churn_like(), spec, RecordingReporter())
    run = store.run(outcome.run.id)
    assert run.status == "finished"
    assert run.spec["task"] == "binary" and run.spec["recipe"]["steps"]
    assert store.dataset_version(run.dataset_version_id).rows == 400
    models = store.model_versions(run_id=run.id)
    assert [m.rank for m in models] == list(range(1, len(models) + 1))
    assert {m.name for m in models} >= {"No ML: always 'No'", "One-feature rule", "Linear model"}
    assert store.best_model_version(run.project_id).id == outcome.best_model.id
    folds = store.metrics(run.id, "cv/linear/roc_auc")
    assert [m.step for m in folds] == [0, 1, 2]
    for model in models:
        assert store.path_of(model.artifact_path).exists()
        assert model.details["baseline"]["name"] == "No ML: always 'No'"


def test_a_cancelled_run_is_stored_as_cancelled_with_the_finished_models(store):
    spec = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear", "boosting"])
    reporter = RecordingReporter(cancel_after_metrics=6)
    outcome = run_frame(store, churn_like(), spec, reporter)
    assert store.run(outcome.run.id).status == "cancelled"
    names = [m.name for m in store.model_versions(run_id=outcome.run.id)]
    assert names == ["No ML: always 'No'"]


def test_a_run_that_crashes_is_stored_as_failed_with_the_error(store, monkeypatch):
    import engine.runner

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(engine.runner, "train_candidates", explode)
    with pytest.raises(RuntimeError):
        run_frame(store, churn_like(), RunSpec(project="P", target="Churn", budget="quick"))
    run = store.runs()[0]
    assert run.status == "failed" and "disk on fire" in run.error
