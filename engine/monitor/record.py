"""Score a batch and keep it; attach labels that arrive later. The monitor's writes to the store.

Like ``engine.runner``, this is where monitoring stages meet the store: the stages themselves
(``drift``, ``batches``, ``windows``) are pure. A batch's scored rows go to one Parquet
artifact, its drift and summary to the batch row, and its drift alarms to an ``alarm`` event.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from engine.compute import ComputeChoice, client_for, workspace_choice
from engine.errors import DataError, ModelNotFound, UserError
from engine.importer import read_table
from engine.monitor import batches as kept
from engine.monitor.drift import batch_drift
from engine.monitor.reference import one_thread, reference_for
from engine.registry import package_schema, predict_with, resolve_model
from engine.reporter import ChildReporter, Reporter
from engine.spec import DataSource
from storage import Batch, ModelVersion, Project, Store, StoreError


def resolve_monitored(store: Store, reference: str) -> ModelVersion:
    """A model from an id, ``PROJECT:best`` or ``PROJECT:production``."""
    name, sep, which = reference.strip().rpartition(":")
    if not sep or which != "production":
        return resolve_model(store, reference)
    project = find_project(store, name)
    model = store.production_model_version(project.id)
    if model is None:
        raise ModelNotFound(f"Project {name!r} has no model in production.",
                            f"Promote one with: main.py promote {name}:best --stage production")
    return model


def find_project(store: Store, name: str) -> Project:
    """The project called ``name``; ModelNotFound lists the ones there are."""
    project = store.project_by_name(name.strip())
    if project is None:
        names = ", ".join(p.name for p in store.projects()) or "none yet"
        raise ModelNotFound(f"There is no project called {name!r}.", f"Projects: {names}.")
    return project


def score_batch(
    store: Store, model: ModelVersion, source: str | Path | DataSource | pd.DataFrame, *,
    labels_col: str | None = None, id_col: str | None = None, time_col: str | None = None,
    at: str | pd.Timestamp | None = None, source_name: str | None = None,
    reporter: Reporter | None = None, compute: ComputeChoice | None = None,
) -> dict:
    """Score ``source`` with ``model``, measure its drift, and keep it as a batch.

    ``compute`` (None: the workspace's choice) may send a large batch to a Dask cluster,
    scored partition by partition; the kept rows are the same as when scored here.

    Labels come from ``labels_col``, or from the model's target column when the file has it.
    ``id_col`` names each row, so labels can be attached later; ``time_col`` gives each row its
    time (else the batch's ``at``, default now; with ``time_col``, default its newest row's). Returns ``batch_result`` of the kept batch
    with its full ``drift`` report.
    """
    reporter = reporter or Reporter()
    frame, name = read_source(source, source_name, ChildReporter(reporter, 0.0, 0.3))
    schema = package_schema(model)
    cluster = _cluster_for(store, compute, len(frame))
    where = "" if cluster is None else f" on the Dask cluster at {cluster.scheduler.address}"
    reporter.progress(0.3, f"Scoring {len(frame):,} rows with model {model.id}{where}")
    with one_thread():
        table = predict_with(store, model, frame, cluster)
    reporter.check_cancelled()
    stamp = _timestamp(at)
    label_column = labels_col or (schema["target"] if schema["target"] in frame.columns else None)
    labels = None if label_column is None else kept.labels_of(_column(frame, label_column), schema["task"])
    ids = None if id_col is None else _ids(frame, id_col)
    times = kept.times_of(frame, time_col, stamp)
    if at is None and time_col is not None and len(times):
        stamp = times.max()  # a batch of history is as old as its newest row
    rows = kept.scored_rows(table, times=times, labels=labels, ids=ids)
    reporter.progress(0.6, "Comparing the batch with the training data")
    drift = batch_drift(reference_for(store, model), frame, table)
    summary = kept.summarise(rows, schema)
    summary["columns"] = {"id": id_col, "time": time_col, "label": label_column}
    summary["drift"] = drift
    reporter.progress(0.9, "Keeping the batch")
    file = store.put_bytes(_parquet(rows), "artifacts", ".parquet")
    with store.transaction():
        batch = store.add_batch(model.project_id, model.id, file, source_name=name, rows=len(rows),
                                labelled=summary["labelled"], summary=summary, at=_iso(stamp))
        _record_alarms(store, batch, drift)
    reporter.progress(1.0, f"Kept batch {batch.id}")
    return {**batch_result(batch), "drift": drift}


def _cluster_for(store: Store, compute: ComputeChoice | None, rows: int):
    """A connected client when the batch is worth partitioning on the chosen cluster."""
    choice = workspace_choice(store) if compute is None else compute
    if not choice.uses_cluster:
        return None
    from engine.compute.cluster_scoring import worth_partitioning

    return client_for(choice.address) if worth_partitioning(rows) else None


def batch_result(batch: Batch) -> dict:
    """A kept batch in brief, for lists and ``--json``: no per-feature drift, just its alarms."""
    summary = batch.summary
    drift = summary.get("drift") or {}
    prediction = drift.get("prediction") or {}
    return {
        "batch_id": batch.id,
        "model_id": batch.model_version_id,
        "source_name": batch.source_name,
        "at": batch.at,
        "rows": batch.rows,
        "labelled": batch.labelled,
        "alarms": list(drift.get("alarms", [])),
        "prediction_drift": bool(prediction.get("alarm", False)),
        "prediction": summary.get("prediction"),
        "metrics": summary.get("metrics"),
    }


def batch_rows(store: Store, batch: Batch) -> pd.DataFrame:
    """The kept scored rows of ``batch`` (see ``engine.monitor.batches``)."""
    try:
        return pd.read_parquet(store.path_of(batch.artifact_path))
    except OSError as error:
        raise StoreError(f"the rows of batch {batch.id} cannot be read: {error}") from error


def attach_labels(
    store: Store, project: Project, source: str | Path | DataSource | pd.DataFrame,
    id_col: str, label_col: str, *, at: str | pd.Timestamp | None = None,
    reporter: Reporter | None = None,
) -> dict:
    """Join labels that arrived late to the project's kept batches, by row id.

    Only batches scored with an id column can take them. A label arrives at ``at`` (default
    now); a row whose label is unchanged keeps its first arrival time. Returns ``{"labels",
    "matched", "new", "changed", "unmatched", "unmatched_examples", "batches"}``.
    """
    reporter = reporter or Reporter()
    frame, name = read_source(source, None, ChildReporter(reporter, 0.0, 0.3))
    ids = kept.id_values(_column(frame, id_col))
    raw_labels = _column(frame, label_col)
    stamp = _timestamp(at)
    with_ids = [b for b in store.batches(project.id) if (b.summary.get("columns") or {}).get("id")]
    if not with_ids:
        raise UserError(
            f"No batch of {project.name!r} was scored with an id column, so these labels have "
            "no predictions to join to.",
            "Score batches with --id-col COLUMN (the column naming each row), then attach labels.",
        )
    totals, matched_ids, updates = {"matched": 0, "new": 0, "changed": 0}, set(), []
    by_task: dict[str, dict] = {}  # labels read as each task reads them (text or numbers)
    for batch in with_ids:
        schema = package_schema(store.model_version(batch.model_version_id))
        if schema["task"] not in by_task:
            by_task[schema["task"]] = _label_map(ids, kept.labels_of(raw_labels, schema["task"]))
        rows, counts = kept.join_labels(batch_rows(store, batch), by_task[schema["task"]], stamp)
        matched_ids |= counts.pop("ids")
        totals = {key: totals[key] + counts[key] for key in totals}
        if counts["new"] or counts["changed"]:
            file = store.put_bytes(_parquet(rows), "artifacts", ".parquet")
            updates.append((batch, file, {**batch.summary, **kept.summarise(rows, schema)}))
    given = set().union(*by_task.values())
    unmatched = sorted(given - matched_ids)
    with store.transaction():
        for batch, file, summary in updates:
            store.update_batch_rows(batch.id, file, labelled=summary["labelled"], summary=summary)
        if updates:
            store.add_event(
                "labels_attached",
                f"{totals['new'] + totals['changed']:,} label(s) from {name} joined to "
                f"{len(updates)} batch(es)",
                project_id=project.id, entity="project", entity_id=project.id,
                data={**totals, "source": name, "batches": [b.id for b, *_ in updates]},
            )
    return {"labels": len(given), **totals, "unmatched": len(unmatched),
            "unmatched_examples": unmatched[:5], "batches": [b.id for b, *_ in updates]}


def read_source(source, source_name: str | None, reporter: Reporter) -> tuple[pd.DataFrame, str]:
    """A frame and its name: a DataFrame as it is, a file read (and cleaned) by the importer."""
    if isinstance(source, pd.DataFrame):
        return source, source_name or "data"
    imported = read_table(source, reporter)
    return imported.frame, source_name or Path(imported.source.path).name


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name not in frame.columns:
        raise DataError(f"The file has no column {name!r}.",
                        f"Its columns: {', '.join(map(str, frame.columns[:20]))}.")
    return frame[name]


def _ids(frame: pd.DataFrame, id_col: str) -> pd.Series:
    ids = kept.id_values(_column(frame, id_col))
    repeated = ids[ids.notna() & ids.duplicated(keep=False)]
    if len(repeated):
        raise DataError(
            f"Column {id_col!r} holds the same id on more than one row (e.g. {repeated.iloc[0]!r}), "
            "so late labels could not tell those rows apart.",
            "Pick a column that names each row once, such as a customer or order number.",
        )
    return ids


def _label_map(ids: pd.Series, labels: pd.Series) -> dict[str, object]:
    usable = ids.notna() & labels.notna()
    # The last label given for an id wins: a later line in the file corrects an earlier one.
    return dict(zip(ids[usable].tolist(), labels[usable].tolist(), strict=True))


def _record_alarms(store: Store, batch: Batch, drift: dict) -> None:
    alarming = [e for e in drift["features"] if e["alarm"]]
    prediction = drift.get("prediction")
    if prediction and prediction["alarm"]:
        alarming.append(prediction)
    if not alarming:
        return
    store.add_event(
        "alarm", f"Batch {batch.id} ({batch.source_name}): " + " ".join(e["words"] for e in alarming),
        project_id=batch.project_id, entity="batch", entity_id=batch.id,
        data={"features": [e["feature"] for e in alarming],
              "statistics": {e["feature"]: [e["statistic"], e["threshold"]] for e in alarming}},
    )


def _parquet(rows: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    rows.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _timestamp(at) -> pd.Timestamp:
    if at is None:
        return pd.Timestamp.now(tz="UTC").floor("s")
    try:
        stamp = pd.Timestamp(at)
    except (ValueError, TypeError):
        raise DataError(f"{at!r} is not a date and time.",
                        "Write it like 2026-06-30 or 2026-06-30T14:00.") from None
    if pd.isna(stamp):
        raise DataError(f"{at!r} is not a date and time.", "Write it like 2026-06-30.")
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _iso(stamp: pd.Timestamp) -> str:
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
