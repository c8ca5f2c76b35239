"""Target page: the detected task and why, the class balance or distribution, the warnings."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from tests.ui.test_wizard_helpers import (  # noqa: F401 - pytest fixtures
    WAIT_MS,
    load,
    slice_csv,
    store,
    to_target,
    type_path_and_enter,
    wizard,
    write_sample_slice,
)


def test_a_yes_no_target_shows_its_task_reason_and_class_balance(qtbot, wizard, slice_csv):
    to_target(qtbot, wizard, slice_csv)
    page = wizard.targetPage
    assert page.targetCombo.currentText() == "Churn"  # picked because of its name
    assert "A yes/no question." in page.taskLabel.text()
    assert "Churn has 2 values" in page.taskLabel.text()
    assert page.chart.kind == "classes"
    analysis = wizard.state.analysis
    assert analysis.task == "binary" and analysis.chart_labels == ["No", "Yes"]
    assert any("customerID" in w and "ID" in w for w in page.warnings())
    assert not any("Traceback" in w for w in page.warnings())


def test_a_number_target_shows_a_histogram(qtbot, wizard, slice_csv):
    to_target(qtbot, wizard, slice_csv, target="MonthlyCharges")
    assert wizard.state.analysis.task == "regression"
    assert "A number." in wizard.targetPage.taskLabel.text()
    assert wizard.targetPage.chart.kind == "histogram"
    assert sum(wizard.state.analysis.chart_counts) == 600


def test_a_task_that_cannot_work_is_refused_in_words(qtbot, wizard, slice_csv):
    to_target(qtbot, wizard, slice_csv)
    page = wizard.targetPage
    page.choose("Churn", "regression")
    qtbot.waitUntil(lambda: page.message.kind == "error", timeout=WAIT_MS)
    assert "cannot be predicted as a number" in page.message.plain_text()
    assert not page.isComplete()
    assert wizard.state.analysis is None
    page.choose("Churn", "auto")
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert not page.message.isVisible()


def test_back_keeps_the_target_and_a_new_file_is_checked_afresh(qtbot, wizard, slice_csv, tmp_path):
    to_target(qtbot, wizard, slice_csv, target="MonthlyCharges")
    version = wizard.state.analysis_version
    wizard.back()
    wizard.next()
    assert wizard.targetPage.targetCombo.currentText() == "MonthlyCharges"
    assert wizard.state.analysis_version == version  # nothing re-checked
    wizard.back()
    other = write_sample_slice(tmp_path, rows=300, name="other.csv")
    load(qtbot, wizard, other)
    wizard.next()
    qtbot.waitUntil(wizard.targetPage.isComplete, timeout=WAIT_MS)
    # The same column exists in the new file, so the choice carries over, checked on new data.
    assert wizard.targetPage.targetCombo.currentText() == "MonthlyCharges"
    assert wizard.state.analysis.profile.rows == 300
    assert wizard.state.analysis_version > version
