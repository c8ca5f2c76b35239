"""Key numbers side by side: one row per metric, one column per model, the no-ML baseline last.

The last column says whether the first model beats the baseline on that number, in words and
in the theme's good/warn colours (never colour alone).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication

from ui import theme
from ui.analyze.words import (
    LOWER_IS_BETTER,
    MONEY_METRICS,
    compare,
    metric_keys,
    metric_name,
    money,
    number,
)

_Index = QModelIndex | QPersistentModelIndex
VERDICTS = {"better": "✓ better than no ML", "worse": "✗ worse than no ML", "same": "= same as no ML"}


class MetricsModel(QAbstractTableModel):
    """``set_columns([(header, metrics), ...], baseline=(header, metrics))``."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._columns: list[tuple[str, dict]] = []
        self._baseline: tuple[str, dict] | None = None
        self._keys: list[str] = []
        self.currency = "$"

    def set_columns(self, columns: list[tuple[str, dict | None]],
                    baseline: tuple[str, dict | None] | None = None, currency: str = "$") -> None:
        self.beginResetModel()
        self.currency = currency
        self._columns = [(header, metrics or {}) for header, metrics in columns]
        self._baseline = (baseline[0], baseline[1] or {}) if baseline else None
        dicts = [m for _h, m in self._columns] + ([self._baseline[1]] if self._baseline else [])
        self._keys = metric_keys(*dicts)
        self.endResetModel()

    def keys(self) -> list[str]:
        return list(self._keys)

    def _all(self) -> list[tuple[str, dict]]:
        return self._columns + ([self._baseline] if self._baseline else [])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._keys)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return 1 + len(self._all()) + (1 if self._baseline else 0)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            headers = ["Measure", *[h for h, _m in self._all()]]
            if self._baseline:
                headers.append("")
            return headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < section <= len(self._all()):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, column = self._keys[index.row()], index.column()
        columns = self._all()
        verdict_column = len(columns) + 1 if self._baseline else -1
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return metric_name(key)
            if column == verdict_column:
                return VERDICTS.get(self.verdict(key), "")
            value = columns[column - 1][1].get(key)
            if key in MONEY_METRICS:
                return money(value, self.currency) if value is not None else "—"
            return number(value, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column != 0 and column != verdict_column
            horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == verdict_column:
                verdict = self.verdict(key)
                c = theme.colors()
                return QColor(c.good if verdict == "better" else c.warn if verdict == "worse" else c.muted)
            if self._baseline and column == len(columns):
                return QColor(theme.colors().muted)  # the no-ML column reads as a reference
        if role == Qt.ItemDataRole.FontRole and column == 1:
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == 0 and key == "value_per_1000":
            return ("At the saved threshold, from the project's values. No ML: the better of "
                    "acting on every row and acting on none.")
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return ("Lower is better for this measure." if key in LOWER_IS_BETTER
                    else "Higher is better for this measure.")
        return None

    def verdict(self, key: str) -> str:
        """How the first model compares with the baseline on ``key``."""
        if not self._columns or not self._baseline:
            return ""
        return compare(key, self._columns[0][1].get(key), self._baseline[1].get(key))
