"""Rolling windows over scored rows: the model's metrics per window, with a confidence band.

Input is one frame of scored rows: ``time`` (when the row happened or was scored),
``prediction``, for classification one ``proba_<class>`` column per class, ``label`` (missing
while unknown) and optionally ``label_at`` (when the label arrived; missing means at ``time``).

Windows are counted back from the newest row, so the latest window is always full: ``size``
rows (or days) every ``step`` rows (or days); the oldest window may be shorter. A day window
runs from midnight UTC to midnight UTC; the newest ends at the midnight after the last row.

Label delay: a window's metrics use only rows whose label had arrived by the cut-off, and
say how many rows were still waiting (``pending``). The cut-off is ``as_of``: None counts
every label in the frame (today's view), a time counts labels that arrived by then, and
``"window_end"`` counts, for each window, labels that arrived by its own end (at or before its
last row's time for row windows, before its closing midnight for day windows): what you would
have known then, the honest replay.

Bands (95 %): accuracy, Wilson score interval; ROC-AUC, Hanley & McNeil's standard error;
balanced accuracy, normal interval from the per-class recalls' binomial variances; MAE, normal
interval of the mean absolute error; R², percentile bootstrap (200 resamples, fixed seed).
A metric that cannot be computed (one class only, fewer than 2 labels) is None.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

HEADLINE = {"binary": "roc_auc", "multiclass": "balanced_accuracy", "regression": "r2"}
Z = 1.959964  # 95 % two-sided
BOOTSTRAP = 200
MAX_WINDOWS = 500  # the newest ones; a chart of more would not be read
UNITS = ("rows", "days")


def rolling_windows(
    rows: pd.DataFrame, task: str, classes: list[str], *, size: int, step: int | None = None,
    unit: str = "rows", as_of=None,
) -> list[dict]:
    """Metrics per window, oldest first (see the module docstring).

    Each window: ``{"index", "start", "end", "rows", "labelled", "pending", "metric",
    "value", "low", "high", "metrics": {name: {"value", "low", "high"}}}``; times are ISO-8601
    UTC text.
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be 'rows' or 'days', not {unit!r}")
    if size < 1 or (step is not None and step < 1):
        raise ValueError("window size and step must be at least 1")
    step = step or size
    if rows.empty:
        return []
    frame = _ordered(rows)
    spans = _row_spans(frame, size, step) if unit == "rows" else _day_spans(frame, size, step)
    windows = []
    for index, (start, end, part, inclusive) in enumerate(spans):
        cutoff = end if as_of == "window_end" else (None if as_of is None else _utc_one(as_of))
        known = _known(part, cutoff, inclusive or as_of != "window_end")
        scored = window_metrics(part[known], task, classes)
        windows.append({
            "index": index,
            "start": _iso(start),
            "end": _iso(end),
            "rows": int(len(part)),
            "labelled": int(known.sum()),
            "pending": int(len(part) - known.sum()),
            **scored,
        })
    return windows


def window_metrics(labelled: pd.DataFrame, task: str, classes: list[str]) -> dict:
    """The headline metric and accuracy (or MAE) of labelled scored rows, with their bands."""
    if task == "regression":
        truth = pd.to_numeric(labelled["label"], errors="coerce").to_numpy(dtype=float)
        guess = labelled["prediction"].to_numpy(dtype=float)
        metrics = {"r2": _r2(truth, guess), "mae": _mae(truth, guess)}
    else:
        truth = labelled["label"].astype(str).to_numpy()
        guess = labelled["prediction"].astype(str).to_numpy()
        correct = int((truth == guess).sum())
        metrics = {"accuracy": _wilson(correct, len(truth))}
        if task == "binary":
            yes = classes[1]
            metrics = {"roc_auc": _auc(truth == yes, labelled[f"proba_{yes}"].to_numpy(float)),
                       **metrics}
        else:
            metrics = {"balanced_accuracy": _balanced(truth, guess), **metrics}
    headline = HEADLINE[task]
    return {"metric": headline, **metrics[headline], "metrics": metrics}


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    frame = rows.copy()
    frame["time"] = _utc(frame["time"])
    if "label_at" in frame.columns:
        arrived = _utc(frame["label_at"])
        frame["label_at"] = arrived.where(arrived.notna(), frame["time"])
    else:
        frame["label_at"] = frame["time"]
    return frame.sort_values("time", kind="mergesort").reset_index(drop=True)


def _row_spans(frame: pd.DataFrame, size: int, step: int):
    spans, end = [], len(frame)
    while end > 0 and len(spans) < MAX_WINDOWS:
        start = max(0, end - size)
        part = frame.iloc[start:end]
        spans.append((part["time"].iloc[0], part["time"].iloc[-1], part, True))
        if start == 0:
            break
        end -= step
    return spans[::-1]


