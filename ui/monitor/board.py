"""What the Monitor view draws, as plain data: one ``Board`` per refresh. Qt-free, numpy only.

A board is built on a worker (``ui.monitor.feed``) and handed whole to the GUI thread, which
only draws it. The charts share one x axis: batch ``i`` (oldest first) spans ``[i, i + 1)``,
whatever its size, so the drift heat-strip's columns line up with everything else; a row or a
window sits inside its batch in proportion to where it falls in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PREDICTION = "(prediction)"  # engine.monitor.drift.PREDICTION: the predictions' own drift row
MAX_FEATURES = 10  # heat-strip rows beyond the prediction's: the columns that moved most


@dataclass(frozen=True)
class BatchPoint:
    """One kept batch: where it came from, what the model said, and how far each column moved."""

    id: int
    at: str
    created_at: str
    source: str
    rows: int
    labelled: int
    model_id: int
    mean: float | None = None  # yes-probability (yes / no) or predicted value (numbers)
    low: float | None = None  # 10th percentile of the same
    high: float | None = None  # 90th percentile
    shares: dict[str, float] = field(default_factory=dict)  # predicted class shares
    entries: dict[str, dict] = field(default_factory=dict)  # feature -> drift entry as kept

    @property
    def alarms(self) -> list[str]:
        """The columns (and the prediction) that raised an alarm, worst first."""
        alarming = [(ratio(e), name) for name, e in self.entries.items() if e.get("alarm")]
        return [name for _, name in sorted(alarming, reverse=True)]


@dataclass(frozen=True)
class Board:
    """Everything the Monitor view shows for a project at one moment."""

    project_id: int
    project: str
    task: str | None = None
    metric: str | None = None
    classes: tuple[str, ...] = ()
    model: dict | None = None  # the watched model: id, name, stage, training, baseline, ...
    batches: tuple[BatchPoint, ...] = ()
    windows: tuple[dict, ...] = ()  # engine.monitor.windows.rolling_windows, each with "x"
    window: dict = field(default_factory=lambda: {"size": 500, "step": 500, "unit": "rows"})
    row_x: np.ndarray = field(default_factory=lambda: np.zeros(0))
    row_y: np.ndarray = field(default_factory=lambda: np.zeros(0))
    smoothing: int = 0  # rows per point of the moving mean in row_y
    retrains: tuple[dict, ...] = ()  # {"x", "run_id", "words"}
    reference_mean: float | None = None  # the same signal as ``mean`` on the training rows

    @property
    def rows(self) -> int:
        return sum(b.rows for b in self.batches)

    def is_empty(self) -> bool:
        return not self.batches

    def features(self, limit: int = MAX_FEATURES) -> list[str]:
        """Heat-strip rows: the prediction first, then the columns that moved most (alarms first)."""
        worst: dict[str, tuple[bool, float]] = {}
        for batch in self.batches:
            for name, entry in batch.entries.items():
                if name == PREDICTION:
                    continue
                alarm, score = worst.get(name, (False, 0.0))
                worst[name] = (alarm or bool(entry.get("alarm")), max(score, ratio(entry)))
        ordered = sorted(worst, key=lambda n: (not worst[n][0], -worst[n][1], n))[:limit]
        has_prediction = any(PREDICTION in b.entries for b in self.batches)
        return ([PREDICTION] if has_prediction else []) + ordered

    def feature_count(self) -> int:
        """How many columns were measured at all (the heat-strip may show fewer)."""
        return len({n for b in self.batches for n in b.entries if n != PREDICTION})

    def heat(self, features: list[str]) -> np.ndarray:
        """statistic / threshold per (batch, feature); NaN where a batch did not measure it."""
        values = np.full((len(self.batches), len(features)), np.nan)
        for i, batch in enumerate(self.batches):
            for j, name in enumerate(features):
                entry = batch.entries.get(name)
                if entry is not None:
                    values[i, j] = ratio(entry)
        return values

    def alarm_cells(self, features: list[str]) -> list[tuple[int, int]]:
        """(batch index, feature index) of every alarm the heat-strip shows."""
        index = {name: j for j, name in enumerate(features)}
        return [(i, index[name]) for i, batch in enumerate(self.batches)
                for name in batch.alarms if name in index]

    def alarm_batches(self) -> list[int]:
        return [i for i, batch in enumerate(self.batches) if batch.alarms]

    def entry(self, batch_index: int, feature: str) -> dict | None:
        if 0 <= batch_index < len(self.batches):
            return self.batches[batch_index].entries.get(feature)
        return None


def ratio(entry: dict) -> float:
    """How far a column moved, in thresholds: 1 is the alarm line."""
    threshold = entry.get("threshold") or 0.0
    return float(entry.get("statistic", 0.0)) / threshold if threshold > 0 else 0.0


def moving_mean(values: np.ndarray, width: int) -> np.ndarray:
    """The mean of each value and the ``width - 1`` before it (fewer at the start)."""
    values = np.asarray(values, dtype=float)
    if len(values) == 0 or width <= 1:
        return values.copy()
    sums = np.cumsum(np.insert(values, 0, 0.0))
    ends = np.arange(1, len(values) + 1)
    starts = np.maximum(0, ends - width)
    return (sums[ends] - sums[starts]) / (ends - starts)


def row_positions(sizes: list[int]) -> np.ndarray:
    """Each row's x: batch ``i`` of ``n`` rows puts its rows evenly inside ``[i, i + 1)``."""
    parts = [i + (np.arange(n) + 0.5) / n for i, n in enumerate(sizes) if n > 0]
    return np.concatenate(parts) if parts else np.zeros(0)
