"""Shared fixtures: the read-only public datasets, and a fresh workspace per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATASETS = Path(os.environ.get("FIRSTWIN_DATASETS", ROOT.parent / "shared" / "datasets"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Runs train on this computer unless a test says otherwise, whatever the developer's shell says.
os.environ.pop("FIRSTWIN_CLUSTER", None)


@pytest.fixture(scope="session")
def datasets() -> Path:
    if not (DATASETS / "clean").is_dir():
        pytest.skip(f"the shared datasets are not at {DATASETS}")
    return DATASETS


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    folder = tmp_path / "workspace"
    folder.mkdir()
    return folder


@pytest.fixture
def sample_csv() -> Path:
    return ROOT / "resources" / "samples" / "telco_churn.csv"
