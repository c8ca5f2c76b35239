"""Metrics: batched writes in one transaction, read back in order."""

from __future__ import annotations

import math
import random

import pytest

from storage import Metric, NotFound


@pytest.fixture
def run(store, project):
    return store.start_run(project.id, {})


def statements(store):
    """Record every SQL statement the store's connection runs."""
    seen: list[str] = []
    store._conn.set_trace_callback(seen.append)
    return seen


def test_ten_thousand_points_in_one_call_are_one_transaction(store, run):
    points = [("loss", 1.0 / (step + 1), step, 1_700_000_000.0 + step) for step in range(10_000)]
    seen = statements(store)
    assert store.log_metrics(run.id, points) == 10_000
    store._conn.set_trace_callback(None)
    assert sum(s.startswith("BEGIN") for s in seen) == 1
    assert sum(s.startswith("COMMIT") for s in seen) == 1
    got = store.metrics(run.id, "loss")
    assert [m.step for m in got] == list(range(10_000))
    assert got[123] == Metric(
        run_id=run.id, key="loss", step=123, value=1 / 124, timestamp=1_700_000_123.0
    )


def test_metrics_come_back_ordered_by_key_step_then_arrival(store, run):
    points = [(key, float(step), step, 0.0) for key in ("val_loss", "acc") for step in range(50)]
    random.Random(7).shuffle(points)
    store.log_metrics(run.id, points)
    store.log_metrics(run.id, [("acc", 99.0, 3, 1.0)])  # same step again: after the first
    got = store.metrics(run.id)
    assert [(m.key, m.step) for m in got][:5] == [
        ("acc", 0),
        ("acc", 1),
        ("acc", 2),
        ("acc", 3),
        ("acc", 3),
    ]
    assert [m.value for m in got if (m.key, m.step) == ("acc", 3)] == [3.0, 99.0]
    assert [m.key for m in got][-1] == "val_loss"
    assert len(got) == 101


def test_metrics_can_be_filtered_by_key(store, run):
    store.log_metrics(run.id, [("a", 1.0, 0, 0.0), ("b", 2.0, 0, 0.0)])
    assert [m.key for m in store.metrics(run.id, "b")] == ["b"]
    assert store.metrics(run.id, "missing") == []


def test_metric_keys_are_distinct_and_sorted(store, run):
    store.log_metrics(run.id, [("z", 1.0, 0, 0.0), ("a", 1.0, 0, 0.0), ("z", 2.0, 1, 0.0)])
    assert store.metric_keys(run.id) == ["a", "z"]


def test_nan_and_infinite_values_survive_the_round_trip(store, run):
    store.log_metrics(run.id, [("loss", math.nan, 0, 0.0), ("loss", math.inf, 1, 0.0)])
    first, second = store.metrics(run.id)
    assert math.isnan(first.value)
    assert second.value == math.inf


def test_log_metrics_of_nothing_writes_nothing(store, run):
    assert store.log_metrics(run.id, []) == 0
    assert store.log_metrics(run.id, iter(())) == 0


def test_log_metrics_accepts_a_generator_and_converts_types(store, run):
    count = store.log_metrics(run.id, (("k", v, v, 0) for v in range(3)))
    assert count == 3
    assert [(m.step, m.value, m.timestamp) for m in store.metrics(run.id)] == [
        (0, 0.0, 0.0),
        (1, 1.0, 0.0),
        (2, 2.0, 0.0),
    ]
    assert all(
        isinstance(m.value, float) and isinstance(m.timestamp, float) for m in store.metrics(run.id)
    )


def test_a_batch_that_fails_part_way_stores_none_of_it(store, run):
    def points():
        for step in range(9_999):
            yield ("loss", 0.1, step, 0.0)
        raise RuntimeError("reporter broke")

    with pytest.raises(RuntimeError):
        store.log_metrics(run.id, points())
    assert store.metrics(run.id) == []


def test_metrics_for_an_unknown_run_raise_not_found(store):
    with pytest.raises(NotFound):
        store.log_metrics(77, [("a", 1.0, 0, 0.0)])


def test_reading_a_runs_metrics_uses_the_run_index_not_a_table_scan(store, run):
    store.log_metrics(run.id, [("loss", 0.5, 0, 0.0)])
    for sql in ("SELECT * FROM metrics WHERE run_id = ? AND \"key\" = ?",
                "SELECT DISTINCT \"key\" FROM metrics WHERE run_id = ?"):
        args = [run.id, "loss"] if "key\" =" in sql else [run.id]
        plan = " ".join(row[3] for row in store._conn.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert "USING INDEX metrics_by_run" in plan, plan
