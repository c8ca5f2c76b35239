"""Preferences → Compute: this computer or a Dask cluster, kept per workspace, and its test."""

from __future__ import annotations

import pytest

from engine.compute import SETTING_KEY, ComputeChoice, close_clients
from engine.compute import cluster as cluster_module
from storage import Store
from tests.ui import main_window_support as support
from ui.preferences_dialog import PreferencesDialog
from ui.settings import AppSettings

WAIT_MS = 60_000


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def store(workspace):
    opened = Store.open(workspace)
    yield opened
    opened.close()


@pytest.fixture
def dialog(qtbot, store, tmp_path):
    opened = PreferencesDialog(AppSettings.at(tmp_path / "settings.ini"), store.workspace, store=store)
    qtbot.addWidget(opened)
    opened.open()
    yield opened
    opened.compute.worker.wait(30_000)


def test_the_dialog_starts_on_this_computer_with_the_address_disabled(dialog):
    compute = dialog.compute
    assert compute.mode_combo.currentData() == "local"
    assert compute.mode_combo.currentText() == "This computer"
    assert not compute.address_edit.isEnabled() and not compute.test_button.isEnabled()
    assert compute.address_edit.placeholderText() == "tcp://host:8786"


def test_the_dialog_shows_the_workspace_choice_and_saves_a_new_one_on_ok(qtbot, store, tmp_path):
    store.set_setting(SETTING_KEY, ComputeChoice.cluster("tcp://10.0.0.5:8786").to_setting())
    dialog = PreferencesDialog(AppSettings.at(tmp_path / "s.ini"), store.workspace, store=store)
    qtbot.addWidget(dialog)
    compute = dialog.compute
    assert compute.mode_combo.currentData() == "dask"
    assert compute.address_edit.text() == "tcp://10.0.0.5:8786" and compute.address_edit.isEnabled()

    compute.address_edit.setText("scheduler.lan")  # the scheme and port are filled in
    dialog.accept()
    assert ComputeChoice.from_setting(store.setting(SETTING_KEY)) == ComputeChoice.cluster(
        "tcp://scheduler.lan:8786")

    again = PreferencesDialog(AppSettings.at(tmp_path / "s.ini"), store.workspace, store=store)
    qtbot.addWidget(again)
    again.compute.mode_combo.setCurrentIndex(again.compute.mode_combo.findData("local"))
    again.accept()
    # Back on this computer, the address is kept for the next switch to the cluster.
    assert store.setting(SETTING_KEY) == {"mode": "local", "address": "tcp://scheduler.lan:8786"}


def test_ok_refuses_a_dask_cluster_without_an_address(dialog, store):
    compute = dialog.compute
    compute.mode_combo.setCurrentIndex(compute.mode_combo.findData("dask"))
    dialog.accept()
    assert dialog.isVisible()  # still open, saying why beside the field
    assert compute.result_label.isVisible()
    assert "Enter the Dask scheduler's address" in compute.result_label.accessibleDescription()
    assert store.setting(SETTING_KEY) is None


def test_test_connection_against_a_wrong_address_says_it_cannot_reach_it(qtbot, dialog, monkeypatch):
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 0.5)
    compute = dialog.compute
    compute.mode_combo.setCurrentIndex(compute.mode_combo.findData("dask"))
    compute.address_edit.setText("127.0.0.1:9")
    compute.test_button.click()
    assert compute.result_label.text() == "Connecting…"
    assert not compute.test_button.isEnabled()
    qtbot.waitUntil(lambda: not compute.is_testing(), timeout=WAIT_MS)
    words = compute.result_label.accessibleDescription()
    assert words.startswith("Could not reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "run on this computer" in words  # the hint names the way out
    assert compute.result_label.property("role") == "warn"
    assert compute.test_button.isEnabled()


def test_test_connection_against_a_running_cluster_describes_it(qtbot, dialog):
    pytest.importorskip("distributed")
    from tests.compute.conftest import start_cluster

    started = start_cluster()
    try:
        compute = dialog.compute
        compute.mode_combo.setCurrentIndex(compute.mode_combo.findData("dask"))
        compute.address_edit.setText(started.scheduler_address)
        compute.test_button.click()
        qtbot.waitUntil(lambda: not compute.is_testing(), timeout=WAIT_MS)
        text = compute.result_label.text()
        assert text.startswith("Connected: 2 workers, 2 cores, ") and "· scikit-learn " in text
        assert compute.result_label.property("role") == "good"
    finally:
        close_clients()
        started.close()


def test_the_status_bar_names_where_work_runs_and_follows_preferences(qtbot, workspace, tmp_path, monkeypatch):
    window = support.open_window(workspace, tmp_path / "settings.ini", monkeypatch)
    try:
        assert window.compute_label.text() == "Compute: this computer"
        dialog = window.open_preferences()
        dialog.compute.mode_combo.setCurrentIndex(dialog.compute.mode_combo.findData("dask"))
        dialog.compute.address_edit.setText("tcp://10.0.0.5:8786")
        dialog.accept()
        assert window.compute_label.text() == "Compute: Dask cluster tcp://10.0.0.5:8786"
        # Another workspace has its own choice: this computer until chosen there.
        assert window.switch_workspace(str(tmp_path / "other"))
        assert window.compute_label.text() == "Compute: this computer"
    finally:
        support.dispose(window)
