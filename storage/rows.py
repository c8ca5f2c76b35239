"""Conversions between Python values and column values: JSON, timestamps, row -> dataclass."""

from __future__ import annotations

import getpass
import json
import math
import uuid
from datetime import UTC, datetime
from pathlib import PurePath
from typing import Any

from storage.entities import DatasetVersion, Event, Metric, ModelVersion, Project, Run


def utc_now() -> str:
    """Now as an ISO-8601 UTC string with seconds, e.g. ``2026-11-27T17:20:00Z``."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def current_user() -> str:
    """The logged-in user's name, or "unknown" when the system cannot tell."""
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # getpass raises OSError or KeyError when no user name can be found
        return "unknown"


def new_uuid() -> str:
    """A random id that no other workspace will have (32 hex digits)."""
    return uuid.uuid4().hex


def _plain(value: Any) -> Any:
    # The engine hands over numpy scalars and arrays in specs and params; storage must not import
    # numpy, so convert anything array-like by duck typing, and keep the rest readable as text.
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, PurePath):
        return value.as_posix()
    return str(value)


def to_json(value: Any) -> str:
    """Encode a value as JSON text; values JSON cannot hold are converted, not refused."""
    # No sort_keys: key order carries meaning (a schema lists columns in file order).
    return json.dumps(value, default=_plain, ensure_ascii=False)


def from_json(text: str | None) -> Any:
    """Decode a JSON column; NULL or an empty string becomes ``{}``."""
    return json.loads(text) if text else {}


def _float(value: float | None) -> float:
    # SQLite stores NaN as NULL; a metric point always has a number, so NULL means NaN.
    return math.nan if value is None else float(value)


def project(row: dict) -> Project:
    """Build a Project from a ``projects`` row."""
    return Project(
        id=row["id"],
        name=row["name"],
        question=row["question"],
        value=from_json(row["value_json"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def dataset_version(row: dict) -> DatasetVersion:
    """Build a DatasetVersion from a ``dataset_versions`` row."""
    return DatasetVersion(
        id=row["id"],
        project_id=row["project_id"],
        parent_id=row["parent_id"],
        source_name=row["source_name"],
        sha256=row["sha256"],
        path=row["path"],
        rows=row["rows"],
        columns=row["columns"],
        schema=from_json(row["schema_json"]),
        profile=from_json(row["profile_json"]),
        note=row["note"],
        created_at=row["created_at"],
    )


def run(row: dict) -> Run:
    """Build a Run from a ``runs`` row."""
    return Run(
        id=row["id"],
        project_id=row["project_id"],
        dataset_version_id=row["dataset_version_id"],
        kind=row["kind"],
        status=row["status"],
        spec=from_json(row["spec_json"]),
        summary=from_json(row["summary_json"]),
        error=row["error"],
        pid=row["pid"],
        started_at=row["started_at"],
        ended_at=row["ended_at"],
    )


def metric(row: dict) -> Metric:
    """Build a Metric from a ``metrics`` row."""
    return Metric(
        run_id=row["run_id"],
        key=row["key"],
        step=row["step"],
        value=_float(row["value"]),
        timestamp=row["timestamp"],
    )


def model_version(row: dict) -> ModelVersion:
    """Build a ModelVersion from a ``model_versions`` row."""
    return ModelVersion(
        id=row["id"],
        project_id=row["project_id"],
        run_id=row["run_id"],
        name=row["name"],
        algorithm=row["algorithm"],
        params=from_json(row["params_json"]),
        metric=row["metric"],
        cv_score=row["cv_score"],
        cv_std=row["cv_std"],
        holdout_score=row["holdout_score"],
        fit_seconds=row["fit_seconds"],
        is_baseline=bool(row["is_baseline"]),
        rank=row["rank"],
        artifact_path=row["artifact_path"],
        sha256=row["sha256"],
        library_versions=from_json(row["library_versions_json"]),
        details=from_json(row["details_json"]),
        stage=row["stage"],
        created_at=row["created_at"],
    )


def event(row: dict) -> Event:
    """Build an Event from an ``events`` row."""
    return Event(
        id=row["id"],
        project_id=row["project_id"],
        at=row["at"],
        user=row["user"],
        kind=row["kind"],
        entity=row["entity"],
        entity_id=row["entity_id"],
        message=row["message"],
        data=from_json(row["data_json"]),
    )
