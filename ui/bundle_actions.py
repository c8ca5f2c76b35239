"""File ▸ Share project… and File ▸ Open shared project…: ``.firstwin`` bundles from the GUI.

Writing a bundle copies every dataset and model of a project; opening one checks and imports
it. Both take seconds on a real project, so both run on a StageWorker with a Store of their own;
the outcome comes back as words (``message``) and, for an import, ``projectImported(id)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from engine.errors import UserError
from storage import Project, Store
from ui.error_dialog import show_error
from ui.names import name as set_name
from ui.worker import StageWorker

SUFFIX = ".firstwin"  # engine.bundle.SUFFIX; that module is imported only when a bundle is written
BUNDLE_FILTER = f"FirstWin project (*{SUFFIX});;All files (*)"


def bundle_path(chosen: str) -> Path:
    """The chosen file, with ``.firstwin`` added when it has no suffix of its own."""
    path = Path(chosen)
    return path if path.suffix else path.with_name(path.name + SUFFIX)


def _share_job(workspace: Path, project_id: int, path: Path):
    def job(reporter) -> str:
        from engine.bundle import write_bundle

        reporter.progress(0.0, f"Writing {path.name}…")
        with Store.open(workspace) as store:
            result = write_bundle(store, store.project(project_id), path)
        counts = result.counts
        return (f"Shared project {result.project.name!r} as {result.path} "
                f"({result.size / 1e6:.1f} MB: {counts['runs']} run(s), "
                f"{counts['model_versions']} model(s)).")
    return job


def _open_job(workspace: Path, path: Path):
    def job(reporter) -> tuple[int | None, str]:
        from engine.bundle_import import open_bundle

        reporter.progress(0.0, f"Checking {path.name}…")
        with Store.open(workspace) as store:
            result = open_bundle(store, path)
        if not result.changed:
            return result.project_id, (f"Nothing new: project {result.name!r} already holds "
                                       f"everything in {path.name}.")
        verb = "Imported" if result.created else "Updated"
        words = (f"{verb} project {result.name!r}: {result.added.get('runs', 0)} run(s), "
                 f"{result.added.get('model_versions', 0)} model(s), "
                 f"{result.added.get('dataset_versions', 0)} dataset version(s).")
        return result.project_id, " ".join([words, *result.notes])
    return job


class BundleActions(QObject):
    """Share / open ``.firstwin`` bundles for the main window; one at a time."""

    message = Signal(str)  # words for the status bar
    projectImported = Signal(int)  # the project an opened bundle landed in (this workspace)

    def __init__(self, workspace: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = Path(workspace)  # the main window updates it when the workspace changes
        self.dialog: QFileDialog | None = None
        self.error_box = None
        self.worker: StageWorker | None = None
        self._started_in: Path | None = None

    # --- asking -----------------------------------------------------------------------------
    def choose_share_file(self, project: Project) -> QFileDialog:
        """Ask where to save the project's bundle (window-modal); writing starts when chosen."""
        default = Path.home() / f"{project.name}{SUFFIX}"
        self.dialog = self._file_dialog("Share the project as one file", str(default), "shareFileDialog")
        self.dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.dialog.setDefaultSuffix(SUFFIX.lstrip("."))
        self.dialog.fileSelected.connect(lambda chosen: self.share_to(project, bundle_path(chosen)))
        self.dialog.open()
        return self.dialog

    def choose_bundle_file(self) -> QFileDialog:
        """Ask for a ``.firstwin`` file to open (window-modal); importing starts when chosen."""
        self.dialog = self._file_dialog("Open a shared project", str(Path.home()), "openBundleDialog")
        self.dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.dialog.fileSelected.connect(self.open_from)
        self.dialog.open()
        return self.dialog

    def _file_dialog(self, title: str, where: str, object_name: str) -> QFileDialog:
        dialog = QFileDialog(self._parent_widget(), title, where, BUNDLE_FILTER)
        set_name(dialog, object_name)
        return dialog

    # --- doing ------------------------------------------------------------------------------
    def share_to(self, project: Project, path: str | Path) -> bool:
        """Write ``project`` to the bundle ``path`` on a worker; False if one is busy already."""
        path = Path(path)
        if not self._start(self._shared):
            return False
        self.message.emit(f"Writing project {project.name!r} to {path}…")
        self.worker.start(_share_job(self.workspace, project.id, path))
        return True

    @Slot(str)
    def open_from(self, path: str | Path) -> bool:
        """Check and import the bundle at ``path`` on a worker; False if one is busy already."""
        if not path:
            return False
        path = Path(path)
        if not self._start(self._imported):
            return False
        self.message.emit(f"Opening {path.name}…")
        self.worker.start(_open_job(self.workspace, path))
        return True

    def is_busy(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def wait(self, ms: int = 60_000) -> bool:
        return self.worker is None or self.worker.wait(ms)

    def _start(self, on_finished) -> bool:
        if self.is_busy():
            self.message.emit("A project is being shared or opened already; try again when it is done.")
            return False
        if self.worker is not None:
            self.worker.deleteLater()  # it has ended; each job gets a fresh one
        self.worker = StageWorker(self.workspace, self)
        self.worker.finished.connect(on_finished)
        self.worker.failed.connect(self._failed)
        self.worker.crashed.connect(lambda text: self._failed(text, ""))
        self._started_in = self.workspace
        return True

    # --- outcomes (GUI thread) --------------------------------------------------------------
    @Slot(object)
    def _shared(self, words: str) -> None:
        self.message.emit(words)

    @Slot(object)
    def _imported(self, outcome: tuple[int | None, str]) -> None:
        project_id, words = outcome
        self.message.emit(words)
        # A workspace switched while importing: the project is in the old one, not on screen.
        if project_id is not None and self._started_in == self.workspace:
            self.projectImported.emit(project_id)

    @Slot(str, str)
    def _failed(self, message: str, hint: str) -> None:
        self.message.emit("Nothing was shared or imported: " + message)
        self.error_box = show_error(self._parent_widget(), UserError(message, hint), self.workspace)

    def _parent_widget(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None
