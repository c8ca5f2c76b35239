"""Transactions, foreign keys, and sharing a workspace between threads and Store objects."""

from __future__ import annotations

import threading
import time

import pytest

from storage import Store, StoreError


def test_a_failed_block_leaves_the_database_unchanged(store, project):
    with pytest.raises(RuntimeError), store.transaction():
        store.create_project("half")
        run = store.start_run(project.id, {})
        store.log_metrics(run.id, [("a", 1.0, 0, 0.0)])
        raise RuntimeError("crash between writes")
    assert [p.name for p in store.projects()] == ["churn"]
    assert store.runs() == []
    assert store.project(project.id) == project  # start_run's touch is undone too


def test_a_failed_sqlite_write_rolls_back_the_whole_transaction(store):
    with pytest.raises(StoreError, match="FOREIGN KEY"), store.transaction():
        store.create_project("half")
        store._db.execute(
            "INSERT INTO runs (project_id, kind, status) VALUES (404, 'train', 'running')"
        )
    assert store.projects() == []


def test_foreign_keys_are_enforced(store, project):
    run = store.start_run(project.id, {})
    for sql in (
        "INSERT INTO metrics (run_id, key, step, value, timestamp) VALUES (999, 'a', 0, 1, 0)",
        "INSERT INTO params (run_id, key, value) VALUES (999, 'a', '1')",
        f"UPDATE runs SET dataset_version_id = 999 WHERE id = {run.id}",
        f"DELETE FROM projects WHERE id = {project.id}",
    ):
        with pytest.raises(StoreError, match="FOREIGN KEY constraint failed"), store.transaction():
            store._db.execute(sql)
    assert store.run(run.id).dataset_version_id is None


def test_nested_transactions_join_the_outer_one(store):
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            store.create_project("inner")
        assert store.project_by_name("inner") is not None
        raise RuntimeError("outer fails after inner succeeded")
    assert store.projects() == []


def test_a_failed_nested_block_undoes_only_its_own_writes(store):
    with store.transaction():
        store.create_project("kept")
        with pytest.raises(RuntimeError), store.transaction():
            store.create_project("dropped")
            raise RuntimeError("inner fails")
    assert [p.name for p in store.projects()] == ["kept"]


def test_two_stores_on_one_workspace_see_each_others_writes(tmp_path):
    with Store.open(tmp_path) as a, Store.open(tmp_path) as b:
        project = a.create_project("shared")
        assert b.project_by_name("shared") == project
        run = b.start_run(project.id, {})
        a.log_metrics(run.id, [("m", 1.0, 0, 0.0)])
        assert [m.value for m in b.metrics(run.id)] == [1.0]


def test_readers_are_not_blocked_by_an_open_write_transaction(tmp_path):
    with Store.open(tmp_path) as writer, Store.open(tmp_path) as reader:
        with writer.transaction():
            writer.create_project("uncommitted")
            started = time.monotonic()
            assert reader.projects() == []  # WAL: the old snapshot, at once
            assert time.monotonic() - started < 1
        assert [p.name for p in reader.projects()] == ["uncommitted"]


def test_a_second_writer_waits_for_the_first_instead_of_failing(tmp_path):
    with Store.open(tmp_path) as first, Store.open(tmp_path) as second:
        holding = threading.Event()

        def hold_the_write_lock():
            with first.transaction():
                first.create_project("first")
                holding.set()
                time.sleep(0.5)

        thread = threading.Thread(target=hold_the_write_lock)
        thread.start()
        holding.wait(5)
        second.create_project("second")  # blocks on busy_timeout, then succeeds
        thread.join()
        assert {p.name for p in second.projects()} == {"first", "second"}


def test_two_stores_writing_from_threads_concurrently_lose_nothing(tmp_path):
    with Store.open(tmp_path) as setup:
        project = setup.create_project("p")
        run_ids = [setup.start_run(project.id, {}).id for _ in range(2)]
    stores = [Store.open(tmp_path) for _ in run_ids]
    errors: list[BaseException] = []

    def write(store, run_id):
        try:
            for batch in range(50):
                store.log_metrics(run_id, [("m", 1.0, batch * 20 + i, 0.0) for i in range(20)])
                store.add_event("tick", str(batch), project_id=project.id)
        except BaseException as e:  # reported below: a thread's exception would vanish
            errors.append(e)

    threads = [
        threading.Thread(target=write, args=pair) for pair in zip(stores, run_ids, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert errors == []
    with Store.open(tmp_path) as check:
        assert [len(check.metrics(run_id)) for run_id in run_ids] == [1000, 1000]
        assert len(check.events(project.id)) == 100


def test_one_store_can_be_shared_by_several_threads(store, project):
    run = store.start_run(project.id, {})
    errors: list[BaseException] = []

    def work(key):
        try:
            for step in range(100):
                store.log_metrics(run.id, [(key, float(step), step, 0.0)])
                store.metrics(run.id, key)
        except BaseException as e:  # reported below: a thread's exception would vanish
            errors.append(e)

    threads = [threading.Thread(target=work, args=(f"k{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert store.metric_keys(run.id) == ["k0", "k1", "k2", "k3"]
    assert all(len(store.metrics(run.id, f"k{i}")) == 100 for i in range(4))
