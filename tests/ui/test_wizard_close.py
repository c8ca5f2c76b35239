"""Closing the wizard: idle it just closes; while training it asks, stops, waits and closes."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from tests.ui.test_wizard_helpers import (  # noqa: F401 - pytest fixtures
    WAIT_MS,
    slice_csv,
    store,
    to_train,
    wizard,
)


def confirm_dialog(wizard) -> QMessageBox | None:
    box = wizard.findChild(QMessageBox, "confirmStopDialog")
    return box if box is not None and box.isVisible() else None


def test_an_idle_wizard_closes_at_once(qtbot, wizard):
    wizard.reject()
    assert not wizard.isVisible()
    assert wizard.findChild(QMessageBox, "confirmStopDialog") is None


def test_closing_while_training_asks_and_keep_training_keeps_it(qtbot, wizard, slice_csv):
    to_train(qtbot, wizard, slice_csv, candidates=["linear", "boosting"])
    wizard.trainPage.startTrainingButton.click()
    wizard.reject()
    qtbot.waitUntil(lambda: confirm_dialog(wizard) is not None, timeout=WAIT_MS)
    box = confirm_dialog(wizard)
    box.button(QMessageBox.StandardButton.No).click()  # "Keep training"
    assert wizard.isVisible()
    qtbot.waitUntil(wizard.trainPage.isComplete, timeout=WAIT_MS)  # it ran to the end
    assert wizard.state.training.outcome.run.status == "finished"


def test_stop_and_close_cancels_waits_and_keeps_finished_models(qtbot, wizard, slice_csv, store):
    to_train(qtbot, wizard, slice_csv, candidates=["linear", "boosting"])
    page = wizard.trainPage
    keys = []
    page.worker.metric.connect(lambda key, value, step: keys.append(key))
    page.startTrainingButton.click()
    qtbot.waitUntil(lambda: any(k.startswith("fit_seconds/") for k in keys), timeout=WAIT_MS)
    wizard.close()  # the window's close button behaves like Cancel
    qtbot.waitUntil(lambda: confirm_dialog(wizard) is not None, timeout=WAIT_MS)
    confirm_dialog(wizard).button(QMessageBox.StandardButton.Yes).click()  # "Stop and close"
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=WAIT_MS)
    assert not page.is_training()
    (run,) = store.runs()
    assert run.status in ("cancelled", "finished")  # "finished" if it ended while we asked
    assert store.model_versions(run.project_id)  # the model that finished is kept
