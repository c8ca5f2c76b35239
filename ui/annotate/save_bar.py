"""The bar under the tabs: unsaved changes, Save (Ctrl+S), Discard and Undo last batch; and the
question asked before leaving with unsaved labels (window-modal, never a blocking exec)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QWidget

from ui import theme
from ui.annotate.words import pending_words, plural, save_button_text
from ui.home_page import primary_button
from ui.names import name as set_name


class SaveBar(QFrame):
    """Emits saveRequested, discardRequested and undoRequested."""

    saveRequested = Signal()
    discardRequested = Signal()
    undoRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "saveBar")
        self.setProperty("panel", True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 12, 10)
        layout.setSpacing(8)
        self.status = QLabel()
        set_name(self.status, "saveStatusLabel")
        self.status.setWordWrap(True)
        layout.addWidget(self.status, 1)
        self.undo_button = primary_button("Undo last batch", "undoBatchButton", "secondary")
        self.discard_button = primary_button("Discard", "discardButton", "secondary")
        self.discard_button.setToolTip("Forget the changes not saved yet.")
        self.save_button = primary_button("Save labels", "saveLabelsButton")
        self.save_button.setToolTip("Store the changes as one batch: a new version of the data "
                                    "(Ctrl+S). Undo last batch takes it back.")
        for button, signal in ((self.undo_button, self.undoRequested),
                               (self.discard_button, self.discardRequested),
                               (self.save_button, self.saveRequested)):
            button.clicked.connect(signal)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self._save_if_enabled)
        self.show_state(0, 0, busy=False)

    def show_state(self, pending: int, last_batch: int, busy: bool, note: str = "") -> None:
        """``pending`` unsaved changes; ``last_batch`` labels in the batch Undo would take back."""
        self.status.setText(note if note and not pending else pending_words(pending))
        theme.set_role(self.status, "" if pending else "muted")
        self.save_button.setText(save_button_text(pending))
        self.save_button.setEnabled(pending > 0 and not busy)
        self.discard_button.setEnabled(pending > 0 and not busy)
        self.undo_button.setEnabled(last_batch > 0 and pending == 0 and not busy)
        self.undo_button.setToolTip(
            "Save or discard the unsaved changes first." if pending and last_batch else
            f"Take back the last saved batch ({plural(last_batch, 'label')}); the data goes back "
            "to the version before it." if last_batch else "No saved batch to take back.")

    def _save_if_enabled(self) -> None:
        if self.save_button.isEnabled() and self.isVisible():
            self.saveRequested.emit()


def ask_before_leaving(parent: QWidget, pending: int, on_save: Callable[[], None],
                       on_discard: Callable[[], None]) -> QMessageBox:
    """"Save the 12 labels?" with Save / Discard / Keep labelling; opened, not exec'd."""
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved labels",
                      f"You have {plural(pending, 'change')} that {'is' if pending == 1 else 'are'} "
                      "not saved yet.", parent=parent)
    set_name(box, "unsavedLabelsDialog")
    box.setInformativeText("Save them as a new version of the data, or discard them?")
    roles = QMessageBox.ButtonRole
    save = box.addButton(save_button_text(pending), roles.AcceptRole)
    box.addButton("Discard them", roles.DestructiveRole)
    box.addButton("Keep labelling", roles.RejectRole)
    box.setDefaultButton(save)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def chosen(button) -> None:
        role = box.buttonRole(button)
        if role == roles.AcceptRole:
            on_save()
        elif role == roles.DestructiveRole:
            on_discard()

    box.buttonClicked.connect(chosen)
    box.open()
    return box
