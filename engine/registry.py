"""Find model versions by the references users type: an id, or ``PROJECT:best``."""

from __future__ import annotations

import functools

import pandas as pd

from engine.errors import DataError, ModelNotFound
from engine.model_contract import SchemaMismatch, prediction_table, prepare_features
from storage import ModelVersion, NotFound, Store

DEFAULT_THRESHOLD = 0.5


def resolve_model(store: Store, reference: str) -> ModelVersion:
    """A model version from ``"12"`` or ``"Churn POC:best"``; ModelNotFound says what exists."""
    reference = reference.strip()
    if reference.isdigit():
        try:
            return store.model_version(int(reference))
        except NotFound:
            raise ModelNotFound(
                f"There is no model version {reference} in this workspace.",
                "List them with: main.py models",
            ) from None
    project_name, sep, which = reference.rpartition(":")
    if not sep or which != "best" or not project_name:
        raise ModelNotFound(
            f"{reference!r} is not a model reference.",
            "Use a model id (see main.py models) or PROJECT:best.",
        )
    project = store.project_by_name(project_name)
    if project is None:
        names = ", ".join(p.name for p in store.projects()) or "none yet"
        raise ModelNotFound(f"There is no project called {project_name!r}.", f"Projects: {names}.")
    best = store.best_model_version(project.id)
    if best is None:
        raise ModelNotFound(
            f"Project {project_name!r} has no trained models yet.",
            "Train one with: main.py train DATA --target COLUMN --project NAME",
        )
    return best


def predict_with(store: Store, model: ModelVersion, frame: pd.DataFrame,
                 cluster: object | None = None) -> pd.DataFrame:
    """The prediction table for ``frame``, exactly as the exported package would write it.

    With a ``cluster`` client, a large frame is scored partition by partition on its workers
    (``engine.compute.cluster_scoring``); the table is the same.
    """
    path = store.path_of(model.artifact_path)
    try:
        stat = path.stat()
    except OSError:
        raise DataError(f"The file of model {model.id} is missing from the workspace.",
                        "Train the model again, or open the workspace it was trained in.") from None
    pipeline = loaded_pipeline(str(path), stat.st_mtime_ns, stat.st_size)
    schema = package_schema(model)
    try:
        features = prepare_features(frame, schema)
    except SchemaMismatch as error:
        raise DataError(
            f"The data does not fit model {model.id}: {error}.",
            "Score a file with the same columns as the training data.",
        ) from None
    if cluster is not None:
        from engine.compute.cluster_scoring import partitioned_prediction, worth_partitioning

        if worth_partitioning(len(features)):
            return partitioned_prediction(cluster, pipeline, features, schema)
    return prediction_table(pipeline, features, schema)


@functools.lru_cache(maxsize=4)
def loaded_pipeline(path: str, mtime_ns: int, size: int) -> object:
    """A stored model, loaded once: monitoring scores batch after batch with the same one.

    Loading a blend from skops takes about half a second of pure Python. The file's time and
    size are part of the key, so a file replaced behind FirstWin's back is loaded (and checked)
    again rather than served from memory.
    """
    from engine.model_io import load_model  # skops pulls scikit-learn: only when predicting

    return load_model(path)


def decision_threshold(model: ModelVersion) -> float | None:
    """The probability of the "yes" class from which a binary model answers yes; else None."""
    if model.details["schema"]["task"] != "binary":
        return None
    return float(model.details.get("threshold", DEFAULT_THRESHOLD))


def package_schema(model: ModelVersion) -> dict:
    """The schema a package ships (``schema.json``): the training schema plus the threshold."""
    schema = dict(model.details["schema"])
    threshold = decision_threshold(model)
    if threshold is not None:
        schema["threshold"] = threshold
    return schema