def _day_spans(frame: pd.DataFrame, size: int, step: int):
    first = frame["time"].iloc[0]
    end = frame["time"].iloc[-1].normalize() + pd.Timedelta(days=1)
    spans = []
    times = frame["time"]
    while end > first and len(spans) < MAX_WINDOWS:
        start = end - pd.Timedelta(days=size)
        lo, hi = times.searchsorted(start, side="left"), times.searchsorted(end, side="left")
        spans.append((start, end, frame.iloc[lo:hi], False))
        end -= pd.Timedelta(days=step)
    return spans[::-1]


def _known(part: pd.DataFrame, cutoff, inclusive: bool) -> np.ndarray:
    has_label = part["label"].notna().to_numpy()
    if cutoff is None:
        return has_label
    arrived = part["label_at"] <= cutoff if inclusive else part["label_at"] < cutoff
    return has_label & arrived.to_numpy()


def _utc(values) -> pd.Series:
    stamps = pd.Series(values)
    if not pd.api.types.is_datetime64_any_dtype(stamps):
        return pd.to_datetime(stamps, errors="coerce", format="mixed", utc=True)
    if stamps.dt.tz is None:
        return stamps.dt.tz_localize("UTC")
    return stamps.dt.tz_convert("UTC")


def _utc_one(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def _band(value: float | None, low: float | None = None, high: float | None = None) -> dict:
    def plain(x):
        return None if x is None or not math.isfinite(x) else float(x)

    return {"value": plain(value), "low": plain(low), "high": plain(high)}


def _wilson(successes: int, n: int) -> dict:
    if n == 0:
        return _band(None)
    share = successes / n
    centre = (share + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(share * (1 - share) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return _band(share, max(0.0, centre - half), min(1.0, centre + half))


def _auc(positive: np.ndarray, score: np.ndarray) -> dict:
    n1, n0 = int(positive.sum()), int((~positive).sum())
    if n1 == 0 or n0 == 0:
        return _band(None)
    ranks = pd.Series(score).rank(method="average").to_numpy()
    auc = (ranks[positive].sum() - n1 * (n1 + 1) / 2) / (n1 * n0)
    q1, q2 = auc / (2 - auc), 2 * auc * auc / (1 + auc)
    variance = (auc * (1 - auc) + (n1 - 1) * (q1 - auc * auc) + (n0 - 1) * (q2 - auc * auc))
    se = math.sqrt(max(variance, 0.0) / (n1 * n0))
    return _band(auc, max(0.0, auc - Z * se), min(1.0, auc + Z * se))


def _balanced(truth: np.ndarray, guess: np.ndarray) -> dict:
    present = sorted(set(truth.tolist()))
    if not present:
        return _band(None)
    recalls, variance = [], 0.0
    for label in present:
        mine = truth == label
        recall = float((guess[mine] == label).mean())
        recalls.append(recall)
        variance += recall * (1 - recall) / mine.sum()
    value = float(np.mean(recalls))
    se = math.sqrt(variance) / len(present)
    return _band(value, max(0.0, value - Z * se), min(1.0, value + Z * se))


def _mae(truth: np.ndarray, guess: np.ndarray) -> dict:
    errors = np.abs(truth - guess)
    errors = errors[np.isfinite(errors)]
    if len(errors) == 0:
        return _band(None)
    value = float(errors.mean())
    if len(errors) < 2:
        return _band(value)
    se = float(errors.std(ddof=1)) / math.sqrt(len(errors))
    return _band(value, max(0.0, value - Z * se), value + Z * se)


def _r2(truth: np.ndarray, guess: np.ndarray) -> dict:
    ok = np.isfinite(truth) & np.isfinite(guess)
    truth, guess = truth[ok], guess[ok]
    if len(truth) < 2 or np.var(truth) == 0:
        return _band(None)
    value = _r2_of(truth[None, :], guess[None, :])[0]
    rng = np.random.default_rng(0)
    draws = max(20, min(BOOTSTRAP, 2_000_000 // len(truth)))  # bounded memory and time
    picks = rng.integers(0, len(truth), size=(draws, len(truth)))
    boot = _r2_of(truth[picks], guess[picks])
    boot = boot[np.isfinite(boot)]
    if len(boot) == 0:
        return _band(value)
    return _band(value, float(np.quantile(boot, 0.025)), float(np.quantile(boot, 0.975)))


def _r2_of(truth: np.ndarray, guess: np.ndarray) -> np.ndarray:
    residual = ((truth - guess) ** 2).sum(axis=1)
    total = ((truth - truth.mean(axis=1, keepdims=True)) ** 2).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return 1 - residual / total
