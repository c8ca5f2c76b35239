"""Table models for the Errors tab: the worst rows (filterable by a slice) and the weak slices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from ui import theme
from ui.analyze.slice_filter import rows_in_slice
from ui.analyze.words import number

_Index = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def cell_text(value) -> str:
    if value is None:
        return "(missing)"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.4g}"
    return str(value)


class WorstRowsModel(QAbstractTableModel):
    """Truth, prediction, confidence (or error), then the row's feature values."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[dict] = []
        self._rows: list[dict] = []
        self._features: list[str] = []
        self._regression = False
        self.slice: dict | None = None

    def set_rows(self, rows: list[dict], regression: bool, target: str = "") -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._regression = regression
        self._features = list((rows[0].get("values") or {}) if rows else [])
        if target in self._features:
            self._features.remove(target)
        self.slice = None
        self._rows = list(self._all)
        self.endResetModel()

    def set_slice(self, slice_: dict | None) -> None:
        """Show only the rows of ``slice_`` (all rows for None)."""
        self.beginResetModel()
        self.slice = slice_
        self._rows = rows_in_slice(self._all, slice_)
        self.endResetModel()

    def shown(self) -> list[dict]:
        return list(self._rows)

    def total(self) -> int:
        return len(self._all)

    def headers(self) -> list[str]:
        third = "Error (predicted − true)" if self._regression else "Confidence"
        return ["True answer", "Predicted", third, *self._features]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3 + len(self._features)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and section == 2 and not self._regression):
            return "How sure the model was of its (wrong) answer: confident mistakes come first."
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column == 2 or (column > 2 and isinstance(self._value(row, column), int | float))
            if self._regression and column < 2:
                numeric = True
            return RIGHT if numeric else LEFT
        if role == Qt.ItemDataRole.ForegroundRole and column == 1:
            return QColor(theme.colors().warn)
        return None

    def _value(self, row: dict, column: int):
        return (row.get("values") or {}).get(self._features[column - 3])

    def _text(self, row: dict, column: int) -> str:
        if column == 0:
            return _answer(row.get("truth"), self._regression)
        if column == 1:
            return _answer(row.get("prediction"), self._regression)
        if column == 2:
            if self._regression:
                error = row.get("error")
                return "—" if error is None else f"{error:+,.4g}"
            confidence = row.get("confidence")
            return "—" if confidence is None else f"{confidence:.0%}"
        return cell_text(self._value(row, column))


def _answer(value, regression: bool) -> str:
    if regression and isinstance(value, int | float):
        return f"{value:,.4g}"
    return cell_text(value)


class SlicesModel(QAbstractTableModel):
    """Weak slices, worst first: where the model does clearly worse than overall."""

    HEADERS = ("Group of rows", "Rows", "Score here", "Overall", "Gap")

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._slices: list[dict] = []

    def set_slices(self, slices: list[dict]) -> None:
        self.beginResetModel()
        self._slices = list(slices)
        self.endResetModel()

    def slice_at(self, row: int) -> dict | None:
        return self._slices[row] if 0 <= row < len(self._slices) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._slices)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section in (2, 3) and self._slices:
                return f"{self.HEADERS[section]} ({self._slices[0].get('metric', 'score')})"
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section > 0:
            return RIGHT
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry, column = self._slices[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return entry.get("label", "")
            if column == 1:
                return f"{int(entry.get('rows', 0)):,}"
            key = ("score", "overall", "gap")[column - 2]
            value = entry.get(key)
            if entry.get("metric") == "accuracy" and isinstance(value, int | float):
                return f"{value * 100:.0f} points" if key == "gap" else f"{value:.0%}"
            return number(value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return LEFT if column == 0 else RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(theme.colors().warn)
        return None
