"""Several workers on one workspace at once: no "database is locked", no lost or half batches.

Four writer threads each open their own Store on the same workspace (as separate training
workers would) and log metric batches for their own run. Two reader threads, each with its own
Store, read the runs' metrics over and over; a fifth thread keeps opening the workspace afresh
and listing its runs, as the GUI does when it refreshes. Any exception in any thread fails the
test. Batches are transactions, so a reader never sees part of one, and counts never go down.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from storage import Store

WRITERS = 4
BATCHES = 150
BATCH_SIZE = 50
READERS = 2
JOIN_TIMEOUT = 120.0


class Workers:
    """Threads that start together and record any exception they raise."""

    def __init__(self, count: int) -> None:
        self.start_line = threading.Barrier(count)
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    def add(self, name: str, body: Callable[[], None]) -> None:
        def run() -> None:
            try:
                self.start_line.wait(timeout=30)
                body()
            except BaseException as error:  # noqa: BLE001 - every failure is reported below
                self.errors.append(error)

        self.threads.append(threading.Thread(target=run, name=name, daemon=True))

    def run_all(self) -> None:
        for thread in self.threads:
            thread.start()
        for thread in self.threads:
            thread.join(JOIN_TIMEOUT)
        stuck = [t.name for t in self.threads if t.is_alive()]
        assert not stuck, f"threads still running after {JOIN_TIMEOUT:.0f} s: {stuck}"


def _value(writer: int, step: int) -> float:
    """Each point's value says who wrote it and at which step."""
    return writer * 1_000_000 + step


def _points(writer: int, batch: int) -> list[tuple[str, float, int, float]]:
    steps = range(batch * BATCH_SIZE, (batch + 1) * BATCH_SIZE)
    return [("loss", _value(writer, step), step, time.time()) for step in steps]


def test_four_writers_and_three_readers_share_a_workspace_without_locks_or_losses(tmp_path: Path):
    workspace = tmp_path / "workspace"
    with Store.open(workspace) as store:
        project = store.create_project("busy")
        run_ids = [store.start_run(project.id, {"worker": w}).id for w in range(WRITERS)]

    writers_done = threading.Event()
    finished_writers: list[int] = []
    # Per reader: two readers appending to one list could interleave a later read before an
    # earlier one, so only each reader's own sequence must never go down.
    seen: dict[tuple[int, int], list[int]] = {
        (number, run_id): [] for number in range(READERS) for run_id in run_ids
    }
    reopened = [0]
    workers = Workers(WRITERS + READERS + 1)

    def writer(number: int) -> Callable[[], None]:
        def body() -> None:
            with Store.open(workspace) as own:
                for batch in range(BATCHES):
                    assert own.log_metrics(run_ids[number], _points(number, batch)) == BATCH_SIZE
            finished_writers.append(number)
            if len(finished_writers) == WRITERS:
                writers_done.set()

        return body

    def reader(number: int) -> Callable[[], None]:
        def body() -> None:
            with Store.open(workspace) as own:
                turn = number
                # Until the writers are done, and at least once for every run.
                while not writers_done.is_set() or turn < number + WRITERS:
                    run_id = run_ids[turn % WRITERS]
                    seen[number, run_id].append(len(own.metrics(run_id, "loss")))
                    turn += 1

        return body

    def reopener() -> None:
        while not writers_done.is_set() or not reopened[0]:
            with Store.open(workspace) as fresh:
                assert len(fresh.runs(project.id)) == WRITERS
            reopened[0] += 1

    for number in range(WRITERS):
        workers.add(f"writer-{number}", writer(number))
    for number in range(READERS):
        workers.add(f"reader-{number}", reader(number))
    workers.add("reopener", reopener)
    workers.run_all()

    assert workers.errors == [], [f"{type(e).__name__}: {e}" for e in workers.errors]
    assert reopened[0] > 0 and all(seen.values())
    for (number, run_id), counts in seen.items():
        assert all(count % BATCH_SIZE == 0 for count in counts), f"run {run_id} half a batch"
        assert counts == sorted(counts), f"reader {number}, run {run_id}: rows disappeared"

    with Store.open(workspace) as store:
        for writer_number, run_id in enumerate(run_ids):
            points = store.metrics(run_id)
            assert len(points) == BATCHES * BATCH_SIZE
            assert [p.step for p in points] == list(range(BATCHES * BATCH_SIZE))
            assert all(p.value == _value(writer_number, p.step) for p in points)
            assert store.run(run_id).status == "running"  # this process is alive: not interrupted
    with sqlite3.connect(workspace / "firstwin.db") as conn:
        assert conn.execute("SELECT COUNT(*) FROM metrics").fetchone() == (
            WRITERS * BATCHES * BATCH_SIZE,
        )
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
