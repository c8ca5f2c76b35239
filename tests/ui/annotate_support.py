"""Helpers for the Annotate view's tests: a trained workspace whose data has 60 rows without a
Churn value (trained once per process), and quick projects made straight in the store.

Not a conftest, like main_window_support: each test module wraps these in its fixtures.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from tests.ui import main_window_support as support

WAIT_MS = 180_000  # a quick model or a run takes seconds; two busy cores can stretch it a lot
PROJECT = "Churn with gaps"
ROWS = 600
BLANK_EVERY = 10  # every tenth row has no Churn value: 60 rows to label


@cache
def gaps_template() -> Path:
    """A workspace with one quick run on 600 Telco rows, 60 of them without a Churn value."""
    import pandas as pd

    from ui.cli import main as cli_main

    folder = Path(tempfile.mkdtemp(prefix="firstwin-annotate-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    frame = pd.read_csv(support.SAMPLE, nrows=ROWS, dtype=str, keep_default_na=False)
    frame.loc[frame.index % BLANK_EVERY == 0, "Churn"] = ""
    data = folder / "churn_gaps.csv"
    frame.to_csv(data, index=False)
    workspace = folder / "workspace"
    code = cli_main([
        "train", str(data), "--target", "Churn", "--budget", "quick", "--workspace", str(workspace),
        "--project", PROJECT, "--question", support.QUESTION,
    ])
    assert code == 0, "training the test workspace failed"
    return workspace


def gaps_workspace(tmp_path: Path) -> Path:
    """A private copy of the trained workspace (tests write to it)."""
    target = tmp_path / "gaps-workspace"
    shutil.copytree(gaps_template(), target)
    return target


def untrained_project(store, frame, target: str, name: str) -> int:
    """A project whose data is ``frame`` and whose one (model-less) run names ``target``.

    Enough for the Annotate view, which needs the current data and a finished run's target,
    without spending a training run on it.
    """
    project = store.create_project(name)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "data.parquet"
        frame.to_parquet(path, index=False)
        stored = store.put_file(path, "datasets", ".parquet")
    version = store.add_dataset_version(project.id, stored, source_name=f"{name}.csv",
                                        rows=len(frame), columns=frame.shape[1], schema={},
                                        profile={})
    spec = {"project": name, "target": target, "task": "auto", "budget": "quick"}
    run = store.start_run(project.id, spec, dataset_version_id=version.id)
    store.finish_run(run.id, "finished", summary={})
    return project.id
