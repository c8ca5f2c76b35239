"""A scored batch as the rows kept for monitoring, its summary, and late labels joined by id.

The kept rows (one Parquet file per batch) are what ``windows`` reads: ``row_id`` (text from
the id column, or missing), ``time`` (UTC), ``prediction``, ``proba_<class>`` columns, ``label``
(class text or number, missing while unknown) and ``label_at`` (when the label arrived).
Feature values are not kept: drift is measured when the batch is scored and kept in its summary.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.errors import DataError
from engine.monitor.windows import window_metrics
from engine.task import class_labels

PROBABILITY_BINS = 10
VALUE_BINS = 20


def labels_of(values: pd.Series, task: str) -> pd.Series:
    """Labels as the trainer sees them (class text, or numbers); missing stays missing."""
    if task == "regression":
        return pd.to_numeric(values, errors="coerce").astype(float)
    labels = pd.Series([None] * len(values), index=values.index, dtype=object)
    present = values.notna() & (values.astype(str).str.strip() != "")
    if present.any():
        labels[present] = class_labels(values[present]).to_numpy()
    return labels


def id_values(values: pd.Series) -> pd.Series:
    """Ids as text, so 12, 12.0 and " 12" from different files all join as "12"."""
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        numbers = values.astype(float)
        whole = numbers.notna() & (numbers == numbers.round())
        text = numbers.astype(str).astype(object)
        text[whole] = numbers[whole].round().astype("int64").astype(str)
        return text.where(numbers.notna(), None)
    text = values.astype(str).str.strip().astype(object)
    return text.where(values.notna() & (text != ""), None)


def times_of(frame: pd.DataFrame, time_col: str | None, at: pd.Timestamp) -> pd.Series:
    """Each row's time: the time column (UTC) where it parses, else the batch's time ``at``."""
    if time_col is None:
        return pd.Series(at, index=frame.index)
    if time_col not in frame.columns:
        raise DataError(f"The batch has no column {time_col!r} to take times from.",
                        f"Its columns: {', '.join(map(str, frame.columns[:20]))}.")
    values = frame[time_col]
    if not pd.api.types.is_datetime64_any_dtype(values):
        # Times without a zone are taken as UTC; text that is no time becomes the batch's time.
        values = pd.to_datetime(values, errors="coerce", format="mixed", utc=True)
    elif values.dt.tz is None:
        values = values.dt.tz_localize("UTC")
    else:
        values = values.dt.tz_convert("UTC")
    return values.where(values.notna(), at)


def scored_rows(
    table: pd.DataFrame, *, times: pd.Series, labels: pd.Series | None = None,
    ids: pd.Series | None = None,
) -> pd.DataFrame:
    """The rows kept for monitoring (see the module docstring), in the batch's row order.

    Labels that come with the batch are taken to have arrived at their row's time.
    """
    rows = pd.DataFrame(index=table.index)
    rows["row_id"] = pd.Series(None, index=table.index, dtype=object) if ids is None else ids
    rows["time"] = times.to_numpy()
    for column in table.columns:
        rows[column] = table[column].to_numpy()
    if labels is None:
        labels = pd.Series(None, index=table.index, dtype=object)
    rows["label"] = labels.to_numpy()
    rows["label_at"] = pd.Series(times.to_numpy(), index=table.index).where(
        labels.notna().to_numpy(), pd.NaT)
    return rows.reset_index(drop=True)


def summarise(rows: pd.DataFrame, schema: dict) -> dict:
    """Rows, times, label count, prediction distribution, and metrics where labels are known."""
    task, classes = schema["task"], [str(c) for c in schema.get("classes") or []]
    labelled = rows[rows["label"].notna()]
    summary = {
        "rows": int(len(rows)),
        "first_time": _iso(rows["time"].min()),
        "last_time": _iso(rows["time"].max()),
        "labelled": int(len(labelled)),
        "prediction": prediction_summary(rows, task, classes),
        "metrics": window_metrics(labelled, task, classes) if len(labelled) else None,
    }
    return summary


def prediction_summary(rows: pd.DataFrame, task: str, classes: list[str]) -> dict:
    """For charts: a histogram of the yes-probability or value, and the predicted class shares."""
    if task == "regression":
        values = rows["prediction"].to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        counts, edges = np.histogram(values, bins=VALUE_BINS) if len(values) else ([], [])
        return {"kind": "value", "mean": _number(values.mean() if len(values) else None),
                "median": _number(np.median(values) if len(values) else None),
                "histogram": {"edges": [float(e) for e in edges],
                              "counts": [int(c) for c in counts]}}
    shares = rows["prediction"].astype(str).value_counts(normalize=True)
    summary = {"kind": "class", "class_shares": {c: float(shares.get(c, 0.0)) for c in classes}}
    if task == "binary":
        yes = rows[f"proba_{classes[1]}"].to_numpy(dtype=float)
        counts, edges = np.histogram(yes, bins=PROBABILITY_BINS, range=(0.0, 1.0))
        summary.update(kind="probability", positive=classes[1], mean=_number(yes.mean()),
                       histogram={"edges": [float(e) for e in edges],
                                  "counts": [int(c) for c in counts]})
    return summary


def join_labels(rows: pd.DataFrame, labels: dict[str, object], at: pd.Timestamp
                ) -> tuple[pd.DataFrame, dict]:
    """Put late labels (``{row_id: label}``) on kept rows; a label that changes is re-dated.

    Returns the updated rows and ``{"matched", "new", "changed", "ids"}`` (``ids``: the row ids
    that matched, to tell which labels matched nothing anywhere).
    """
    rows = rows.copy()
    ids = rows["row_id"]
    matched = ids.notna() & ids.isin(labels.keys())
    incoming = ids[matched].map(labels)
    old = rows.loc[matched, "label"]
    fresh = old.isna()
    differs = ~fresh & (old.astype(str) != incoming.astype(str))
    touched = incoming.index[(fresh | differs).to_numpy()]
    if len(touched):
        if rows["label"].dtype != float:
            rows["label"] = rows["label"].astype(object)
        rows.loc[touched, "label"] = incoming.loc[touched].to_numpy()
        arrived = pd.to_datetime(rows["label_at"], utc=True)
        arrived.loc[touched] = at
        rows["label_at"] = arrived
    counts = {"matched": int(matched.sum()), "new": int(fresh.sum()), "changed": int(differs.sum()),
              "ids": set(ids[matched].tolist())}
    return rows, counts


def _iso(stamp) -> str | None:
    if stamp is None or pd.isna(stamp):
        return None
    return pd.Timestamp(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def _number(value) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)
