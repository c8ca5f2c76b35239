"""The Annotate view's data worker: load, save, merge and undo, one at a time (they all read or
write the same project's current data version), with endings sorted by what they give back."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from ui.annotate import jobs
from ui.worker import StageWorker


class DataJob(QObject):
    """``opened(Loaded, kind)`` after a load or an undo, ``stored(DataState, kind)`` after a
    save or a merge, ``problem(kind, message, hint)`` or ``stopped(kind)`` otherwise."""

    progress = Signal(float, str)
    opened = Signal(object, str)
    stored = Signal(object, str)
    problem = Signal(str, str, str)
    stopped = Signal(str)

    def __init__(self, workspace: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.kind = ""
        self.worker = StageWorker(workspace, self)
        self.worker.progress.connect(self.progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.crashed.connect(self._on_crashed)
        self.worker.cancelled.connect(self._on_cancelled)

    def load(self, project_id: int) -> None:
        self._start("load", jobs.load(self.workspace, project_id))

    def save(self, loaded: jobs.Loaded, changes: list[dict], note: str) -> None:
        data = loaded.data
        self._start("save", jobs.save(self.workspace, loaded.project_id, data.version.id,
                                      data.target, changes, note, loaded.trained_version_id))

    def merge(self, loaded: jobs.Loaded, proposal: dict) -> None:
        data = loaded.data
        self._start("merge", jobs.merge(self.workspace, loaded.project_id, data.version.id,
                                        data.target, proposal, loaded.trained_version_id))

    def undo(self, loaded: jobs.Loaded) -> None:
        self._start("undo", jobs.undo(self.workspace, loaded.project_id, loaded.data.version.id))

    def is_running(self) -> bool:
        return self.worker.is_running()

    def cancel(self) -> None:
        """Stop a load (writes are short and all-or-nothing: they finish)."""
        if self.kind == "load":
            self.worker.cancel()

    def wait(self, ms: int = 10_000) -> bool:
        return self.worker.wait(ms)

    def _start(self, kind: str, fn) -> None:
        self.kind = kind
        self.worker.start(fn)

    def _ended(self) -> str:
        kind, self.kind = self.kind, ""
        return kind

    @Slot(object)
    def _on_finished(self, result) -> None:
        kind = self._ended()
        (self.opened if kind in ("load", "undo") else self.stored).emit(result, kind)

    @Slot(str, str)
    def _on_failed(self, message: str, hint: str) -> None:
        kind = self._ended()
        self.problem.emit(kind, message, hint or "Nothing was changed. Try again.")

    @Slot(str)
    def _on_crashed(self, text: str) -> None:
        kind = self._ended()
        self.problem.emit(kind, text, "Your unsaved labels are still here. Try again.")

    @Slot()
    def _on_cancelled(self) -> None:
        self.stopped.emit(self._ended())
