"""The Analyze view's work off the GUI thread: what runs on a worker, and who gets its answer.

Each job function runs on a StageWorker thread and opens its own Store there (a SQLite
connection is not shared between threads). The engine is imported inside them, so opening the
view never pulls scikit-learn onto the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from storage import Store
from ui.worker import StageWorker


def evaluate(workspace: Path, model_id: int, refresh: bool = False) -> Callable:
    """The model's evaluation: the kept one (a small JSON read) or computed and kept."""
    def run(reporter):
        from engine.analysis.record import evaluate_model_version

        with Store.open(workspace) as store:
            model = store.model_version(model_id)
            return evaluate_model_version(store, model, reporter, refresh=refresh)
    return run


def set_threshold(workspace: Path, model_id: int, threshold: float) -> Callable:
    """Save the decision threshold (an audited write), then evaluate at it."""
    def run(reporter):
        with Store.open(workspace) as store:
            store.set_threshold(model_id, float(threshold), note="chosen in the Analyze view")
        return evaluate(workspace, model_id)(reporter)
    return run


def save_values(workspace: Path, model_id: int, value: dict) -> Callable:
    """Save the project's value matrix (kept keys merged), then evaluate with it."""
    def run(reporter):
        with Store.open(workspace) as store:
            project_id = store.model_version(model_id).project_id
            merged = {**(store.project(project_id).value or {}), **value}
            store.update_project(project_id, value=merged)
        return evaluate(workspace, model_id)(reporter)
    return run


def open_whatif(workspace: Path, model_id: int) -> Callable:
    """Load the model and typical rows once; returns (session, fields)."""
    def run(reporter):
        from engine.analysis.whatif_session import WhatIfSession

        reporter.progress(0.1, "Loading the model")
        with Store.open(workspace) as store:
            session = WhatIfSession.open(store, store.model_version(model_id))
        return session, session.fields()
    return run


class LatestJob(QObject):
    """One StageWorker where only the newest request matters.

    ``run(fn, tag)`` starts ``fn`` now, or cancels the running one and starts ``fn`` when it
    has ended. Results of superseded requests are dropped; the newest one's ending is
    re-emitted with its ``tag`` so a view can tell what the answer belongs to.
    """

    progress = Signal(float, str)
    finished = Signal(object, object)  # (tag, result)
    failed = Signal(object, str, str)  # (tag, message, hint)
    crashed = Signal(object, str)  # (tag, text)
    cancelled = Signal(object)  # (tag)

    def __init__(self, workspace: Path | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = StageWorker(workspace, self)
        self._running_tag: Any = None
        self._pending: tuple[Callable, Any] | None = None
        self.worker.progress.connect(self.progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.crashed.connect(self._on_crashed)
        self.worker.cancelled.connect(self._on_cancelled)

    def run(self, fn: Callable, tag: Any = None) -> None:
        if self.worker.is_running():
            self._pending = (fn, tag)
            self.worker.cancel()
            return
        self._start(fn, tag)

    def cancel(self) -> None:
        """Stop the running job at its next check and forget any waiting one."""
        self._pending = None
        self.worker.cancel()

    def is_running(self) -> bool:
        return self.worker.is_running() or self._pending is not None

    def wait(self, ms: int = 10_000) -> bool:
        self._pending = None
        return self.worker.wait(ms)

    def _start(self, fn: Callable, tag: Any) -> None:
        self._running_tag = tag
        self.worker.start(fn)

    def _next(self) -> bool:
        """Start the waiting job, if any; True if one was started (the old answer is stale)."""
        if self._pending is None:
            return False
        fn, tag = self._pending
        self._pending = None
        self._start(fn, tag)
        return True

    @Slot(object)
    def _on_finished(self, result) -> None:
        tag = self._running_tag
        if not self._next():
            self.finished.emit(tag, result)

    @Slot(str, str)
    def _on_failed(self, message: str, hint: str) -> None:
        tag = self._running_tag
        if not self._next():
            self.failed.emit(tag, message, hint)

    @Slot(str)
    def _on_crashed(self, text: str) -> None:
        tag = self._running_tag
        if not self._next():
            self.crashed.emit(tag, text)

    @Slot()
    def _on_cancelled(self) -> None:
        tag = self._running_tag
        if not self._next():
            self.cancelled.emit(tag)
