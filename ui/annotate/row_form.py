"""One row's values, large and readable: "column  value" pairs in a scrolling form.

The labels are made once per set of columns (``set_columns``); moving to another row only
changes their texts (``show_values``), so a 10,000-row pool never rebuilds a widget.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ui import theme
from ui.names import name as set_name

TWO_PAIRS_FROM = 11  # from this many columns on, the pairs sit side by side in two columns
VALUE_SCALE = 1.3
ORDER_NOTE = ("The rows the model is least sure about come first: labelling them teaches the next "
              "model most. One in ten is picked at random, so the labels stay like the data as a "
              "whole. Row numbers count from 0 in the stored data.")


class RowForm(QFrame):
    """A panel: a caption ("Row 1,234") above the form. ``rebuilds`` counts widget builds."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "rowForm")
        self.setProperty("panel", True)  # the theme draws it as a card
        self.columns: list[str] = []
        self.name_labels: list[QLabel] = []
        self.value_labels: list[QLabel] = []
        self.rebuilds = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 14, 20, 14)
        outer.setSpacing(10)
        self.caption = QLabel()
        set_name(self.caption, "rowCaption")
        self.caption.setFont(theme.scaled_font(self, 1.1, bold=True))
        outer.addWidget(self.caption)
        self.scroll = QScrollArea()
        set_name(self.scroll, "rowScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.viewport().setAutoFillBackground(False)  # the card's white shows through
        outer.addWidget(self.scroll, 1)
        self.order_note = QLabel(ORDER_NOTE)
        set_name(self.order_note, "rowOrderNote")
        self.order_note.setWordWrap(True)
        theme.set_role(self.order_note, "muted")
        outer.addWidget(self.order_note)
        self._body: QWidget | None = None

    def set_columns(self, columns: list[str]) -> None:
        """Build one name and one value label per column (only if the columns changed)."""
        if columns == self.columns and self._body is not None:
            return
        self.columns = list(columns)
        self.rebuilds += 1
        body = QWidget()
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        pairs = 2 if len(columns) >= TWO_PAIRS_FROM else 1
        per_pair = -(-len(columns) // pairs)
        self.name_labels, self.value_labels = [], []
        value_font = theme.scaled_font(self, VALUE_SCALE)
        for i, column in enumerate(columns):
            pair, row = divmod(i, per_pair)
            name = QLabel(column)
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            theme.set_role(name, "muted")
            value = QLabel()
            value.setFont(value_font)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            set_name(value, f"rowValue_{column}")
            # A name's baseline lines up with its (larger) value.
            name.setContentsMargins(0, max(0, value.fontMetrics().ascent()
                                           - name.fontMetrics().ascent()), 0, 0)
            grid.addWidget(name, row, pair * 3)
            grid.addWidget(value, row, pair * 3 + 1)
            self.name_labels.append(name)
            self.value_labels.append(value)
        for pair in range(pairs):
            grid.setColumnStretch(pair * 3 + 1, 1)
            if pair:
                grid.setColumnMinimumWidth(pair * 3 - 1, 24)  # a gutter between the pairs
        grid.setRowStretch(per_pair, 1)
        self.scroll.setWidget(body)  # the old body is deleted by the scroll area
        body.setAutoFillBackground(False)  # setWidget turned it on: let the card's colour show
        self._body = body

    def show_values(self, caption: str, texts: list[str]) -> None:
        """Show a row: only texts change."""
        self.caption.setText(caption)
        for label, text in zip(self.value_labels, texts, strict=True):
            label.setText(text)
        self.scroll.verticalScrollBar().setValue(0)

    def clear(self, caption: str) -> None:
        self.caption.setText(caption)
        for label in self.value_labels:
            label.setText("")
