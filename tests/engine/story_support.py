"""A trained, valued and evaluated 600-row Telco workspace for the story and report tests.

Built once per test process on top of the main-window tests' trained workspace (so a run of
both suites trains once); tests get private copies.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from tests.ui import main_window_support as support

PROJECT = support.PROJECT
SAMPLE = support.SAMPLE
QUESTION = support.QUESTION
VALUE = {"true_positive_value": 300.0, "false_positive_cost": 40.0,
         "false_negative_cost": 120.0, "currency": "$"}


@cache
def story_template() -> Path:
    """The trained workspace with a value matrix and its best model evaluated (once)."""
    from engine.analysis.record import evaluate_model_version
    from storage import Store

    folder = Path(tempfile.mkdtemp(prefix="firstwin-story-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    workspace = folder / "workspace"
    shutil.copytree(support.trained_template(), workspace)
    with Store.open(workspace) as store:
        project = store.project_by_name(PROJECT)
        store.update_project(project.id, value=VALUE)
        evaluate_model_version(store, store.best_model_version(project.id))
    return workspace


def story_workspace(tmp_path: Path) -> Path:
    """A private copy of the story workspace (tests may write to it)."""
    target = tmp_path / "story-workspace"
    shutil.copytree(story_template(), target)
    return target
