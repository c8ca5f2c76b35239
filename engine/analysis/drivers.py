"""What drives a model's predictions: permutation importance and partial dependence.

A "feature" is one of the schema's raw columns. A datetime column is one feature even though
the model sees several prepared parts (``name__year`` ...): its parts are shuffled together.
The plain-English reading of these numbers is in ``engine.analysis.driver_words``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from engine.analysis.driver_words import describe_drivers
from engine.analysis.raw_values import finite
from engine.model_contract import DATETIME_PARTS
from engine.scoring import model_output, primary_score

__all__ = ["describe_drivers", "partial_dependence", "permutation_drivers", "prepared_columns"]

MAX_DEPENDENCE_CATEGORIES = 12
# Quantiles spanned by a numeric dependence grid: the extremes are often a handful of outliers
# that would stretch the chart without telling anything about typical rows.
GRID_QUANTILES = (0.05, 0.95)


def prepared_columns(schema: dict) -> dict[str, list[str]]:
    """For each schema column, the prepared columns that carry it (one, or a datetime's parts)."""
    groups: dict[str, list[str]] = {}
    for column in schema["columns"]:
        name = column["name"]
        if column["kind"] == "datetime":
            groups[name] = [f"{name}__{part}" for part in DATETIME_PARTS]
        else:
            groups[name] = [name]
    return groups


def permutation_drivers(
    model, features: pd.DataFrame, y_true, schema: dict, task: str, classes: list[str],
    n_repeats: int = 5, seed: int = 0, max_rows: int = 5000,
) -> list[dict]:
    """How much the primary score drops when one feature's values are shuffled across rows.

    Entries ``{"feature", "mean", "std", "share"}``, biggest drop first; ``share`` is the
    feature's part of all positive drops. Empty when the score itself is undefined (a binary
    holdout with one class only), since no drop can then be measured.
    """
    rng = np.random.default_rng(seed)
    rows = _sample_positions(len(features), max_rows, rng)
    sample = features.iloc[rows].reset_index(drop=True)
    y = np.asarray(y_true)[rows]
    base = primary_score(task, y, model_output(model, sample, task, classes), classes)
    if not np.isfinite(base):
        return []
    # One frame of n_repeats copies, reused for every feature: only the shuffled columns change.
    stacked = pd.concat([sample] * n_repeats, ignore_index=True)
    entries = []
    with _one_thread():
        for feature, columns in prepared_columns(schema).items():
            drops = _score_drops(
                model, sample, y, stacked, columns, base, task, classes, rng, n_repeats
            )
            entries.append(
                {"feature": feature, "mean": float(np.mean(drops)), "std": float(np.std(drops))}
            )
    entries.sort(key=lambda entry: entry["mean"], reverse=True)
    return _with_shares(entries)


def _one_thread():
    """Predict on one OpenMP thread (process-wide while it lasts).

    Measured on a busy 2-core machine (telco, HistGradientBoosting, 20 batches of ~10k rows):
    4 s on one thread, 30 s with two threads contending with the GUI and other work.
    """
    return threadpool_limits(limits=1, user_api="openmp")


def _sample_positions(n_rows: int, max_rows: int, rng: np.random.Generator) -> np.ndarray:
    if n_rows <= max_rows:
        return np.arange(n_rows)
    return np.sort(rng.choice(n_rows, size=max_rows, replace=False))


def _score_drops(
    model, sample: pd.DataFrame, y: np.ndarray, stacked: pd.DataFrame, columns: list[str],
    base: float, task: str, classes: list[str], rng: np.random.Generator, n_repeats: int,
) -> list[float]:
    """Score drop for each repeat; all repeats are predicted in one model call."""
    n = len(sample)
    orders = [rng.permutation(n) for _ in range(n_repeats)]
    saved = {column: stacked[column] for column in columns}
    for column in columns:
        values = sample[column].to_numpy()
        shuffled = np.concatenate([values[order] for order in orders])
        # Same dtype as before, so the pipeline's encoders see what they were fitted on.
        stacked[column] = pd.Series(shuffled, index=stacked.index, dtype=sample[column].dtype)
    output = model_output(model, stacked, task, classes)
    for column, values in saved.items():
        stacked[column] = values
    return [
        finite(base - primary_score(task, y, output[r * n:(r + 1) * n], classes))
        for r in range(n_repeats)
    ]


def _with_shares(entries: list[dict]) -> list[dict]:
    positive = sum(max(entry["mean"], 0.0) for entry in entries)
    for entry in entries:
        entry["share"] = max(entry["mean"], 0.0) / positive if positive > 0 else 0.0
    return entries


def partial_dependence(
    model, features: pd.DataFrame, schema: dict, column: str, task: str, classes: list[str],
    grid_points: int = 20, max_rows: int = 1000, seed: int = 0,
) -> dict | None:
    """The average output when ``column`` is set to each grid value for every sampled row.

    None for datetime columns (their parts move together in ways one axis cannot show) and
    for columns with no usable values. Multiclass ``average`` is ``{class: [...]}``.
    """
    kind = _kind_of(schema, column)
    if kind == "datetime":
        return None
    rng = np.random.default_rng(seed)
    sample = features.iloc[_sample_positions(len(features), max_rows, rng)].reset_index(drop=True)
    if kind == "numeric":
        grid: list = _numeric_grid(sample[column], grid_points)
    else:
        grid = _category_grid(sample[column])
    if not grid or len(sample) == 0:
        return None
    stacked = pd.concat([sample] * len(grid), ignore_index=True)
    repeated = np.repeat(np.asarray(grid, dtype=object), len(sample))
    stacked[column] = pd.Series(repeated, index=stacked.index).astype(sample[column].dtype)
    with _one_thread():
        output = model_output(model, stacked, task, classes)
    return {
        "feature": column,
        "kind": "numeric" if kind == "numeric" else "categorical",
        "grid": grid,
        "average": _averages(output, len(grid), len(sample), task, classes),
        "output": output_name(task, classes),
    }


def output_name(task: str, classes: list[str]) -> str:
    """What a dependence curve's values are, in words."""
    if task == "binary":
        return f"probability of {classes[1]}"
    if task == "multiclass":
        return "probability of each class"
    return "predicted value"


def _kind_of(schema: dict, column: str) -> str:
    for entry in schema["columns"]:
        if entry["name"] == column:
            return entry["kind"]
    raise KeyError(f"{column!r} is not a column of the model's schema")


def _numeric_grid(values: pd.Series, grid_points: int) -> list[float]:
    numbers = values.to_numpy(dtype=float)
    numbers = numbers[np.isfinite(numbers)]
    if len(numbers) == 0:
        return []
    distinct = np.unique(numbers)
    if len(distinct) <= grid_points:
        return [float(v) for v in distinct]  # few values (counts, flags): show each one
    quantiles = np.linspace(GRID_QUANTILES[0], GRID_QUANTILES[1], grid_points)
    return [float(v) for v in np.unique(np.quantile(numbers, quantiles))]


def _category_grid(values: pd.Series) -> list[str]:
    counts = values.astype(str).value_counts()
    return [str(v) for v in counts.index[:MAX_DEPENDENCE_CATEGORIES]]


def _averages(output: np.ndarray, n_grid: int, n_rows: int, task: str, classes: list[str]):
    if task == "regression":
        return [float(v) for v in output.reshape(n_grid, n_rows).mean(axis=1)]
    means = output.reshape(n_grid, n_rows, -1).mean(axis=1)
    if task == "binary":
        return [float(v) for v in means[:, 1]]
    return {label: [float(v) for v in means[:, k]] for k, label in enumerate(classes)}
