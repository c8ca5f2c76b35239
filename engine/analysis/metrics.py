"""The numbers and curves of a model's outputs on labelled rows, as plain JSON-safe values.

Every function takes outputs (probabilities aligned to ``classes``, or predicted values),
never a model, so the same code scores the holdout, out-of-fold outputs and the no-ML
baseline. Numbers that cannot be computed (ROC-AUC with one class present, MAPE around zero)
are None, never NaN, so the result always passes ``json.dumps(..., allow_nan=False)``.

Inputs are expected finite: evaluation drops rows no fold scored before calling. Empty
inputs and NaN in the outputs raise ValueError rather than producing a misleading number.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from sklearn import metrics as skm
from sklearn.calibration import calibration_curve

CALIBRATION_BINS = 10
MAPE_NEAR_ZERO = 1e-9


def predicted_labels(proba: np.ndarray, classes: list[str], threshold: float | None = None):
    """The label each row gets: the binary threshold on classes[1] when given, else argmax."""
    names = np.asarray(classes, dtype=object)
    proba = np.asarray(proba, dtype=float)
    if threshold is not None and len(classes) == 2:
        return np.where(proba[:, 1] >= threshold, names[1], names[0])
    return names[proba.argmax(axis=1)]


def classification_metrics(
    y_true, proba, classes: list[str], threshold: float | None = None
) -> dict:
    """Accuracy, balanced accuracy, precision, recall, F1, ROC-AUC, PR-AUC and log loss.

    Binary: precision, recall, F1 and PR-AUC are for the "yes" class classes[1]. Multiclass:
    their macro average (over the classes present in the truth or the predictions, as
    scikit-learn does), ROC-AUC one-vs-rest macro and PR-AUC macro over classes present.
    """
    y, proba = _checked_classification(y_true, proba, classes)
    predicted = predicted_labels(proba, classes, threshold).astype(str)
    result = {
        "accuracy": _plain(skm.accuracy_score(y, predicted)),
        "balanced_accuracy": _plain(_balanced_accuracy(y, predicted)),
    }
    if len(classes) == 2:
        result.update(_binary_scores(y == classes[1], predicted == classes[1], proba[:, 1]))
    else:
        result.update(_multiclass_scores(y, predicted, proba, classes))
    result["log_loss"] = _plain(skm.log_loss(y, proba, labels=list(classes)))
    return result


def per_class_metrics(y_true, predicted, classes: list[str]) -> dict[str, dict]:
    """Precision, recall, F1 and support (rows of that class in the truth) for each class."""
    y, predicted = _as_labels(y_true), _as_labels(predicted)
    _require_rows(y)
    precision, recall, f1, support = skm.precision_recall_fscore_support(
        y, predicted, labels=list(classes), zero_division=0
    )
    return {
        label: {
            "precision": _plain(precision[i]),
            "recall": _plain(recall[i]),
            "f1": _plain(f1[i]),
            "support": int(support[i]),
        }
        for i, label in enumerate(classes)
    }


def confusion(y_true, predicted, classes: list[str]) -> dict:
    """Counts of truth (rows) against prediction (columns), in the order of ``classes``."""
    y, predicted = _as_labels(y_true), _as_labels(predicted)
    _require_rows(y)
    matrix = skm.confusion_matrix(y, predicted, labels=list(classes))
    return {"labels": list(classes), "matrix": [[int(v) for v in row] for row in matrix]}


def classification_curves(y_true, proba, classes: list[str], max_points: int = 200) -> dict | None:
    """ROC, precision-recall and calibration curves of a binary model.

    None for multiclass, and when the truth holds only one class (no curve is defined).
    PR points come in scikit-learn's order: recall falling from 1 to 0.
    """
    y, proba = _checked_classification(y_true, proba, classes)
    if len(classes) != 2:
        return None
    positive, score = y == classes[1], proba[:, 1]
    if positive.all() or not positive.any():
        return None
    fpr, tpr, _ = skm.roc_curve(positive, score)
    precision, recall, _ = skm.precision_recall_curve(positive, score)
    keep_roc = _spread_indices(len(fpr), max_points)
    keep_pr = _spread_indices(len(recall), max_points)
    return {
        "roc": {"fpr": _floats(fpr[keep_roc]), "tpr": _floats(tpr[keep_roc])},
        "pr": {"recall": _floats(recall[keep_pr]), "precision": _floats(precision[keep_pr])},
        "calibration": _calibration(positive, score),
    }


def regression_metrics(y_true, predicted) -> dict:
    """MAE, RMSE, R², MAPE (a fraction: 0.12 is 12 %) and median absolute error.

    MAPE is None when any true value is within 1e-9 of zero (the percentage explodes) or
    when the truth has both signs (a percentage of a value that crosses zero means nothing).
    R² is None with fewer than two rows.
    """
    y, predicted = _checked_regression(y_true, predicted)
    return {
        "mae": _plain(skm.mean_absolute_error(y, predicted)),
        "rmse": _plain(math.sqrt(skm.mean_squared_error(y, predicted))),
        "r2": _plain(skm.r2_score(y, predicted)) if len(y) >= 2 else None,
        "mape": _mape(y, predicted),
        "median_absolute_error": _plain(skm.median_absolute_error(y, predicted)),
    }


def regression_views(
    y_true, predicted, max_points: int = 2000, bins: int = 30, seed: int = 0
) -> dict:
    """Residuals (truth − predicted) against predictions, sampled, and their histogram."""
    y, predicted = _checked_regression(y_true, predicted)
    residual = y - predicted
    shown = np.arange(len(y))
    if len(y) > max_points:
        # A fixed seed keeps the scatter identical each time the evaluation is shown.
        shown = np.sort(np.random.default_rng(seed).choice(len(y), max_points, replace=False))
    counts, edges = np.histogram(residual, bins=bins)
    return {
        "residuals": {"predicted": _floats(predicted[shown]), "residual": _floats(residual[shown])},
        "error_histogram": {"edges": _floats(edges), "counts": [int(c) for c in counts]},
    }


def _binary_scores(truth: np.ndarray, said_yes: np.ndarray, score: np.ndarray) -> dict:
    """Scores for the yes class on boolean arrays (robust when one label is absent)."""
    both_present = truth.any() and not truth.all()
    return {
        "precision": _plain(skm.precision_score(truth, said_yes, zero_division=0)),
        "recall": _plain(skm.recall_score(truth, said_yes, zero_division=0)),
        "f1": _plain(skm.f1_score(truth, said_yes, zero_division=0)),
        "roc_auc": _plain(skm.roc_auc_score(truth, score)) if both_present else None,
        "pr_auc": _plain(skm.average_precision_score(truth, score)) if truth.any() else None,
    }


def _multiclass_scores(y, predicted, proba, classes: list[str]) -> dict:
    present = [i for i, label in enumerate(classes) if (y == label).any()]
    average = {"average": "macro", "zero_division": 0}
    # AP is undefined for a class with no true rows, so the macro is over classes present.
    ap = [skm.average_precision_score(y == classes[i], proba[:, i]) for i in present]
    return {
        "precision": _plain(skm.precision_score(y, predicted, **average)),
        "recall": _plain(skm.recall_score(y, predicted, **average)),
        "f1": _plain(skm.f1_score(y, predicted, **average)),
        "roc_auc": _ovr_roc_auc(y, proba, classes) if len(present) == len(classes) else None,
        "pr_auc": _plain(np.mean(ap)) if ap else None,
    }


def _ovr_roc_auc(y: np.ndarray, proba: np.ndarray, classes: list[str]) -> float | None:
    """One-vs-rest macro ROC-AUC; only called when every class has true rows."""
    return _plain(
        skm.roc_auc_score(y, proba, multi_class="ovr", average="macro", labels=list(classes))
    )


def _balanced_accuracy(y: np.ndarray, predicted: np.ndarray) -> float:
    # A predicted class absent from the truth is normal on a small holdout, not news.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return skm.balanced_accuracy_score(y, predicted)


def _calibration(positive: np.ndarray, score: np.ndarray) -> dict:
    """Observed yes rate against mean predicted probability in 10 equal-count bins."""
    observed, predicted = calibration_curve(
        positive, score, n_bins=CALIBRATION_BINS, strategy="quantile"
    )
    # The same binning as scikit-learn's, which reports only non-empty bins and no counts.
    edges = np.percentile(score, np.linspace(0, 100, CALIBRATION_BINS + 1))
    counts = np.bincount(np.searchsorted(edges[1:-1], score), minlength=CALIBRATION_BINS)
    return {
        "predicted": _floats(predicted),
        "observed": _floats(observed),
        "count": [int(c) for c in counts[counts > 0]],
    }


def _mape(y: np.ndarray, predicted: np.ndarray) -> float | None:
    if np.abs(y).min() < MAPE_NEAR_ZERO or (y.min() < 0 < y.max()):
        return None
    return _plain(skm.mean_absolute_percentage_error(y, predicted))


def _spread_indices(length: int, max_points: int) -> np.ndarray:
    """At most ``max_points`` evenly spread, increasing indices, always with both ends."""
    if length <= max_points:
        return np.arange(length)
    return np.unique(np.linspace(0, length - 1, max(max_points, 2)).round().astype(int))


def _checked_classification(y_true, proba, classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    y = _as_labels(y_true)
    proba = np.asarray(proba, dtype=float)
    _require_rows(y)
    if proba.ndim != 2 or proba.shape != (len(y), len(classes)):
        expected = (len(y), len(classes))
        raise ValueError(f"Probabilities must be rows × classes {expected}, got {proba.shape}.")
    _require_finite(proba, "probabilities")
    return y, proba


def _checked_regression(y_true, predicted) -> tuple[np.ndarray, np.ndarray]:
    y = np.asarray(y_true, dtype=float)
    predicted = np.asarray(predicted, dtype=float)
    _require_rows(y)
    if predicted.shape != y.shape:
        raise ValueError(f"Predictions {predicted.shape} do not line up with truth {y.shape}.")
    _require_finite(y, "true values")
    _require_finite(predicted, "predictions")
    return y, predicted


def _as_labels(values) -> np.ndarray:
    # Classes are strings everywhere in the engine; comparing as strings avoids 1 != "1".
    return np.asarray(values).astype(str)


def _require_rows(y: np.ndarray) -> None:
    if len(y) == 0:
        raise ValueError("Metrics need at least one labelled row; none were given.")


def _require_finite(values: np.ndarray, what: str) -> None:
    if not np.isfinite(values).all():
        raise ValueError(f"The {what} contain NaN or infinity; drop unscored rows first.")


def _plain(number) -> float | None:
    """A Python float, or None for NaN and infinity (JSON has neither)."""
    number = float(number)
    return number if math.isfinite(number) else None


def _floats(values) -> list[float]:
    return [float(v) for v in values]
