"""The one adapter that runs engine stages off the GUI thread and reports back by signal.

``StageWorker.start(fn)`` runs ``fn(reporter)`` on its own QThread. The engine's reporter is
turned into signals that the StageWorker re-emits *from the GUI thread*, so anything connected
to them (slots, lambdas, partials) runs in the GUI thread and may touch widgets.

How a stage ends, exactly one of:
- ``finished(result)``: ``fn`` returned (a training run cancelled part-way still returns its
  finished models; ``was_cancelled()`` tells whether the user asked to stop);
- ``cancelled()``: ``fn`` raised ``Cancelled`` after ``cancel()``;
- ``failed(message, hint)``: an error the user can fix (``UserError``, a full disk, a file
  that cannot be written, not enough memory); ``last_error_code`` then holds the error's
  ``code`` (say "cluster-unreachable", so a page can offer another way), "" when it has none;
- ``crashed(text)``: a programming error. Its traceback is appended to
  ``<workspace>/logs/firstwin.log`` and ``text`` says where.

Progress is throttled to at most ``PROGRESS_HZ`` signals a second and the latest value always
arrives before the stage's end signal. Metrics and log lines are not throttled.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from engine.child_stage import failure
from engine.errors import UserError
from engine.reporter import Cancelled, MetricPoint, Reporter
from storage.errors import StoreError

PROGRESS_HZ = 20
LOG_NAME = "firstwin.log"

# Every started thread stays referenced here until it has ended: a QThread that is garbage-
# collected while it runs (say, its StageWorker was deleted) aborts the process.
_LIVE_THREADS: set[QThread] = set()


def crash_log_path(workspace: str | Path | None) -> Path:
    """Where tracebacks go: ``<workspace>/logs/firstwin.log`` (the home folder without one)."""
    base = Path(workspace) if workspace else Path.home() / ".firstwin"
    return base / "logs" / LOG_NAME


def append_crash_log(path: Path, text: str) -> None:
    """Append a dated entry to the crash log (called on the worker thread: it is file I/O)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    with path.open("a", encoding="utf-8") as log:
        log.write(f"\n=== {stamp} ===\n{text.rstrip()}\n")


class QtReporter(Reporter):
    """The engine's reporter, feeding a stage thread. Runs in the worker thread.

    Progress is only remembered (the GUI thread polls it); metrics and logs are emitted.
    """

    def __init__(self, thread: _StageThread) -> None:
        super().__init__()
        self._thread = thread
        self._lock = threading.Lock()
        self._latest: tuple[float, str] | None = None

    def on_progress(self, fraction: float, message: str) -> None:
        with self._lock:
            self._latest = (fraction, message)

    def take_progress(self) -> tuple[float, str] | None:
        """The newest progress not yet taken (None if nothing new)."""
        with self._lock:
            latest, self._latest = self._latest, None
        return latest

    def on_metric(self, point: MetricPoint) -> None:
        self._thread.metric.emit(point.key, point.value, point.step)

    def on_log(self, message: str, level: str) -> None:
        self._thread.log.emit(message, level)

    def on_publish(self, payload: object) -> None:
        self._thread.published.emit(payload)


class _StageThread(QThread):
    """Runs one stage. The object lives in the GUI thread; ``run`` in the new thread, so
    these signals reach the StageWorker's slots queued."""

    metric = Signal(str, float, int)
    log = Signal(str, str)
    published = Signal(object)
    ended = Signal(str, object)  # (kind, payload): kind is finished/cancelled/failed/crashed

    def __init__(self, fn: Callable[[Reporter], Any], log_path: Path) -> None:
        super().__init__()
        self.fn = fn
        self.log_path = log_path
        self.reporter = QtReporter(self)

    def run(self) -> None:
        kind, payload = _run_stage(self.fn, self.reporter, self.log_path)
        self.ended.emit(kind, payload)


