"""Run a stage in a child process and stream its reporter's events back through a queue.

A stage running in a thread shares the GIL with the GUI: pandas and scikit-learn's Python
code then stall the window for 30–60 ms at a time (benchmarks/README.md). In a child process
the GUI keeps its interpreter to itself. Messages on the queue are tuples:
``("progress", fraction, message)``, ``("metric", key, value, step)``, ``("log", message,
level)``, ``("publish", payload)`` and exactly one ending: ``("finished", result)``, ``("cancelled", None)``,
``("failed", (message, hint))`` (``(message, hint, code)`` when the error has a ``code``, as
engine.compute's ClusterErrors do) or ``("crashed", traceback_text)``.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from engine.errors import UserError
from engine.frame_handoff import unpark
from engine.reporter import Cancelled, MetricPoint, Reporter
from storage import StoreError

PROGRESS_INTERVAL = 0.05  # at most 20 progress messages a second cross the process boundary
# A stage process runs at a lower priority than the window's process: on a laptop's few cores
# a replay or a training run flat out would otherwise take the CPU the window needs to draw.
# Only while both want the CPU does this slow the stage.
STAGE_NICENESS = 10


class QueueReporter(Reporter):
    """A reporter whose events go onto a multiprocessing queue, cancelled by an Event."""

    def __init__(self, queue: Any, cancel_event: Any) -> None:
        super().__init__()
        self._queue = queue
        self._cancel_event = cancel_event
        self._last_progress = 0.0
        # Stages check the reporter's own flag (shared with the ChildReporters they make), so a
        # watcher copies the parent's cancel request onto it the moment it arrives.
        if cancel_event.is_set():
            self.cancel()
        threading.Thread(target=self._watch_cancel, daemon=True, name="firstwin-cancel").start()

    def _watch_cancel(self) -> None:
        self._cancel_event.wait()
        self.cancel()

    def on_progress(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - self._last_progress < PROGRESS_INTERVAL:
            return
        self._last_progress = now
        self._queue.put(("progress", fraction, message))

    def on_metric(self, point: MetricPoint) -> None:
        self._queue.put(("metric", point.key, point.value, point.step))

    def on_log(self, message: str, level: str) -> None:
        self._queue.put(("log", message, level))

    def on_publish(self, payload: object) -> None:
        self._queue.put(("publish", payload))



def failure(error: UserError) -> tuple[str, ...]:
    """A UserError as ``(message, hint)``, with its ``code`` last when it has one (so the GUI
    can offer another way, say running on this computer when the cluster is unreachable)."""
    code = getattr(error, "code", "")
    return (error.message, error.hint, code) if code else (error.message, error.hint)


def run_child(fn: Callable[..., Any], args: tuple, queue: Any, cancel_event: Any) -> None:
    """The child's entry point: ``fn(*args, reporter)``, its ending put on ``queue``.

    Tables among ``args`` may come as ``engine.frame_handoff.ParkedFrame`` files; they are read
    back first."""
    _lower_priority()
    reporter = QueueReporter(queue, cancel_event)
    try:
        queue.put(("finished", fn(*unpark(args), reporter)))
    except Cancelled:
        queue.put(("cancelled", None))
    except UserError as error:
        queue.put(("failed", failure(error)))
    except StoreError as error:
        queue.put(("failed", (str(error), "Check that the workspace folder is writable and the disk is not full.")))
    except MemoryError:
        queue.put(("failed", ("There is not enough memory for this step.",
                              "Close other programs, or try a smaller file.")))
    except Exception:  # noqa: BLE001 - a programming error: send it home, do not lose it
        queue.put(("crashed", traceback.format_exc()))


def _lower_priority() -> None:
    """Run this process at STAGE_NICENESS (where the platform has niceness at all)."""
    # Windows has no os.nice; a sandbox may refuse it. Either way the stage still runs.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(STAGE_NICENESS)
