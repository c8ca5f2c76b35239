"""The Monitor view's work off the GUI thread: each function returns a job for a StageWorker.

A job opens its own Store (a SQLite connection is not shared between threads) and imports the
engine inside, so opening the view never pulls pandas or scikit-learn onto the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.reporter import ChildReporter
from storage import Store

FLOOR_MARGIN = 0.05  # "Check triggers" asks for at most this much below the training score


@dataclass(frozen=True)
class ReadFile:
    """A data file read on a worker: the frame stays in memory until a job uses it."""

    path: str
    name: str
    frame: object  # a pandas DataFrame; the GUI thread only passes it on
    columns: tuple[str, ...]
    target: str | None  # the watched model's target column, if the project has a model


def load(workspace: Path, project_id: int, window: dict | None) -> Callable:
    """The project's board (``ui.monitor.board.Board``)."""
    def run(reporter):
        from ui.monitor.feed import Feed

        reporter.progress(0.1, "Reading the scored batches")
        with Store.open(workspace) as store:
            return Feed(store, project_id, window).load()
    return run


def read_file(workspace: Path, project_id: int, path: str) -> Callable:
    """Read (and clean, like an import) a data file once; its columns fill the next dialog."""
    def run(reporter):
        from engine.monitor.record import read_source
        from ui.monitor.watched import model_facts, watched_model

        with Store.open(workspace) as store:
            facts = model_facts(watched_model(store, project_id))
        frame, name = read_source(path, None, ChildReporter(reporter, 0.0, 1.0))
        return ReadFile(str(path), name, frame, tuple(map(str, frame.columns)),
                        facts["target"] if facts else None)
    return run


def score_in_child(workspace: str, project_id: int, frame, name: str, columns: dict, compute,
                   reporter) -> dict:
    """Score a file with the watched model and keep it as a batch; returns batch_result.

    For ``StageWorker.start_in_process``: scoring and drift on a thread held the window's GIL.
    ``compute``: a ComputeChoice, or None for the workspace's (a batch of 50,000 rows or more
    may go to its Dask cluster)."""
    from engine.errors import UserError
    from engine.monitor.record import score_batch
    from ui.monitor.watched import watched_model

    with Store.open(workspace) as store:
        model = watched_model(store, project_id)
        if model is None:
            raise UserError("This project has no trained model to score with yet.",
                            "Train one first (New run…).")
        return score_batch(store, model, frame, source_name=name,
                           labels_col=columns.get("label"), id_col=columns.get("id"),
                           time_col=columns.get("time"), reporter=reporter, compute=compute)


def attach(workspace: Path, project_id: int, file: ReadFile, columns: dict) -> Callable:
    """Join late labels to the kept batches by row id."""
    def run(reporter):
        from engine.monitor.record import attach_labels

        with Store.open(workspace) as store:
            return attach_labels(store, store.project(project_id), file.frame,
                                 columns["id"], columns["label"], reporter=reporter)
    return run


def check_triggers(workspace: Path, project_id: int, window: dict | None) -> Callable:
    """Which retrain triggers fired; the floor is the training score less ``FLOOR_MARGIN``."""
    def run(reporter):
        from engine.monitor.report import project_triggers
        from ui.monitor.feed import window_spec
        from ui.monitor.watched import model_facts, watched_model

        spec = window_spec(window)
        with Store.open(workspace) as store:
            facts = model_facts(watched_model(store, project_id))
            floor = None
            if facts and facts["training"] is not None:
                floor = round(facts["training"] - FLOOR_MARGIN, 3)
            result = project_triggers(store, store.project(project_id), floor=floor,
                                      window=spec["size"], step=spec["step"], unit=spec["unit"])
        return {**result, "floor": floor, "metric": facts["metric"] if facts else None}
    return run


def retrain_in_child(workspace: str, project_id: int, frame, label_col: str | None, compute,
                     reporter) -> dict:
    """A challenger trained on the training rows plus the file's labelled rows, compared.

    For ``StageWorker.start_in_process`` (training on a thread would stall the window);
    ``compute``: a ComputeChoice, or None for the workspace's."""
    from engine.monitor.retrain import retrain as retrain_project

    with Store.open(workspace) as store:
        return retrain_project(store, store.project(project_id), frame, reporter,
                               label_col=label_col, compute=compute)


def promote(workspace: Path, model_id: int) -> Callable:
    """Put a model (the challenger) in production; returns the promotion in words."""
    def run(reporter):
        from engine.promotion import promote as promote_model

        with Store.open(workspace) as store:
            moved = promote_model(store, store.model_version(model_id), "production",
                                  note="challenger promoted in the Monitor view")
            return moved.summary()
    return run
