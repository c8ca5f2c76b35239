"""The cleaning recipe as an editable table: keep/drop, kind, missing values, encoding, why.

The model edits the ``Recipe`` it is given in place (the wizard state owns it) and says so
through ``recipeEdited``. Choices are shown in words; the engine's codes stay underneath.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QStyledItemDelegate, QWidget

from engine.spec import ColumnStep, Recipe

KEEP, COLUMN, KIND, IMPUTE, ENCODE, REASON = range(6)
HEADERS = ("Use", "Column", "Kind", "Missing values", "Encoding", "Why")
KIND_WORDS = {
    "numeric": "number", "categorical": "categories", "boolean": "yes/no", "datetime": "date",
    "text": "free text", "identifier": "ID",
}
IMPUTE_WORDS = {
    "median": "fill with the median", "mean": "fill with the mean",
    "most_frequent": "fill with the most common", "constant": "own 'missing' value",
    "none": "leave as they are",
}
ENCODE_WORDS = {"onehot": "one column per category", "ordinal": "numbered categories", "none": "—"}
# What the model can learn from (engine.preprocess.MODEL_KINDS); text and IDs cannot be kept.
MODEL_KINDS = ("numeric", "categorical", "boolean", "datetime")
CHOICES = {KIND: KIND_WORDS, IMPUTE: IMPUTE_WORDS, ENCODE: ENCODE_WORDS}
_Index = QModelIndex | QPersistentModelIndex


class RecipeModel(QAbstractTableModel):
    """One row per column of the recipe; the checkbox keeps or drops it."""

    recipeEdited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._recipe = Recipe()

    def set_recipe(self, recipe: Recipe) -> None:
        self.beginResetModel()
        self._recipe = recipe
        self.endResetModel()

    def recipe(self) -> Recipe:
        return self._recipe

    def kept_count(self) -> int:
        return len(self._recipe.kept())

    # --- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._recipe.steps)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        step = self._recipe.steps[index.row()]
        if index.column() == KEEP:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() in CHOICES and step.action == "keep":
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self._recipe.steps[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == KEEP:
            return Qt.CheckState.Checked if step.action == "keep" else Qt.CheckState.Unchecked
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(step, column)
            if role == Qt.ItemDataRole.ToolTipRole:
                return step.reason if column in (COLUMN, REASON) else None
            return text
        if role == Qt.ItemDataRole.EditRole and column in CHOICES:
            return self._code(step, column)
        if role == Qt.ItemDataRole.ForegroundRole and step.action == "drop" and column != REASON:
            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if role == Qt.ItemDataRole.AccessibleTextRole and column == KEEP:
            return f"Use {step.column}" if step.action == "keep" else f"Leave out {step.column}"
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        step = self._recipe.steps[index.row()]
        column = index.column()
        if column == KEEP and role == Qt.ItemDataRole.CheckStateRole:
            keep = _is_checked(value)
            step.action = "keep" if keep else "drop"
            if keep and step.kind not in MODEL_KINDS:
                _make_usable(step)
        elif column in CHOICES and role == Qt.ItemDataRole.EditRole and value in CHOICES[column]:
            if column == KIND:
                if value not in MODEL_KINDS:
                    return False
                step.kind = value
            elif column == IMPUTE:
                step.impute = value
            else:
                step.encode = value
        else:
            return False
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
        self.recipeEdited.emit()
        return True

    # --- helpers ----------------------------------------------------------------------------
    def _code(self, step: ColumnStep, column: int) -> str:
        return {KIND: step.kind, IMPUTE: step.impute, ENCODE: step.encode}[column]

    def _text(self, step: ColumnStep, column: int) -> str:
        if column == COLUMN:
            return step.column
        if column == REASON:
            return step.reason
        if column in CHOICES:
            if step.action == "drop" and column != KIND:
                return ""
            code = self._code(step, column)
            return CHOICES[column].get(code, code)
        return ""


def _is_checked(value: Any) -> bool:
    if isinstance(value, Qt.CheckState):
        return value == Qt.CheckState.Checked
    return value in (2, True, Qt.CheckState.Checked.value)


def _make_usable(step: ColumnStep) -> None:
    """Free text or an ID put back by the user becomes numbered categories the model can use."""
    step.kind = "categorical"
    step.impute = "constant"
    step.encode = "ordinal"
    step.reason = "You put it back: used as numbered categories (rare values grouped)."


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of the choices in words for the kind, missing-values and encoding cells."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        words = CHOICES.get(index.column(), {})
        for code, text in words.items():
            if index.column() == KIND and code not in MODEL_KINDS:
                continue
            combo.addItem(text, code)
        # Commit as soon as a choice is picked: one click, not click + Enter.
        combo.activated.connect(lambda _=0, c=combo: self.commitData.emit(c))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        code = index.data(Qt.ItemDataRole.EditRole)
        position = editor.findData(code)
        editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
