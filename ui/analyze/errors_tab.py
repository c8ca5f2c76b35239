"""The Errors tab: where the model does worst (weak slices) and the rows it got most wrong.

Clicking a slice filters the worst rows to that slice, in the UI (ui/analyze/slice_filter.py).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.analyze.error_models import SlicesModel, WorstRowsModel
from ui.analyze.summary_tab import read_only_table
from ui.home_page import primary_button
from ui.names import name as set_name


def _table(object_name: str, model) -> QTableView:
    table = read_only_table(object_name, model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return table


def _section(title: str, note: QLabel, body: QWidget, extra: QWidget | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    top = QHBoxLayout()
    heading = QLabel(title)
    heading.setFont(theme.scaled_font(box, 1.05, bold=True))
    top.addWidget(heading)
    top.addStretch(1)
    if extra is not None:
        top.addWidget(extra)
    layout.addLayout(top)
    layout.addWidget(note)
    layout.addWidget(body, 1)
    return box


def _note() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    theme.set_role(label, "muted")
    return label


class ErrorsTab(QWidget):
    """Weak slices above, worst rows below; a slice selected filters the rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "analyzeErrorsTab")
        self.slices = SlicesModel(self)
        self.rows = WorstRowsModel(self)
        self.slices_table = _table("slicesTable", self.slices)
        self.slices_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.slices_table.selectionModel().selectionChanged.connect(self._on_slice_selected)
        self.rows_table = _table("worstRowsTable", self.rows)
        self.slices_note = _note()
        self.rows_note = _note()
        set_name(self.rows_note, "worstRowsNote")
        self.show_all = primary_button("Show all rows", "showAllRowsButton", "secondary")
        self.show_all.clicked.connect(self.slices_table.clearSelection)
        self.show_all.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(_section("Where it does worst", self.slices_note, self.slices_table))
        split.addWidget(_section("The rows it got most wrong", self.rows_note, self.rows_table,
                                 self.show_all))
        split.setChildrenCollapsible(False)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)
        self.result: dict = {}

    def show_evaluation(self, result: dict) -> None:
        self.result = result
        regression = result.get("task") == "regression"
        slices = result.get("slices") or []
        self.slices.set_slices(slices)
        if slices:
            self.slices_note.setText(
                "Groups of held-back rows sharing one value or range where the model is clearly "
                "worse than overall (not by chance). Click one to see its worst rows below.")
        else:
            self.slices_note.setText(
                "No group of rows stands out: the model is about as good everywhere it was "
                "checked (each value of a category, five ranges of each number).")
        self.rows.set_rows(result.get("worst_rows") or [], regression, result.get("target") or "")
        self.slices_table.clearSelection()
        self._describe_rows()

    @Slot(QItemSelection, QItemSelection)
    def _on_slice_selected(self, *_args) -> None:
        selected = self.slices_table.selectionModel().selectedRows()
        slice_ = self.slices.slice_at(selected[0].row()) if selected else None
        self.rows.set_slice(slice_)
        self.show_all.setEnabled(slice_ is not None)
        self._describe_rows()

    def select_slice(self, row: int) -> None:
        """Select the slice in ``row`` (as a click would)."""
        self.slices_table.selectRow(row)

    def _describe_rows(self) -> None:
        total, shown = self.rows.total(), len(self.rows.shown())
        regression = self.result.get("task") == "regression"
        order = "largest error first" if regression else "most confident mistakes first"
        if self.rows.slice is None:
            self.rows_note.setText(f"The {total} held-back rows with the largest loss, {order}.")
        elif shown:
            self.rows_note.setText(
                f"{shown} of the {total} worst rows are in “{self.rows.slice.get('label')}”.")
        else:
            self.rows_note.setText(
                f"None of the {total} worst rows is in “{self.rows.slice.get('label')}”: its "
                "errors are many small ones rather than a few big ones.")