class _ProcessStageThread(QThread):
    """Runs one stage in a child process; this thread only relays the child's queue.

    Waiting on the queue releases the GIL, so the GUI thread is not held up by the stage's
    Python code (see engine/child_stage.py). The child is started with "spawn": forking a
    process that runs Qt is unsafe.
    """

    metric = Signal(str, float, int)
    log = Signal(str, str)
    published = Signal(object)
    ended = Signal(str, object)

    def __init__(self, fn: Callable[..., Any], args: tuple, log_path: Path) -> None:
        super().__init__()
        self.fn, self.args, self.log_path = fn, args, log_path
        self.reporter = QtReporter(self)
        self.kill_requested = threading.Event()

    def run(self) -> None:
        import multiprocessing

        from engine.child_stage import run_child
        from engine.frame_handoff import FrameParking

        context = multiprocessing.get_context("spawn")
        messages, cancel_event = context.Queue(), context.Event()
        parking = FrameParking()  # tables go over as Arrow files: pickling them holds the GIL
        try:
            ending = self._relay(context, run_child, parking.park(self.args), messages, cancel_event)
        except Exception:  # noqa: BLE001 - the child could not start (say, unpicklable args)
            ending = ("crashed", traceback.format_exc())  # without an ending the page waits forever
        finally:
            parking.close()  # the child has ended: it read its tables at its start
        kind, payload = ending
        if kind == "crashed":
            text = str(payload)
            try:
                append_crash_log(self.log_path, text)
                payload = f"Something went wrong — details are in {self.log_path}"
            except OSError:
                print(text)
                payload = "Something went wrong — details are in the terminal"
        self.ended.emit(kind, payload)

    def _relay(self, context, run_child, args, messages, cancel_event) -> tuple[str, Any]:
        """Start the child, pass its messages on until its ending, and wait for it to exit."""
        import queue as queues

        child = context.Process(target=run_child, args=(self.fn, args, messages, cancel_event),
                                daemon=True, name="firstwin-stage")
        child.start()
        ending: tuple[str, Any] | None = None
        while ending is None:
            if self.reporter.cancelled:
                cancel_event.set()
            if self.kill_requested.is_set() and child.is_alive():
                # A single long fit cannot look at the cancel flag; ending its process can.
                child.terminate()
                child.join(timeout=10)
                ending = ("cancelled", None)
                break
            try:
                message = messages.get(timeout=0.1)
            except queues.Empty:
                if not child.is_alive():
                    ending = ("crashed", f"the worker process stopped (exit code {child.exitcode})")
                continue
            kind = message[0]
            if kind == "progress":
                self.reporter.on_progress(message[1], message[2])
            elif kind == "metric":
                self.metric.emit(message[1], message[2], message[3])
            elif kind == "log":
                self.log.emit(message[1], message[2])
            elif kind == "publish":
                self.published.emit(message[1])
            else:
                ending = (kind, message[1])
        child.join(timeout=10)
        return ending


def _run_stage(fn: Callable[[Reporter], Any], reporter: Reporter, log_path: Path) -> tuple[str, Any]:
    """Run ``fn`` and sort its ending into finished / cancelled / failed / crashed."""
    try:
        return "finished", fn(reporter)
    except Cancelled:
        return "cancelled", None
    except UserError as error:
        return "failed", failure(error)
    except StoreError as error:
        return "failed", (str(error), "Check that the workspace folder is writable and the disk is not full.")
    except MemoryError:
        return "failed", ("There is not enough memory for this step.",
                          "Close other programs, or try a smaller file (fewer rows or columns).")
    except OSError as error:  # a folder without permission, a full disk, a vanished file
        where = f" ({error.filename})" if error.filename else ""
        return "failed", (f"{error.strerror or error}{where}.",
                          "Check the path, the free disk space and your permissions.")
    except Exception:  # noqa: BLE001 - a programming error: log it, do not lose it
        text = traceback.format_exc()
        try:
            append_crash_log(log_path, text)
            where = str(log_path)
        except OSError:
            where = "the terminal (the log file could not be written)"
            print(text)  # last resort, so the traceback is never lost
        return "crashed", f"Something went wrong — details are in {where}"


