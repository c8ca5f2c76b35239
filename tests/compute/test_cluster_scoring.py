"""A large monitoring batch is scored partition by partition on the cluster, and the kept
rows are exactly those scored on this computer."""

from __future__ import annotations

import pandas as pd

from engine.compute import ComputeChoice, cluster_scoring
from engine.monitor.record import batch_rows, score_batch
from engine.reporter import RecordingReporter
from engine.runner import run_frame
from engine.spec import RunSpec
from storage import Store
from tests.compute.conftest import adult_sample


def test_a_batch_scored_on_the_cluster_keeps_the_same_rows_as_one_scored_here(
        cluster, datasets, workspace, monkeypatch):
    monkeypatch.setattr(cluster_scoring, "MIN_ROWS", 500)
    monkeypatch.setattr(cluster_scoring, "ROWS_PER_PARTITION", 300)
    frame = adult_sample(datasets, 2500)
    with Store.open(workspace) as store:
        spec = RunSpec(project="Income", target="class", budget="quick", candidates=["linear"])
        model = run_frame(store, frame.iloc[:1200], spec, compute=ComputeChoice.local()).best_model
        batch = frame.iloc[1200:].reset_index(drop=True)
        local = score_batch(store, model, batch, at="2026-01-01", compute=ComputeChoice.local())
        reporter = RecordingReporter()
        remote = score_batch(store, model, batch, at="2026-01-01", reporter=reporter,
                             compute=ComputeChoice.cluster(cluster.scheduler_address))
        local_rows = batch_rows(store, store.batch(local["batch_id"]))
        remote_rows = batch_rows(store, store.batch(remote["batch_id"]))
    assert any("on the Dask cluster" in message for _, message in reporter.progress_events)
    assert len(remote_rows) == len(batch) == 1300
    pd.testing.assert_frame_equal(remote_rows, local_rows)
    assert remote["drift"] == local["drift"]


def test_a_small_batch_is_scored_here_without_contacting_the_cluster(workspace, datasets):
    frame = adult_sample(datasets, 900)
    with Store.open(workspace) as store:
        spec = RunSpec(project="Income", target="class", budget="quick", candidates=["linear"])
        model = run_frame(store, frame.iloc[:600], spec, compute=ComputeChoice.local()).best_model
        # An address nothing listens on: a small batch never tries it.
        result = score_batch(store, model, frame.iloc[600:], compute=ComputeChoice.cluster("127.0.0.1:9"))
    assert result["rows"] == 300
