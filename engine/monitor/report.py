"""The monitor's view of a project, read from the store: batches, windows, drift, alarms, triggers.

``monitor_report`` is what the Monitor view and ``main.py monitor`` show; ``project_triggers``
is what ``main.py check-triggers`` (and a scheduler) asks. Drift is the latest batch's, as
measured when it was scored; windows run over the kept rows of every batch of the project.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd

from engine.monitor.record import batch_result, batch_rows
from engine.monitor.triggers import check_triggers, performance_note
from engine.monitor.windows import HEADLINE, UNITS, rolling_windows
from engine.registry import package_schema
from storage import Batch, Project, Store

DEFAULT_WINDOW = {"rows": 500, "days": 7}


def monitor_report(
    store: Store, project: Project, *, window: int | None = None, step: int | None = None,
    unit: str = "rows", as_of=None,
) -> dict:
    """Batches, rolling windows, the latest batch's drift, and its alarms (JSON-safe).

    Keys: ``project``, ``project_id``, ``model_id`` (of the latest batch), ``task``, ``metric``,
    ``window`` (size, step, unit, as_of), ``batches`` (``record.batch_result`` each),
    ``windows`` (``windows.rolling_windows``), ``drift`` (per-feature entries of the latest
    batch), ``prediction_drift`` and ``alarms`` (``{"batch_id", "feature", "words",
    "statistic", "threshold"}``).
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {UNITS}, not {unit!r}")
    size = window or DEFAULT_WINDOW[unit]
    batches = store.batches(project.id)
    latest = batches[-1] if batches else None
    report = {
        "project": project.name, "project_id": project.id,
        "model_id": None, "task": None, "metric": None,
        "window": {"size": size, "step": step or size, "unit": unit,
                   "as_of": None if as_of is None else str(as_of)},
        "batches": [batch_result(b) for b in batches],
        "windows": [], "drift": [], "prediction_drift": None, "alarms": [],
    }
    if latest is None:
        return report
    schema = package_schema(store.model_version(latest.model_version_id))
    task, classes = schema["task"], [str(c) for c in schema.get("classes") or []]
    rows = _rows_of_task(store, batches, task)
    drift = latest.summary.get("drift") or {}
    alarming = [e for e in drift.get("features", []) if e["alarm"]]
    if drift.get("prediction") and drift["prediction"]["alarm"]:
        alarming.append(drift["prediction"])
    report.update(
        model_id=latest.model_version_id, task=task, metric=HEADLINE[task],
        windows=rolling_windows(rows, task, classes, size=size, step=step, unit=unit, as_of=as_of),
        drift=drift.get("features", []), prediction_drift=drift.get("prediction"),
        alarms=[{"batch_id": latest.id, "feature": e["feature"], "words": e["words"],
                 "statistic": e["statistic"], "threshold": e["threshold"]} for e in alarming],
    )
    return report


def project_triggers(
    store: Store, project: Project, *, floor: float | None = None, max_days: float | None = None,
    window: int | None = None, step: int | None = None, unit: str = "rows",
    now: datetime | None = None, record: bool = True,
) -> dict:
    """Check the triggers on the latest batch's drift, the latest window (every label known
    now) and the days since the newest finished run; keep a ``trigger`` event if any fired.

    Returns ``{"project", "fired" (``triggers.check_triggers``), "latest_batch_id",
    "latest_window", "days_since_training", "notes"}``.
    """
    report = monitor_report(store, project, window=window, step=step, unit=unit)
    latest_window = report["windows"][-1] if report["windows"] else None
    latest = store.latest_batch(project.id)
    days = days_since_training(store, project, now)
    fired = check_triggers(
        drift=None if latest is None else latest.summary.get("drift"),
        latest_window=latest_window, days_since_training=days, floor=floor, max_days=max_days,
    )
    notes = [note for note in [performance_note(latest_window, floor)] if note]
    if max_days is not None and days is None:
        notes.append("Schedule not checked: the project has no finished training run.")
    if fired and record:
        store.add_event(
            "trigger", "Retrain suggested: " + " ".join(t["reason"] for t in fired),
            project_id=project.id, entity="project", entity_id=project.id,
            data={"triggers": fired, "batch_id": None if latest is None else latest.id},
        )
    return {"project": project.name, "fired": fired,
            "latest_batch_id": None if latest is None else latest.id,
            "latest_window": latest_window, "days_since_training": days, "notes": notes}


def days_since_training(store: Store, project: Project, now: datetime | None = None) -> float | None:
    """Days since the project's newest finished run ended, or None if it has none."""
    ended = [run.ended_at for run in store.runs(project.id) if run.status == "finished" and run.ended_at]
    if not ended:
        return None
    last = datetime.strptime(max(ended), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return max(0.0, ((now or datetime.now(UTC)) - last).total_seconds() / 86400)


def _rows_of_task(store: Store, batches: list[Batch], task: str) -> pd.DataFrame:
    tasks: dict[int, str] = {}
    frames = []
    for batch in batches:
        model_id = batch.model_version_id
        if model_id not in tasks:
            tasks[model_id] = store.model_version(model_id).details["schema"]["task"]
        if tasks[model_id] == task:
            frames.append(batch_rows(store, batch))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
