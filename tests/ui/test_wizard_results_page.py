"""Results page: the run in plain words, the final leaderboard, and exporting a model."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from tests.ui.test_wizard_helpers import (  # noqa: F401 - pytest fixtures
    WAIT_MS,
    slice_csv,
    store,
    to_train,
    train,
    wizard,
)
from ui.wizard.poc_wizard import RESULTS


def trained_results(qtbot, wizard, path):
    to_train(qtbot, wizard, path)
    train(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == RESULTS
    return wizard.resultsPage


def test_the_summary_compares_the_best_model_with_no_ml_in_words(qtbot, wizard, slice_csv):
    page = trained_results(qtbot, wizard, slice_csv)
    text = page.summary_text()
    assert text.startswith("The best model, ") and "ROC-AUC" in text and "without ML" in text
    assert "On 1,000 cases" in text and "$" in text  # the default value matrix gives a money figure
    assert "Traceback" not in text
    assert page.resultsSummary.text()  # shown, as rich text
    rows = page.leaderboard.rows()
    assert rows[0].is_baseline and rows[0].name.startswith("No ML")
    assert all(r.model_id is not None for r in rows)
    assert page.analyzeButton.isEnabled()
    with qtbot.waitSignal(page.analyzeRequested) as asked:
        page.analyzeButton.click()
    assert asked.args == [page.selected_model_id()]


def test_skipping_the_values_means_no_money_figure(qtbot, wizard, slice_csv):
    wizard.framePage.skipValueCheck.setChecked(True)
    page = trained_results(qtbot, wizard, slice_csv)
    assert "no money figure" in page.summary_text()
    assert "$" not in page.summary_text()


def test_export_writes_the_best_model_package_and_lists_the_files(qtbot, wizard, slice_csv, tmp_path):
    page = trained_results(qtbot, wizard, slice_csv)
    folder = tmp_path / "package"
    page.export_to(str(folder))
    qtbot.waitUntil(lambda: page.exportMessage.isVisible(), timeout=WAIT_MS)
    assert page.exportMessage.kind == "note", page.exportMessage.plain_text()
    assert "predict.py" in page.exportMessage.plain_text()
    assert "model.onnx" in page.exportMessage.plain_text()  # shipped, or why not
    assert (folder / "model.skops").is_file()
    assert page.selected_model_id() == wizard.state.training.outcome.best_model.id


def test_export_into_an_unsuitable_folder_is_explained(qtbot, wizard, slice_csv, tmp_path):
    page = trained_results(qtbot, wizard, slice_csv)
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "holiday.jpg").write_bytes(b"not a package")
    page.export_to(str(occupied))
    qtbot.waitUntil(lambda: page.exportMessage.isVisible(), timeout=WAIT_MS)
    assert page.exportMessage.kind == "error"
    assert "empty folder" in page.exportMessage.plain_text()
    assert page.exportButton.isEnabled()
