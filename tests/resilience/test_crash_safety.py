"""Killing a training run with SIGKILL at random moments leaves a healthy workspace.

Each kill starts ``python main.py train`` on a small generated dataset, waits until the run is
recorded as running, waits a seeded random extra moment, then kills the process outright (no
clean-up code runs). Reopening the workspace must then find: an intact database, every model
version's and dataset version's file present with its recorded sha256, the killed run marked
interrupted (or finished, if it got there first), nothing left "running", and room for a new
run that succeeds. The fast test kills 3 times; the ``slow`` variant (FIRSTWIN_SLOW=1) 20.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.runner import run_spec
from engine.spec import DataSource, RunSpec
from storage import Store
from storage.runs import INTERRUPTED_ERROR

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "Crash"
TARGET = "churn"
SEED = 20240611
# Seconds to wait after the run is recorded. A quick run on this data trains for 1.5 s or more,
# so the fast test kills mid-training; the slow one also reaches the model saving and the end.
FAST_MAX_DELAY = 1.0
SLOW_MAX_DELAY = 3.0
START_TIMEOUT = 120.0


def write_dataset(path: Path, rows: int = 3000) -> Path:
    """A churn-like table with a learnable yes/no target, the same every time."""
    rng = np.random.default_rng(0)
    age = rng.integers(18, 80, rows)
    tenure = rng.integers(0, 72, rows)
    charges = rng.normal(70, 30, rows).round(2)
    plan = rng.choice(["basic", "plus", "premium"], rows)
    logit = 0.02 * (50 - age) - 0.04 * tenure + 0.02 * charges - 1 + 0.8 * (plan == "basic")
    churn = np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "yes", "no")
    pd.DataFrame(
        {
            "age": age,
            "tenure": tenure,
            "charges": charges,
            "plan": plan,
            "region": rng.choice(["north", "south", "east", "west"], rows),
            TARGET: churn,
        }
    ).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    return write_dataset(tmp_path_factory.mktemp("data") / "customers.csv")


def start_training(workspace: Path, data: Path, log: Path) -> subprocess.Popen:
    """``python main.py train`` in its own process, as a user would start it."""
    command = [
        sys.executable, str(ROOT / "main.py"), "train", str(data), "--target", TARGET,
        "--budget", "quick", "--project", PROJECT, "--workspace", str(workspace), "--json",
    ]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with log.open("ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=out)


def wait_for_running_run(workspace: Path, process: subprocess.Popen, log: Path) -> int:
    """The id of the run ``process`` records as running, as soon as it is in the database."""
    db = workspace / "firstwin.db"
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise AssertionError(f"the training process ended (code {process.returncode}) "
                                 f"before its run was recorded:\n{tail}")
        if db.exists():
            with contextlib.suppress(sqlite3.Error):  # the child may be creating the schema
                with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
                    found = conn.execute(
                        "SELECT id FROM runs WHERE pid = ? AND status = 'running'", [process.pid]
                    ).fetchone()
                if found:
                    return found[0]
        time.sleep(0.02)
    raise AssertionError(f"no running run appeared within {START_TIMEOUT:.0f} s")


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: the process gets no chance to finish or mark anything."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_workspace_is_healthy(workspace: Path, killed_run: int) -> str:
    """Reopen the workspace as the app would and check it; returns the killed run's status."""
    with Store.open(workspace) as store:
        run = store.run(killed_run)
        assert run.status in ("interrupted", "finished"), run
        if run.status == "interrupted":
            assert run.error == INTERRUPTED_ERROR and run.ended_at
            assert any(e.kind == "run_interrupted" and e.entity_id == killed_run
                       for e in store.events())
        else:
            assert store.model_versions(run_id=killed_run), "a finished run has models"
        assert [r.id for r in store.runs() if r.status == "running"] == []
        for model in store.model_versions():
            artifact = store.path_of(model.artifact_path)
            assert artifact.is_file(), f"model {model.id} has lost {model.artifact_path}"
            assert sha256(artifact) == model.sha256, f"model {model.id}'s file is damaged"
        for project in store.projects():
            for version in store.dataset_versions(project.id):
                assert sha256(store.path_of(version.path)) == version.sha256
        store.metrics(killed_run)  # the metric rows written before the kill can be read
    with contextlib.closing(sqlite3.connect(workspace / "firstwin.db")) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    return run.status


def kill_training_runs(
    workspace: Path, data: Path, kills: int, rng: random.Random, max_delay: float
) -> list[str]:
    """Start and SIGKILL ``kills`` training runs one after another; their statuses after."""
    statuses = []
    log = workspace.parent / "train.log"
    for _ in range(kills):
        process = start_training(workspace, data, log)
        try:
            run_id = wait_for_running_run(workspace, process, log)
            time.sleep(rng.uniform(0.0, max_delay))
        finally:
            kill(process)
        statuses.append(assert_workspace_is_healthy(workspace, run_id))
    return statuses


def assert_a_new_run_succeeds(workspace: Path, data: Path) -> None:
    spec = RunSpec(project=PROJECT, data=DataSource(str(data)), target=TARGET, budget="quick")
    with Store.open(workspace) as store:
        outcome = run_spec(store, spec)
        assert outcome.run.status == "finished"
        assert outcome.best_model is not None
        assert store.path_of(outcome.best_model.artifact_path).is_file()


def test_training_killed_three_times_leaves_a_healthy_workspace(dataset, tmp_path):
    workspace = tmp_path / "workspace"
    statuses = kill_training_runs(
        workspace, dataset, kills=3, rng=random.Random(SEED), max_delay=FAST_MAX_DELAY
    )
    assert "interrupted" in statuses, statuses
    assert_a_new_run_succeeds(workspace, dataset)


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("FIRSTWIN_SLOW") != "1", reason="set FIRSTWIN_SLOW=1 to run")
def test_training_killed_twenty_times_leaves_a_healthy_workspace(dataset, tmp_path):
    workspace = tmp_path / "workspace"
    statuses = kill_training_runs(
        workspace, dataset, kills=20, rng=random.Random(SEED + 1), max_delay=SLOW_MAX_DELAY
    )
    assert "interrupted" in statuses, statuses
    assert_a_new_run_succeeds(workspace, dataset)
