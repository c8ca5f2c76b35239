"""The training reference of a model version: its data, its predictions on it, and what it uses.

The reference is the labelled rows of the dataset version the model was trained on (as
``engine.analysis.inputs`` reads them), at most ``MAX_ROWS`` of them. Importance shares come
from the model's kept evaluation (permutation importance on its holdout) when there is one;
otherwise from prediction sensitivity on ``SENSITIVITY_ROWS`` reference rows: how much the
model's output moves when one column is shuffled, as a share of all columns' moves. That needs
no labels and costs one prediction per column; a column the model ignores scores about 0.

Built references are kept in memory per model version (a GUI session, a benchmark), so the
next batch of the same model costs only its own binning; their null thresholds live on them.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from engine.analysis.drivers import prepared_columns
from engine.analysis.record import stored_evaluation
from engine.errors import UserError
from engine.model_contract import prediction_table, prepare_features
from engine.monitor.drift import DriftReference, build_reference
from engine.registry import package_schema
from engine.scoring import model_output
from storage import ModelVersion, NotFound, Store, StoreError

MAX_ROWS = 200_000
SENSITIVITY_ROWS = 1000
CACHED_MODELS = 4
_CACHE: OrderedDict[tuple, DriftReference] = OrderedDict()


def reference_for(store: Store, model: ModelVersion, pipeline=None) -> DriftReference:
    """The drift reference of ``model`` (built once per model version and decision threshold)."""
    key = (str(store.workspace), model.id, model.sha256, model.details.get("threshold"))
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    reference = build_model_reference(store, model, pipeline)
    _CACHE[key] = reference
    while len(_CACHE) > CACHED_MODELS:
        _CACHE.popitem(last=False)
    return reference


def build_model_reference(store: Store, model: ModelVersion, pipeline=None) -> DriftReference:
    """Read the model's training rows, predict them, weigh the columns, and bin it all."""
    from engine.model_io import load_model  # skops pulls scikit-learn: only when needed

    pipeline = pipeline or load_model(store.path_of(model.artifact_path))
    schema = package_schema(model)
    rows = reference_rows(store, model)
    features = prepare_features(rows, schema)
    with one_thread():
        predictions = prediction_table(pipeline, features, schema)
    importance = stored_importance(store, model)
    if importance is None:
        importance = sensitivity_shares(pipeline, features, schema)
    return build_reference(rows, schema, predictions=predictions, importance=importance)


def reference_rows(store: Store, model: ModelVersion) -> pd.DataFrame:
    """The labelled training rows of ``model`` (a fixed sample of ``MAX_ROWS`` if more)."""
    rows = dataset_rows(store, model.details.get("dataset_version_id"),
                        model.details["schema"]["target"])
    if len(rows) > MAX_ROWS:
        rows = rows.sample(MAX_ROWS, random_state=0).reset_index(drop=True)
    return rows


def dataset_rows(store: Store, dataset_version_id: int | None, target: str) -> pd.DataFrame:
    """The rows of a dataset version that have a ``target`` value; UserError if it is gone."""
    try:
        version = store.dataset_version(int(dataset_version_id))
        frame = pd.read_parquet(store.path_of(version.path))
    except (TypeError, NotFound, StoreError, OSError) as error:
        raise UserError(
            f"The training data is no longer in the workspace ({error}), so there is nothing "
            "to compare new batches with or to retrain on.",
            "Train the model again, then score new batches with the new model.",
        ) from None
    return frame[frame[target].notna()].reset_index(drop=True)


def stored_importance(store: Store, model: ModelVersion) -> dict[str, float] | None:
    """Importance shares from the model's kept evaluation, or None if it has none."""
    kept = stored_evaluation(store, model)
    if not kept or not kept.get("importance"):
        return None
    return {entry["feature"]: float(entry["share"]) for entry in kept["importance"]}


def sensitivity_shares(pipeline, features: pd.DataFrame, schema: dict, seed: int = 0
                       ) -> dict[str, float]:
    """Each column's share of how much the output moves when columns are shuffled one by one.

    All shuffled copies are predicted in one call: one model call per column costs a fixed
    overhead each that dwarfs 1,000 rows of work.
    """
    rng = np.random.default_rng(seed)
    if len(features) > SENSITIVITY_ROWS:
        features = features.iloc[np.sort(rng.choice(len(features), SENSITIVITY_ROWS, replace=False))]
    sample = features.reset_index(drop=True)
    task, classes = schema["task"], [str(c) for c in schema.get("classes") or []]
    groups = prepared_columns(schema)
    copies = [sample]
    for columns in groups.values():
        shuffled = sample.copy()
        order = rng.permutation(len(sample))
        for column in columns:
            shuffled[column] = pd.Series(sample[column].to_numpy()[order], dtype=sample[column].dtype)
        copies.append(shuffled)
    with one_thread():
        output = model_output(pipeline, pd.concat(copies, ignore_index=True), task, classes)
    n = len(sample)
    base = output[:n]
    moves = {name: float(np.mean(np.abs(output[(i + 1) * n:(i + 2) * n] - base)))
             for i, name in enumerate(groups)}
    total = sum(moves.values())
    return {name: (move / total if total > 0 else 0.0) for name, move in moves.items()}


def one_thread():
    """Predict on one OpenMP thread while monitoring (see ``engine.analysis.drivers``).

    On a busy 2-core machine, scikit-learn's threads waiting on each other made predicting
    1,000 rows take 0.5 s instead of 0.02 s; one thread is never far from the best case.
    """
    return threadpool_limits(limits=1, user_api="openmp")
