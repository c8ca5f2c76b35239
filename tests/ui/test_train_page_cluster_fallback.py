"""Train page: when the workspace's Dask cluster cannot be used, "Run on this computer" trains here."""
# ruff: noqa: F811 - the fixtures imported from test_wizard_helpers are named as arguments

from __future__ import annotations

from engine.compute import SETTING_KEY, ClusterLost, ClusterUnreachable, ComputeChoice
from engine.errors import UserError
from tests.ui.test_wizard_helpers import (  # noqa: F401 - pytest fixtures
    WAIT_MS,
    slice_csv,
    store,
    to_train,
    wizard,
)
from ui.worker import StageWorker

NOWHERE = "127.0.0.1:9"  # the discard port: nothing listens, the connection is refused


def test_a_failed_stage_keeps_its_error_code_and_the_signal_stays_message_and_hint(qtbot, workspace):
    worker = StageWorker(workspace)

    def unreachable(reporter):
        raise ClusterUnreachable("Could not reach the Dask scheduler.", "Check the address.")

    with qtbot.waitSignal(worker.failed, timeout=WAIT_MS) as blocker:
        worker.start(unreachable)
    assert blocker.args == ["Could not reach the Dask scheduler.", "Check the address."]
    assert worker.last_error_code == "cluster-unreachable"

    def plain(reporter):
        raise UserError("The file is empty.", "Pick another file.")

    with qtbot.waitSignal(worker.failed, timeout=WAIT_MS):
        worker.start(plain)
    assert worker.last_error_code == ""  # errors without a code leave it empty


def test_an_unreachable_cluster_offers_to_run_on_this_computer_which_trains_here(qtbot, wizard, slice_csv,
                                                                                  store):
    store.set_setting(SETTING_KEY, ComputeChoice.cluster(NOWHERE).to_setting())
    to_train(qtbot, wizard, slice_csv)
    page = wizard.trainPage
    assert not page.runLocallyButton.isVisibleTo(page)
    page.startTrainingButton.click()
    qtbot.waitUntil(lambda: not page.is_training(), timeout=WAIT_MS)

    assert page.message.kind == "error"
    assert page.message.plain_text().startswith("Could not reach the Dask scheduler at tcp://127.0.0.1:9")
    assert page.worker.last_error_code == "cluster-unreachable"
    assert page.runLocallyButton.isVisible() and not page.isComplete()
    assert store.runs() == []  # the address is checked before anything is stored

    page.runLocallyButton.click()
    assert not page.runLocallyButton.isVisible() and page.is_training()
    qtbot.waitUntil(page.isComplete, timeout=WAIT_MS)
    assert page.message.plain_text().startswith("Done in")
    run = store.run(wizard.state.training.outcome.run.id)
    assert run.status == "finished"
    # The fallback is for this run only: the workspace still chooses the cluster.
    assert ComputeChoice.from_setting(store.setting(SETTING_KEY)).uses_cluster


def test_a_cluster_lost_mid_run_shows_why_and_offers_this_computer(wizard):
    # Losing a real cluster mid-run is tests/compute's business; here only the page's answer.
    page = wizard.trainPage
    lost = ClusterLost("The Dask cluster stopped answering during training.",
                       "The models that finished are kept. Run again here.")
    page.worker.last_error_code = lost.code  # as the worker leaves it after such a failure
    page._failed(lost.message, lost.hint)
    assert page.message.kind == "error"
    assert "finished are kept" in page.message.plain_text()
    assert page.runLocallyButton.isVisibleTo(page)  # the page itself is not on screen here

    page.worker.last_error_code = ""  # any other failure: no such offer
    page._failed("The file is empty.", "Pick another file.")
    assert not page.runLocallyButton.isVisibleTo(page)
