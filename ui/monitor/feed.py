"""Build the Monitor view's ``Board`` from the store: batches, their rows, windows, retrains.

Runs on a worker only (it imports pandas and the engine, and reads every batch's rows). A
``Feed`` can also take batches one at a time, which is how a replay moves the charts without
re-reading what it has already read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.monitor.record import batch_rows
from engine.monitor.report import DEFAULT_WINDOW
from engine.monitor.windows import HEADLINE, UNITS, rolling_windows
from storage import Batch, Store
from ui.monitor.board import PREDICTION, BatchPoint, Board, moving_mean, row_positions
from ui.monitor.watched import model_facts, watched_model

SMOOTHING = 200  # rows per point of the moving mean of the predictions


def window_spec(window: dict | None) -> dict:
    """``{"size", "step", "unit"}`` with the engine's defaults filled in."""
    window = dict(window or {})
    unit = window.get("unit") if window.get("unit") in UNITS else "rows"
    size = int(window.get("size") or DEFAULT_WINDOW[unit])
    return {"size": size, "step": int(window.get("step") or size), "unit": unit}


class Feed:
    """One project's board, built from the store; ``add`` takes one more batch (a replay)."""

    def __init__(self, store: Store, project_id: int, window: dict | None = None) -> None:
        self.store = store
        self.project = store.project(project_id)
        self.window = window_spec(window)
        self.model = watched_model(store, project_id)
        self.task: str | None = None
        self.classes: list[str] = []
        self.points: list[BatchPoint] = []
        self.frames: list[pd.DataFrame] = []
        self.signals: list[np.ndarray] = []
        self._schemas: dict[int, dict] = {}
        if self.model is not None:
            self._use_schema(self.model.details["schema"])

    def load(self) -> Board:
        """Every batch of the project, oldest first."""
        for batch in self.store.batches(self.project.id):
            self._take(batch)
        return self.board()

    def add(self, batch: Batch) -> Board:
        """The board with one more batch (scored just now)."""
        self._take(batch)
        return self.board()

    def board(self) -> Board:
        sizes = [len(frame) for frame in self.frames]
        row_x = row_positions(sizes)
        signal = np.concatenate(self.signals) if self.signals else np.zeros(0)
        latest = self.points[-1].entries.get(PREDICTION) if self.points else None
        reference = ((latest or {}).get("summary") or {}).get("reference") or {}
        return Board(
            project_id=self.project.id, project=self.project.name, task=self.task,
            metric=HEADLINE.get(self.task or ""), classes=tuple(self.classes),
            model=model_facts(self.model), batches=tuple(self.points),
            windows=tuple(self._windows(row_x)), window=dict(self.window),
            row_x=row_x, row_y=moving_mean(signal, SMOOTHING) if len(signal) else signal,
            smoothing=SMOOTHING, retrains=tuple(self._retrains()),
            reference_mean=reference.get("mean") if self.task != "multiclass" else None,
        )

    # --- reading --------------------------------------------------------------------------
    def _schema(self, model_id: int) -> dict:
        if model_id not in self._schemas:
            self._schemas[model_id] = self.store.model_version(model_id).details["schema"]
        return self._schemas[model_id]

    def _use_schema(self, schema: dict) -> None:
        self.task = schema["task"]
        self.classes = [str(c) for c in schema.get("classes") or []]

    def _take(self, batch: Batch) -> None:
        schema = self._schema(batch.model_version_id)
        if self.task is None:
            self._use_schema(schema)
        if schema["task"] != self.task:
            return  # another question's batches: their windows could not be compared
        rows = batch_rows(self.store, batch)
        values = self._signal(rows)
        summary = batch.summary or {}
        drift = summary.get("drift") or {}
        entries = {e["feature"]: e for e in drift.get("features", [])}
        if drift.get("prediction"):
            entries[PREDICTION] = drift["prediction"]
        finite = values[np.isfinite(values)]
        low, mean, high = ((float(np.quantile(finite, 0.1)), float(finite.mean()),
                            float(np.quantile(finite, 0.9))) if len(finite) else (None,) * 3)
        shares = (summary.get("prediction") or {}).get("class_shares") or {}
        self.points.append(BatchPoint(
            id=batch.id, at=batch.at, created_at=batch.created_at, source=batch.source_name,
            rows=len(rows), labelled=batch.labelled, model_id=batch.model_version_id,
            mean=mean, low=low, high=high, shares=dict(shares), entries=entries))
        self.frames.append(rows)
        self.signals.append(values)

    def _signal(self, rows: pd.DataFrame) -> np.ndarray:
        """The number the prediction chart follows per row (none for categories)."""
        if self.task == "binary":
            return rows[f"proba_{self.classes[1]}"].to_numpy(dtype=float)
        if self.task == "regression":
            return pd.to_numeric(rows["prediction"], errors="coerce").to_numpy(dtype=float)
        return np.zeros(0)

    def _windows(self, row_x: np.ndarray) -> list[dict]:
        """Rolling windows, each placed at its last row's x (``x``: None for an empty one)."""
        if not self.frames or self.task is None:
            return []
        rows = pd.concat(self.frames, ignore_index=True)
        size, step, unit = self.window["size"], self.window["step"], self.window["unit"]
        windows = rolling_windows(rows, self.task, self.classes, size=size, step=step, unit=unit)
        # The engine orders rows by time, keeping ties in this order: do the same to place them.
        times = pd.to_datetime(rows["time"], utc=True).to_numpy(dtype="datetime64[ns]")
        order = np.argsort(times, kind="stable")
        placed, ordered = row_x[order], times[order]
        n, count = len(rows), len(windows)
        for k, window in enumerate(windows):
            if unit == "rows":
                last = n - (count - 1 - k) * step - 1
            else:
                end = pd.Timestamp(window["end"]).tz_convert(None).to_datetime64()
                last = int(np.searchsorted(ordered, end, side="left")) - 1
            window["x"] = float(placed[last]) if window["rows"] and 0 <= last < n else None
        return windows

    def _retrains(self) -> list[dict]:
        """Retrain runs, each placed after the last batch that was kept before it."""
        found = []
        for event in self.store.events(self.project.id):
            if event.kind != "retrain":
                continue
            x = sum(1 for p in self.points if p.created_at <= event.at)
            found.append({"x": float(x), "run_id": event.entity_id, "words": event.message,
                          "challenger": (event.data or {}).get("challenger")})
        return sorted(found, key=lambda r: r["x"])
