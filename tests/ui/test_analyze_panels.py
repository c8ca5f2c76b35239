"""The Analyze view's tabs and states on small evaluation dicts (no engine, no training)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from engine.errors import UserError
from engine.reporter import Cancelled
from tests.ui.analyze_support import (
    FakeStore,
    binary_result,
    multiclass_result,
    regression_result,
)
from ui.analyze import jobs
from ui.analyze.analyze_view import AnalyzeView
from ui.analyze.drivers_tab import DriversTab
from ui.analyze.errors_tab import ErrorsTab
from ui.analyze.threshold_panel import ThresholdPanel
from ui.analyze.value_tab import ValueTab
from ui.analyze.words import entry_near, money

WAIT_MS = 30_000


@pytest.fixture
def view(qtbot):
    created = AnalyzeView()
    qtbot.addWidget(created)
    created.resize(1366, 768)
    yield created
    created.stop()


def _fake_evaluation(monkeypatch, stage):
    monkeypatch.setattr(jobs, "evaluate", lambda workspace, model_id, refresh=False: stage)


def test_dragging_the_threshold_updates_counts_words_and_value_from_the_curve(qtbot):
    panel = ThresholdPanel()
    qtbot.addWidget(panel)
    result = binary_result()
    panel.show_evaluation(result, {"true_positive_value": 300})
    assert panel.chart.mode == "value" and not panel.form.isVisible()
    panel.chart.line.setValue(0.3)  # what a drag does
    entry = entry_near(result["threshold_curve"], 0.3)
    assert panel.confusion.shown == {k: entry[k] for k in ("tp", "fp", "fn", "tn")}
    assert panel.confusion.words.text().startswith(
        f"Catches {entry['tp']} of {entry['tp'] + entry['fn']} “Yes” cases")
    assert money(entry["value_per_1000"]) in panel.value_label.text()
    assert panel.at_label.text() == "At threshold 0.30"
    assert panel.use_button.isEnabled()  # 0.30 is not the saved 0.50


def test_use_this_threshold_asks_to_save_the_threshold_shown(qtbot):
    panel = ThresholdPanel()
    qtbot.addWidget(panel)
    panel.show_evaluation(binary_result(), {})
    panel.chart.set_threshold(0.42)
    with qtbot.waitSignal(panel.thresholdChosen, timeout=1000) as blocker:
        panel.use_button.click()
    assert blocker.args == [0.42]
    panel.best_button.click()
    assert panel.entry["threshold"] == 0.31


def test_without_values_the_chart_shows_precision_and_recall_and_offers_the_form(qtbot):
    panel = ThresholdPanel()
    qtbot.addWidget(panel)
    panel.show(); panel.show_evaluation(binary_result(has_values=False), {})  # noqa: E702
    assert panel.chart.mode == "rates"
    assert panel.form.isVisible() and not panel.best_button.isVisible()
    panel.form.spins["true_positive_value"].setValue(250)
    panel.form.spins["false_negative_cost"].setValue(80)
    panel.form.currency.setText("€")
    with qtbot.waitSignal(panel.valuesSaved, timeout=1000) as blocker:
        panel.form.save_button.click()
    assert blocker.args[0] == {"true_positive_value": 250.0, "false_positive_cost": 0.0,
                               "false_negative_cost": 80.0, "currency": "€"}


def test_a_multiclass_model_shows_per_class_numbers_and_its_confusion_matrix(qtbot):
    tab = ValueTab()
    qtbot.addWidget(tab)
    tab.show_evaluation(multiclass_result(), {})
    panel = tab.panels["multiclass"]
    assert tab.stack.currentWidget() is panel
    assert panel.per_class.rowCount() == 3 and panel.per_class.item(1, 0).text() == "b"
    assert panel.per_class.horizontalHeaderItem(4).text() == "Rows"
    assert panel.matrix.item(2, 1).text() == "3"
    assert panel.matrix.verticalHeaderItem(0).text() == "really a"


def test_a_regression_model_shows_the_cost_of_its_errors_and_their_charts(qtbot):
    tab = ValueTab()
    qtbot.addWidget(tab)
    tab.show_evaluation(regression_result(), {"cost_per_unit_error": 1000, "currency": "€"})
    panel = tab.panels["regression"]
    assert "€1,500 per 1,000 rows" in panel.cost.text() and "saves €900" in panel.cost.text()
    assert panel.form.spins["cost_per_unit_error"].value() == 1000
    scatter, histogram = panel.charts
    assert scatter.points["residual"] == [1.0, -0.5, 2.0]
    assert histogram.histogram["counts"] == [1, 1, 1]


def test_clicking_a_slice_filters_the_worst_rows_to_it(qtbot):
    tab = ErrorsTab()
    qtbot.addWidget(tab)
    tab.show_evaluation(binary_result())
    assert tab.rows.rowCount() == 3 and tab.slices.rowCount() == 2
    assert tab.rows.headers()[:4] == ["True answer", "Predicted", "Confidence", "Contract"]
    assert "Churn" not in tab.rows.headers()  # the target is the first column already
    tab.select_slice(1)  # tenure 0 – 6
    assert [r["row"] for r in tab.rows.shown()] == [8]
    assert "1 of the 3 worst rows" in tab.rows_note.text()
    tab.show_all.click()
    assert tab.rows.rowCount() == 3 and not tab.show_all.isEnabled()


def test_drivers_lists_the_features_with_dependence_by_importance(qtbot):
    tab = DriversTab()
    qtbot.addWidget(tab)
    tab.show_evaluation(binary_result())
    combo = tab.feature_combo
    assert [combo.itemText(i) for i in range(combo.count())] == ["Contract", "tenure"]
    assert tab.dependence_chart.curve["kind"] == "categorical"
    combo.setCurrentText("tenure")
    assert tab.dependence_chart.curve["feature"] == "tenure"
    assert tab.importance_chart.entries[0]["feature"] == "Contract"
    assert "Contract matters most." in tab.sentences.text()


def test_the_view_fills_its_tabs_from_the_evaluation(qtbot, view, monkeypatch, tmp_path):
    _fake_evaluation(monkeypatch, lambda reporter: binary_result())
    view.show_model(FakeStore(tmp_path), 7)
    qtbot.waitUntil(lambda: view.current_evaluation() is not None, timeout=WAIT_MS)
    assert view.title.text() == "Model 7: Gradient boosting"
    assert "vs no-ML: No ML: always 'No'" in view.subtitle.text()
    assert "ROC-AUC 0.84" in view.summary_tab.text()
    assert view.summary_tab.warnings.isVisibleTo(view)
    assert view.summary_tab.model.verdict("log_loss") == "better"
    assert not view.progress.isVisibleTo(view) and view.recompute_button.isEnabled()


def test_ctrl_tab_moves_to_the_next_tab(qtbot, view, monkeypatch, tmp_path):
    from PySide6.QtCore import Qt

    _fake_evaluation(monkeypatch, lambda reporter: binary_result())
    view.show()
    view.show_model(FakeStore(tmp_path), 7)
    qtbot.waitUntil(lambda: view.current_evaluation() is not None, timeout=WAIT_MS)
    view.tabs.setFocus()
    qtbot.keyClick(view.tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert view.tabs.currentIndex() == 1
    assert view.value_tab.panels["binary"].chart is not None  # filled when it became current


def test_stop_cancels_the_evaluation_and_says_so(qtbot, view, monkeypatch, tmp_path):
    def slow(reporter):
        while True:
            reporter.check_cancelled()
            time.sleep(0.01)

    _fake_evaluation(monkeypatch, slow)
    view.show()
    view.show_model(FakeStore(tmp_path), 7)
    assert view.cancel_button.isVisible() and not view.recompute_button.isEnabled()
    view.cancel_button.click()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)
    assert "stopped" in view.placeholder.text()
    assert view.message.kind == "note" and view.recompute_button.isEnabled()


def test_a_failed_evaluation_says_what_happened_and_what_to_do(qtbot, view, monkeypatch, tmp_path):
    def broken(reporter):
        raise UserError("The data this model was trained on is gone.", "Train the model again.")

    _fake_evaluation(monkeypatch, broken)
    view.show_model(FakeStore(tmp_path), 7)
    qtbot.waitUntil(lambda: view.message.kind == "error", timeout=WAIT_MS)
    assert "could not be evaluated" in view.message.plain_text()
    assert "Train the model again." in view.message.plain_text()


def test_a_newer_request_wins_over_a_running_one(qtbot, view, monkeypatch, tmp_path):
    def slow(reporter):
        for _ in range(500):
            reporter.check_cancelled()
            time.sleep(0.01)
        raise Cancelled()

    _fake_evaluation(monkeypatch, slow)
    view.show_model(FakeStore(tmp_path), 7)
    _fake_evaluation(monkeypatch, lambda reporter: {**binary_result(), "model_id": 9})
    view.show_model(FakeStore(tmp_path), 9)
    qtbot.waitUntil(lambda: view.current_evaluation() is not None, timeout=WAIT_MS)
    assert view.current_evaluation()["model_id"] == 9 and view.title.text().startswith("Model 9")


def test_importing_the_view_does_not_import_pyqtgraph_scikit_learn_or_the_evaluator():
    # The window imports the view at start-up; charts and the engine load on first use.
    heavy = ("pyqtgraph", "sklearn", "engine.analysis.evaluate")
    code = ("import sys; import ui.analyze.analyze_view; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
