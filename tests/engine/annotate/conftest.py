"""Fixtures for the Annotate tests: a small churn table with a few unlabelled rows, stored."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from storage import Store
from tests.engine.helpers import churn_like


def with_unlabelled(frame: pd.DataFrame, target: str, rows: list[int]) -> pd.DataFrame:
    frame = frame.copy()
    frame[target] = frame[target].astype(object)
    frame.loc[rows, target] = None
    return frame


def store_frame(store: Store, frame: pd.DataFrame, project: str = "churn"):
    """A project whose first dataset version holds ``frame``, as the runner stores one."""
    project_row = store.get_or_create_project(project)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.parquet"
        frame.to_parquet(path, index=False)
        stored = store.put_file(path, "datasets", ".parquet")
    return store.add_dataset_version(
        project_row.id, stored, source_name="churn.csv", rows=len(frame),
        columns=frame.shape[1], schema={}, profile={},
    )


def flip_labels(frame: pd.DataFrame, target: str, share: float, seed: int):
    """(frame with ``share`` of its labels changed to another class at random, flipped rows)."""
    rng = np.random.default_rng(seed)
    flipped = rng.choice(len(frame), int(round(share * len(frame))), replace=False)
    classes = sorted(frame[target].dropna().unique())
    column = frame[target].to_numpy(dtype=object).copy()
    for row in flipped:
        column[row] = rng.choice([c for c in classes if c != column[row]])
    frame = frame.copy()
    frame[target] = column
    return frame, {int(r) for r in flipped}


@pytest.fixture
def churn() -> pd.DataFrame:
    return with_unlabelled(churn_like(300, seed=1), "Churn", [3, 10, 50])


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "ws") as opened:
        yield opened