class StageWorker(QObject):
    """Runs one engine stage at a time on a QThread and re-emits its reports in the GUI thread.

    ``workspace`` decides where crash tracebacks are logged. Create it in the GUI thread.
    """

    progress = Signal(float, str)
    metric = Signal(str, float, int)
    log = Signal(str, str)
    published = Signal(object)  # a partial result the stage handed over (Reporter.publish)
    finished = Signal(object)
    failed = Signal(str, str)
    crashed = Signal(str)
    cancelled = Signal()

    def __init__(self, workspace: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.log_path = crash_log_path(workspace)
        self._thread: _StageThread | None = None
        self._cancel_requested = False
        self._last_progress: tuple[float, str] | None = None
        self.last_error_code = ""  # the code of the last ``failed`` stage's error ("" if none)
        self._poll = QTimer(self)
        self._poll.setInterval(1000 // PROGRESS_HZ)
        self._poll.timeout.connect(self._emit_progress)

    # --- control -----------------------------------------------------------------------
    def start(self, fn: Callable[[Reporter], Any]) -> None:
        """Run ``fn(reporter)`` on a new thread. Raises RuntimeError if a stage is running."""
        if self.is_running():
            raise RuntimeError("this worker is already running a stage")
        self._launch(_StageThread(fn, self.log_path))

    def start_in_process(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run ``fn(*args, reporter)`` in a child process, for long CPU-bound stages.

        ``fn`` must be importable (a module-level function) and ``args`` picklable; the result
        comes back pickled. The GUI stays smooth because the stage no longer shares its GIL.
        """
        if self.is_running():
            raise RuntimeError("this worker is already running a stage")
        self._launch(_ProcessStageThread(fn, args, self.log_path))

    def _launch(self, thread: QThread) -> None:
        thread.metric.connect(self._on_metric)
        thread.log.connect(self._on_log)
        thread.published.connect(self._on_published)
        thread.ended.connect(self._on_ended)
        thread.finished.connect(self._on_thread_finished)
        _LIVE_THREADS.add(thread)
        self._thread = thread
        self._cancel_requested = self._killed = False
        self._last_progress = None
        self.last_error_code = ""
        self._poll.start()
        thread.start()

    def cancel(self) -> None:
        """Ask the stage to stop at its next check (between folds, candidates, columns)."""
        if self._thread is not None:
            self._cancel_requested = True
            self._thread.reporter.cancel()

    def stop_now(self) -> bool:
        """End a stage running in a child process at once (after ``cancel()`` was not enough).

        What the stage had not saved yet is lost; the stage ends with ``cancelled`` and
        ``was_killed()`` is True. A stage on a thread cannot be ended this way: False.
        """
        thread = self._thread
        if not isinstance(thread, _ProcessStageThread):
            return False
        self._cancel_requested = self._killed = True
        thread.reporter.cancel()
        thread.kill_requested.set()
        return True

    def was_killed(self) -> bool:
        """Whether the current or last stage was ended by ``stop_now()``."""
        return self._killed

    def is_running(self) -> bool:
        return self._thread is not None

    def was_cancelled(self) -> bool:
        """Whether cancel() was called for the current or last stage."""
        return self._cancel_requested

    def wait(self, ms: int = 5000) -> bool:
        """Block until the thread ends (True) or ``ms`` pass (False).

        For closing only: the end signal is still delivered later by the event loop.
        """
        thread = self._thread
        return True if thread is None else thread.wait(ms)

    # --- slots, all in the GUI thread -------------------------------------------------
    @Slot()
    def _emit_progress(self) -> None:
        thread = self._thread
        latest = thread.reporter.take_progress() if thread is not None else None
        if latest is not None and latest != self._last_progress:
            self._last_progress = latest
            self.progress.emit(*latest)

    @Slot(str, float, int)
    def _on_metric(self, key: str, value: float, step: int) -> None:
        self.metric.emit(key, value, step)

    @Slot(str, str)
    def _on_log(self, message: str, level: str) -> None:
        self.log.emit(message, level)

    @Slot(object)
    def _on_published(self, payload: object) -> None:
        self.published.emit(payload)

    @Slot(str, object)
    def _on_ended(self, kind: str, payload: object) -> None:
        self._emit_progress()  # the last progress arrives before the ending
        self._poll.stop()
        self._thread = None  # free for the next start() before anyone reacts to the ending
        if kind == "finished":
            self.finished.emit(payload)
        elif kind == "cancelled":
            self.cancelled.emit()
        elif kind == "failed":
            message, hint, *code = payload  # type: ignore[misc]
            self.last_error_code = str(code[0]) if code else ""
            self.failed.emit(message, hint)
        else:
            self.crashed.emit(str(payload))

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self.sender()
        if isinstance(thread, QThread):
            thread.wait()  # run() has returned; this only joins the OS thread
            _LIVE_THREADS.discard(thread)
