"""Fixtures for storage tests: an open store in a temporary workspace, and row factories."""

from __future__ import annotations

import subprocess
import sys

import pytest

from storage import Store


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "ws") as opened:
        yield opened


@pytest.fixture
def project(store):
    return store.create_project("churn", "Who will cancel next month?", {"per_save": 40})


@pytest.fixture
def dataset(store, project):
    file = store.put_bytes(b"age,left\n31,0\n52,1\n", "datasets", ".csv")
    return store.add_dataset_version(
        project.id,
        file,
        source_name="customers.csv",
        rows=2,
        columns=2,
        schema={"age": "int", "left": "int"},
        profile={"missing": 0},
    )


@pytest.fixture
def make_model(store):
    """Return a function that adds a model version with sensible defaults."""

    def make(project_id: int, run_id: int, rank: int = 1, name: str = "forest", **overrides):
        file = store.put_bytes(f"{run_id}-{rank}-{name}".encode(), "artifacts", ".skops")
        fields = {
            "name": name,
            "algorithm": "RandomForestClassifier",
            "params": {"n_estimators": 100},
            "metric": "roc_auc",
            "cv_score": 0.81,
            "cv_std": 0.02,
            "holdout_score": 0.8,
            "fit_seconds": 1.5,
            "is_baseline": False,
            "rank": rank,
            "file": file,
            "library_versions": {"scikit-learn": "1.9.1"},
            "details": {"confusion": [[5, 1], [2, 4]]},
        }
        fields.update(overrides)
        return store.add_model_version(project_id, run_id, **fields)

    return make


@pytest.fixture
def dead_pid():
    """The pid of a process that has exited and been reaped."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid
