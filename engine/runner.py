"""Run a spec end to end and record it: data version, run, metrics, one model version each.

This is the only engine module that talks to the store. Stages stay pure; the runner records
their inputs, outputs and metrics.
"""

from __future__ import annotations

import io
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from engine.compute import ComputeChoice, fits_starter, workspace_choice
from engine.frame_files import put_frame
from engine.importer import read_table
from engine.model_io import model_to_bytes
from engine.plan import TrainingPlan, plan_training
from engine.reporter import ChildReporter, MetricPoint, Reporter
from engine.run_digest import ResultDigest, RunDigest, StoredModels, TrainingDigest
from engine.spec import RunSpec
from engine.training import CandidateResult, TrainingResult, train_candidates
from engine.versions import library_versions
from storage import DatasetVersion, ModelVersion, Run, Store

METRIC_BATCH = 500
METRIC_FLUSH_SECONDS = 1.0


@dataclass
class RunOutcome(StoredModels):
    """What a finished (or cancelled) run produced, as stored."""

    run: Run
    project_name: str
    plan: TrainingPlan
    training: TrainingResult
    models: list[ModelVersion]  # best first, as ranked

    def digest(self) -> RunDigest:
        """The scores and stored models without the plan, fitted models or outputs: cheap to
        send to another process, and unpickled there without importing scikit-learn."""
        training = self.training
        finished = {id(r) for r in training.finished}
        results = [
            ResultDigest(
                key=r.key, name=r.name, is_baseline=r.is_baseline, algorithm=r.algorithm,
                finished=id(r) in finished, status=r.status, fold_scores=list(r.fold_scores),
                cv_score=r.cv_score, cv_std=r.cv_std, holdout_score=r.holdout_score,
                holdout_metrics=dict(r.holdout_metrics), fit_seconds=r.fit_seconds, error=r.error,
            )
            for r in training.results
        ]
        return RunDigest(
            run=self.run,
            project_name=self.project_name,
            training=TrainingDigest(
                task=training.task, target=training.target, metric=training.metric,
                classes=list(training.classes), results=results, warnings=list(training.warnings),
                n_train=training.n_train, n_holdout=training.n_holdout, n_folds=training.n_folds,
                cancelled=training.cancelled,
            ),
            models=list(self.models),
        )


class StoreMetricsReporter(Reporter):
    """Passes everything to ``inner`` and writes metrics to the store in batches."""

    def __init__(self, store: Store, run_id: int, inner: Reporter) -> None:
        super().__init__()
        self._cancel = inner._cancel  # cancelling either cancels both
        self._store, self._run_id, self._inner = store, run_id, inner
        self._pending: list[tuple[str, float, int, float]] = []
        self._last_flush = time.monotonic()
        self._lock = threading.Lock()

    def on_progress(self, fraction: float, message: str) -> None:
        self._inner.on_progress(fraction, message)

    def on_log(self, message: str, level: str) -> None:
        self._inner.on_log(message, level)

    def on_metric(self, point: MetricPoint) -> None:
        with self._lock:
            self._pending.append((point.key, point.value, point.step, point.timestamp))
            due = len(self._pending) >= METRIC_BATCH or (
                time.monotonic() - self._last_flush > METRIC_FLUSH_SECONDS
            )
        if due:
            self.flush()
        self._inner.on_metric(point)

    def flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
            self._last_flush = time.monotonic()
        if batch:
            self._store.log_metrics(self._run_id, batch)


def run_spec(store: Store, spec: RunSpec, reporter: Reporter | None = None,
             compute: ComputeChoice | None = None) -> RunOutcome:
    """Import, plan, train and record one run. Raises UserError before anything is stored."""
    reporter = reporter or Reporter()
    imported = read_table(spec.data, ChildReporter(reporter, 0.0, 0.05))  # logs its warnings
    return run_frame(store, imported.frame, spec, reporter, source_name=Path(spec.data.path).name,
                     compute=compute)


