"""A yes/no confusion matrix in counts and words, updated live as the threshold moves."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from ui import theme
from ui.analyze.words import confusion_words, flagged_words, yes_no
from ui.names import name as set_name

# (key, caption, good?) by (row: really yes/no, column: model says yes/no)
CELLS = {
    (0, 0): ("tp", "caught", True),
    (0, 1): ("fn", "missed", False),
    (1, 0): ("fp", "false alarms", False),
    (1, 1): ("tn", "rightly left alone", True),
}


class ConfusionPanel(QWidget):
    """Four counts in a grid, then the same in a sentence."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "confusionPanel")
        self.classes: list = []
        self.shown: dict[str, int] = {}  # the counts on screen, as numbers
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(6)
        self.column_heads = [QLabel(), QLabel()]
        self.row_heads = [QLabel(), QLabel()]
        for i, label in enumerate(self.column_heads):
            theme.set_role(label, "muted")
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(label, 0, i + 1)
        for i, label in enumerate(self.row_heads):
            theme.set_role(label, "muted")
            grid.addWidget(label, i + 1, 0)
        self.cells: dict[str, QLabel] = {}
        for (row, column), (key, _caption, _good) in CELLS.items():
            cell = QLabel()
            set_name(cell, f"confusion_{key}")
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setTextFormat(Qt.TextFormat.RichText)
            cell.setMinimumHeight(54)
            grid.addWidget(cell, row + 1, column + 1)
            self.cells[key] = cell
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        layout.addLayout(grid)
        self.words = QLabel()
        set_name(self.words, "confusionWords")
        self.words.setWordWrap(True)
        self.flagged = QLabel()
        set_name(self.flagged, "flaggedShare")
        theme.set_role(self.flagged, "muted")
        self.flagged.setWordWrap(True)
        layout.addWidget(self.words)
        layout.addWidget(self.flagged)

    def set_classes(self, classes: list) -> None:
        self.classes = list(classes)
        yes, no = yes_no(self.classes)
        self.column_heads[0].setText(f"Model says “{yes}”")
        self.column_heads[1].setText(f"Model says “{no}”")
        self.row_heads[0].setText(f"Really “{yes}”")
        self.row_heads[1].setText(f"Really “{no}”")

    def show_entry(self, entry: dict) -> None:
        colours = theme.colors()
        self.shown = {key: int(entry[key]) for key in ("tp", "fp", "fn", "tn")}
        for (_row, _column), (key, caption, good) in CELLS.items():
            colour = colours.good if good else colours.warn
            cell = self.cells[key]
            cell.setText(f"<span style='font-size:15pt; font-weight:600'>{int(entry[key]):,}</span>"
                         f"<br><span style='color:{colours.muted}'>{caption}</span>")
            cell.setStyleSheet(f"QLabel {{ background: {colours.surface}; border: 1px solid "
                               f"{colours.border}; border-left: 4px solid {colour}; "
                               f"padding: 4px; }}")
        self.words.setText(confusion_words(entry, self.classes))
        self.flagged.setText(flagged_words(entry))
