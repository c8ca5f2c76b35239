"""The suspect labels as a table (model and view): most doubtful first, with what the user decided for each.

Cells are formatted when Qt asks for them (a few dozen at a time), so thousands of labelled
rows cost nothing up front. A decision is "change to <label>" or "keep"; changes wait in
memory (``changes``) until the view saves them as one batch.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView

from ui.annotate.words import value_text
from ui.names import name as set_name

FIXED = ("Row", "Label now", "Model suggests", "Doubt", "Your decision")
KEEP = None  # the decision "keep as is"
TIPS = {
    "Row": "The row's position in the data, counted from 0.",
    "Doubt": "1 − the probability a model that never saw this row gives its label now.",
    "Your decision": "Changes wait below until you save them.",
}


class SuspectsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entries: list[dict] = []
        self.columns: list[str] = []
        self._arrays: list = []
        self.decisions: dict[int, str | None] = {}  # row key: new label, or KEEP
        self.saved: dict[int, str] = {}

    def set_entries(self, entries: list[dict], frame, target: str) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.columns = [str(c) for c in frame.columns if str(c) != target]
        self._arrays = [frame[c].to_numpy(dtype=object) for c in frame.columns
                        if str(c) != target]
        self.decisions.clear()
        self.saved.clear()
        self.endResetModel()

    # --- decisions ------------------------------------------------------------------------
    def decide(self, index: int, label: str | None) -> None:
        """Change row ``index``'s label to ``label`` (the given one or KEEP: keep it)."""
        entry = self.entries[index]
        if entry["row"] in self.saved:
            return
        same = label is KEEP or label == entry["given"]
        self.decisions[entry["row"]] = KEEP if same else label
        self._changed(index)

    def changes(self) -> list[dict]:
        return [{"row": row, "label": label} for row, label in self.decisions.items()
                if label is not KEEP]

    def mark_saved(self, rows: list[int]) -> None:
        for row in rows:
            label = self.decisions.pop(row, KEEP)
            if label is not KEEP:
                self.saved[row] = label
        self._changed_all()

    def discard(self) -> None:
        self.decisions.clear()
        self._changed_all()

    def next_open(self, after: int) -> int | None:
        """The first row index after ``after`` with no decision yet."""
        for index in range(after + 1, len(self.entries)):
            row = self.entries[index]["row"]
            if row not in self.decisions and row not in self.saved:
                return index
        return None

    def decision_text(self, entry: dict) -> str:
        row = entry["row"]
        if row in self.saved:
            return f"✓ saved as {self.saved[row]}"
        if row not in self.decisions:
            return ""
        label = self.decisions[row]
        return "keep as is" if label is KEEP else f"→ {label} (not saved)"

    # --- Qt's model API -------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIXED) + len(self.columns)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        name = FIXED[section] if section < len(FIXED) else self.columns[section - len(FIXED)]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return TIPS.get(name)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry, column = self.entries[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(entry, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == 4 and entry["row"] in self.decisions:
            font = QFont()
            font.setBold(self.decisions[entry["row"]] is not KEEP)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            palette = QApplication.palette()
            queued = self.decisions.get(entry["row"], KEEP) is not KEEP
            return palette.color(QPalette.ColorRole.Link if queued else
                                 QPalette.ColorRole.PlaceholderText)
        return None

    def _text(self, entry: dict, column: int) -> str:
        if column == 0:
            return f"{entry['row']:,}"
        if column == 1:
            return entry["given"]
        if column == 2:
            return f"{entry['suggested']} ({entry['confidence']:.0%})"
        if column == 3:
            return f"{entry['suspicion']:.2f}"
        if column == 4:
            return self.decision_text(entry)
        return value_text(self._arrays[column - len(FIXED)][entry["row"]])

    def _changed(self, index: int) -> None:
        cell = self.index(index, 4)
        self.dataChanged.emit(cell, cell)

    def _changed_all(self) -> None:
        if self.entries:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self.entries) - 1, 4))


def suspects_table(model: SuspectsModel) -> QTableView:
    """A read-only table, one row selected at a time; columns sized by hand or to content."""
    table = QTableView()
    set_name(table, "suspectsTable")
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setDefaultSectionSize(120)
    return table
