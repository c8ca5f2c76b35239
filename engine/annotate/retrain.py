"""Train again on the project's current dataset version (after labelling), with its last spec.

``engine.runner.run_frame`` records the frame it trains on as a dataset version without a
parent. For a labelled version that would be a second copy of the same rows: it would become
the project's current version, hide where its labels came from and make the last batch
impossible to undo. So the run is recorded against the current version itself, and the rest
of the runner (plan, train, metrics, model versions) is used as it is.

The answer is small and plain (``Retrained``) so it crosses a process boundary cheaply: the
GUI runs this in a child process (``retrain_in_workspace``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from engine.annotate.record import current_version, read_version
from engine.errors import UserError
from engine.reporter import Reporter
from engine.spec import RunSpec
from storage import DatasetVersion, ModelVersion, Run, Store, StoreError

DONE_STATUSES = ("finished", "cancelled")


@dataclass(frozen=True)
class RunScore:
    """A run's best model and its no-ML baseline, as scored by the run."""

    run_id: int
    dataset_version_id: int | None
    model_name: str
    cv_score: float | None
    holdout_score: float | None
    baseline_name: str
    baseline_cv: float | None
    baseline_holdout: float | None
    rows: int  # labelled rows the run trained and checked on (training part + holdout)


@dataclass(frozen=True)
class Retrained:
    """The new run's scores beside the previous run's, in one metric."""

    project_id: int
    metric: str
    before: RunScore | None
    after: RunScore | None  # None when the run stopped before any model finished
    cancelled: bool


def last_trained_run(store: Store, project_id: int) -> Run:
    """The newest run that produced models (its spec is the one to repeat)."""
    for run in store.runs(project_id):
        if run.status in DONE_STATUSES and run.spec.get("target"):
            return run
    name = store.project(project_id).name
    raise UserError(f"Project {name!r} has no finished run to repeat.",
                    "Train it once with New run…; then it can be retrained on new labels.")


def run_score(store: Store, run: Run) -> RunScore | None:
    """The run's top-ranked model against its baseline; None if it has no models."""
    models = store.model_versions(run_id=run.id)
    if not models:
        return None
    best = models[0]
    baseline = _baseline(best, models)
    rows = int(run.summary.get("n_train") or 0) + int(run.summary.get("n_holdout") or 0)
    return RunScore(
        run_id=run.id, dataset_version_id=run.dataset_version_id, model_name=best.name,
        cv_score=best.cv_score, holdout_score=best.holdout_score,
        baseline_name=baseline["name"], baseline_cv=baseline["cv_score"],
        baseline_holdout=baseline["holdout_score"], rows=rows,
    )


def retrain_on_current_version(
    store: Store, project_id: int, reporter: Reporter | None = None
) -> Retrained:
    """Train on the current dataset version with the newest run's spec; scores before/after."""
    from engine.runner import run_frame

    reporter = reporter or Reporter()
    previous = last_trained_run(store, project_id)
    version = current_version(store, project_id)
    reporter.progress(0.0, "Reading the labelled data")
    frame = read_version(store, version)
    spec = replace(RunSpec.from_dict(previous.spec), project=store.project(project_id).name)
    outcome = run_frame(_OnVersion(store, version), frame, spec, reporter,
                        source_name=version.source_name)
    before = run_score(store, previous)
    after = run_score(store, outcome.run)
    metric = outcome.training.metric
    return Retrained(project_id, metric, before, after, outcome.training.cancelled)


def retrain_in_workspace(workspace: str | Path, project_id: int, reporter: Reporter) -> Retrained:
    """``retrain_on_current_version`` for a child process: it opens its own store."""
    with Store.open(workspace) as store:
        return retrain_on_current_version(store, project_id, reporter)


class _OnVersion:
    """The store as ``run_frame`` sees it, except that the data it trains on is recorded as the
    dataset version it was read from, not as a new one."""

    def __init__(self, store: Store, version: DatasetVersion) -> None:
        self._store, self._version = store, version

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def add_dataset_version(self, project_id: int, file, **_details) -> DatasetVersion:
        if project_id != self._version.project_id:
            raise StoreError(f"dataset version {self._version.id} belongs to another project")
        return self._version


def _baseline(best: ModelVersion, models: list[ModelVersion]) -> dict:
    kept = best.details.get("baseline")
    if kept:
        return {"name": str(kept.get("name", "No ML")), "cv_score": kept.get("cv_score"),
                "holdout_score": kept.get("holdout_score")}
    model = next((m for m in models if m.is_baseline), None)
    if model is None:
        return {"name": "No ML", "cv_score": None, "holdout_score": None}
    return {"name": model.name, "cv_score": model.cv_score, "holdout_score": model.holdout_score}
