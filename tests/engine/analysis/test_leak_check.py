"""Warnings after training: a feature that carries almost everything, a too-perfect score."""

from __future__ import annotations

import numpy as np
from sklearn import metrics as skm

from engine.analysis.drivers import permutation_drivers
from engine.analysis.leak_check import post_training_warnings
from tests.engine.analysis.fitted import fit, signal_table
from tests.engine.helpers import churn_like


def _drivers(*shares: float) -> list[dict]:
    return [
        {"feature": f"f{k}", "mean": share / 10, "std": 0.0, "share": share}
        for k, share in enumerate(shares)
    ]


def test_a_planted_leak_takes_the_importance_and_is_flagged():
    frame = signal_table(800, seed=4)
    rng = np.random.default_rng(4)
    frame["refund_issued"] = (frame["label"] == "Yes") + rng.normal(0, 0.01, len(frame))
    fitted = fit(frame, "label", "binary", model="tree")
    drivers = permutation_drivers(
        fitted.model, fitted.features, fitted.y, fitted.schema, "binary", fitted.classes
    )
    assert drivers[0]["feature"] == "refund_issued" and drivers[0]["share"] >= 0.8
    auc = skm.roc_auc_score(fitted.y == "Yes", fitted.output[:, 1])
    warnings = post_training_warnings(drivers, {"roc_auc": auc, "accuracy": 1.0}, "binary")
    assert len(warnings) == 2
    assert warnings[0].startswith("refund_issued carries")
    assert all(
        "Check that refund_issued is known at prediction time and is not computed from the "
        "answer." in w for w in warnings
    )


def test_an_honest_model_gets_no_warning():
    fitted = fit(churn_like(800), "Churn", "binary")
    drivers = permutation_drivers(
        fitted.model, fitted.features, fitted.y, fitted.schema, "binary", fitted.classes
    )
    auc = skm.roc_auc_score(fitted.y == "Yes", fitted.output[:, 1])
    assert post_training_warnings(drivers, {"roc_auc": auc}, "binary") == []


def test_a_dominant_feature_with_a_close_second_is_not_flagged():
    assert post_training_warnings(_drivers(0.81, 0.19), {}, "binary") == []
    assert len(post_training_warnings(_drivers(0.9, 0.1), {}, "binary")) == 1


def test_near_perfect_scores_are_flagged_for_each_task():
    for task, scores in [
        ("binary", {"roc_auc": 0.998}),
        ("multiclass", {"balanced_accuracy": 0.999}),
        ("regression", {"r2": 0.997}),
    ]:
        warnings = post_training_warnings(_drivers(0.5, 0.5), scores, task)
        assert len(warnings) == 1 and "almost perfectly" in warnings[0]
        assert "Check that f0 is known at prediction time" in warnings[0]


def test_high_accuracy_on_a_lopsided_target_is_not_mistaken_for_a_leak():
    lopsided = {"accuracy": 0.996, "balanced_accuracy": 0.6, "roc_auc": 0.8}
    assert post_training_warnings(_drivers(0.5, 0.5), lopsided, "binary") == []


def test_missing_or_undefined_metrics_raise_no_warning():
    assert post_training_warnings([], {"roc_auc": None, "r2": float("nan")}, "binary") == []
    assert post_training_warnings([], {"r2": {"value": 0.999}}, "regression") != []
