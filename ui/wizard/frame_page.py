"""Step 1, Frame: the project's name, the business question, and what predictions are worth."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ui.wizard.common import PAGE_MARGINS, SPACING, PageHeader, heading, hint, name
from ui.wizard.state import SAMPLE_PROJECT, SAMPLE_QUESTION, WizardState

CURRENCIES = ("$", "€", "£", "¥", "CHF")
MAX_FORM_WIDTH = 920


class FramePage(QWizardPage):
    """Name, question and the value matrix (with a "skip" option). Complete with a name."""

    def __init__(self, state: WizardState, parent=None) -> None:
        super().__init__(parent)
        self.state = state
        name(self, "framePage")
        self.header = PageHeader(0, "Frame the question",
                                 "Say what you want to find out, and what a right or a wrong prediction "
                         "is worth to you. You can change all of it later.")

        self.projectNameEdit = name(QLineEdit(state.project), "projectNameEdit")
        self.projectNameEdit.setPlaceholderText("For example: Customer churn")
        self.projectNameEdit.setMaxLength(120)
        self.questionEdit = name(QPlainTextEdit(state.question), "questionEdit")
        self.questionEdit.setPlaceholderText(
            "For example: Which customers are about to cancel, so we can call them first?")
        self.questionEdit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.questionEdit.setFixedHeight(self.questionEdit.fontMetrics().lineSpacing() * 4 + 12)

        form = QFormLayout()
        form.setSpacing(SPACING)
        form.addRow("Project name", self.projectNameEdit)
        form.addRow("Business question", self.questionEdit)

        # A form reads best in a column of comfortable width, not stretched across the screen.
        column = QWidget()
        column.setMaximumWidth(MAX_FORM_WIDTH)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(SPACING)
        inner.addLayout(form)
        inner.addSpacing(SPACING)
        inner.addWidget(self._value_box())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(*PAGE_MARGINS)
        layout.addWidget(self.header)
        layout.addWidget(column)
        layout.addStretch(1)

        self.projectNameEdit.textChanged.connect(self._name_changed)
        self.questionEdit.textChanged.connect(self._question_changed)

    # --- the value matrix -----------------------------------------------------------------
    def _value_box(self) -> QWidget:
        value = self.state.value
        box = QWidget()
        self.skipValueCheck = name(QCheckBox("Skip this for now: I don't know these values yet"),
                                   "skipValueCheck")
        self.currencyCombo = name(QComboBox(), "currencyCombo")
        self.currencyCombo.setEditable(True)
        self.currencyCombo.addItems(CURRENCIES)
        self.currencyCombo.setCurrentText(value.currency)
        self.currencyCombo.setMinimumWidth(100)
        self.tpValueSpin = self._money("truePositiveValueSpin", value.true_positive_value)
        self.fpCostSpin = self._money("falsePositiveCostSpin", value.false_positive_cost)
        self.fnCostSpin = self._money("falseNegativeCostSpin", value.false_negative_cost)
        self.unitCostSpin = self._money("unitErrorCostSpin", value.cost_per_unit_error)
        self.valueFields = [self.tpValueSpin, self.fpCostSpin, self.fnCostSpin, self.unitCostSpin,
                            self.currencyCombo]

        yes_no = _form()
        yes_no.addRow(_subheading("If the answer is yes or no"))
        yes_no.addRow("Value of a right “yes” (a true positive)", self.tpValueSpin)
        yes_no.addRow("Cost of a false alarm (a false positive)", self.fpCostSpin)
        yes_no.addRow("Cost of a miss (a false negative)", self.fnCostSpin)
        number = _form()
        number.addRow(_subheading("If the answer is a number"))
        number.addRow("Cost of being off by one unit", self.unitCostSpin)
        number.addRow("Currency", self.currencyCombo)
        columns = QHBoxLayout()
        columns.setSpacing(SPACING * 4)
        columns.addLayout(yes_no)
        columns.addLayout(number)
        columns.addStretch(1)

        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACING)
        layout.addWidget(heading("What predictions are worth"))
        layout.addWidget(hint("FirstWin uses these to put a rough price on a model next to doing "
                              "nothing. Example: keeping a customer who was about to leave is "
                              "worth $100; calling one who was staying anyway costs $20. A miss "
                              "costs what you would lose anyway, so leave it at 0 unless it "
                              "costs more than that."))
        layout.addLayout(columns)
        layout.addWidget(self.skipValueCheck)

        for spin in self.valueFields[:4]:
            spin.valueChanged.connect(self._value_changed)
        self.currencyCombo.currentTextChanged.connect(self._value_changed)
        self.skipValueCheck.toggled.connect(self._skip_toggled)
        self.skipValueCheck.setChecked(self.state.value_skipped)
        return box

    def _money(self, object_name: str, value: float) -> QDoubleSpinBox:
        spin = name(QDoubleSpinBox(), object_name)
        spin.setRange(0.0, 1e9)
        spin.setDecimals(2)
        spin.setGroupSeparatorShown(True)
        spin.setValue(value)
        spin.setFixedWidth(160)
        return spin

    # --- keeping the state in step ------------------------------------------------------------
    def prefill_sample(self) -> None:
        """The sample's name and question, where the user has not typed their own."""
        if not self.projectNameEdit.text().strip():
            self.projectNameEdit.setText(SAMPLE_PROJECT)
        if not self.questionEdit.toPlainText().strip():
            self.questionEdit.setPlainText(SAMPLE_QUESTION)

    def _name_changed(self, text: str) -> None:
        self.state.project = text
        self.completeChanged.emit()

    def _question_changed(self) -> None:
        self.state.question = self.questionEdit.toPlainText()

    def _value_changed(self) -> None:
        value = self.state.value
        value.true_positive_value = self.tpValueSpin.value()
        value.false_positive_cost = self.fpCostSpin.value()
        value.false_negative_cost = self.fnCostSpin.value()
        value.cost_per_unit_error = self.unitCostSpin.value()
        value.currency = self.currencyCombo.currentText().strip() or "$"

    def _skip_toggled(self, skipped: bool) -> None:
        self.state.value_skipped = skipped
        for widget in self.valueFields:
            widget.setEnabled(not skipped)

    # --- QWizardPage ------------------------------------------------------------------------
    def isComplete(self) -> bool:
        return bool(self.projectNameEdit.text().strip())

    def cleanupPage(self) -> None:
        """Back keeps what was typed (the default would reset registered fields)."""


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setSpacing(SPACING)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return form


def _subheading(text: str) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label
