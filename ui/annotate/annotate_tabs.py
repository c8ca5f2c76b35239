"""The Annotate view's body: a placeholder while the data loads, then three tabs (Label,
Suspect labels, Class names) filled from one ``Loaded`` and refreshed after each save.

The unsaved changes of the Label and Suspect tabs are one set here (``changes``), saved by the
view as one batch.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QWidget

from ui import theme
from ui.annotate import jobs
from ui.annotate.classes_tab import ClassesTab
from ui.annotate.label_tab import LabelTab
from ui.annotate.suspects_tab import SuspectsTab
from ui.names import name as set_name

TABS = ("label", "suspects", "classes")
MERGE_HINT = "Some class names look like spellings of one another: see Class names."


class AnnotateTabs(QStackedWidget):
    """Emits ``changed`` when the unsaved changes change, ``mergeRequested(proposal)``."""

    changed = Signal()
    mergeRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label_tab, self.suspects_tab, self.classes_tab = LabelTab(), SuspectsTab(), ClassesTab()
        self.label_tab.changed.connect(self.changed)
        self.suspects_tab.changed.connect(self.changed)
        self.classes_tab.mergeRequested.connect(self.mergeRequested)
        self.tabs = QTabWidget()
        set_name(self.tabs, "annotateTabs")
        self.tabs.setDocumentMode(True)
        for widget, title in ((self.label_tab, "&Label"), (self.suspects_tab, "&Suspect labels"),
                              (self.classes_tab, "&Class names")):
            self.tabs.addTab(widget, title)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.placeholder = QLabel()
        set_name(self.placeholder, "annotatePlaceholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        theme.set_role(self.placeholder, "muted")
        self.addWidget(self.placeholder)
        self.addWidget(self.tabs)
        self._filled = False
        self._has_classes = True  # False for a number target: no buttons, nothing to pick

    def wait_with(self, words: str) -> None:
        """Show ``words`` instead of the tabs (while loading, or after a problem)."""
        self._filled = False
        self.placeholder.setText(words)
        self.setCurrentWidget(self.placeholder)
        self.tabs.setCurrentIndex(0)

    def show_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(TABS.index(key))
        return self.tabs.currentWidget()

    # --- the unsaved changes ----------------------------------------------------------------
    def pending_count(self) -> int:
        return len(self.label_tab.session.labels) + len(self.suspects_tab.changes())

    def changes(self) -> list[dict]:
        return self.label_tab.changes() + self.suspects_tab.changes()

    def discard(self) -> None:
        self.label_tab.discard()
        self.suspects_tab.discard()
        self._tab_shown()

    def set_busy(self, busy: bool, saving: bool = False) -> None:
        self.classes_tab.set_busy(busy)
        self.label_tab.set_frozen(saving)

    # --- filling ------------------------------------------------------------------------------
    def fill(self, workspace: Path, loaded: jobs.Loaded) -> None:
        """A freshly opened project (or one just undone): a new labelling session."""
        data = loaded.data
        self._has_classes = loaded.task != "regression"
        note = loaded.no_suggestion_reason or (MERGE_HINT if data.proposals else "")
        self.label_tab.open_pool(data.frame, data.target, self._classes(data), loaded.order,
                                 loaded.suggestions, note)
        self.suspects_tab.reset()
        self.refresh(workspace, loaded.spec, data, saved_rows=[])
        self._filled = True
        self.setCurrentWidget(self.tabs)
        self._tab_shown()

    def refresh(self, workspace: Path, spec: dict, data: jobs.DataState,
                saved_rows: list[int]) -> None:
        """The data after a save or merge: saved rows are marked, classes and spellings updated."""
        self.label_tab.mark_saved(saved_rows)
        self.label_tab.set_classes(self._classes(data))
        self.suspects_tab.mark_saved(saved_rows)
        self.suspects_tab.set_data(workspace, data.frame, data.target, spec, self._classes(data))
        self.classes_tab.show_classes(data.spellings, data.proposals)
        self._tab_shown()  # the keys go back to the Label tab after a click on Save

    def stop(self) -> None:
        self.suspects_tab.stop()

    def _classes(self, data: jobs.DataState) -> list[str]:
        return data.classes if self._has_classes else []

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A key nobody took (focus on the tab bar, a button below) still labels the row.
        if self._filled and self.tabs.currentWidget() is self.label_tab:
            self.label_tab.keyPressEvent(event)
            if event.isAccepted():
                return
        super().keyPressEvent(event)

    @Slot()
    def _tab_shown(self) -> None:
        if not self._filled:
            return
        if self.tabs.currentWidget() is self.suspects_tab:
            self.suspects_tab.ensure_checked()
        elif self.tabs.currentWidget() is self.label_tab:
            self.label_tab.setFocus()
