"""Replay a file as a live feed: its rows scored in timed batches, as if they were arriving.

For demos without a server: every ``interval`` seconds the next ``batch_size`` rows go through
``score_batch`` with the watched model and are kept like any batch, so drift, windows and
alarms build up on screen as they would in production. The job runs on a worker; after each
batch it leaves the new board in a ``BoardSink`` the view empties on its redraw timer (a burst
of batches costs one redraw). Stop ends it between batches; the batches kept so far stay.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from engine.reporter import ChildReporter
from storage import Store

MIN_INTERVAL = 0.0
TICK = 0.05  # how often a waiting replay looks at the Stop button


class BoardSink:
    """The newest board a worker produced, taken once by the GUI thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._board = None
        self.batches = 0  # batches kept by the current replay

    def put(self, board) -> None:
        with self._lock:
            self._board = board

    def take(self):
        with self._lock:
            board, self._board = self._board, None
        return board


def slices(rows: int, batch_size: int) -> list[tuple[int, int]]:
    """``[start, end)`` of each batch; the last one may be shorter."""
    size = max(1, int(batch_size))
    return [(start, min(start + size, rows)) for start in range(0, rows, size)]


def replay(workspace: Path, project_id: int, file, columns: dict, batch_size: int,
           interval: float, window: dict | None, sink: BoardSink) -> Callable:
    """The replay job: returns ``{"batches", "rows", "alarms"}`` when the file is used up."""
    def run(reporter):
        from engine.errors import UserError
        from engine.monitor.record import score_batch
        from ui.monitor.feed import Feed

        frame = file.frame
        parts = slices(len(frame), batch_size)
        with Store.open(workspace) as store:
            feed = Feed(store, project_id, window)
            if feed.model is None:
                raise UserError("This project has no trained model to score with yet.",
                                "Train one first (New run…).")
            sink.put(feed.load())
            alarms = 0
            for number, (start, end) in enumerate(parts, 1):
                if number > 1:
                    _wait(interval, reporter)
                reporter.check_cancelled()
                share = ChildReporter(reporter, (number - 1) / len(parts), number / len(parts))
                result = score_batch(
                    store, feed.model, frame.iloc[start:end].reset_index(drop=True),
                    source_name=f"{file.name} · rows {start + 1:,}–{end:,}",
                    labels_col=columns.get("label"), id_col=columns.get("id"), reporter=share)
                alarms += len(result["alarms"]) + bool(result["prediction_drift"])
                sink.put(feed.add(store.batch(result["batch_id"])))
                sink.batches = number
                reporter.progress(number / len(parts),
                                  f"Replaying {file.name}: batch {number} of {len(parts)} kept")
        return {"batches": len(parts), "rows": len(frame), "alarms": alarms}
    return run


def _wait(seconds: float, reporter) -> None:
    """Sleep ``seconds`` in short steps, so Stop is felt at once."""
    deadline = time.monotonic() + max(MIN_INTERVAL, seconds)
    while True:
        reporter.check_cancelled()
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(TICK, left))
