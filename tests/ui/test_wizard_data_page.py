"""Data page: a typed path + Enter loads; errors are shown in words; read settings reload."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from engine.importer import SUPPORTED_SUFFIXES
from tests.ui.test_wizard_helpers import (  # noqa: F401 - pytest fixtures
    WAIT_MS,
    load,
    slice_csv,
    store,
    type_path_and_enter,
    wizard,
)
from ui.wizard.data_page import SUFFIXES
from ui.wizard.poc_wizard import DATA


def test_typing_a_path_and_pressing_enter_loads_it_into_the_preview(qtbot, wizard, slice_csv):
    load(qtbot, wizard, slice_csv)
    page = wizard.dataPage
    assert wizard.currentId() == DATA  # Enter loads; it does not press Next
    assert (page.model.rowCount(), page.model.columnCount()) == (600, 21)
    assert page.previewTable.model() is page.model
    assert page.shapeLabel.text() == "600 rows · 21 columns · CSV"
    assert page.delimiterCombo.currentText() == "Detected: comma"
    assert page.encodingCombo.currentText() == "Detected: utf-8"
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    tip = page.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("customerID: an ID")


def test_a_file_that_cannot_be_read_is_explained_in_words(qtbot, wizard, tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4 not a table")
    wizard.next()
    type_path_and_enter(qtbot, wizard, bad)
    page = wizard.dataPage
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=WAIT_MS)
    assert page.message.kind == "error"
    assert "Traceback" not in page.message.plain_text()
    assert not page.isComplete()
    assert not page.loadProgress.isVisible()


def test_a_missing_file_is_explained_in_words(qtbot, wizard, tmp_path):
    wizard.next()
    type_path_and_enter(qtbot, wizard, tmp_path / "nowhere.csv")
    page = wizard.dataPage
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=WAIT_MS)
    assert "nowhere.csv" in page.message.plain_text()


def test_a_failed_load_clears_the_previous_file(qtbot, wizard, slice_csv, tmp_path):
    load(qtbot, wizard, slice_csv)
    type_path_and_enter(qtbot, wizard, tmp_path / "nowhere.csv")
    qtbot.waitUntil(lambda: wizard.dataPage.message.kind == "error", timeout=WAIT_MS)
    assert wizard.state.data is None
    assert wizard.dataPage.model.rowCount() == 0


def test_overriding_the_delimiter_reloads_and_detected_restores(qtbot, wizard, tmp_path):
    path = tmp_path / "semicolons.csv"
    path.write_text("a;b;label\n" + "".join(f"{i};{i * 2};{'yes' if i % 3 else 'no'}\n" for i in range(60)))
    load(qtbot, wizard, path)
    page = wizard.dataPage
    assert page.model.columnCount() == 3
    assert page.delimiterCombo.currentText() == "Detected: semicolon"
    version = wizard.state.data_version
    page.delimiterCombo.setCurrentIndex(page.delimiterCombo.findData(","))
    page.delimiterCombo.activated.emit(page.delimiterCombo.currentIndex())
    qtbot.waitUntil(lambda: wizard.state.data_version > version and page.isComplete(), timeout=WAIT_MS)
    assert page.model.columnCount() == 1  # read with commas: one column
    page.delimiterCombo.setCurrentIndex(0)
    page.delimiterCombo.activated.emit(0)
    qtbot.waitUntil(lambda: page.isComplete() and page.model.columnCount() == 3, timeout=WAIT_MS)


def test_use_sample_loads_the_sample_and_fills_empty_frame_fields(qtbot, wizard):
    wizard.framePage.projectNameEdit.setText("x")  # Next needs a name ...
    wizard.next()
    wizard.framePage.projectNameEdit.setText("")  # ... which the user then cleared
    wizard.dataPage.useSampleButton.click()
    qtbot.waitUntil(lambda: wizard.dataPage.isComplete(), timeout=WAIT_MS)
    assert wizard.state.data.frame.shape == (7043, 21)
    assert wizard.state.preferred_target == "Churn"
    assert wizard.framePage.projectNameEdit.text() == "Telco churn (sample)"


def test_the_file_dialog_offers_what_the_importer_reads():
    assert set(SUFFIXES) == set(SUPPORTED_SUFFIXES)


def test_the_empty_page_says_what_to_do(wizard):
    wizard.next()
    page = wizard.dataPage
    assert page.message.kind == "note"
    assert "No data yet." in page.message.plain_text()
    assert not page.isComplete()
