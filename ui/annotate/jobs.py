"""The Annotate view's work off the GUI thread. Qt-free: plain functions and their answers.

Each job runs on a StageWorker thread and opens its own Store there (a SQLite connection is not
shared between threads). The engine is imported inside them, so opening the view never pulls
scikit-learn onto the GUI thread. Retraining runs in a child process instead
(``engine.annotate.retrain.retrain_in_workspace``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from storage import DatasetVersion, Store

SEED = 0


@dataclass
class DataState:
    """The current dataset version as the tabs need it; refreshed after every save."""

    version: DatasetVersion
    frame: Any  # pandas.DataFrame, row key = position
    target: str
    classes: list[str]  # class labels as the trainer reads them, sorted
    summary: dict  # engine.annotate.pool.pool_summary
    proposals: list[dict]  # engine.annotate.hygiene.near_duplicate_classes
    spellings: list[tuple[str, int]]  # the target's values as written, most rows first
    last_batch: int  # labels changed by the batch that made this version (0: none to undo)
    since_training: int  # labels changed since the version the last run trained on


@dataclass
class Loaded:
    """A project opened for labelling: its data, and the pool's order with suggestions."""

    project_id: int
    project_name: str
    spec: dict  # the newest finished run's spec
    task: str
    trained_run_id: int | None
    trained_version_id: int | None  # the data version that run trained on
    data: DataState
    order: list[int] = field(default_factory=list)  # pool row keys, in labelling order
    suggestions: dict[int, tuple[str, float]] = field(default_factory=dict)  # row: (label, p)
    no_suggestion_reason: str = ""


def load(workspace: Path, project_id: int) -> Callable:
    """Read the current version, then fit the quick model that orders and suggests labels."""
    def run(reporter):
        from engine.annotate.retrain import last_trained_run

        reporter.progress(0.05, "Reading the data")
        with Store.open(workspace) as store:
            name = store.project(project_id).name
            previous = last_trained_run(store, project_id)
            data = _data_state(store, project_id, previous.spec["target"],
                               trained_version_id=previous.dataset_version_id)
        task = previous.spec.get("task") or "auto"
        if task == "auto" and data.summary["labelled"]:
            from engine.task import detect_task

            task = detect_task(data.frame[data.target].dropna(), data.target).task
        loaded = Loaded(project_id, name, dict(previous.spec), task, previous.id,
                        previous.dataset_version_id, data)
        reporter.check_cancelled()
        _order_pool(loaded, reporter)
        reporter.progress(1.0, "Ready")
        return loaded
    return run


def save(workspace: Path, project_id: int, version_id: int, target: str, changes: list[dict],
         note: str, trained_version_id: int | None) -> Callable:
    """Store ``changes`` as one batch (a new dataset version); the new state."""
    def run(reporter):
        from engine.annotate.record import annotate

        reporter.progress(0.2, f"Saving {len(changes):,} label(s)")
        with Store.open(workspace) as store:
            annotate(store, version_id, target, changes, note=note)
            return _data_state(store, project_id, target, trained_version_id)
    return run


def merge(workspace: Path, project_id: int, version_id: int, target: str, proposal: dict,
          trained_version_id: int | None) -> Callable:
    """Carry out one class-name merge as its own batch."""
    def run(reporter):
        from engine.annotate.hygiene import merge_annotations
        from engine.annotate.record import annotate, read_version

        reporter.progress(0.2, f"Merging into {proposal['into']!r}")
        with Store.open(workspace) as store:
            frame = read_version(store, store.dataset_version(version_id))
            changes = merge_annotations(frame, target, proposal)
            annotate(store, version_id, target, changes,
                     note=f"merged {', '.join(map(repr, proposal['merge']))} into "
                          f"{proposal['into']!r}")
            return _data_state(store, project_id, target, trained_version_id)
    return run


