"""The records the store hands out: frozen dataclasses, never sqlite rows or cursors.

Timestamps named ``*_at`` are ISO-8601 UTC strings with seconds (``2026-11-27T17:20:00Z``);
``Metric.timestamp`` is unix seconds as a float. JSON columns arrive decoded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class StoredFile:
    """A content-addressed file: ``path`` is relative to the workspace, in posix form."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True, slots=True)
class Project:
    id: int
    name: str
    question: str
    value: dict[str, Any]
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class DatasetVersion:
    id: int
    project_id: int
    parent_id: int | None
    source_name: str
    sha256: str
    path: str
    rows: int
    columns: int
    schema: dict[str, Any]
    profile: dict[str, Any]
    note: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Run:
    id: int
    project_id: int
    dataset_version_id: int | None
    kind: str
    status: str
    spec: dict[str, Any]
    summary: dict[str, Any]
    error: str | None
    pid: int | None
    started_at: str | None
    ended_at: str | None


@dataclass(frozen=True, slots=True)
class Metric:
    run_id: int
    key: str
    step: int
    value: float
    timestamp: float


@dataclass(frozen=True, slots=True)
class ModelVersion:
    id: int
    project_id: int
    run_id: int
    name: str
    algorithm: str
    params: dict[str, Any]
    metric: str
    cv_score: float | None
    cv_std: float | None
    holdout_score: float | None
    fit_seconds: float
    is_baseline: bool
    rank: int
    artifact_path: str
    sha256: str
    library_versions: dict[str, Any]
    details: dict[str, Any]
    stage: str
    created_at: str


@dataclass(frozen=True, slots=True)
class Event:
    id: int
    project_id: int | None
    at: str
    user: str
    kind: str
    entity: str | None
    entity_id: int | None
    message: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A stored evaluation of a model version: ``artifact_path`` holds its JSON."""

    id: int
    model_version_id: int
    evaluator_version: int
    artifact_path: str
    sha256: str
    seconds: float
    created_at: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """One changed label: row ``row_key`` of ``dataset_version_id`` went from ``old_label`` to
    ``new_label`` (None: no label) in batch ``batch``, which made ``result_version_id``.

    ``row_key`` is the row's position in the dataset version (0-based). ``undone_at`` is None
    unless the batch was undone.
    """

    id: int
    batch: str
    dataset_version_id: int
    result_version_id: int
    row_key: int
    old_label: str | None
    new_label: str | None
    user: str
    at: str
    note: str
    undone_at: str | None


@dataclass(frozen=True, slots=True)
class Batch:
    """Rows scored by a model version for monitoring.

    ``artifact_path`` holds the scored rows (Parquet: ids, times, predictions, labels);
    ``summary`` what was measured when it was scored (drift, prediction shares, metrics).
    ``at`` is the batch's own time; ``labelled`` how many rows have a label so far.
    """

    id: int
    project_id: int
    model_version_id: int
    source_name: str
    rows: int
    labelled: int
    at: str
    artifact_path: str
    sha256: str
    summary: dict[str, Any]
    created_at: str
    updated_at: str
