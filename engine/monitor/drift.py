"""Drift of a batch against the training reference: per feature, and of the predictions.

Numeric columns: the headline is Kolmogorov-Smirnov on the reference's percentile grid, with
missing values as a last bin (so a column that suddenly goes missing drifts too); also the
Wasserstein distance divided by the reference's spread (its IQR, or its standard deviation
when the IQR is 0, or 1 when both are), and PSI over 10 reference-quantile bins. Categorical
and boolean columns: the headline is the Jensen-Shannon distance over the reference's 30 most
common values, the rest of the training values, and values never seen in training ("new");
also chi-square with Cramér's V, PSI over the same bins, and the share of new values. Datetime
columns are skipped: dates move forward by nature.

Prediction drift compares what the model says on the batch with what it says on the
reference: the yes-probability (binary) or predicted value (regression) as a numeric column,
the predicted class (multiclass) as a categorical one.

Thresholds come from ``stats.null_threshold`` at the batch's size bucket, cached on the
reference per (column, bucket), and are never below ``stats.MIN_EFFECT``. A column that
drifts alarms only if the model uses it: its importance share is unknown (None: every column
counts) or at least ``MIN_IMPORTANCE``. A drifting column the model ignores is still shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from engine.errors import DataError
from engine.model_contract import SchemaMismatch, prepare_features
from engine.monitor import stats
from engine.monitor.binning import (
    ColumnReference,
    category_statistics,
    numeric_statistics,
    reference_column,
)
from engine.monitor.drift_words import chart, describe

MIN_ROWS = 20  # fewer rows than this cannot tell drift from noise
# A column carrying less than this share of the model's importance cannot alarm alone: its
# drift barely moves the predictions, and when many such columns move together the
# prediction drift (which always may alarm) says so.
MIN_IMPORTANCE = 0.02
PREDICTION = "(prediction)"
_SIGNALS = {"binary": "probability", "regression": "value", "multiclass": "class"}


@dataclass
class DriftReference:
    """The training reference binned per column, with its null thresholds cached per bucket."""

    columns: list[ColumnReference]
    prediction: ColumnReference | None
    schema: dict
    skipped: list[str]
    _null: dict = field(default_factory=dict, repr=False)

    def threshold(self, column: ColumnReference, n: int) -> tuple[float, float]:
        """(alarm threshold, null quantile) for ``column`` on a batch of ``n`` rows."""
        bucket = stats.n_bucket(n)
        name = "ks" if column.numeric else "js"
        key = (column.name, bucket)
        if key not in self._null:
            self._null[key] = stats.null_threshold(
                stats.shares(column.counts), bucket, column.rows, name,
                seed=stats.seed_for(column.name, bucket, name),
            )
        null = self._null[key]
        return max(null, stats.MIN_EFFECT[name]), null


def build_reference(
    frame: pd.DataFrame, schema: dict, *, predictions: pd.DataFrame | None = None,
    importance: dict[str, float] | None = None,
) -> DriftReference:
    """Bin the reference rows (raw, with the schema's columns) and, if given, their predictions.

    ``predictions`` is the reference's prediction table (``engine.model_contract``);
    ``importance`` maps a column to its share of the model's importance (None: unknown).
    """
    columns, skipped = [], []
    prepared = _prepared(frame, schema)
    for column in schema["columns"]:
        name, kind = column["name"], column["kind"]
        if kind == "datetime":
            skipped.append(name)
            continue
        share = None if importance is None else float(importance.get(name, 0.0))
        columns.append(reference_column(name, kind, prepared[name], share))
    prediction = None
    if predictions is not None:
        kind, values = prediction_signal(predictions, schema)
        prediction = reference_column(PREDICTION, kind, values, None)
        prediction.kind = "prediction"
        prediction.summary["signal"] = _SIGNALS[schema["task"]]
    return DriftReference(columns, prediction, schema, skipped)


def batch_drift(
    reference: DriftReference, frame: pd.DataFrame, predictions: pd.DataFrame | None = None
) -> dict:
    """Drift of ``frame`` (raw rows) and its prediction table against ``reference``.

    Returns ``{"rows", "alpha", "features": [entry, ...] (alarms first), "prediction": entry
    or None, "alarms": [names], "drifted": [names], "skipped": [names]}``; an entry is
    ``{"feature", "kind", "statistic", "statistic_name", "statistics", "threshold",
    "null_threshold", "drifted", "alarm", "importance", "words", "summary", "chart"}``.
    """
    n = len(frame)
    prepared = _prepared(frame, reference.schema)
    entries = [_entry(reference, column, prepared[column.name], n) for column in reference.columns]
    entries.sort(key=lambda e: (not e["alarm"], not e["drifted"], -e["statistic"] / e["threshold"]))
    prediction = None
    if reference.prediction is not None and predictions is not None:
        _, values = prediction_signal(predictions, reference.schema)
        prediction = _entry(reference, reference.prediction, values, n)
    return {
        "rows": n,
        "alpha": stats.ALPHA,
        "features": entries,
        "prediction": prediction,
        "alarms": [e["feature"] for e in entries if e["alarm"]],
        "drifted": [e["feature"] for e in entries if e["drifted"]],
        "skipped": list(reference.skipped),
    }


def prediction_signal(table: pd.DataFrame, schema: dict) -> tuple[str, pd.Series]:
    """What prediction drift watches: yes-probability, predicted value, or predicted class."""
    task = schema["task"]
    if task == "binary":
        return "numeric", table[f"proba_{schema['classes'][1]}"].astype(float)
    if task == "regression":
        return "numeric", table["prediction"].astype(float)
    return "categorical", table["prediction"].astype(str)


def _prepared(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    # No category list: a value never seen in training must stay itself, not become "(other)".
    plain = {**schema, "columns": [
        {"name": c["name"], "kind": c["kind"]} for c in schema["columns"] if c["kind"] != "datetime"
    ]}
    try:
        return prepare_features(frame, plain)
    except SchemaMismatch as error:
        raise DataError(f"The batch cannot be compared with the training data: {error}.",
                        "Score a file with the same columns as the training data.") from None


def _entry(reference: DriftReference, column: ColumnReference, values: pd.Series, n: int) -> dict:
    threshold, null = reference.threshold(column, max(n, 1))
    if column.numeric:
        statistic, statistics, batch_counts, extra = numeric_statistics(column, values)
    else:
        statistic, statistics, batch_counts, extra = category_statistics(column, values)
    drifted = bool(n >= MIN_ROWS and statistic > threshold)
    used = column.importance is None or column.importance >= MIN_IMPORTANCE
    entry = {
        "feature": column.name,
        "kind": column.kind,
        "statistic": float(statistic),
        "statistic_name": "ks" if column.numeric else "js",
        "statistics": statistics,
        "threshold": float(threshold),
        "null_threshold": float(null),
        "drifted": drifted,
        "alarm": bool(drifted and used),
        "importance": column.importance,
        "rows": n,
        "summary": {"reference": dict(column.summary), "batch": extra},
        "chart": chart(column, batch_counts),
    }
    entry["words"] = describe(entry, column, too_few=n < MIN_ROWS)
    return entry
