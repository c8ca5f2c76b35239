"""A new run from an earlier run's spec: every page starts where that run was."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from tests.ui.test_wizard_helpers import WAIT_MS, slice_csv, store  # noqa: F401 - pytest fixtures
from ui.wizard import PocWizard
from ui.wizard.poc_wizard import CLEAN, TARGET, TRAIN


def earlier_spec(path) -> dict:
    return {
        "project": "Churn again", "question": "Who leaves next month?",
        "data": {"path": str(path), "sheet": None, "delimiter": ",", "encoding": "utf-8", "decimal": "."},
        "target": "Churn", "task": "binary",
        "value": {"true_positive_value": 300.0, "false_positive_cost": 10.0, "false_negative_cost": 0.0,
                  "cost_per_unit_error": 0.0, "currency": "€"},
        "recipe": None, "candidates": None, "budget": "standard",
        "validation": {"scheme": "kfold", "folds": 5, "holdout_fraction": 0.2,
                       "group_column": None, "time_column": None},
        "seed": 3,
    }


def test_a_spec_prefills_frame_data_target_and_budget(qtbot, store, slice_csv):
    wizard = PocWizard(store, spec=earlier_spec(slice_csv))
    qtbot.addWidget(wizard)
    wizard.show()
    frame = wizard.framePage
    assert frame.projectNameEdit.text() == "Churn again"
    assert frame.questionEdit.toPlainText() == "Who leaves next month?"
    assert (frame.tpValueSpin.value(), frame.currencyCombo.currentText()) == (300.0, "€")
    qtbot.waitUntil(wizard.dataPage.isComplete, timeout=WAIT_MS)
    assert wizard.dataPage.dataPathEdit.text() == str(slice_csv)
    wizard.next()
    wizard.next()
    assert wizard.currentId() == TARGET
    qtbot.waitUntil(wizard.targetPage.isComplete, timeout=WAIT_MS)
    assert wizard.targetPage.taskCombo.currentData() == "binary"
    assert wizard.state.analysis.task == "binary"
    wizard.next()
    wizard.next()
    assert wizard.currentId() == TRAIN
    assert wizard.trainPage.budgetCombo.currentData() == "standard"


def test_the_earlier_recipe_replaces_the_proposal(qtbot, store, slice_csv):
    spec = earlier_spec(slice_csv)
    first = PocWizard(store, data_path=str(slice_csv))
    qtbot.addWidget(first)
    first.show()  # a QWizard starts at its first page when shown
    qtbot.waitUntil(first.dataPage.isComplete, timeout=WAIT_MS)
    first.framePage.projectNameEdit.setText("x")
    first.next()
    first.next()
    qtbot.waitUntil(first.targetPage.isComplete, timeout=WAIT_MS)
    recipe = first.state.recipe
    recipe.step("gender").action = "drop"
    spec["recipe"] = {"steps": [vars(s) for s in recipe.steps], "rare_category_share": 0.01,
                      "max_categories": 30}

    wizard = PocWizard(store, spec=spec)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitUntil(wizard.dataPage.isComplete, timeout=WAIT_MS)
    wizard.next()
    wizard.next()
    qtbot.waitUntil(wizard.targetPage.isComplete, timeout=WAIT_MS)
    wizard.next()
    assert wizard.currentId() == CLEAN
    assert wizard.state.recipe.step("gender").action == "drop"
    wizard.cleanPage.resetButton.click()  # the proposal is still one click away
    assert wizard.state.recipe.step("gender").action == "keep"


def test_a_spec_that_does_not_parse_prefills_what_it_can(qtbot, store):
    wizard = PocWizard(store, spec={"project": "Old", "question": "Why?", "unknown": 1})
    qtbot.addWidget(wizard)
    assert wizard.framePage.projectNameEdit.text() == "Old"
    assert wizard.state.data is None