def undo(workspace: Path, project_id: int, version_id: int) -> Callable:
    """Undo the batch that made ``version_id``, then open the project again."""
    def run(reporter):
        from engine.annotate.record import undo_annotations

        reporter.progress(0.1, "Undoing the last batch")
        with Store.open(workspace) as store:
            undo_annotations(store, version_id)
        return load(workspace, project_id)(reporter)
    return run


def suspects(frame: Any, target: str, spec: dict) -> Callable:
    """Every labelled row, most doubtful first (out-of-fold, with the project's own recipe)."""
    def run(reporter):
        from engine.annotate.suspects import suspect_labels
        from engine.spec import RunSpec

        recipe = RunSpec.from_dict(spec).recipe if spec.get("recipe") else None
        task = spec.get("task") if spec.get("task") in ("binary", "multiclass") else "auto"
        return suspect_labels(frame, target, task, seed=SEED, reporter=reporter, recipe=recipe)
    return run


def retrain(workspace: str, project_id: int, reporter) -> Any:
    """For a child process (StageWorker.start_in_process): importing this module stays light."""
    from engine.annotate.retrain import retrain_in_workspace

    return retrain_in_workspace(workspace, project_id, reporter)


def _data_state(store: Store, project_id: int, target: str,
                trained_version_id: int | None) -> DataState:
    from engine.annotate.hygiene import near_duplicate_classes
    from engine.annotate.pool import pool_summary
    from engine.annotate.record import current_version, last_batch, read_version
    from engine.task import missing_column_error

    version = current_version(store, project_id)
    frame = read_version(store, version)
    if target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    return DataState(
        version=version, frame=frame, target=target, classes=classes_of(frame[target]),
        summary=pool_summary(frame, target), proposals=near_duplicate_classes(frame[target]),
        spellings=_spellings(frame[target]),
        last_batch=len(last_batch(store, version)),
        since_training=_changes_since(store, version, trained_version_id),
    )


def classes_of(values) -> list[str]:
    """The classes present in a target column, as text the trainer reads, sorted."""
    from engine.task import class_labels

    present = values.dropna()
    return sorted(class_labels(present).unique().tolist()) if len(present) else []


def _spellings(values) -> list[tuple[str, int]]:
    counts = values.dropna().astype(str).value_counts()
    return [(str(label), int(n)) for label, n in counts.items()]


def _changes_since(store: Store, version: DatasetVersion, trained_id: int | None) -> int:
    """Labels changed by the live batches between the trained version and ``version``."""
    count, current = 0, version
    while current.id != trained_id and current.parent_id is not None:
        batch = store.annotations_into(current.id, undone=False)
        if not batch:
            break
        count += len(batch)
        current = store.dataset_version(current.parent_id)
    return count


def _order_pool(loaded: Loaded, reporter) -> None:
    """Most uncertain rows first (with some random picks), and the model's guess for each."""
    from engine.annotate.active import labelling_order, pool_probabilities
    from engine.annotate.pool import unlabelled_positions
    from engine.errors import UserError

    data = loaded.data
    pool = unlabelled_positions(data.frame, data.target)
    proba = None
    if loaded.task == "regression":
        loaded.no_suggestion_reason = (f"{data.target} is a number (regression): there are no "
                                       "classes to pick, so rows cannot be labelled here.")
    elif pool:
        reporter.progress(0.3, "Training a quick model to suggest labels")
        try:
            proba = pool_probabilities(data.frame, data.target, seed=SEED)
        except UserError as error:
            loaded.no_suggestion_reason = f"No suggestions: {error.message}"
    reporter.check_cancelled()
    reporter.progress(0.9, "Ordering the rows, most uncertain first")
    loaded.order = labelling_order(pool, proba, seed=SEED)
    if proba is not None and proba.shape[1] == len(data.classes):
        best = proba.argmax(axis=1)
        classes = data.classes
        loaded.suggestions = {row: (classes[best[i]], float(proba[i, best[i]]))
                              for i, row in enumerate(pool)}
