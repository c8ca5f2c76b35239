"""The what-if form: one input per feature, built from ``WhatIfSession.fields()``."""

from __future__ import annotations

import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from ui.names import name as set_name

FIELD_WIDTH = 220


def _whole(*numbers) -> bool:
    return all(n is None or float(n).is_integer() for n in numbers)


def numeric_range(field: dict) -> tuple[float, float]:
    """The typical range (1st–99th percentile) widened by half its span on each side, so
    unusual values can be tried; never below zero when the data never is."""
    low, high = field.get("min"), field.get("max")
    default = field.get("default")
    if low is None or high is None:
        return -1e9, 1e9
    span = max(float(high) - float(low), abs(float(default or 0)) * 0.5, 1.0)
    lower = float(low) - span / 2
    if float(low) >= 0:
        lower = max(0.0, lower)
    return lower, float(high) + span / 2


class WhatIfForm(QWidget):
    """Emits ``changed`` whenever a value changes; ``values()`` reads them all."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "whatIfForm")
        self.layout_ = QFormLayout(self)
        self.layout_.setVerticalSpacing(6)
        self.layout_.setHorizontalSpacing(12)
        self.inputs: dict[str, QWidget] = {}
        self.fields: list[dict] = []

    def set_fields(self, fields: list[dict]) -> None:
        while self.layout_.rowCount():
            self.layout_.removeRow(0)
        self.inputs = {}
        self.fields = list(fields)
        for field in self.fields:
            editor = self._editor(field)
            set_name(editor, f"whatif_{field['name']}")
            editor.setMinimumWidth(FIELD_WIDTH)
            self.layout_.addRow(field["name"], editor)
            self.inputs[field["name"]] = editor
        self.reset()

    def _editor(self, field: dict) -> QWidget:
        kind = field.get("kind")
        if field.get("choices") is not None:
            combo = QComboBox()
            combo.addItems([str(c) for c in field["choices"]])
            combo.currentTextChanged.connect(self.changed)
            return combo
        if kind == "numeric":
            spin = QDoubleSpinBox()
            low, high = numeric_range(field)
            spin.setRange(low, high)
            whole = _whole(field.get("min"), field.get("max"), field.get("default"))
            spin.setDecimals(0 if whole else 2)
            span = (field.get("max") or 1) - (field.get("min") or 0)
            spin.setSingleStep(1.0 if whole else max(0.01, round(span / 50, 2)))
            spin.setGroupSeparatorShown(True)
            spin.setKeyboardTracking(False)  # one prediction per finished number, not per key
            spin.setToolTip(f"Usual values: {field.get('min')} to {field.get('max')}")
            spin.valueChanged.connect(self.changed)
            return spin
        line = QLineEdit()
        if kind == "datetime":
            line.setPlaceholderText("YYYY-MM-DD")
        line.editingFinished.connect(self.changed)
        return line

    def reset(self) -> None:
        """Every input back to its typical value (one ``changed`` at the end)."""
        self.blockSignals(True)
        for field in self.fields:
            self.set_value(field["name"], field.get("default"))
        self.blockSignals(False)
        self.changed.emit()

    def set_value(self, name: str, value) -> None:
        editor = self.inputs[name]
        if isinstance(editor, QComboBox):
            index = editor.findText("" if value is None else str(value))
            editor.setCurrentIndex(max(index, 0))
        elif isinstance(editor, QDoubleSpinBox):
            number = float(value) if isinstance(value, int | float) and math.isfinite(value) else 0.0
            editor.setValue(number)
        else:
            editor.setText("" if value is None else str(value))
            editor.editingFinished.emit()

    def values(self) -> dict:
        chosen = {}
        for field in self.fields:
            editor = self.inputs[field["name"]]
            if isinstance(editor, QComboBox):
                chosen[field["name"]] = editor.currentText()
            elif isinstance(editor, QDoubleSpinBox):
                number = editor.value()
                chosen[field["name"]] = int(number) if editor.decimals() == 0 else number
            else:
                chosen[field["name"]] = editor.text().strip() or None
        return chosen
