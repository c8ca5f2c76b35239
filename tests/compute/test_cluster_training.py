"""Training on a Dask cluster gives the same results as on this computer, and survives trouble:
a worker killed mid-run (its tasks run again elsewhere), the whole cluster lost (the run is
stored as failed with the models that finished), a wrong address (a clear message before
anything is stored), and cancel (the outstanding tasks are cancelled)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from engine.compute import ClusterLost, ClusterUnreachable, ComputeChoice, client_for
from engine.reporter import RecordingReporter
from engine.runner import run_frame
from engine.spec import RunSpec
from storage import Store
from tests.compute.conftest import adult_sample, worker_pids

SPEC = RunSpec(project="Income", target="class", budget="quick", seed=7)


def scores(outcome) -> dict[str, tuple]:
    return {
        m.name: (m.cv_score, m.cv_std, m.holdout_score, tuple(m.details["fold_scores"]))
        for m in outcome.models
    }


def stored_metrics(store: Store, run_id: int) -> dict[tuple[str, int], float]:
    return {(p.key, p.step): p.value for p in store.metrics(run_id)
            if not p.key.startswith("fit_seconds/")}


def test_a_run_on_the_cluster_scores_and_stores_exactly_what_a_local_run_does(
        cluster, datasets, tmp_path):
    frame = adult_sample(datasets)
    with Store.open(tmp_path / "local") as store:
        local = run_frame(store, frame, SPEC, compute=ComputeChoice.local())
        local_metrics = stored_metrics(store, local.run.id)
    reporter = RecordingReporter()
    with Store.open(tmp_path / "cluster") as store:
        remote = run_frame(store, frame, SPEC, reporter,
                           compute=ComputeChoice.cluster(cluster.scheduler_address))
        assert store.run(remote.run.id).status == "finished"
        assert stored_metrics(store, remote.run.id) == local_metrics
    assert len(local.models) >= 3
    assert scores(remote) == scores(local)
    assert [m.name for m in remote.models] == [m.name for m in local.models]
    assert any("Training on the Dask cluster" in text and "2 workers" in text
               for _, text in reporter.logs)


def test_the_workspace_setting_sends_runs_to_the_cluster(cluster, datasets, workspace):
    reporter = RecordingReporter()
    with Store.open(workspace) as store:
        store.set_setting("compute", ComputeChoice.cluster(cluster.scheduler_address).to_setting())
        run_frame(store, adult_sample(datasets, 600), SPEC, reporter)
    assert any("Training on the Dask cluster" in text for _, text in reporter.logs)


def test_cancel_cancels_the_tasks_still_outstanding(cluster, datasets, workspace):
    reporter = RecordingReporter(cancel_after_metrics=2)
    with Store.open(workspace) as store:
        outcome = run_frame(store, adult_sample(datasets), SPEC, reporter,
                            compute=ComputeChoice.cluster(cluster.scheduler_address))
        assert store.run(outcome.run.id).status == "cancelled"
    client = client_for(cluster.scheduler_address)

    def fit_tasks(dask_scheduler=None):
        return [str(key) for key in dask_scheduler.tasks if str(key).startswith("firstwin-fit")]

    deadline = time.monotonic() + 30
    while client.run_on_scheduler(fit_tasks) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert client.run_on_scheduler(fit_tasks) == []


def test_a_wrong_address_fails_fast_in_words_and_stores_nothing(workspace):
    started = time.monotonic()
    with Store.open(workspace) as store:
        with pytest.raises(ClusterUnreachable) as raised:
            run_frame(store, adult_sample_or_tiny(), SPEC, compute=ComputeChoice.cluster("127.0.0.1:9"))
        assert store.projects() == []
    assert time.monotonic() - started < 60  # the connect timeout (5 s), not a hang
    assert "Could not reach the Dask scheduler at tcp://127.0.0.1:9" in raised.value.message
    assert "--local" in raised.value.hint


def adult_sample_or_tiny():
    import pandas as pd

    return pd.DataFrame({"x": range(100), "class": ["a", "b"] * 50})


def test_a_worker_killed_during_a_run_is_replaced_and_the_run_completes(
        own_cluster, datasets, workspace):
    address = own_cluster.scheduler_address
    client = client_for(address)
    killed: list[int] = []

    def kill_a_busy_worker() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            busy = [worker for worker, tasks in client.processing().items() if tasks]
            if busy:
                pid = worker_pids(client)[busy[0]]
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_a_busy_worker)
    killer.start()
    with Store.open(workspace) as store:
        outcome = run_frame(store, adult_sample(datasets), SPEC, compute=ComputeChoice.cluster(address))
        killer.join()
        assert killed, "no task was ever seen running"
        assert store.run(outcome.run.id).status == "finished"
        assert not store.run(outcome.run.id).summary["failed"]
    with Store.open(workspace.parent / "local") as store:
        local = run_frame(store, adult_sample(datasets), SPEC, compute=ComputeChoice.local())
    assert scores(outcome) == scores(local)


class CloseClusterAfterBaseline(RecordingReporter):
    """Shuts the whole cluster down once the baseline's final fit is in."""

    def __init__(self, cluster) -> None:
        super().__init__()
        self.cluster = cluster

    def on_metric(self, point) -> None:
        super().on_metric(point)
        if point.key == "fit_seconds/baseline":
            self.cluster.close()


def test_a_cluster_lost_during_a_run_stores_it_as_failed_with_the_models_that_finished(
        own_cluster, datasets, workspace):
    reporter = CloseClusterAfterBaseline(own_cluster)
    with Store.open(workspace) as store:
        with pytest.raises(ClusterLost) as raised:
            run_frame(store, adult_sample(datasets), SPEC, reporter,
                      compute=ComputeChoice.cluster(own_cluster.scheduler_address))
        [run] = store.runs(store.projects()[0].id)
        assert run.status == "failed"
        assert "connection to the Dask cluster was lost" in run.error
        kept = store.model_versions(run_id=run.id)
        assert [m.name for m in kept][:1] and any(m.is_baseline for m in kept)
        assert run.summary["kept_models"] == [m.id for m in kept]
        for model in kept:
            assert store.path_of(model.artifact_path).exists()
    assert "kept" in raised.value.hint
