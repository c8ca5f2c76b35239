"""Small trained workspaces for the export, bundle and promotion tests (a few seconds each)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd

from engine.runner import run_frame
from engine.spec import RunSpec
from storage import ModelVersion, Store
from tests.engine.helpers import churn_like


def train(store: Store, frame: pd.DataFrame | None = None, *, project: str = "Churn",
          target: str = "Churn", candidates=("linear",), seed: int = 0) -> list[ModelVersion]:
    """One quick run; its model versions, best first."""
    frame = churn_like(600, seed=seed) if frame is None else frame
    spec = RunSpec(project=project, target=target, budget="quick", candidates=list(candidates),
                   seed=seed)
    return run_frame(store, frame, spec, source_name=f"{project}.csv").models


def by_name(models: list[ModelVersion], name: str) -> ModelVersion:
    return next(m for m in models if m.name == name)


def run_package(folder: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the package's predict.py isolated from FirstWin's code (-I, another folder)."""
    return subprocess.run(
        [sys.executable, "-I", str(folder / "predict.py"), *map(str, args)],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


def load_package_module(folder: Path):
    """The package's predict.py as a module (what its MLflow loader does too)."""
    spec = importlib.util.spec_from_file_location(f"package_predict_{id(folder)}", folder / "predict.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
