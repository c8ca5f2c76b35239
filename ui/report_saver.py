"""The "Report…" button's work: ask where to save (HTML or PDF), then write it on a worker.

The story may need an evaluation first (seconds) and a PDF is printed by Qt: none of it runs on
the GUI thread. The outcome is announced with ``done(words)`` or shown in a message box.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from engine.errors import UserError
from ui.demo import jobs
from ui.error_dialog import show_error
from ui.names import name as set_name
from ui.worker import StageWorker

PDF_FILTER = "PDF document (*.pdf)"
HTML_FILTER = "Web page, one self-contained file (*.html)"


def report_path(chosen: str, name_filter: str) -> Path:
    """The chosen file with the suffix of its filter when it has neither .pdf nor .html."""
    path = Path(chosen)
    if path.suffix.lower() in (".pdf", ".html", ".htm"):
        return path
    return path.with_name(path.name + (".html" if name_filter == HTML_FILTER else ".pdf"))


class ReportSaver(QObject):
    """Save one project's report: ``choose()`` opens the dialog, ``save_to(path)`` writes."""

    done = Signal(str)  # words for the status bar

    def __init__(self, workspace: Path, project_id: int, project_name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace, self.project_id, self.project_name = Path(workspace), project_id, project_name
        self.worker = StageWorker(workspace, self)
        self.worker.finished.connect(self._written)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(lambda text: self._failed(text, ""))
        self.worker.progress.connect(lambda _fraction, words: self.done.emit(words))
        self.dialog: QFileDialog | None = None

    def choose(self) -> QFileDialog:
        """Ask for a file (window-modal, never a blocking exec); writing starts when chosen."""
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        default = Path.home() / f"{self.project_name} report.pdf"
        self.dialog = QFileDialog(parent, "Save the report", str(default))
        set_name(self.dialog, "reportFileDialog")
        self.dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.dialog.setNameFilters([PDF_FILTER, HTML_FILTER])
        self.dialog.fileSelected.connect(
            lambda chosen: self.save_to(report_path(chosen, self.dialog.selectedNameFilter())))
        self.dialog.open()
        return self.dialog

    def save_to(self, path: str | Path) -> None:
        """Write the report to ``path`` (HTML or PDF by its suffix) on a worker."""
        if self.worker.is_running():
            self.done.emit("A report is being written already; try again when it is done.")
            return
        self.done.emit(f"Writing the report to {path}…")
        self.worker.start(jobs.write_report(self.workspace, self.project_id, path))

    def is_busy(self) -> bool:
        return self.worker.is_running()

    def wait(self, ms: int = 30_000) -> bool:
        return self.worker.wait(ms)

    @Slot(object)
    def _written(self, path: str) -> None:
        self.done.emit(f"Report saved: {path}")

    @Slot(str, str)
    def _failed(self, message: str, hint: str) -> None:
        self.done.emit("The report could not be written.")
        parent = self.parent() if isinstance(self.parent(), QWidget) else None
        show_error(parent, UserError(message, hint), self.workspace)
