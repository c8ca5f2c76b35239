"""Runs: start, finish, list, params, and marking runs whose process died."""

from __future__ import annotations

import os

import pytest

from storage import NotFound, Run, Store, StoreError


def test_start_run_records_a_running_run_of_this_process(store, project, dataset):
    run = store.start_run(project.id, {"target": "left"}, dataset_version_id=dataset.id)
    assert isinstance(run, Run)
    assert (run.status, run.kind, run.pid) == ("running", "train", os.getpid())
    assert run.spec == {"target": "left"}
    assert (run.summary, run.error, run.ended_at) == ({}, None, None)
    assert run.dataset_version_id == dataset.id
    assert run.started_at.endswith("Z")


def test_start_run_touches_the_project(store, project, monkeypatch):
    from storage import rows

    monkeypatch.setattr(rows, "utc_now", lambda: "2030-01-01T00:00:00Z")
    store.start_run(project.id, {}, kind="evaluate")
    assert store.project(project.id).updated_at == "2030-01-01T00:00:00Z"


def test_start_run_refuses_an_unknown_project_or_a_foreign_dataset(store, project):
    with pytest.raises(NotFound):
        store.start_run(999, {})
    other = store.create_project("other")
    file = store.put_bytes(b"z\n", "datasets", ".csv")
    foreign = store.add_dataset_version(
        other.id, file, source_name="z", rows=0, columns=1, schema={}, profile={}
    )
    with pytest.raises(StoreError, match="another project"):
        store.start_run(project.id, {}, dataset_version_id=foreign.id)
    assert store.runs() == []


@pytest.mark.parametrize("status", ["finished", "failed", "cancelled"])
def test_finish_run_ends_a_running_run(store, project, status):
    run = store.start_run(project.id, {})
    ended = store.finish_run(
        run.id, status, error="boom" if status == "failed" else None, summary={"best": 0.9}
    )
    assert ended.status == status
    assert ended.summary == {"best": 0.9}
    assert ended.ended_at is not None
    assert ended.error == ("boom" if status == "failed" else None)


def test_finish_run_without_summary_keeps_an_empty_one(store, project):
    run = store.start_run(project.id, {})
    assert store.finish_run(run.id, "cancelled").summary == {}


@pytest.mark.parametrize("status", ["running", "interrupted", "scheduled", "done"])
def test_finish_run_refuses_a_status_that_is_not_an_ending(store, project, status):
    run = store.start_run(project.id, {})
    with pytest.raises(StoreError, match="finished, failed, cancelled"):
        store.finish_run(run.id, status)
    assert store.run(run.id).status == "running"


def test_finish_run_refuses_a_run_that_is_not_running(store, project):
    run = store.start_run(project.id, {})
    store.finish_run(run.id, "finished")
    with pytest.raises(StoreError, match="is finished, not running"):
        store.finish_run(run.id, "failed")


def test_run_of_an_unknown_id_raises_not_found(store):
    with pytest.raises(NotFound, match="no run with id 5"):
        store.run(5)


def test_runs_lists_newest_first_overall_or_per_project(store, project):
    other = store.create_project("other")
    a = store.start_run(project.id, {})
    b = store.start_run(other.id, {})
    c = store.start_run(project.id, {})
    assert [r.id for r in store.runs()] == [c.id, b.id, a.id]
    assert [r.id for r in store.runs(project.id)] == [c.id, a.id]


def test_params_round_trip_through_json_and_overwrite_by_key(store, project):
    run = store.start_run(project.id, {})
    store.log_params(run.id, {"max_depth": 5, "criterion": "gini", "weights": None, "grid": [1, 2]})
    store.log_params(run.id, {"max_depth": 7})
    assert store.params(run.id) == {
        "criterion": "gini",
        "grid": [1, 2],
        "max_depth": 7,
        "weights": None,
    }


def test_params_of_a_run_without_any_are_empty(store, project):
    assert store.params(store.start_run(project.id, {}).id) == {}


def test_log_params_for_an_unknown_run_raises_not_found(store):
    with pytest.raises(NotFound):
        store.log_params(3, {"a": 1})


def test_a_running_run_whose_process_died_is_interrupted_at_next_open(tmp_path, dead_pid):
    with Store.open(tmp_path) as store:
        project = store.create_project("churn")
        orphan = store.start_run(project.id, {})
        alive = store.start_run(project.id, {})
        done = store.start_run(project.id, {})
        store.finish_run(done.id, "finished")
        with store.transaction():
            store._db.execute("UPDATE runs SET pid = ? WHERE id = ?", [dead_pid, orphan.id])

    with Store.open(tmp_path) as store:
        marked = store.run(orphan.id)
        assert marked.status == "interrupted"
        assert marked.error == "the process running it stopped"
        assert marked.ended_at is not None
        assert store.run(alive.id).status == "running"  # this very process is alive
        assert store.run(done.id).status == "finished"
        [event] = store.events(project.id)
        assert (event.kind, event.entity, event.entity_id) == ("run_interrupted", "run", orphan.id)
        assert event.data["pid"] == dead_pid

    with Store.open(tmp_path) as store:
        assert len(store.events()) == 1  # marked once, not at every open


def test_an_interrupted_run_cannot_be_finished(tmp_path, dead_pid):
    with Store.open(tmp_path) as store:
        run = store.start_run(store.create_project("p").id, {})
        with store.transaction():
            store._db.execute("UPDATE runs SET pid = ? WHERE id = ?", [dead_pid, run.id])
    with Store.open(tmp_path) as store, pytest.raises(StoreError, match="interrupted"):
        store.finish_run(run.id, "finished")
