"""A real Dask cluster for the tests: ``distributed.LocalCluster``, 2 worker processes.

No external service is needed. Dask is the optional ``[cluster]`` extra; CI installs it, and
without it the tests that need a cluster are skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pandas as pd
import pytest

from engine.compute import close_clients


def start_cluster():
    """A fresh 2-worker, 1-thread-per-worker cluster of processes (skips without Dask)."""
    pytest.importorskip("distributed", reason='Dask is the optional "cluster" extra')
    from distributed import LocalCluster

    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                        dashboard_address=":0", silence_logs=50)


def _running_cluster() -> Iterator[object]:
    """A started cluster, closed (with this process's clients) when the fixture ends."""
    started = start_cluster()
    try:
        yield started
    finally:
        close_clients()
        started.close()


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """One cluster shared by a module's tests that do not harm it."""
    yield from _running_cluster()


@pytest.fixture
def own_cluster() -> Iterator[object]:
    """A cluster of the test's own, for tests that kill a worker or the whole cluster."""
    yield from _running_cluster()


def worker_pids(client) -> dict[str, int]:
    return client.run(os.getpid)


def adult_sample(datasets, rows: int = 1500) -> pd.DataFrame:
    frame = pd.read_csv(datasets / "clean" / "adult.csv")
    return frame.sample(n=rows, random_state=0).reset_index(drop=True)
