"""Replay a file as a live feed: its rows scored in timed batches, as if they were arriving.

For demos without a server: every ``interval`` seconds the next ``batch_size`` rows go through
``score_batch`` with the watched model and are kept like any batch, so drift, windows and
alarms build up on screen as they would in production. The job runs in a child process (on a
thread its pandas and scikit-learn work stalled the window for up to 200 ms); after each batch
it publishes the new board, which the view's ``BoardSink`` keeps until its redraw timer takes
it (a burst of batches costs one redraw). Stop ends it between batches; the batches kept so
far stay.
"""

from __future__ import annotations

import threading
import time

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

    def put_published(self, payload) -> None:
        """A replay's ``(batches kept, board)``."""
        self.batches, board = payload
        self.put(board)

    def take(self):
        with self._lock:
            board, self._board = self._board, None
        return board


def slices(rows: int, batch_size: int) -> list[tuple[int, int]]:
    """``[start, end)`` of each batch; the last one may be shorter."""
    size = max(1, int(batch_size))
    return [(start, min(start + size, rows)) for start in range(0, rows, size)]


def replay_in_child(workspace: str, project_id: int, path: str, name: str, columns: dict,
                    batch_size: int, interval: float, window: dict | None, reporter) -> dict:
    """The replay job, for ``StageWorker.start_in_process``: it reads the file again itself
    (sending the frame over would block the window) and publishes ``(batches kept, board)``
    after each batch. Returns ``{"batches", "rows", "alarms"}`` when the file is used up."""
    from engine.errors import UserError
    from engine.monitor.record import read_source, score_batch
    from ui.monitor.feed import Feed

    frame, _ = read_source(path, name, ChildReporter(reporter, 0.0, 0.0))
    parts = slices(len(frame), batch_size)
    with Store.open(workspace) as store:
        feed = Feed(store, project_id, window)
        if feed.model is None:
            raise UserError("This project has no trained model to score with yet.",
                            "Train one first (New run…).")
        reporter.publish((0, feed.load()))
        alarms = 0
        for number, (start, end) in enumerate(parts, 1):
            if number > 1:
                _wait(interval, reporter)
            reporter.check_cancelled()
            share = ChildReporter(reporter, (number - 1) / len(parts), number / len(parts))
            result = score_batch(
                store, feed.model, frame.iloc[start:end].reset_index(drop=True),
                source_name=f"{name} · rows {start + 1:,}–{end:,}",
                labels_col=columns.get("label"), id_col=columns.get("id"), reporter=share)
            alarms += len(result["alarms"]) + bool(result["prediction_drift"])
            reporter.publish((number, feed.add(store.batch(result["batch_id"]))))
            reporter.progress(number / len(parts),
                              f"Replaying {name}: batch {number} of {len(parts)} kept")
    return {"batches": len(parts), "rows": len(frame), "alarms": alarms}


def _wait(seconds: float, reporter) -> None:
    """Sleep ``seconds`` in short steps, so Stop is felt at once."""
    deadline = time.monotonic() + max(MIN_INTERVAL, seconds)
    while True:
        reporter.check_cancelled()
        left = deadline - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(TICK, left))
