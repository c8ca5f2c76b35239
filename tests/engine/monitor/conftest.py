"""Fixtures for the monitor: adult as a drift reference, and a workspace with a trained model."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from engine.monitor.drift import build_reference
from engine.runner import run_frame
from engine.spec import RunSpec
from storage import Store
from tests.engine.helpers import churn_like


@pytest.fixture(scope="session")
def adult(datasets) -> pd.DataFrame:
    return pd.read_csv(datasets / "clean" / "adult.csv")  # read-only: never written back


@pytest.fixture(scope="session")
def adult_schema(adult) -> dict:
    columns = [
        {"name": c, "kind": "numeric" if pd.api.types.is_numeric_dtype(adult[c]) else "categorical"}
        for c in adult.columns if c != "class"
    ]
    return {"version": 1, "target": "class", "task": "binary", "classes": ["<=50K", ">50K"],
            "columns": columns}


@pytest.fixture(scope="session")
def adult_reference(adult, adult_schema):
    """Shared by the drift tests, so its null thresholds are drawn once per batch size."""
    return build_reference(adult, adult_schema)


@pytest.fixture(scope="session")
def trained_workspace(tmp_path_factory):
    """A workspace with one quick churn run (linear model), trained once for all tests."""
    folder = tmp_path_factory.mktemp("monitor") / "ws"
    with Store.open(folder) as store:
        spec = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear"])
        model_id = run_frame(store, churn_like(600), spec).best_model.id
    return folder, model_id


@pytest.fixture
def trained(trained_workspace, tmp_path):
    """A fresh copy of the trained workspace: (store, model)."""
    folder, model_id = trained_workspace
    copy = shutil.copytree(folder, tmp_path / "ws")
    with Store.open(copy) as store:
        yield store, store.model_version(model_id)
