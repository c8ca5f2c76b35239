"""Storage: the workspace folder, its SQLite database and its content-addressed files.

No Qt, no ML: it knows rows and files, and hands out frozen dataclasses.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from storage.bundles import ImportedProject
from storage.entities import (
    Annotation,
    Batch,
    DatasetVersion,
    Evaluation,
    Event,
    Metric,
    ModelVersion,
    Project,
    Run,
    StoredFile,
)
from storage.errors import NotFound, ProjectExists, StoreError
from storage.store import Store

WORKSPACE_ENV = "FIRSTWIN_WORKSPACE"


def default_workspace() -> Path:
    """The workspace folder: ``$FIRSTWIN_WORKSPACE`` if set, else the user data dir."""
    override = os.environ.get(WORKSPACE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    # appauthor=False: on Windows the default would nest FirstWin\FirstWin.
    return Path(platformdirs.user_data_dir("FirstWin", appauthor=False))


__all__ = [
    "Annotation",
    "Batch",
    "DatasetVersion",
    "Evaluation",
    "Event",
    "ImportedProject",
    "Metric",
    "ModelVersion",
    "NotFound",
    "Project",
    "ProjectExists",
    "Run",
    "Store",
    "StoreError",
    "StoredFile",
    "default_workspace",
]
