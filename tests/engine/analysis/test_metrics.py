"""Metrics and curves of model outputs: scikit-learn's numbers, in plain JSON-safe values."""

from __future__ import annotations

import json

import numpy as np
import pytest
from sklearn import metrics as skm

from engine.analysis import metrics

YES_NO = ["no", "yes"]
THREE = ["cat", "dog", "fox"]


def binary_set(n: int = 400, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from the model's own probabilities: a calibrated, imperfect model."""
    rng = np.random.default_rng(seed)
    p_yes = rng.random(n)
    y = np.where(rng.random(n) < p_yes, "yes", "no")
    return y, np.column_stack([1 - p_yes, p_yes])


def multiclass_set(n: int = 300, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    proba = rng.dirichlet([1.0, 1.0, 1.0], size=n)
    y = np.array([rng.choice(THREE, p=row) for row in proba])
    return y, proba


def plain_json(result) -> None:
    json.dumps(result, allow_nan=False)


def test_binary_metrics_match_scikit_learn_for_the_yes_class():
    y, proba = binary_set()
    result = metrics.classification_metrics(y, proba, YES_NO)
    predicted = np.where(proba[:, 1] > proba[:, 0], "yes", "no")
    truth = y == "yes"
    assert result["accuracy"] == pytest.approx(skm.accuracy_score(y, predicted))
    assert result["balanced_accuracy"] == pytest.approx(skm.balanced_accuracy_score(y, predicted))
    assert result["precision"] == pytest.approx(skm.precision_score(y, predicted, pos_label="yes"))
    assert result["recall"] == pytest.approx(skm.recall_score(y, predicted, pos_label="yes"))
    assert result["f1"] == pytest.approx(skm.f1_score(y, predicted, pos_label="yes"))
    assert result["roc_auc"] == pytest.approx(skm.roc_auc_score(truth, proba[:, 1]))
    assert result["pr_auc"] == pytest.approx(skm.average_precision_score(truth, proba[:, 1]))
    assert result["log_loss"] == pytest.approx(skm.log_loss(y, proba, labels=YES_NO))
    assert all(type(v) is float for v in result.values())


def test_binary_threshold_decides_the_label_from_the_yes_probability():
    y = np.array(["no", "no", "yes", "yes"])
    proba = np.array([[0.9, 0.1], [0.7, 0.3], [0.6, 0.4], [0.2, 0.8]])
    at_half = metrics.classification_metrics(y, proba, YES_NO)
    at_low = metrics.classification_metrics(y, proba, YES_NO, threshold=0.35)
    assert at_half["recall"] == 0.5 and at_low["recall"] == 1.0
    assert at_low["precision"] == 1.0
    assert metrics.predicted_labels(proba, YES_NO, 0.3).tolist() == ["no", "yes", "yes", "yes"]


def test_multiclass_metrics_are_macro_averages_as_scikit_learn_computes_them():
    y, proba = multiclass_set()
    result = metrics.classification_metrics(y, proba, THREE)
    predicted = np.array(THREE)[proba.argmax(axis=1)]
    macro = {"average": "macro", "zero_division": 0}
    assert result["precision"] == pytest.approx(skm.precision_score(y, predicted, **macro))
    assert result["recall"] == pytest.approx(skm.recall_score(y, predicted, **macro))
    assert result["f1"] == pytest.approx(skm.f1_score(y, predicted, **macro))
    assert result["roc_auc"] == pytest.approx(
        skm.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=THREE)
    )
    ap = [skm.average_precision_score(y == c, proba[:, i]) for i, c in enumerate(THREE)]
    assert result["pr_auc"] == pytest.approx(np.mean(ap))
    assert result["log_loss"] == pytest.approx(skm.log_loss(y, proba, labels=THREE))


def test_multiclass_with_a_class_missing_from_the_truth_has_no_roc_auc_but_other_numbers():
    y, proba = multiclass_set()
    y = np.where(y == "fox", "cat", y)
    result = metrics.classification_metrics(y, proba, THREE)
    assert result["roc_auc"] is None
    ap = [skm.average_precision_score(y == c, proba[:, i]) for i, c in enumerate(THREE[:2])]
    assert result["pr_auc"] == pytest.approx(np.mean(ap))
    assert result["accuracy"] is not None
    plain_json(result)


def test_a_single_class_in_the_truth_gives_none_for_rankings_not_an_error():
    y = np.array(["no"] * 6)
    proba = np.tile([0.7, 0.3], (6, 1))
    result = metrics.classification_metrics(y, proba, YES_NO, threshold=0.2)
    assert result["roc_auc"] is None and result["pr_auc"] is None
    assert result["accuracy"] == 0.0 and result["precision"] == 0.0
    assert metrics.classification_curves(y, proba, YES_NO) is None
    plain_json(result)


def test_per_class_metrics_and_support_match_scikit_learn():
    y, proba = multiclass_set()
    predicted = metrics.predicted_labels(proba, THREE)
    result = metrics.per_class_metrics(y, predicted, THREE)
    precision, recall, f1, support = skm.precision_recall_fscore_support(
        y, predicted, labels=THREE, zero_division=0
    )
    assert list(result) == THREE
    for i, label in enumerate(THREE):
        assert result[label]["precision"] == pytest.approx(precision[i])
        assert result[label]["recall"] == pytest.approx(recall[i])
        assert result[label]["f1"] == pytest.approx(f1[i])
        assert result[label]["support"] == support[i]
    plain_json(result)


def test_confusion_rows_are_truth_and_columns_are_predictions():
    y = np.array(["cat", "cat", "dog", "fox"])
    predicted = np.array(["cat", "dog", "dog", "cat"])
    result = metrics.confusion(y, predicted, THREE)
    assert result == {"labels": THREE, "matrix": [[1, 1, 0], [0, 1, 0], [1, 0, 0]]}
    assert all(type(v) is int for row in result["matrix"] for v in row)


def test_curves_are_none_for_multiclass():
    y, proba = multiclass_set()
    assert metrics.classification_curves(y, proba, THREE) is None


def test_long_curves_are_thinned_keeping_both_ends_and_roc_stays_monotone():
    y, proba = binary_set(n=3000)
    truth = y == "yes"
    full_fpr, full_tpr, _ = skm.roc_curve(truth, proba[:, 1])
    full_precision, full_recall, _ = skm.precision_recall_curve(truth, proba[:, 1])
    curves = metrics.classification_curves(y, proba, YES_NO, max_points=50)
    roc, pr = curves["roc"], curves["pr"]
    assert len(full_fpr) > 50 and len(roc["fpr"]) <= 50 and len(pr["recall"]) <= 50
    assert (roc["fpr"][0], roc["fpr"][-1]) == (full_fpr[0], full_fpr[-1])
    assert (roc["tpr"][0], roc["tpr"][-1]) == (full_tpr[0], full_tpr[-1])
    assert (pr["recall"][0], pr["recall"][-1]) == (full_recall[0], full_recall[-1])
    assert (pr["precision"][0], pr["precision"][-1]) == (full_precision[0], full_precision[-1])
    assert np.all(np.diff(roc["fpr"]) >= 0) and np.all(np.diff(roc["tpr"]) >= 0)
    plain_json(curves)


def test_short_curves_are_kept_whole():
    y, proba = binary_set(n=40)
    curves = metrics.classification_curves(y, proba, YES_NO, max_points=200)
    fpr, _, _ = skm.roc_curve(y == "yes", proba[:, 1])
    assert curves["roc"]["fpr"] == fpr.tolist()


def test_calibration_has_ten_equal_count_bins_matching_scikit_learn():
    from sklearn.calibration import calibration_curve

    y, proba = binary_set(n=500)
    calibration = metrics.classification_curves(y, proba, YES_NO)["calibration"]
    observed, predicted = calibration_curve(y == "yes", proba[:, 1], n_bins=10, strategy="quantile")
    assert calibration["observed"] == pytest.approx(observed.tolist())
    assert calibration["predicted"] == pytest.approx(predicted.tolist())
    assert calibration["count"] == [50] * 10


def test_regression_metrics_match_scikit_learn():
    rng = np.random.default_rng(2)
    y = rng.uniform(10, 100, 200)
    predicted = y + rng.normal(0, 5, 200)
    result = metrics.regression_metrics(y, predicted)
    assert result["mae"] == pytest.approx(skm.mean_absolute_error(y, predicted))
    assert result["rmse"] == pytest.approx(np.sqrt(skm.mean_squared_error(y, predicted)))
    assert result["r2"] == pytest.approx(skm.r2_score(y, predicted))
    assert result["mape"] == pytest.approx(skm.mean_absolute_percentage_error(y, predicted))
    assert result["median_absolute_error"] == pytest.approx(skm.median_absolute_error(y, predicted))
    plain_json(result)


def test_mape_is_given_for_an_all_negative_target():
    y = np.array([-10.0, -20.0, -40.0])
    assert metrics.regression_metrics(y, y * 1.1)["mape"] == pytest.approx(0.1)


@pytest.mark.parametrize(
    "truth",
    [[0.0, 5.0, 10.0], [1e-12, 5.0, 10.0], [-5.0, 5.0, 10.0]],
    ids=["a zero", "a value near zero", "mixed signs"],
)
def test_mape_is_none_when_a_percentage_error_means_nothing(truth):
    result = metrics.regression_metrics(np.array(truth), np.array([1.0, 2.0, 3.0]))
    assert result["mape"] is None and result["mae"] is not None
    plain_json(result)


def test_regression_views_sample_residuals_reproducibly_and_histogram_every_row():
    rng = np.random.default_rng(3)
    y = rng.normal(50, 10, 5000)
    predicted = y + rng.normal(0, 2, 5000)
    views = metrics.regression_views(y, predicted, max_points=300, bins=20)
    again = metrics.regression_views(y, predicted, max_points=300, bins=20)
    residuals = views["residuals"]
    assert views == again
    assert len(residuals["predicted"]) == len(residuals["residual"]) == 300
    first = int(np.flatnonzero(predicted == residuals["predicted"][0])[0])
    assert residuals["residual"][0] == pytest.approx(y[first] - predicted[first])
    histogram = views["error_histogram"]
    assert len(histogram["edges"]) == 21 and sum(histogram["counts"]) == 5000
    plain_json(views)


def test_regression_views_keep_every_row_of_a_small_set():
    views = metrics.regression_views([1.0, 2.0, 3.0], [1.5, 2.0, 2.0])
    assert views["residuals"]["residual"] == [-0.5, 0.0, 1.0]


def test_empty_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="at least one"):
        metrics.classification_metrics(np.array([]), np.empty((0, 2)), YES_NO)
    with pytest.raises(ValueError, match="at least one"):
        metrics.regression_metrics([], [])


def test_nan_probabilities_are_refused_rather_than_scored():
    proba = np.array([[0.5, 0.5], [np.nan, np.nan]])
    with pytest.raises(ValueError, match="NaN"):
        metrics.classification_metrics(np.array(["no", "yes"]), proba, YES_NO)


def test_probabilities_that_do_not_line_up_with_classes_are_refused():
    with pytest.raises(ValueError, match="rows × classes"):
        metrics.classification_metrics(np.array(["no", "yes"]), np.ones((2, 3)) / 3, YES_NO)
