"""The reporter: the only way a running stage talks to the outside world.

A stage calls ``progress``, ``metric``, ``log``, ``publish`` (a partial result, say the board
after each replayed batch) and ``check_cancelled``; whoever runs it (the CLI, a Qt worker, a
test) decides what those do. Nothing here knows about Qt or the store.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


class Cancelled(Exception):
    """Raised by ``check_cancelled`` when the user asked to stop."""


@dataclass(frozen=True)
class MetricPoint:
    key: str
    value: float
    step: int = 0
    timestamp: float = field(default_factory=time.time)


class Reporter:
    """Base reporter: remembers nothing, prints nothing, and can be cancelled.

    Subclasses override ``on_progress``, ``on_metric`` and ``on_log``. ``cancel()`` is safe to
    call from any thread; the stage notices at its next ``check_cancelled()``.
    """

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self.started = time.monotonic()

    # --- called by stages -------------------------------------------------------------
    def progress(self, fraction: float, message: str = "") -> None:
        self.on_progress(min(max(float(fraction), 0.0), 1.0), message)

    def metric(self, key: str, value: float, step: int = 0) -> None:
        self.on_metric(MetricPoint(key, float(value), int(step)))

    def log(self, message: str, level: str = "info") -> None:
        self.on_log(message, level)

    def publish(self, payload: object) -> None:
        """Hand over a partial result (picklable, when the stage runs in a child process)."""
        self.on_publish(payload)

    def check_cancelled(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user")

    # --- called by whoever runs the stage ----------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    # --- hooks for subclasses ------------------------------------------------------------
    def on_progress(self, fraction: float, message: str) -> None:
        pass

    def on_metric(self, point: MetricPoint) -> None:
        pass

    def on_log(self, message: str, level: str) -> None:
        pass


class RecordingReporter(Reporter):
    """Keeps everything it is told; for tests and for replaying a stage's output."""

    def __init__(self, cancel_after_metrics: int | None = None) -> None:
        super().__init__()
        self.progress_events: list[tuple[float, str]] = []
        self.metrics: list[MetricPoint] = []
        self.logs: list[tuple[str, str]] = []
        self._cancel_after = cancel_after_metrics

    def on_progress(self, fraction: float, message: str) -> None:
        self.progress_events.append((fraction, message))

    def on_metric(self, point: MetricPoint) -> None:
        self.metrics.append(point)
        if self._cancel_after is not None and len(self.metrics) >= self._cancel_after:
            self.cancel()

    def on_log(self, message: str, level: str) -> None:
        self.logs.append((level, message))


class ChildReporter(Reporter):
    """Maps a sub-stage's 0..1 progress into a slice of a parent's, sharing its cancel flag."""

    def __init__(self, parent: Reporter, start: float, end: float, prefix: str = "") -> None:
        super().__init__()
        self._parent = parent
        self._cancel = parent._cancel
        self._start, self._end, self._prefix = start, end, prefix

    def on_progress(self, fraction: float, message: str) -> None:
        self._parent.progress(self._start + (self._end - self._start) * fraction, message)

    def on_metric(self, point: MetricPoint) -> None:
        self._parent.on_metric(point)

    def on_log(self, message: str, level: str) -> None:
        self._parent.on_log(message, level)

    def on_publish(self, payload: object) -> None:
        self._parent.on_publish(payload)
