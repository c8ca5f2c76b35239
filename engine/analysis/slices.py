"""Where the model is clearly worse than usual: groups of holdout rows sharing one value or range.

Groups ("slices") come from one column at a time: each frequent category of a categorical or
boolean column; five quantile bins of a numeric column (or each value, when it has five or
fewer) plus its missing values. Datetime columns are skipped: a weak month is usually drift
over time, which monitoring shows better.

A slice is reported only when it is large (``min_rows``), clearly worse in practice (accuracy
5 points lower, or mean absolute error 20 % higher) and unlikely to be chance: a z-test of the
slice against the other rows must pass 2.5, raised with the number of slices tried (Bonferroni
at 1 %) so that scanning many slices of a uniformly good model raises no false alarms.
Worst first: by gap × √rows, which favours slices that are both large and bad.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from statistics import NormalDist

import numpy as np
import pandas as pd

from engine.analysis.raw_values import as_categories, as_numbers, number_text
from engine.model_contract import MISSING
from engine.scoring import is_classification

MIN_ROWS_FLOOR = 20
MIN_ROWS_SHARE = 0.02
MAX_CATEGORIES = 20
NUMERIC_BINS = 5
MIN_Z = 2.5
FAMILY_FALSE_ALARM = 0.01
MIN_ACCURACY_GAP = 0.05
MIN_ERROR_RATIO = 1.2


def weak_slices(
    raw: pd.DataFrame, y_true, output: np.ndarray, schema: dict, task: str, classes: list[str],
    min_rows: int | None = None, max_slices: int = 10, threshold: float | None = None,
) -> list[dict]:
    """Slices of ``raw`` where the model is clearly and significantly worse than overall."""
    classification = is_classification(task)
    per_row = _per_row_quality(y_true, output, task, classes, threshold)
    n = len(per_row)
    if n == 0:
        return []
    if min_rows is None:
        min_rows = max(MIN_ROWS_FLOOR, math.ceil(MIN_ROWS_SHARE * n))
    candidates = [
        (described, mask)
        for column in schema["columns"]
        for described, mask in _column_slices(raw, column)
        if min_rows <= mask.sum() < n
    ]
    needed_z = _needed_z(len(candidates))
    overall = float(per_row.mean())
    found = []
    for described, mask in candidates:
        z = _worse_z(per_row[mask], per_row[~mask], classification)
        score = float(per_row[mask].mean())
        gap = overall - score if classification else score - overall
        if z >= needed_z and _practically_worse(score, overall, classification):
            rows = int(mask.sum())
            found.append({
                **described, "rows": rows, "score": score, "overall": overall, "gap": gap,
                "metric": "accuracy" if classification else "mean absolute error",
            })
    found.sort(key=lambda entry: entry["gap"] * math.sqrt(entry["rows"]), reverse=True)
    return found[:max_slices]


def slice_mask(raw: pd.DataFrame, slice: dict) -> np.ndarray:
    """Which rows of ``raw`` belong to a slice returned by ``weak_slices``."""
    values = raw[slice["column"]]
    if slice["kind"] == "category":
        return (as_categories(values) == slice["value"]).to_numpy()
    numbers = as_numbers(values)
    if slice["kind"] == "missing":
        return numbers.isna().to_numpy()
    # Bins report the smallest and largest value they hold, so both ends are inclusive.
    return ((numbers >= slice["low"]) & (numbers <= slice["high"])).to_numpy()


def _per_row_quality(y_true, output, task, classes, threshold) -> np.ndarray:
    """1/0 for a right/wrong label (classification), the absolute error (regression)."""
    y = np.asarray(y_true)
    if not is_classification(task):
        return np.abs(np.asarray(output, dtype=float) - y.astype(float))
    names = np.asarray(classes, dtype=object)
    if threshold is not None and len(classes) == 2:
        predicted = np.where(output[:, 1] >= threshold, names[1], names[0])
    else:
        predicted = names[np.asarray(output).argmax(axis=1)]
    return (predicted == y.astype(str)).astype(float)


def _column_slices(raw: pd.DataFrame, column: dict) -> Iterator[tuple[dict, np.ndarray]]:
    name, kind = column["name"], column["kind"]
    if kind in ("categorical", "boolean"):
        yield from _category_slices(name, raw[name])
    elif kind == "numeric":
        yield from _range_slices(name, raw[name])


def _category_slices(name: str, values: pd.Series) -> Iterator[tuple[dict, np.ndarray]]:
    text = as_categories(values)
    for value in text.value_counts().index[:MAX_CATEGORIES]:
        label = f"{name} is missing" if value == MISSING else f"{name} = {value}"
        described = _described(name, "category", label, value=str(value))
        yield described, (text == value).to_numpy()


def _range_slices(name: str, values: pd.Series) -> Iterator[tuple[dict, np.ndarray]]:
    numbers = as_numbers(values)
    present = numbers.notna().to_numpy()
    if not present.all():
        yield _described(name, "missing", f"{name} is missing"), ~present
    if not present.any():
        return
    known = numbers[present]
    if known.nunique() <= NUMERIC_BINS:
        bins = known.rank(method="dense")  # few values (flags, counts): one slice each
    else:
        # Quantile bins, (edge, next edge], the first one closed; ties merge bins, never split.
        bins = pd.qcut(known, NUMERIC_BINS, labels=False, duplicates="drop")
    for code in sorted(bins.unique()):
        low, high = float(known[bins == code].min()), float(known[bins == code].max())
        label = f"{name} = {number_text(low)}" if low == high else (
            f"{name} {number_text(low)} – {number_text(high)}"
        )
        mask = np.zeros(len(numbers), dtype=bool)
        mask[np.flatnonzero(present)[(bins == code).to_numpy()]] = True
        yield _described(name, "range", label, low=low, high=high), mask


def _described(column, kind, label, value=None, low=None, high=None) -> dict:
    return {"column": column, "kind": kind, "value": value, "low": low, "high": high, "label": label}


def _needed_z(tests: int) -> float:
    if tests <= 1:
        return MIN_Z
    return max(MIN_Z, NormalDist().inv_cdf(1 - FAMILY_FALSE_ALARM / tests))


def _worse_z(inside: np.ndarray, outside: np.ndarray, classification: bool) -> float:
    """How many standard errors the slice is worse than the rest of the rows (0 if not)."""
    if classification:
        pooled = np.concatenate([inside, outside]).mean()
        spread = math.sqrt(pooled * (1 - pooled) * (1 / len(inside) + 1 / len(outside)))
        difference = outside.mean() - inside.mean()
    else:
        # Welch's z on absolute errors: mean errors of large slices are near normal.
        spread = math.sqrt(inside.var(ddof=1) / len(inside) + outside.var(ddof=1) / len(outside))
        difference = inside.mean() - outside.mean()
    if not spread > 0:
        return 0.0
    return float(difference / spread)


def _practically_worse(score: float, overall: float, classification: bool) -> bool:
    if classification:
        return overall - score >= MIN_ACCURACY_GAP
    return score >= MIN_ERROR_RATIO * overall and score > overall
