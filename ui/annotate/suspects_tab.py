"""The Suspect labels tab: labelled rows a model doubts, most doubtful first, and what to do.

Computed on its own worker the first time the tab is shown (out-of-fold: each row is judged
by a model that never saw it), with progress and Stop. Accept suggestion (A), Keep as is (K)
or Fix… queue a decision; the view saves the queued changes with the rest as one batch.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.annotate import jobs
from ui.annotate.suspects_model import KEEP, SuspectsModel, suspects_table
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.wizard.common import InlineMessage, busy_bar, hint, show_progress
from ui.worker import StageWorker

FIX_PROMPT = "Fix… pick another class"
DECISION_WIDTH = 190  # wide enough for "→ Yes (not saved)" before any decision is made


class SuspectsTab(QWidget):
    """Emits ``changed`` when the queued decisions change."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "annotateSuspectsTab")
        self.worker: StageWorker | None = None
        self._data: tuple | None = None  # (workspace, frame, target, spec)
        self._checked_frame = None  # the frame the table was computed on
        self._pending_frame = None  # the frame being checked
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        outer.setSpacing(10)
        top = QHBoxLayout()
        self.intro = hint("Labelled rows whose label a model finds least likely, judged by models "
                          "that never saw them. Doubt near 1: the label is probably wrong. "
                          "Check the row's values, then accept, keep or fix.")
        top.addWidget(self.intro, 1)
        self.check_button = primary_button("Check the labels", "checkLabelsButton", "secondary")
        self.check_button.clicked.connect(self.check)
        self.stop_button = primary_button("Stop", "suspectsStopButton", "secondary")
        self.stop_button.clicked.connect(self.cancel)
        self.stop_button.hide()
        top.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.stop_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.progress = busy_bar("suspectsProgress")
        self.message = InlineMessage("suspectsMessage")
        outer.addWidget(self.progress)
        outer.addWidget(self.message)

        self.model = SuspectsModel(self)
        self.table = suspects_table(self.model)
        outer.addWidget(self.table, 1)

        actions = QHBoxLayout()
        actions.setSpacing(8)
        self.accept_button = primary_button("Accept suggestion  (A)", "acceptSuggestionButton")
        self.accept_button.clicked.connect(self.accept_suggestion)
        self.keep_button = primary_button("Keep as is  (K)", "keepLabelButton", "secondary")
        self.keep_button.clicked.connect(self.keep)
        self.fix_combo = QComboBox()
        set_name(self.fix_combo, "fixLabelCombo")
        self.fix_combo.activated.connect(self._fix_chosen)
        for widget in (self.accept_button, self.keep_button, self.fix_combo):
            actions.addWidget(widget)
        self.selected_label = QLabel()
        set_name(self.selected_label, "suspectSelectedLabel")
        actions.addWidget(self.selected_label, 1)
        outer.addLayout(actions)
        for key, slot in (("A", self.accept_suggestion), ("K", self.keep)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self._update_actions()

    # --- data -----------------------------------------------------------------------------
    def set_data(self, workspace: Path, frame, target: str, spec: dict, classes: list[str]) -> None:
        """The data to check (after a save: the new version's); nothing runs until asked."""
        self._data = (workspace, frame, target, spec)
        self.fix_combo.clear()
        self.fix_combo.addItem(FIX_PROMPT)
        for label in classes:
            self.fix_combo.addItem(label, label)
        self.check_button.setText("Check the labels" if self._checked_frame is None
                                  else "Check again")

    def reset(self) -> None:
        """Forget the table (the data went back to another version): check again when shown."""
        self.cancel()
        self._checked_frame = None
        if self._data is not None:
            self.model.set_entries([], self._data[1], self._data[2])
        self.check_button.setText("Check the labels")
        self._update_actions()

    def ensure_checked(self) -> None:
        """Check once, the first time the tab is shown."""
        if self._checked_frame is None and not self.is_busy():
            self.check()

    @Slot()
    def check(self) -> None:
        if self._data is None or self.is_busy():
            return
        workspace, frame, target, spec = self._data
        if self.worker is None:
            self.worker = StageWorker(workspace, self)
            self.worker.progress.connect(self._on_progress)
            self.worker.finished.connect(self._on_finished)
            self.worker.failed.connect(self._on_failed)
            self.worker.crashed.connect(self._on_crashed)
            self.worker.cancelled.connect(self._on_cancelled)
        self._pending_frame = frame
        self.message.clear_message()
        show_progress(self.progress, 0.0, "Checking the labels")
        self._set_busy(True)
        self.worker.start(jobs.suspects(frame, target, spec))

    def is_busy(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    @Slot()
    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    def stop(self) -> None:
        self.cancel()
        if self.worker is not None:
            self.worker.wait(10_000)

    # --- decisions ------------------------------------------------------------------------
    def changes(self) -> list[dict]:
        return self.model.changes()

    def mark_saved(self, rows: list[int]) -> None:
        self.model.mark_saved(rows)

    def discard(self) -> None:
        self.model.discard()
        self.changed.emit()

    def selected_index(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select(self, index: int) -> None:
        self.table.selectRow(index)
        self.table.scrollTo(self.model.index(index, 0))

    @Slot()
    def accept_suggestion(self) -> None:
        index = self.selected_index()
        if index is not None:
            self._decide(index, self.model.entries[index]["suggested"])

    @Slot()
    def keep(self) -> None:
        index = self.selected_index()
        if index is not None:
            self._decide(index, KEEP)

    @Slot(int)
    def _fix_chosen(self, position: int) -> None:
        label, index = self.fix_combo.itemData(position), self.selected_index()
        self.fix_combo.setCurrentIndex(0)
        if label is not None and index is not None:
            self._decide(index, label)

    def _decide(self, index: int, label: str | None) -> None:
        self.model.decide(index, label)
        following = self.model.next_open(index)
        if following is not None:
            self.select(following)
        self._update_actions()
        self.changed.emit()

    # --- worker endings -------------------------------------------------------------------
    @Slot(float, str)
    def _on_progress(self, fraction: float, words: str) -> None:
        show_progress(self.progress, fraction, words)

    @Slot(object)
    def _on_finished(self, entries: list) -> None:
        self._set_busy(False)
        self._checked_frame = self._pending_frame
        self.model.set_entries(entries, self._pending_frame, self._data[2])
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, max(self.table.columnWidth(4), DECISION_WIDTH))
        self.check_button.setText("Check again")
        if entries:
            self.select(0)
        else:
            self.message.show_note("No labelled rows to check yet.")
        self._update_actions()
        self.changed.emit()

    @Slot(str, str)
    def _on_failed(self, message: str, hint_text: str) -> None:
        self._set_busy(False)
        self.message.show_error(f"The labels could not be checked. {message}", hint_text)

    @Slot(str)
    def _on_crashed(self, text: str) -> None:
        self._on_failed(text, "Your labels are safe. Press “Check the labels” to try again.")

    @Slot()
    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.message.show_note("Stopped. Press “Check the labels” to start again.")

    def _set_busy(self, busy: bool) -> None:
        self.stop_button.setVisible(busy)
        self.check_button.setEnabled(not busy)
        if not busy:
            self.progress.hide()

    @Slot()
    def _update_actions(self) -> None:
        index = self.selected_index()
        entry = self.model.entries[index] if index is not None else None
        for widget in (self.accept_button, self.keep_button, self.fix_combo):
            widget.setEnabled(entry is not None)
        if entry is None:
            self.selected_label.setText("")
            return
        self.selected_label.setText(f"Row {entry['row']:,}: labelled {entry['given']}, the model "
                                    f"suggests {entry['suggested']}")
