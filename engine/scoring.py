"""How models are scored: one headline metric per task, from predicted outputs.

Scores are computed from outputs (class probabilities or predicted values) rather than from
models, so out-of-fold outputs can be blended and re-scored without refitting anything.
"""

from __future__ import annotations

import numpy as np
from sklearn import metrics

PRIMARY_METRIC = {"binary": "roc_auc", "multiclass": "balanced_accuracy", "regression": "r2"}
METRIC_WORDS = {
    "roc_auc": "ROC-AUC",
    "balanced_accuracy": "balanced accuracy",
    "r2": "R²",
    "accuracy": "accuracy",
    "mae": "mean absolute error",
    "rmse": "root mean squared error",
}


def is_classification(task: str) -> bool:
    return task in ("binary", "multiclass")


def model_output(model, features, task: str, classes: list[str]) -> np.ndarray:
    """Probabilities aligned to ``classes`` (n × k) for classification, values for regression.

    A model fitted on a fold that lacked a rare class has fewer probability columns; the
    missing classes get probability 0 so every fold's output lines up.
    """
    if not is_classification(task):
        return np.asarray(model.predict(features), dtype=float)
    proba = np.asarray(model.predict_proba(features), dtype=float)
    fitted = [str(c) for c in model.classes_]
    if fitted == list(classes):
        return proba
    aligned = np.zeros((proba.shape[0], len(classes)))
    for column, label in enumerate(fitted):
        aligned[:, classes.index(label)] = proba[:, column]
    return aligned


def primary_score(task: str, y_true: np.ndarray, output: np.ndarray, classes: list[str]) -> float:
    """The headline score (higher is better): ROC-AUC, balanced accuracy or R²."""
    if task == "binary":
        positives = (np.asarray(y_true) == classes[1]).astype(int)
        if positives.min() == positives.max():
            return float("nan")
        return float(metrics.roc_auc_score(positives, output[:, 1]))
    if task == "multiclass":
        predicted = np.asarray(classes, dtype=object)[output.argmax(axis=1)]
        return float(metrics.balanced_accuracy_score(y_true, predicted))
    return float(metrics.r2_score(y_true, output))


def secondary_scores(
    task: str, y_true: np.ndarray, output: np.ndarray, classes: list[str]
) -> dict[str, float]:
    """A few more numbers a newcomer can read: accuracy, or errors in the target's units."""
    if is_classification(task):
        predicted = np.asarray(classes, dtype=object)[output.argmax(axis=1)]
        return {
            "accuracy": float(metrics.accuracy_score(y_true, predicted)),
            "balanced_accuracy": float(metrics.balanced_accuracy_score(y_true, predicted)),
        }
    return {
        "mae": float(metrics.mean_absolute_error(y_true, output)),
        "rmse": float(np.sqrt(metrics.mean_squared_error(y_true, output))),
        "r2": float(metrics.r2_score(y_true, output)),
    }
