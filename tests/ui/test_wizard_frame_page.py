"""Frame page: a name is required; the value matrix has defaults and can be skipped."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from tests.ui.test_wizard_helpers import store, wizard  # noqa: F401 - pytest fixtures
from ui.wizard import PocWizard
from ui.wizard.state import SAMPLE_PROJECT, SAMPLE_QUESTION


def test_the_wizard_and_its_pages_carry_their_automation_names(wizard):
    names = ["framePage", "dataPage", "targetPage", "cleanPage", "annotatePage", "trainPage",
             "resultsPage"]
    assert wizard.objectName() == "pocWizard"
    assert [wizard.page(i).objectName() for i in wizard.pageIds()] == names
    for widget in ("projectNameEdit", "questionEdit", "dataPathEdit", "useSampleButton",
                   "previewTable", "targetCombo", "taskLabel", "recipeTable", "budgetCombo",
                   "startTrainingButton", "cancelTrainingButton", "leaderboardTable",
                   "trainingProgress", "liveChart", "resultsSummary"):
        found = wizard.findChild(object, widget)
        assert found is not None, widget
        assert found.accessibleName() == widget


def test_next_needs_a_project_name(qtbot, wizard):
    page = wizard.framePage
    assert not page.isComplete()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    qtbot.keyClicks(page.projectNameEdit, "Churn")
    assert page.isComplete()
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    assert wizard.state.project == "Churn"


def test_question_and_value_matrix_reach_the_spec(qtbot, wizard):
    page = wizard.framePage
    page.projectNameEdit.setText("Churn")
    page.questionEdit.setPlainText("Who leaves?")
    page.tpValueSpin.setValue(250)
    page.fpCostSpin.setValue(15)
    page.fnCostSpin.setValue(5)
    page.unitCostSpin.setValue(2)
    page.currencyCombo.setCurrentText("€")
    value = wizard.state.value_matrix()
    assert wizard.state.question == "Who leaves?"
    assert (value.true_positive_value, value.false_positive_cost, value.false_negative_cost,
            value.cost_per_unit_error, value.currency) == (250, 15, 5, 2, "€")


def test_defaults_are_sensible_and_skip_stores_no_values(wizard):
    page = wizard.framePage
    assert page.tpValueSpin.value() > page.fpCostSpin.value() > 0  # a catch is worth more than a false alarm
    page.skipValueCheck.setChecked(True)
    assert not page.tpValueSpin.isEnabled() and not page.unitCostSpin.isEnabled()
    value = wizard.state.value_matrix()
    assert (value.true_positive_value, value.false_positive_cost, value.cost_per_unit_error) == (0, 0, 0)
    page.skipValueCheck.setChecked(False)
    assert wizard.state.value_matrix().true_positive_value == page.tpValueSpin.value()


def test_tab_moves_from_name_to_question_to_the_values(qtbot, wizard):
    page = wizard.framePage
    wizard.activateWindow()
    page.projectNameEdit.setFocus()
    qtbot.waitUntil(page.projectNameEdit.hasFocus, timeout=5000)
    qtbot.keyClick(page.projectNameEdit, Qt.Key.Key_Tab)
    assert page.questionEdit.hasFocus()
    qtbot.keyClick(page.questionEdit, Qt.Key.Key_Tab)  # Tab leaves the text box, it does not indent
    assert page.questionEdit.toPlainText() == ""
    assert not page.questionEdit.hasFocus()


def test_sample_mode_prefills_the_frame(qtbot, store):
    created = PocWizard(store, sample=True)
    qtbot.addWidget(created)
    assert created.framePage.projectNameEdit.text() == SAMPLE_PROJECT
    assert created.framePage.questionEdit.toPlainText() == SAMPLE_QUESTION
    assert created.framePage.isComplete()
    created.dataPage.worker.cancel()
    created.dataPage.worker.wait(60_000)


def test_back_keeps_what_was_typed(qtbot, wizard):
    wizard.framePage.projectNameEdit.setText("Keep me")
    wizard.framePage.questionEdit.setPlainText("And me")
    wizard.next()
    wizard.back()
    assert wizard.framePage.projectNameEdit.text() == "Keep me"
    assert wizard.framePage.questionEdit.toPlainText() == "And me"
