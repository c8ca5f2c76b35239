"""Drift in words and as chart data: what moved, said the way a person would say it."""

from __future__ import annotations

import numpy as np

from engine.monitor import stats
from engine.monitor.binning import NEW, REST, ColumnReference
from engine.task import format_number, percent

MISSING_MOVE = 0.05  # a change in the share of missing values worth naming first
NEW_SHARE = 0.05  # a share of never-seen values worth naming first


def describe(entry: dict, column: ColumnReference, *, too_few: bool) -> str:
    """One sentence about one column's drift (or its absence)."""
    name = "Predictions" if entry["kind"] == "prediction" else column.name
    if too_few:
        return f"{name}: only {entry['rows']} row(s), too few to judge drift."
    if column.numeric:
        text = _numeric_words(name, entry, column)
    else:
        text = _category_words(name, entry, column)
    if entry["drifted"] and not entry["alarm"]:
        text += "; the model barely uses it, so this is no alarm"
    return text + "."


def _numeric_words(name: str, entry: dict, column: ColumnReference) -> str:
    then, now = column.summary, entry["summary"]["batch"]
    verb = "look" if entry["kind"] == "prediction" else "looks"
    median, mean = _measures(column)
    if not entry["drifted"]:
        if then["median"] is None or now["median"] is None:
            return f"{name} {verb} as in training"
        return (f"{name} {verb} as in training ({median} {_number(then['median'])} then, "
                f"{_number(now['median'])} now)")
    moved = now["missing_share"] - then["missing_share"]
    if abs(moved) >= MISSING_MOVE or now["median"] is None or then["median"] is None:
        return (f"{name} shifted: missing values went from {percent(then['missing_share'])} "
                f"to {percent(now['missing_share'])} of rows")
    if _number(then["median"]) != _number(now["median"]):
        return (f"{name} shifted: {median} went from {_number(then['median'])} to "
                f"{_number(now['median'])}")
    return f"{name} shifted: {mean} went from {_number(then['mean'])} to {_number(now['mean'])}"


def _measures(column: ColumnReference) -> tuple[str, str]:
    signal = column.summary.get("signal")
    if signal in ("probability", "value"):
        return f"the median predicted {signal}", f"the mean predicted {signal}"
    return "its median", "its mean"


def _category_words(name: str, entry: dict, column: ColumnReference) -> str:
    chart_data = entry["chart"]
    labels, before, after = chart_data["bins"], chart_data["reference"], chart_data["batch"]
    changes = [abs(b - a) for a, b in zip(before, after, strict=True)]
    biggest = int(np.argmax(changes)) if changes else 0
    new_share = entry["statistics"]["new_share"]
    if not entry["drifted"]:
        verb = "look" if name == "Predictions" else "looks"
        return f"{name} {verb} as in training"
    if new_share >= NEW_SHARE and new_share >= changes[biggest] / 2:
        examples = ", ".join(repr(v) for v in entry["summary"]["batch"]["new_examples"])
        return (f"{name} shifted: {percent(new_share)} of rows hold values never seen in "
                f"training (e.g. {examples})")
    label = labels[biggest]
    if name == "Predictions":
        return (f"Predictions shifted: {label!r} is now predicted for {percent(after[biggest])} "
                f"of rows ({percent(before[biggest])} in training)")
    return (f"{name} shifted: {label!r} went from {percent(before[biggest])} to "
            f"{percent(after[biggest])} of rows")


def chart(column: ColumnReference, batch_counts: np.ndarray) -> dict:
    """Bins with the reference's and the batch's shares: ``{"bins", "reference", "batch"}``."""
    if column.numeric:
        bins = _numeric_bins(column.psi_cuts) + ["missing"]
        reference, batch = column.psi_counts, batch_counts
    else:
        bins = [*column.categories, REST, NEW]
        reference, batch = column.counts, batch_counts
    ref_shares, batch_shares = stats.shares(reference), stats.shares(batch)
    special = 1 if column.numeric else 2  # "missing", or the rest and new bins: shown if used
    keep = [i for i in range(len(bins))
            if i < len(bins) - special or ref_shares[i] > 0 or batch_shares[i] > 0]
    return {
        "bins": [bins[i] for i in keep],
        "reference": [float(ref_shares[i]) for i in keep],
        "batch": [float(batch_shares[i]) for i in keep],
    }


def _numeric_bins(cuts: np.ndarray) -> list[str]:
    if len(cuts) == 0:
        return ["all values"]
    text = [_number(c) for c in cuts]
    return [f"≤ {text[0]}", *(f"{a} – {b}" for a, b in zip(text[:-1], text[1:], strict=True)),
            f"> {text[-1]}"]


def _number(value: float | None) -> str:
    return "—" if value is None else format_number(value)