def run_frame(
    store: Store,
    frame: pd.DataFrame,
    spec: RunSpec,
    reporter: Reporter | None = None,
    *,
    source_name: str = "data",
    compute: ComputeChoice | None = None,
) -> RunOutcome:
    """Plan and train on an in-memory frame, then record the run.

    ``compute`` says where the fits run; None means the workspace's choice
    (``engine.compute.workspace_choice``). A cluster that cannot be reached, or runs other
    library versions, raises ClusterError before anything is stored. A cluster lost during
    the run stores it as failed with the models that finished, then raises ClusterLost.
    """
    reporter = reporter or Reporter()
    compute = workspace_choice(store) if compute is None else compute
    start_fits = fits_starter(compute, reporter)
    plan = plan_training(frame, spec, ChildReporter(reporter, 0.05, 0.1))
    for note in plan.warnings + plan.split.warnings:
        reporter.log(note, "warning")
    reporter.log(f"Task: {plan.spec.task}. {plan.task_reason}")

    project = store.get_or_create_project(spec.project, spec.question, _value_dict(spec))
    dataset = _store_dataset(store, project.id, frame, plan, source_name)
    run = store.start_run(project.id, plan.spec.to_dict(), dataset_version_id=dataset.id)
    store.add_event("run_started", f"Run {run.id} started", project_id=project.id, entity="run", entity_id=run.id)
    recorder = StoreMetricsReporter(store, run.id, reporter)
    try:
        store.log_params(run.id, {"task": plan.spec.task, "budget": spec.budget, "seed": spec.seed,
                                  "folds": len(plan.split.folds), "rows": len(plan.frame)})
        training = train_candidates(
            plan.features, plan.y, plan.spec.task, plan.classes, plan.candidates, plan.split,
            ChildReporter(recorder, 0.1, 0.97), start_fits,
        )
        recorder.flush()
        models = _store_models(store, project.id, run.id, dataset.id, plan, training)
    except BaseException as error:
        recorder.flush()
        store.finish_run(run.id, "failed", error=f"{type(error).__name__}: {error}")
        raise
    if training.lost is not None:
        store.finish_run(run.id, "failed", error=training.lost.message,
                         summary={"kept_models": [m.id for m in models]})
        raise training.lost
    status = "cancelled" if training.cancelled else "finished"
    summary = {
        "task_reason": plan.task_reason,
        "metric": training.metric,
        "warnings": plan.warnings + training.warnings,
        "n_train": training.n_train,
        "n_holdout": training.n_holdout,
        "n_folds": training.n_folds,
        "best_model_id": models[0].id if models else None,
        "failed": {r.key: r.error for r in training.results if r.status == "failed"},
    }
    run = store.finish_run(run.id, status, summary=summary)
    reporter.progress(1.0, "Run cancelled; finished models kept" if training.cancelled else "Done")
    return RunOutcome(run, project.name, plan, training, models)


def _value_dict(spec: RunSpec) -> dict:
    return json.loads(json.dumps(spec.to_dict()["value"]))


def _store_dataset(store: Store, project_id: int, frame: pd.DataFrame, plan: TrainingPlan,
                   source_name: str) -> DatasetVersion:
    stored = put_frame(store, frame)
    schema = {c: str(t) for c, t in frame.dtypes.items()}
    return store.add_dataset_version(
        project_id, stored, source_name=source_name, rows=len(frame), columns=frame.shape[1],
        schema=schema, profile=plan.profile.to_dict(),
    )


def _store_models(store: Store, project_id: int, run_id: int, dataset_id: int,
                  plan: TrainingPlan, training: TrainingResult) -> list[ModelVersion]:
    versions = library_versions()
    models = []
    for rank, result in enumerate(training.finished, start=1):
        stored = store.put_bytes(model_to_bytes(result.model), "artifacts", ".skops")
        details = _details(plan, training, result, dataset_id)
        if result.oof_output is not None:
            details["oof_path"] = store.put_bytes(_npy_bytes(result.oof_output), "artifacts", ".npy").path
        models.append(store.add_model_version(
            project_id, run_id,
            name=result.name, algorithm=result.algorithm, params=result.params,
            metric=training.metric, cv_score=result.cv_score, cv_std=result.cv_std,
            holdout_score=result.holdout_score, fit_seconds=result.fit_seconds,
            is_baseline=result.is_baseline, rank=rank, file=stored,
            library_versions=versions, details=details,
        ))
    return models


def _npy_bytes(array: np.ndarray) -> bytes:
    """Out-of-fold outputs (rows of the training part, in order) as a .npy file."""
    buffer = io.BytesIO()
    np.save(buffer, np.asarray(array, dtype=float), allow_pickle=False)
    return buffer.getvalue()


def _details(plan: TrainingPlan, training: TrainingResult, result: CandidateResult,
             dataset_id: int) -> dict:
    baseline = training.baseline
    return {
        "key": result.key,
        "task": training.task,
        "target": training.target,
        "classes": training.classes,
        "schema": plan.schema,
        "fold_scores": result.fold_scores,
        "holdout_metrics": result.holdout_metrics,
        "cv_seconds": result.cv_seconds,
        "dataset_version_id": dataset_id,
        "n_train": training.n_train,
        "n_holdout": training.n_holdout,
        "baseline": None if baseline is None else {
            "name": baseline.name, "cv_score": baseline.cv_score,
            "holdout_score": baseline.holdout_score, "holdout_metrics": baseline.holdout_metrics,
        },
        "warnings": plan.warnings + training.warnings,
        "dropped_columns": [
            {"column": step.column, "reason": step.reason}
            for step in plan.spec.recipe.steps if step.action == "drop"
        ],
    }
