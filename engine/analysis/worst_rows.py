"""The holdout rows the model got most wrong, with their values, for users to read one by one."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.analysis.raw_values import json_value
from engine.scoring import is_classification

# Probabilities are clipped here so a confident miss has a large but finite loss.
MIN_PROBABILITY = 1e-15


def worst_rows(
    raw: pd.DataFrame, y_true, output: np.ndarray, task: str, classes: list[str],
    top: int = 25, threshold: float | None = None,
) -> list[dict]:
    """The ``top`` rows with the largest loss, largest first.

    Loss is −log p(true class) for classification, |prediction − truth| for regression.
    Entries ``{"row", "values", "truth", "prediction", "confidence" | "error", "loss"}``;
    ``row`` is the position in ``raw``; regression ``error`` is prediction − truth.
    """
    y = np.asarray(y_true)
    if is_classification(task):
        loss = row_log_loss(y, output, classes)
    else:
        loss = np.abs(np.asarray(output, dtype=float) - y.astype(float))
    order = [int(i) for i in np.argsort(-loss, kind="stable") if np.isfinite(loss[i])][:top]
    predicted = _predicted_labels(output, task, classes, threshold)
    return [_entry(raw, y, output, loss, predicted, position, task, classes) for position in order]


def row_log_loss(y: np.ndarray, output: np.ndarray, classes: list[str]) -> np.ndarray:
    """−log of the probability each row gave its true class (a class never seen counts as 0)."""
    index = {label: k for k, label in enumerate(classes)}
    columns = np.array([index.get(str(label), -1) for label in y])
    probability = np.where(
        columns >= 0, output[np.arange(len(y)), np.maximum(columns, 0)], 0.0
    )
    return -np.log(np.clip(probability, MIN_PROBABILITY, 1.0))


def _predicted_labels(output, task, classes, threshold) -> np.ndarray | None:
    if not is_classification(task):
        return None
    names = np.asarray(classes, dtype=object)
    if threshold is not None and len(classes) == 2:
        return np.where(output[:, 1] >= threshold, names[1], names[0])
    return names[output.argmax(axis=1)]


def _entry(raw, y, output, loss, predicted, position, task, classes) -> dict:
    values = {str(column): json_value(raw[column].iloc[position]) for column in raw.columns}
    entry: dict = {"row": position, "values": values}
    if predicted is None:
        prediction = float(output[position])
        truth = float(y[position])
        entry.update(truth=truth, prediction=prediction, error=prediction - truth)
    else:
        label = str(predicted[position])
        entry.update(
            truth=str(y[position]), prediction=label,
            confidence=float(output[position, classes.index(label)]),
        )
    entry["loss"] = float(loss[position])
    return entry
