"""The Analyze view on a real trained workspace: the evaluation, the threshold, slices,
what-if and compare, all computed by the engine on the view's workers."""

from __future__ import annotations

import pytest

from storage import Store
from tests.ui import analyze_support
from tests.ui import main_window_support as support
from ui.analyze.analyze_view import AnalyzeView
from ui.analyze.slice_filter import in_slice
from ui.analyze.words import entry_near

WAIT_MS = analyze_support.WAIT_MS


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def store(tmp_path):
    with Store.open(analyze_support.evaluated_workspace(tmp_path)) as opened:
        yield opened


@pytest.fixture
def best(store):
    return store.best_model_version(store.project_by_name(support.PROJECT).id)


@pytest.fixture
def view(qtbot, store, best):
    created = AnalyzeView()
    qtbot.addWidget(created)
    created.resize(1366, 768)
    created.show()
    created.show_model(store, best.id)
    qtbot.waitUntil(lambda: created.current_evaluation() is not None and not created.is_busy(),
                    timeout=WAIT_MS)
    yield created
    created.stop()


def test_the_summary_speaks_of_the_model_against_the_no_ml_baseline(view, best):
    result = view.current_evaluation()
    assert result["model_id"] == best.id and result["baseline_name"]
    assert view.title.text() == f"Model {best.id}: {best.name}"
    assert f"vs no-ML: {result['baseline_name']}" in view.subtitle.text()
    text = view.summary_tab.text()
    assert text and "without ML" in text
    model = view.summary_tab.model
    assert model.keys()[0] == "roc_auc"
    assert [model.headerData(c, _horizontal()) for c in range(3)] == ["Measure", "This model", "No ML"]


def test_a_model_without_a_kept_evaluation_is_evaluated_on_the_worker(qtbot, view, store, best):
    other = next(m for m in store.model_versions(run_id=best.run_id) if m.id != best.id
                 and not m.is_baseline)
    from engine.analysis.record import stored_evaluation

    assert stored_evaluation(store, other) is None
    view.show_model(store, other.id)
    assert view.current_evaluation() is None and view.cancel_button.isVisible()
    qtbot.waitUntil(lambda: view.current_evaluation() is not None, timeout=WAIT_MS)
    assert view.current_evaluation()["model_id"] == other.id
    assert stored_evaluation(store, other) is not None  # kept: reopening it is instant


def test_dragging_the_threshold_line_updates_the_confusion_counts_and_words(view):
    view.show_tab("value")
    panel = view.value_tab.panels["binary"]
    curve = view.current_evaluation()["threshold_curve"]
    for threshold in (0.2, 0.65):
        panel.chart.line.setValue(threshold)  # what dragging does
        entry = entry_near(curve, threshold)
        assert panel.confusion.shown == {k: entry[k] for k in ("tp", "fp", "fn", "tn")}
        words = panel.confusion.words.text()
        assert f"Catches {entry['tp']:,} of {entry['tp'] + entry['fn']:,} “Yes” cases" in words
        assert f"misses {entry['fn']:,}" in words
        assert panel.at_label.text() == f"At threshold {entry['threshold']:.2f}"


def test_without_values_entering_them_saves_the_project_and_shows_money(qtbot, view, store, best):
    view.show_tab("value")
    panel = view.value_tab.panels["binary"]
    assert panel.chart.mode == "rates" and panel.form.isVisible()  # the sample has no values
    panel.form.spins["true_positive_value"].setValue(300)
    panel.form.spins["false_positive_cost"].setValue(40)
    panel.form.spins["false_negative_cost"].setValue(120)
    panel.form.save_button.click()
    qtbot.waitUntil(lambda: not view.is_busy()
                    and view.current_evaluation()["value"]["has_values"], timeout=WAIT_MS)
    assert store.project(best.project_id).value["false_negative_cost"] == 120
    assert panel.chart.mode == "value" and panel.best_button.isVisible()
    assert "$" in panel.value_label.text()


def test_use_this_threshold_saves_it_and_the_numbers_follow(qtbot, view, store, best):
    view.show_tab("value")
    panel = view.value_tab.panels["binary"]
    panel.chart.set_threshold(0.3)
    panel.use_button.click()
    assert view.is_busy() and view.tabs.isEnabled()  # the old numbers stay while it updates
    qtbot.waitUntil(lambda: not view.is_busy()
                    and view.current_evaluation()["chosen_threshold"] == 0.3, timeout=WAIT_MS)
    assert store.model_version(best.id).details["threshold"] == 0.3
    assert any(e.kind == "threshold_changed" for e in store.events(best.project_id))
    assert "Saved threshold: 0.30" in panel.saved_label.text()
    assert not panel.use_button.isEnabled()  # the line sits on the saved threshold


def test_clicking_a_slice_shows_only_the_worst_rows_in_it(view):
    view.show_tab("errors")
    tab = view.errors_tab
    result = view.current_evaluation()
    assert tab.rows.rowCount() == len(result["worst_rows"]) > 0
    assert result["slices"], "the 600-row sample has weak slices to click"
    tab.select_slice(0)
    chosen = result["slices"][0]
    shown = tab.rows.shown()
    expected = [r for r in result["worst_rows"] if in_slice(r["values"], chosen)]
    assert shown == expected and tab.rows.rowCount() == len(expected)
    assert chosen["label"] in tab.rows_note.text()


def test_changing_a_what_if_value_changes_the_prediction(qtbot, view):
    view.show_tab("whatif")
    tab = view.whatif_tab
    qtbot.waitUntil(lambda: tab.answer is not None and not tab.is_busy(), timeout=WAIT_MS)
    assert "Contract" in tab.form.inputs and tab.contributions.texts()
    before = tab.prediction_text()
    current = tab.form.values()["Contract"]
    tab.form.set_value("Contract", "Two year" if current == "Month-to-month" else "Month-to-month")
    qtbot.waitUntil(lambda: not tab.is_busy() and tab.prediction_text() != before, timeout=WAIT_MS)
    assert tab.prediction.text() in ("Yes", "No")


def test_compare_shows_both_models_beside_no_ml(qtbot, view, store, best):
    view.show_tab("compare")
    tab = view.compare_tab
    other = next(m for m in store.model_versions(run_id=best.run_id) if m.id != best.id)
    tab.choose(other.id)
    qtbot.waitUntil(lambda: tab.other is not None, timeout=WAIT_MS)
    headers = [tab.model.headerData(c, _horizontal()) for c in range(tab.model.columnCount())]
    assert headers[:4] == ["Measure", f"This model ({best.id})", f"Model {other.id}", "No ML"]
    assert tab.heads[1].text().startswith(f"Model {other.id}:")
    assert "Top drivers" in tab.values[0].text() and "<li>" in tab.drivers[1].text()


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
