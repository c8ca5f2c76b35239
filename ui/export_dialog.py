"""Export a model version as a package folder, off the GUI thread, then show what was written.

The export loads the model and writes a handful of files (under a second), but it imports
scikit-learn and skops the first time, so it runs on the app's StageWorker like any stage.
The worker thread opens its own Store: a SQLite connection is not shared between threads.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage import ModelVersion, Store
from ui import theme
from ui.names import name as set_name
from ui.worker import StageWorker


def package_folder(chosen: Path, project_name: str, model: ModelVersion) -> Path:
    """Where the package goes: the chosen folder if it is empty, else a new folder inside it."""
    chosen = Path(chosen)
    if not chosen.exists() or not any(chosen.iterdir()):
        return chosen
    slug = re.sub(r"[^A-Za-z0-9]+", "-", project_name).strip("-").lower() or "project"
    target = chosen / f"{slug}-model-{model.id}"
    counter = 2
    while target.exists() and not (target / "MODEL_CARD.md").exists():
        # Never write into someone else's folder; an earlier FirstWin package may be replaced.
        target = chosen / f"{slug}-model-{model.id}-{counter}"
        counter += 1
    return target


def _export_in_thread(workspace: Path, model_id: int, folder: Path):
    """Runs on the worker thread: its own Store, then engine.export (imported lazily)."""
    from engine.export import export_model  # pulls scikit-learn: never on the start-up path

    with Store.open(workspace) as store:
        return export_model(store, store.model_version(model_id), folder)


class ExportDialog(QDialog):
    """Exporting…, then the files written with an "Open folder" button."""

    def __init__(
        self, workspace: Path, model: ModelVersion, folder: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        set_name(self, "exportDialog")
        self.setWindowTitle("Export model")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(520)
        self.folder = Path(folder)
        self.result = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.message = QLabel(f"Writing the package for {model.name} to {folder}…")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the export has no steps worth counting
        self.files = QListWidget()
        set_name(self.files, "exportedFiles")
        self.files.hide()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        theme.set_role(self.hint, "muted")
        self.hint.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = QPushButton("Open folder")
        set_name(self.open_button, "openFolderButton")
        self.open_button.setEnabled(False)
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self.open_folder)
        for widget in (self.message, self.progress, self.files, self.hint, self.buttons):
            layout.addWidget(widget)

        self.worker = StageWorker(workspace, self)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.crashed.connect(self._on_crashed)
        model_id, target = model.id, self.folder  # plain values: the lambda runs in the worker
        self.worker.start(lambda _reporter: _export_in_thread(workspace, model_id, target))

    def is_running(self) -> bool:
        return self.worker.is_running()

    @Slot(object)
    def _on_finished(self, result) -> None:
        self.result = result
        self.folder = result.folder
        self.progress.hide()
        self.message.setText(f"Done. {len(result.files)} files written to {result.folder}:")
        self.files.addItems(result.files)
        self.files.show()
        notes = " ".join(getattr(result, "notes", []) or [])
        self.hint.setText("The folder runs without FirstWin: see MODEL_CARD.md and predict.py."
                          + (f"\n{notes}" if notes else ""))
        self.hint.show()
        self.open_button.setEnabled(True)
        self.open_button.setDefault(True)

    @Slot(str, str)
    def _on_failed(self, message: str, hint: str) -> None:
        self._show_problem(f"The model could not be exported. {message}", hint)

    @Slot(str)
    def _on_crashed(self, text: str) -> None:
        self._show_problem(text, "Your projects are safe; the export did not change them.")

    def _show_problem(self, message: str, hint: str) -> None:
        self.progress.hide()
        self.message.setText(message)
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))

    @Slot()
    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))

    def done(self, code: int) -> None:
        # The export takes under a second: wait for it rather than leave a half-written folder.
        if self.worker.is_running():
            self.worker.wait(10_000)
        super().done(code)
