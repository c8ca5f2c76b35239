"""What a right and a wrong answer are worth: the project's value matrix as a small form."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui import theme
from ui.home_page import primary_button
from ui.names import name as set_name

LIMIT = 1e9
BINARY_FIELDS = (  # (key, label, tip)
    ("true_positive_value", "Value of a caught case",
     "What acting on a real “yes” brings, e.g. a customer kept after a call."),
    ("false_positive_cost", "Cost of a false alarm",
     "What acting on a “no” by mistake costs, e.g. the time of a call that was not needed."),
    ("false_negative_cost", "Cost of a miss",
     "What a real “yes” that nobody acted on costs, e.g. a customer lost."),
)
REGRESSION_FIELDS = (
    ("cost_per_unit_error", "Cost of one unit of error",
     "What being off by one unit (in the target's own unit) costs."),
)


class ValueForm(QWidget):
    """Spin boxes for the value matrix, a currency field and a Save button."""

    saveRequested = Signal(dict)

    def __init__(self, regression: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "valueForm")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.intro = QLabel("Enter what a right and a wrong answer are worth, in your own "
                            "currency: the chart then shows money, and the best threshold.")
        self.intro.setWordWrap(True)
        theme.set_role(self.intro, "muted")
        layout.addWidget(self.intro)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        self.spins: dict[str, QDoubleSpinBox] = {}
        for key, label, tip in REGRESSION_FIELDS if regression else BINARY_FIELDS:
            spin = QDoubleSpinBox()
            set_name(spin, f"value_{key}")
            spin.setRange(0.0, LIMIT)
            spin.setDecimals(2)
            spin.setGroupSeparatorShown(True)
            spin.setToolTip(tip)
            spin.setMinimumWidth(130)
            form.addRow(label, spin)
            self.spins[key] = spin
        self.currency = QLineEdit("$")
        set_name(self.currency, "value_currency")
        self.currency.setMaxLength(8)
        self.currency.setMaximumWidth(80)
        form.addRow("Currency", self.currency)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = primary_button("Save values", "saveValuesButton")
        self.save_button.clicked.connect(self._save)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)

    def set_values(self, value: dict) -> None:
        for key, spin in self.spins.items():
            spin.setValue(float((value or {}).get(key) or 0.0))
        self.currency.setText(str((value or {}).get("currency") or "$"))

    def values(self) -> dict:
        chosen = {key: spin.value() for key, spin in self.spins.items()}
        chosen["currency"] = self.currency.text().strip() or "$"
        return chosen

    def _save(self) -> None:
        self.saveRequested.emit(self.values())
