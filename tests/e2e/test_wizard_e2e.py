"""End to end: a user drives the wizard from a question and a file to a stored run.

The wizard is driven through its objectNames (docs/automation.md) on a 1,500-row slice of
the bundled Telco sample, with the full quick budget, and the result is checked in the store.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QWizard

from storage import Store
from ui.widgets.live_chart import LiveChart
from ui.wizard import PocWizard

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 300_000  # generous: a shared 2-core machine; nothing here measures time


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "churn_1500.csv"
    pd.read_csv(ROOT / "resources" / "samples" / "telco_churn.csv", nrows=1500).to_csv(path, index=False)
    return path


def test_the_wizard_takes_a_file_to_a_stored_run_with_a_baseline(qtbot, workspace, data_file):
    store = Store.open(workspace)
    wizard = PocWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    finished: list[tuple[int, int]] = []
    wizard.runFinished.connect(lambda project_id, run_id: finished.append((project_id, run_id)))

    def find(kind, object_name):
        widget = wizard.findChild(kind, object_name)
        assert widget is not None, object_name
        return widget

    def next_page():
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)

    # Frame
    qtbot.keyClicks(find(QLineEdit, "projectNameEdit"), "Churn from the wizard")
    find(QPlainTextEdit, "questionEdit").setPlainText("Which customers are about to cancel?")
    next_page()

    # Data: type the path, press Enter
    path_edit = find(QLineEdit, "dataPathEdit")
    qtbot.keyClicks(path_edit, str(data_file))
    qtbot.keyClick(path_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=WAIT_MS)
    assert find(object, "previewTable").model().rowCount() == 1500
    next_page()

    # Target: Churn is proposed and detected as a yes/no question
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=WAIT_MS)
    assert find(QComboBox, "targetCombo").currentText() == "Churn"
    assert "yes/no" in find(object, "taskLabel").text()
    next_page()

    # Clean: accept the proposal
    assert find(object, "recipeTable").model().rowCount() == 20
    next_page()

    # Train: quick budget, start, wait
    budget = find(QComboBox, "budgetCombo")
    budget.setCurrentIndex(budget.findData("quick"))
    qtbot.mouseClick(find(QPushButton, "startTrainingButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.currentPage().isComplete(), timeout=WAIT_MS)
    board = find(object, "leaderboardTable").model()
    assert board.data(board.index(0, 0)).startswith("No ML: always")
    next_page()

    # Results
    summary = find(object, "resultsSummary").text()
    assert "no-ML" in summary or "without ML" in summary

    # The store holds the run, its metrics and a baseline model
    (project_id, run_id), = finished
    project = store.project(project_id)
    assert project.name == "Churn from the wizard"
    assert project.question == "Which customers are about to cancel?"
    assert project.value["true_positive_value"] > 0
    run = store.run(run_id)
    assert run.status == "finished"
    assert run.spec["target"] == "Churn" and run.spec["budget"] == "quick"
    models = store.model_versions(project_id)
    assert any(m.is_baseline and m.name.startswith("No ML") for m in models)
    assert any(not m.is_baseline for m in models)
    metrics = store.metrics(run_id)
    assert any(m.key.startswith("cv/baseline/") for m in metrics)

    # A past run can be redrawn from the store alone
    chart = LiveChart()
    qtbot.addWidget(chart)
    chart.load_from_metrics(metrics, models)
    assert set(chart.series()) >= {"baseline", "one_rule", "linear", "boosting"}
    assert chart.series()["baseline"].name.startswith("No ML")
    wizard.close()
    store.close()
