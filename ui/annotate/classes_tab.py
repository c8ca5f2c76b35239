"""The Class names tab: the target's spellings, and merges for names that are one class written
several ways ("Yes", "yes ", "Y"). A merge is stored at once as its own (undoable) batch."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui import theme
from ui.home_page import primary_button
from ui.names import name as set_name
from ui.wizard.common import hint

SHOWN_SPELLINGS = 30


class ClassesTab(QWidget):
    """Emits mergeRequested(proposal) when a Merge button is pressed."""

    mergeRequested = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "annotateClassesTab")
        self.proposals: list[dict] = []
        self.merge_buttons = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 12, 0, 0)
        outer.setSpacing(12)
        outer.addWidget(hint("One class written several ways splits it in two: the model learns "
                             "“Yes” and “yes ” as different answers. Merging gives their rows one "
                             "name, saved at once as its own batch that “Undo last batch” takes back."))
        self.spellings = QLabel()
        set_name(self.spellings, "classSpellingsLabel")
        self.spellings.setWordWrap(True)
        self.spellings.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.spellings)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._body = QWidget()
        self._list = QVBoxLayout(self._body)
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.setSpacing(10)
        self._list.addStretch(1)
        scroll.setWidget(self._body)
        outer.addWidget(scroll, 1)
        self.empty = QLabel("No class names look like spellings of one another.")
        set_name(self.empty, "noMergesLabel")
        theme.set_role(self.empty, "muted")
        self._list.insertWidget(0, self.empty)

    def show_classes(self, spellings: list[tuple[str, int]], proposals: list[dict]) -> None:
        """The spellings with their row counts, and one card per proposed merge."""
        shown = ", ".join(f"<b>{escape(label)}</b> ({n:,})" for label, n in
                          spellings[:SHOWN_SPELLINGS])
        more = len(spellings) - SHOWN_SPELLINGS
        if more > 0:
            shown += f" and {more:,} more"
        self.spellings.setText(f"Classes as written (rows): {shown}" if spellings
                               else "No row has a label yet.")
        if proposals == self.proposals and self.merge_buttons:
            return
        for button in self.merge_buttons:
            card = button.parentWidget()
            self._list.removeWidget(card)
            card.deleteLater()
        self.proposals, self.merge_buttons = list(proposals), []
        for number, proposal in enumerate(self.proposals):
            self._list.insertWidget(number, self._card(number, proposal))
        self.empty.setVisible(not self.proposals)

    def set_busy(self, busy: bool) -> None:
        for button in self.merge_buttons:
            button.setEnabled(not busy)

    def _card(self, number: int, proposal: dict) -> QFrame:
        card = QFrame()
        set_name(card, f"mergeCard{number}")
        card.setProperty("panel", True)
        layout = QHBoxLayout(card)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(16)
        words = QLabel(proposal["reason"])
        words.setWordWrap(True)
        layout.addWidget(words, 1)
        rows = proposal["rows"]
        button = primary_button(f"Merge into “{proposal['into']}” ({rows:,} row"
                                f"{'' if rows == 1 else 's'})", f"mergeButton{number}", "secondary")
        button.clicked.connect(lambda _=False, p=proposal: self.mergeRequested.emit(p))
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.merge_buttons.append(button)
        return card
