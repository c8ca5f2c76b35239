"""Retrain from the Monitor view: a challenger trained on a worker, champion and challenger
compared on the same recent rows, and the challenger promoted with one click."""

from __future__ import annotations

import pytest

from storage import Store
from tests.ui import main_window_support as support
from tests.ui import monitor_support as monitoring


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


def test_retrain_compares_champion_and_challenger_and_promotes_the_challenger(qtbot, tmp_path):
    with Store.open(monitoring.monitored_workspace(tmp_path)) as store:
        view = monitoring.open_view(qtbot, store)
        champion = store.best_model_version(view.project_id)
        path = monitoring.write_rows(tmp_path / "labelled.csv", 1400, 1700, shift=True)

        view.tasks.read("retrain", str(path))
        qtbot.waitUntil(lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible(),
                        timeout=monitoring.WAIT_MS)
        assert view.tasks.dialog.boxes["label"].currentData() == "Churn"
        view.tasks.dialog.ok_button.click()
        box = view.side.comparison
        qtbot.waitUntil(box.isVisible, timeout=monitoring.WAIT_MS)
        monitoring.wait_idle(qtbot, view)

        challenger_id = box.result["challenger_id"]
        assert box.cells["champion"][0].text() == f"Model {champion.id}: {champion.name}"
        assert box.cells["challenger"][0].text().startswith(f"Model {challenger_id}:")
        assert box.cells["champion"][1].text() and box.cells["challenger"][1].text()
        assert "recent labelled rows neither model trained on" in box.words.text()
        assert [r["x"] for r in view.board.retrains] == [2.0]  # after the two kept batches

        box.promote_button.click()
        qtbot.waitUntil(lambda: not box.promote_button.isEnabled(), timeout=monitoring.WAIT_MS)
        monitoring.wait_idle(qtbot, view)
        assert store.production_model_version(view.project_id).id == challenger_id
        assert f"Watching model {challenger_id}" in view.header.model_label.text()
        assert "(in production)" in view.header.model_label.text()
        view.stop()


def test_a_retrain_the_cluster_cannot_take_offers_to_run_on_this_computer_which_retrains_here(
        qtbot, tmp_path):
    from engine.compute import SETTING_KEY, ComputeChoice

    with Store.open(monitoring.monitored_workspace(tmp_path)) as store:
        store.set_setting(SETTING_KEY, ComputeChoice.cluster("127.0.0.1:9").to_setting())  # refused
        view = monitoring.open_view(qtbot, store)
        button = view.header.run_locally_button
        path = monitoring.write_rows(tmp_path / "labelled.csv", 1400, 1700, shift=True)
        view.tasks.read("retrain", str(path))
        qtbot.waitUntil(lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible(),
                        timeout=monitoring.WAIT_MS)
        view.tasks.dialog.ok_button.click()
        qtbot.waitUntil(button.isVisible, timeout=monitoring.WAIT_MS)
        monitoring.wait_idle(qtbot, view)
        assert view.header.message.plain_text().startswith("Could not reach the Dask scheduler")
        assert not view.side.comparison.isVisible()

        button.click()
        assert not button.isVisible()
        qtbot.waitUntil(view.side.comparison.isVisible, timeout=monitoring.WAIT_MS)
        monitoring.wait_idle(qtbot, view)
        assert view.side.comparison.result["challenger_id"]
        assert ComputeChoice.from_setting(store.setting(SETTING_KEY)).mode == "dask"  # choice kept
        view.stop()
