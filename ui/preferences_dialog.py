"""Preferences: the workspace folder (shown, changeable), the appearance (system/light/dark) and
where work runs (this computer or a Dask cluster, kept per workspace: ui/compute_section.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from storage import StoreError, default_workspace
from ui import theme
from ui.compute_section import ComputeSection
from ui.names import name as set_name
from ui.settings import AppSettings

APPEARANCE_WORDS = {"system": "Follow the system", "light": "Light", "dark": "Dark"}


class PreferencesDialog(QDialog):
    """Opened with ``open()``; on OK saves the compute choice into ``store`` (the open
    workspace's) and emits ``workspaceChosen`` if the folder changed."""

    workspaceChosen = Signal(str)

    def __init__(self, settings: AppSettings, workspace: Path, parent: QWidget | None = None,
                 store=None) -> None:
        super().__init__(parent)
        set_name(self, "preferencesDialog")
        self.setWindowTitle("Preferences")
        self.setMinimumWidth(600)
        self.settings = settings
        self.current = Path(workspace)
        self.store = store  # None: the compute choice is neither shown nor saved

        self.workspace_edit = QLineEdit(str(self.current))
        set_name(self.workspace_edit, "workspaceEdit", "Workspace folder")
        self.workspace_edit.setReadOnly(True)
        self.workspace_edit.setCursorPosition(0)
        change = QPushButton("Change…")
        set_name(change, "changeWorkspaceButton")
        change.clicked.connect(self.choose_folder)
        reset = QPushButton("Default")
        set_name(reset, "defaultWorkspaceButton")
        reset.setToolTip(str(default_workspace()))
        reset.clicked.connect(lambda: self.set_folder(str(default_workspace())))
        row = QHBoxLayout()
        row.addWidget(self.workspace_edit, 1)
        row.addWidget(change)
        row.addWidget(reset)
        note = QLabel(
            "Projects, data versions and models live in this folder. Pick another one to keep a "
            "separate set of projects; nothing is moved or deleted."
        )
        note.setWordWrap(True)
        theme.set_role(note, "muted")

        self.appearance_combo = QComboBox()
        set_name(self.appearance_combo, "appearanceCombo", "Appearance")
        for key, words in APPEARANCE_WORDS.items():
            self.appearance_combo.addItem(words, key)
        self.appearance_combo.setCurrentIndex(list(APPEARANCE_WORDS).index(settings.appearance()))

        folder_box = QVBoxLayout()
        folder_box.setSpacing(6)
        folder_box.addLayout(row)
        folder_box.addWidget(note)
        self.form = form = QFormLayout()
        form.setVerticalSpacing(16)
        # Fields keep their natural width: a three-item combo need not span the dialog.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Workspace folder:", folder_box)
        form.addRow("Appearance:", self.appearance_combo)
        self.compute: ComputeSection | None = None
        if store is not None:
            self.compute = ComputeSection(self.current)
            self.compute.load(store)
            self.compute.resultChanged.connect(self._fit_height)
            form.addRow("Compute:", self.compute)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 20, 20, 16)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(buttons)

    def sizeHint(self) -> QSize:
        # Wrapped notes make Qt guess the height at a narrower width than the dialog gets, which
        # left a gap above the buttons: ask the layout for the height at the real width.
        hint = super().sizeHint()
        width = max(hint.width(), self.minimumWidth())
        return QSize(width, self.layout().totalHeightForWidth(width))

    @Slot()
    def _fit_height(self) -> None:
        """Grow to show a longer connection result whole (wrapped labels do not ask to)."""
        # The section and the form both keep their height for a width until told otherwise.
        self.compute.updateGeometry()
        self.form.invalidate()
        needed = self.layout().totalHeightForWidth(self.width())
        if needed > self.height():
            self.resize(self.width(), needed)

    def folder(self) -> Path:
        return Path(self.workspace_edit.text())

    @Slot(str)
    def set_folder(self, folder: str) -> None:
        if folder:
            self.workspace_edit.setText(str(Path(folder).expanduser()))
            self.workspace_edit.setCursorPosition(0)

    @Slot()
    def choose_folder(self) -> None:
        dialog = QFileDialog(self, "Choose the workspace folder", str(self.folder()))
        set_name(dialog, "workspaceFolderDialog")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(self.set_folder)
        dialog.open()

    def accept(self) -> None:
        if self.compute is not None:
            if not self.compute.validate():
                return  # the reason shows beside the address; the dialog stays open
            try:
                self.compute.save(self.store)
            except StoreError as error:
                self.compute.show_problem(str(error), "Check that the workspace folder is writable.")
                return
        appearance = self.appearance_combo.currentData()
        if appearance != self.settings.appearance():
            self.settings.set_appearance(appearance)
            app = QApplication.instance()
            if app is not None:
                theme.apply_theme(app, appearance)
        super().accept()
        if self.folder().resolve() != self.current.resolve():
            self.workspaceChosen.emit(str(self.folder()))
