"""Evaluating stored model versions: the holdout replayed, numbers vs no-ML, kept once."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn import metrics as skm

from engine.analysis.evaluate import EVALUATOR_VERSION
from engine.analysis.inputs import load_inputs
from engine.analysis.record import evaluate_model_version, stored_evaluation
from engine.reporter import RecordingReporter
from engine.runner import run_frame
from engine.spec import RunSpec, ValueMatrix
from storage import Store
from tests.engine.helpers import churn_like

CLI_KEYS = {
    "metrics", "baseline_metrics", "confusion", "threshold_curve", "best_threshold",
    "importance", "worst_rows", "slices", "warnings",
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A quick binary run with a value matrix: (store, best model, baseline model)."""
    store = Store.open(tmp_path_factory.mktemp("evaluate") / "ws")
    value = ValueMatrix(true_positive_value=100, false_positive_cost=20, false_negative_cost=0)
    spec = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear"], value=value)
    outcome = run_frame(store, churn_like(800), spec, RecordingReporter())
    models = store.model_versions(run_id=outcome.run.id)
    best = next(m for m in models if not m.is_baseline)
    baseline = next(m for m in models if m.details["key"] == "baseline")
    yield store, best, baseline
    store.close()


def test_inputs_replay_the_runs_holdout_and_its_stored_score(trained):
    store, best, _ = trained
    inputs = load_inputs(store, best)
    assert len(inputs.y) == best.details["n_holdout"]
    positives = (inputs.y == inputs.classes[1]).astype(int)
    assert skm.roc_auc_score(positives, inputs.output[:, 1]) == pytest.approx(best.holdout_score)
    assert inputs.oof_output is not None and len(inputs.oof_output) == best.details["n_train"]


def test_evaluation_has_every_key_the_cli_promises_and_is_plain_json(trained):
    store, best, _ = trained
    result = evaluate_model_version(store, best, RecordingReporter())
    assert set(result) >= CLI_KEYS
    json.dumps(result, allow_nan=False)
    assert result["baseline_metrics"]["roc_auc"] == pytest.approx(0.5)
    assert result["metrics"]["roc_auc"] == pytest.approx(best.holdout_score)


def test_evaluation_metrics_match_scikit_learn_on_the_holdout(trained):
    store, best, _ = trained
    inputs = load_inputs(store, best)
    result = evaluate_model_version(store, best)
    predicted = np.where(inputs.output[:, 1] >= result["chosen_threshold"], "Yes", "No")
    assert result["metrics"]["accuracy"] == pytest.approx(skm.accuracy_score(inputs.y, predicted))
    assert result["confusion"]["matrix"] == skm.confusion_matrix(
        inputs.y, predicted, labels=["No", "Yes"]).tolist()


def test_the_best_threshold_is_chosen_out_of_fold_not_on_the_holdout(trained):
    store, best, _ = trained
    result = evaluate_model_version(store, best)
    assert result["threshold_source"] == "out-of-fold"
    assert 0.0 <= result["best_threshold"] <= 1.0
    assert result["value"]["has_values"] is True


def test_an_evaluation_is_kept_and_reused_until_the_threshold_changes(trained):
    store, best, _ = trained
    first = evaluate_model_version(store, best)
    assert stored_evaluation(store, best) == first
    count = len(store._rows("SELECT id FROM evaluations WHERE model_version_id = ?", [best.id]))
    assert evaluate_model_version(store, best) == first
    assert len(store._rows("SELECT id FROM evaluations WHERE model_version_id = ?", [best.id])) == count

    moved = store.set_threshold(best.id, 0.3)
    assert stored_evaluation(store, moved) is None
    again = evaluate_model_version(store, moved)
    assert again["chosen_threshold"] == 0.3
    assert store.latest_evaluation(best.id, EVALUATOR_VERSION) is not None


def test_the_baseline_itself_can_be_evaluated(trained):
    store, _, baseline = trained
    result = evaluate_model_version(store, baseline)
    assert result["metrics"]["roc_auc"] == pytest.approx(0.5)
    assert result["summary"]
