"""Clean page: the proposed recipe as an editable table, with reasons and "Reset to suggested"."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from tests.ui.test_wizard_helpers import slice_csv, store, to_target, wizard  # noqa: F401
from ui.wizard.poc_wizard import CLEAN
from ui.wizard.recipe_model import COLUMN, ENCODE, KEEP, KIND, REASON

CHECK = Qt.ItemDataRole.CheckStateRole


def open_clean_page(qtbot, wizard, path):
    to_target(qtbot, wizard, path)
    wizard.next()
    assert wizard.currentId() == CLEAN
    return wizard.cleanPage


def row_of(model, column_name: str) -> int:
    return [s.column for s in model.recipe().steps].index(column_name)


def test_every_column_but_the_target_has_a_proposal_and_a_reason(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.recipeTable.model()
    names = [model.data(model.index(r, COLUMN)) for r in range(model.rowCount())]
    assert len(names) == 20 and "Churn" not in names
    assert all(model.data(model.index(r, REASON)) for r in range(model.rowCount()))
    ident = row_of(model, "customerID")
    assert model.data(model.index(ident, KEEP), CHECK) == Qt.CheckState.Unchecked
    assert "ID" in model.data(model.index(ident, REASON))
    assert page.keptLabel.text() == "19 of 20 columns used to learn from"


def test_unticking_a_column_drops_it_from_the_recipe(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.model
    version = wizard.state.recipe_version
    model.setData(model.index(row_of(model, "gender"), KEEP), Qt.CheckState.Unchecked, CHECK)
    assert wizard.state.recipe.step("gender").action == "drop"
    assert wizard.state.recipe_version > version
    assert page.keptLabel.text() == "18 of 20 columns used to learn from"


def test_choices_are_edited_with_combos_in_words(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.model
    index = model.index(row_of(model, "Contract"), ENCODE)
    page.recipeTable.edit(index)
    combo = page.recipeTable.findChild(QComboBox)
    assert combo is not None
    assert combo.itemText(combo.currentIndex()) == "one column per category"
    combo.setCurrentIndex(combo.findData("ordinal"))
    combo.activated.emit(combo.currentIndex())
    assert wizard.state.recipe.step("Contract").encode == "ordinal"
    assert model.data(index) == "numbered categories"


def test_putting_an_id_back_makes_it_usable(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.model
    row = row_of(model, "customerID")
    model.setData(model.index(row, KEEP), Qt.CheckState.Checked, CHECK)
    step = wizard.state.recipe.step("customerID")
    assert (step.action, step.kind, step.encode) == ("keep", "categorical", "ordinal")
    assert not model.setData(model.index(row, KIND), "text")  # the model cannot learn from text


def test_reset_to_suggested_undoes_the_edits(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.model
    model.setData(model.index(row_of(model, "gender"), KEEP), Qt.CheckState.Unchecked, CHECK)
    page.resetButton.click()
    assert wizard.state.recipe.step("gender").action == "keep"
    assert page.keptLabel.text() == "19 of 20 columns used to learn from"


def test_no_kept_column_blocks_next_and_says_why(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.model
    for row in range(model.rowCount()):
        model.setData(model.index(row, KEEP), Qt.CheckState.Unchecked, CHECK)
    assert not page.isComplete()
    assert page.message.isVisible() and "nothing to learn from" in page.message.plain_text()


def test_back_and_forth_keeps_the_edits(qtbot, wizard, slice_csv):
    page = open_clean_page(qtbot, wizard, slice_csv)
    model = page.model
    model.setData(model.index(row_of(model, "gender"), KEEP), Qt.CheckState.Unchecked, CHECK)
    wizard.back()
    wizard.next()
    assert wizard.state.recipe.step("gender").action == "drop"
    assert model.data(model.index(row_of(model, "gender"), KEEP), CHECK) == Qt.CheckState.Unchecked
