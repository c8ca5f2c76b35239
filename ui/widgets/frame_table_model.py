"""A read-only table model over a pandas DataFrame that stays fast on a million rows.

The view asks only for the cells it shows, so a 1M-row frame costs nothing until it is
scrolled. Nothing is copied: the model keeps each column's backing array. Reading one cell of
an Arrow-backed column costs microseconds, and the view asks for each visible cell several
times (text, alignment, colour), so cells are read and formatted ``CHUNK_ROWS`` rows of a
column at a time and the last few chunks are kept (``_chunk``). pandas is never imported here;
the frame arrives ready-made from a worker.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

MISSING_TEXT = "—"
CHUNK_ROWS = 64
KEPT_CHUNKS = 512  # column chunks; a screenful of 20 columns needs 20–40
# Looked up once: data() runs thousands of times a paint, and reading Qt's enums (and
# or-ing alignment flags) each time was a third of its cost.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex


def format_cell(value: Any) -> str:
    """How one value reads in the preview: numbers trimmed, dates without midnight, missing as —."""
    if is_missing(value):
        return MISSING_TEXT
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "True" if value else "False"
    if isinstance(value, float) or type(value).__name__.startswith("float"):
        return format_number(float(value))
    if isinstance(value, datetime) or hasattr(value, "isoformat"):
        if isinstance(value, date) and not isinstance(value, datetime):
            return value.isoformat()
        text = value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)
        return text[:10] if text.endswith("00:00:00") else text
    return str(value)


def format_number(value: float) -> str:
    """Whole numbers without a decimal point; others to 4 decimals, trailing zeros trimmed."""
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if abs(value) >= 1e9 or abs(value) < 1e-4:
        return f"{value:.4g}"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def is_missing(value: Any) -> bool:
    """None, NaN, NaT and pandas' NA, without importing pandas."""
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    name = type(value).__name__
    if name in ("NAType", "NaTType"):
        return True
    try:
        return value != value  # NaN-like scalars of any library are not equal to themselves
    except (TypeError, ValueError):
        return False


class FrameTableModel(QAbstractTableModel):
    """Shows a DataFrame: one cell read per ``data()`` call, numbers right-aligned."""

    def __init__(self, frame: Any = None, parent=None) -> None:
        super().__init__(parent)
        self._frame = None
        self._columns: list[Any] = []
        self._numeric: list[bool] = []
        self._names: list[str] = []
        self._tooltips: dict[str, str] = {}
        self._rows = 0
        # (column, chunk) -> (texts, missing flags) of CHUNK_ROWS rows, least recently used first
        self._chunks: OrderedDict[tuple[int, int], tuple[list[str], list[bool]]] = OrderedDict()
        if frame is not None:
            self.set_frame(frame)

    # --- contents ------------------------------------------------------------------------
    def set_frame(self, frame: Any) -> None:
        """Show ``frame`` (None to clear). Keeps references to its columns; copies nothing."""
        self.beginResetModel()
        self._frame = frame
        if frame is None:
            self._columns, self._numeric, self._names, self._rows = [], [], [], 0
        else:
            self._columns = [frame.iloc[:, i].array for i in range(frame.shape[1])]
            self._numeric = [_is_number_kind(frame.dtypes.iloc[i]) for i in range(frame.shape[1])]
            self._names = [str(c) for c in frame.columns]
            self._rows = len(frame)
        self._tooltips = {}
        self._chunks.clear()
        self.endResetModel()

    def frame(self) -> Any:
        return self._frame

    def set_header_tooltips(self, tooltips: dict[str, str]) -> None:
        """Tooltips per column name (for example the column's kind and missing share)."""
        self._tooltips = dict(tooltips)
        if self._names:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._names) - 1)

    # --- Qt model interface -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if role == _DISPLAY:
            if not index.isValid():
                return None
            row = index.row()
            return self._chunk(index.column(), row)[0][row % CHUNK_ROWS]
        if role == _ALIGNMENT:
            return (_RIGHT if self._numeric[index.column()] else _LEFT) if index.isValid() else None
        if role in (_FOREGROUND, _TOOLTIP):
            if not index.isValid():
                return None
            row = index.row()
            if not self._chunk(index.column(), row)[1][row % CHUNK_ROWS]:
                return None
            if role == _TOOLTIP:
                return "Missing value"
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def _chunk(self, column: int, row: int) -> tuple[list[str], list[bool]]:
        """The texts and missing flags of the CHUNK_ROWS rows of ``column`` around ``row``."""
        key = (column, row // CHUNK_ROWS)
        found = self._chunks.get(key)
        if found is not None:
            self._chunks.move_to_end(key)
            return found
        start = key[1] * CHUNK_ROWS
        part = self._columns[column][start:start + CHUNK_ROWS]
        # One conversion of the slice to Python objects, not one Arrow scalar per cell.
        values = part.to_numpy(dtype=object) if hasattr(part, "to_numpy") else list(part)
        missing = [is_missing(v) for v in values]
        texts = [MISSING_TEXT if gone else format_cell(v) for v, gone in zip(values, missing, strict=True)]
        self._chunks[key] = found = (texts, missing)
        if len(self._chunks) > KEPT_CHUNKS:
            self._chunks.popitem(last=False)
        return found

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)  # people count rows from 1
            return None
        if not 0 <= section < len(self._names):
            return None
        name = self._names[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return name
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltips.get(name, name)
        if role == Qt.ItemDataRole.TextAlignmentRole:  # a header sits over its values
            horizontal = Qt.AlignmentFlag.AlignRight if self._numeric[section] else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        return None


def _is_number_kind(dtype: Any) -> bool:
    """Numbers (not booleans) are right-aligned; read from the dtype without pandas."""
    kind = getattr(dtype, "kind", "O")
    return kind in "iuf"
