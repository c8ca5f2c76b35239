"""Train page: estimates, a live leaderboard and chart, Stop keeps finished models."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_wizard_helpers import (  # noqa: F401 - pytest fixtures
    WAIT_MS,
    slice_csv,
    store,
    to_train,
    train,
    wizard,
)
from ui.wizard.poc_wizard import CLEAN, TRAIN
from ui.wizard.recipe_model import KEEP
from ui.wizard.train_page import STALE_NOTE


def test_budgets_come_with_time_estimates(qtbot, wizard, slice_csv):
    to_train(qtbot, wizard, slice_csv)
    combo = wizard.trainPage.budgetCombo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert [t.split(" —")[0] for t in texts] == ["Quick", "Standard", "Thorough"]
    assert all("models" in t and "folds" in t and ("s" in t.split(",")[-1]) for t in texts)
    assert "600 rows" in wizard.trainPage.estimateHint.text()
    assert not wizard.trainPage.isComplete()  # nothing trained yet
    assert wizard.trainPage.message.isVisible()  # the empty state says what will happen


def test_training_fills_leaderboard_and_chart_live_and_stores_the_run(qtbot, wizard, slice_csv, store):
    to_train(qtbot, wizard, slice_csv)
    page = wizard.trainPage
    live_metrics, finished = [], []
    page.worker.metric.connect(lambda key, value, step: live_metrics.append(key))
    wizard.runFinished.connect(lambda project_id, run_id: finished.append((project_id, run_id)))
    page.startTrainingButton.click()
    assert page.cancelTrainingButton.isEnabled() and not page.startTrainingButton.isEnabled()
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)

    assert "cv/baseline/roc_auc" in live_metrics and "cv/linear/roc_auc" in live_metrics
    rows = page.leaderboard.rows()
    assert [r.is_baseline for r in rows[:2]] == [True, True]  # baselines pinned on top
    assert rows[0].name.startswith("No ML: always")
    assert any(r.name == "Linear model" for r in rows)
    assert {"baseline", "one_rule", "linear"} <= set(page.liveChart.series())
    (project_id, run_id), = finished
    run = store.run(run_id)
    assert run.project_id == project_id and run.status == "finished"
    assert any(m.is_baseline for m in store.model_versions(project_id))
    assert not page.trainingProgress.isVisible()
    assert page.message.plain_text().startswith("Done in")
    assert page.startTrainingButton.isEnabled() and not page.cancelTrainingButton.isEnabled()


def test_stop_keeps_the_models_that_finished(qtbot, wizard, slice_csv, store):
    # Training runs in a child process that does not wait for the GUI, so leave it plenty of
    # work after the first model for the stop to land in.
    to_train(qtbot, wizard, slice_csv, candidates=["linear", "boosting", "forest_big", "extra_trees"])
    page = wizard.trainPage

    def stop_after_the_first_model(key, value, step):
        if key.startswith("fit_seconds/"):
            page.stop_training()

    page.worker.metric.connect(stop_after_the_first_model)
    page.startTrainingButton.click()
    qtbot.waitUntil(lambda: not page.is_training(), timeout=WAIT_MS)
    summary = wizard.state.training
    assert summary.outcome.run.status == "cancelled"
    assert 1 <= len(summary.outcome.models) < 6
    assert store.run(summary.outcome.run.id).status == "cancelled"
    assert page.message.plain_text().startswith("Stopped.")
    assert page.isComplete()  # a cancelled run with a model is enough to read results


def test_changing_the_recipe_after_training_asks_to_train_again(qtbot, wizard, slice_csv):
    to_train(qtbot, wizard, slice_csv)
    train(qtbot, wizard)
    wizard.back()
    wizard.next()
    assert wizard.trainPage.isComplete()  # Back and Next lose nothing
    assert wizard.trainPage.leaderboard.rowCount() >= 3
    wizard.back()
    assert wizard.currentId() == CLEAN
    model = wizard.cleanPage.model
    model.setData(model.index(1, KEEP), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    wizard.next()
    assert wizard.currentId() == TRAIN
    page = wizard.trainPage
    assert not page.isComplete()
    assert page.leaderboard.rowCount() == 0
    assert page.message.plain_text().startswith(STALE_NOTE.split(",")[0])
