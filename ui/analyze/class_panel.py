"""Per-class results of a model with more than two answers: a table per class and the
confusion matrix (true answers down, predictions across), shaded by count."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.analyze.summary_tab import fit_height
from ui.analyze.words import metric_name, number
from ui.names import name as set_name
from ui.widgets.palette import accent

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
MAX_TABLE_HEIGHT = 300  # two of them stacked fit under the header at 1366 × 768


def per_class_rows(per_class) -> list[dict]:
    """Per-class metrics as rows with a "class" key (a dict by class, or a list of rows)."""
    if isinstance(per_class, dict):
        return [{"class": label, **(values or {})} for label, values in per_class.items()]
    return [dict(row) for row in per_class or []]


def confusion_matrix(confusion, classes: list) -> tuple[list[str], list[list[int]]]:
    """(labels, counts by true row and predicted column) from the evaluation's ``confusion``."""
    if isinstance(confusion, dict):
        labels = confusion.get("labels") or confusion.get("classes") or classes
        matrix = confusion.get("matrix") or confusion.get("counts") or []
    else:
        labels, matrix = classes, confusion or []
    return [str(label) for label in labels], [[int(v) for v in row] for row in matrix]


def _table(object_name: str) -> QTableWidget:
    table = QTableWidget()
    set_name(table, object_name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _item(text: str, align=RIGHT) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setTextAlignment(align)
    return item


class ClassPanel(QWidget):
    """Per-class table above the confusion matrix: class names are long, so both get the width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "classPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(20)
        left, right = QVBoxLayout(), QVBoxLayout()
        self.per_class = _table("perClassTable")
        self.per_class.verticalHeader().setVisible(False)
        self.per_class.setAlternatingRowColors(True)
        self.matrix = _table("confusionMatrix")
        for box, title, note, table in (
            (left, "How good it is for each answer", "Recall: share of each real answer it finds. "
             "Precision: how often it is right when it gives that answer.", self.per_class),
            (right, "What it answers for each real answer", "True answers down, the model's "
             "answers across; the diagonal is right.", self.matrix),
        ):
            heading = QLabel(title)
            heading.setFont(theme.scaled_font(self, 1.05, bold=True))
            hint = QLabel(note)
            hint.setWordWrap(True)
            theme.set_role(hint, "muted")
            box.addWidget(heading)
            box.addWidget(hint)
            box.addWidget(table)
        layout.addLayout(left)
        layout.addLayout(right)
        layout.addStretch(1)

    def show_evaluation(self, result: dict) -> None:
        rows = per_class_rows(result.get("per_class"))
        keys = [k for k in (rows[0] if rows else {}) if k != "class"]
        self.per_class.clear()
        self.per_class.setColumnCount(1 + len(keys))
        self.per_class.setHorizontalHeaderLabels(
            ["Answer", *["Rows" if k in ("support", "rows") else metric_name(k) for k in keys]])
        self.per_class.setRowCount(len(rows))
        for r, row in enumerate(rows):
            self.per_class.setItem(r, 0, _item(str(row["class"]), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter))
            for c, key in enumerate(keys, start=1):
                value = row.get(key)
                text = f"{int(value):,}" if key in ("support", "rows") and value is not None else number(value)
                self.per_class.setItem(r, c, _item(text))
        labels, matrix = confusion_matrix(result.get("confusion"), result.get("classes") or [])
        self.matrix.clear()
        self.matrix.setRowCount(len(labels))
        self.matrix.setColumnCount(len(labels))
        self.matrix.setHorizontalHeaderLabels([f"says {label}" for label in labels])
        self.matrix.setVerticalHeaderLabels([f"really {label}" for label in labels])
        largest = max((v for row in matrix for v in row), default=1) or 1
        tint, warn = accent(self.palette()), QColor(theme.colors().warn)
        for r, row in enumerate(matrix):
            for c, count in enumerate(row):
                item = _item(f"{count:,}", Qt.AlignmentFlag.AlignCenter)
                shade = QColor(tint if r == c else warn)
                shade.setAlpha(int(20 + 90 * count / largest) if count else 0)
                item.setBackground(shade)
                self.matrix.setItem(r, c, item)
        for table in (self.per_class, self.matrix):
            fit_height(table)
            scroll = table.horizontalScrollBar()
            extra = scroll.sizeHint().height() if table.sizeHintForColumn(0) and _too_wide(table) else 0
            table.setFixedHeight(min(table.maximumHeight() + extra, MAX_TABLE_HEIGHT))  # many classes scroll


def _too_wide(table: QTableWidget) -> bool:
    """Whether the columns need more width than the table has (a scroll bar takes a row)."""
    needed = table.verticalHeader().width() + sum(
        table.columnWidth(c) for c in range(table.columnCount()))
    return needed > table.viewport().width()
