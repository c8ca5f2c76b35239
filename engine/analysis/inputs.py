"""Gather what an evaluation needs from the store: the model, its holdout rows, its outputs.

The holdout is not stored as such: the run's resolved spec and the dataset version replay the
split exactly (same seed, same rows), so evaluation sees the rows training held out.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from engine.errors import UserError
from engine.model_contract import prepare_features
from engine.plan import target_series
from engine.scoring import model_output
from engine.spec import RunSpec, ValueMatrix
from engine.validation import make_split
from storage import ModelVersion, NotFound, Store, StoreError

BACKGROUND_ROWS = 500


@dataclass
class EvaluationInputs:
    """One model version's holdout rows and outputs, with the no-ML baseline's beside them."""

    model_id: int
    model_name: str
    task: str
    target: str
    classes: list[str]
    schema: dict
    model: object  # the fitted pipeline
    raw: pd.DataFrame  # holdout rows as they were in the data (schema columns)
    features: pd.DataFrame  # the same rows prepared for the model
    y: np.ndarray
    output: np.ndarray
    baseline_name: str
    baseline_output: np.ndarray | None
    oof_y: np.ndarray | None  # truth and out-of-fold outputs of the training rows
    oof_output: np.ndarray | None
    background: pd.DataFrame  # a sample of raw training rows: what-if defaults and contributions
    value: ValueMatrix
    threshold: float | None  # the model's decision threshold (binary only)


def load_inputs(store: Store, model: ModelVersion) -> EvaluationInputs:
    """Replay the model's run split and compute its and the baseline's holdout outputs."""
    from engine.model_io import load_model  # skops pulls scikit-learn: only when evaluating

    details = model.details
    schema, task = details["schema"], details["task"]
    spec = RunSpec.from_dict(store.run(model.run_id).spec)
    labelled = _labelled_rows(store, details, spec.target)
    y_all, _ = target_series(labelled[spec.target], task)
    split = make_split(labelled, y_all, task, spec.validation, spec.seed)
    if len(split.holdout) == 0:
        raise UserError(
            f"The run of model {model.id} kept no holdout rows, so there is nothing unseen to "
            "evaluate it on.",
            "Train again with a holdout (the default keeps 20 % of the rows aside).",
        )
    features = prepare_features(labelled, schema)
    hold_features = features.iloc[split.holdout]
    classes = list(details.get("classes") or schema.get("classes") or [])
    pipeline = load_model(store.path_of(model.artifact_path))
    baseline = _baseline_of(store, model)
    labels = y_all.to_numpy()
    oof_output = _oof_output(store, details, len(split.train))
    columns = [c["name"] for c in schema["columns"]]
    train_rows = labelled.iloc[split.train]
    return EvaluationInputs(
        model_id=model.id,
        model_name=model.name,
        task=task,
        target=spec.target,
        classes=classes,
        schema=schema,
        model=pipeline,
        raw=labelled.iloc[split.holdout][columns].reset_index(drop=True),
        features=hold_features.reset_index(drop=True),
        y=labels[split.holdout],
        output=model_output(pipeline, hold_features, task, classes),
        baseline_name="" if baseline is None else baseline.name,
        baseline_output=None if baseline is None else model_output(
            load_model(store.path_of(baseline.artifact_path)), hold_features, task, classes
        ),
        oof_y=None if oof_output is None else labels[split.train],
        oof_output=oof_output,
        background=train_rows[columns].sample(
            min(BACKGROUND_ROWS, len(train_rows)), random_state=spec.seed
        ).reset_index(drop=True),
        value=value_matrix(store.project(model.project_id).value),
        threshold=float(details.get("threshold", 0.5)) if task == "binary" else None,
    )


def value_matrix(stored: dict) -> ValueMatrix:
    """The project's value matrix from its stored dict (unknown keys ignored)."""
    known = {f.name for f in fields(ValueMatrix)}
    return ValueMatrix(**{k: v for k, v in (stored or {}).items() if k in known})


def _labelled_rows(store: Store, details: dict, target: str) -> pd.DataFrame:
    try:
        version = store.dataset_version(details["dataset_version_id"])
        frame = pd.read_parquet(store.path_of(version.path))
    except (KeyError, NotFound, StoreError, OSError) as error:
        raise UserError(
            f"The data this model was trained on is no longer in the workspace ({error}).",
            "Train the model again to evaluate it.",
        ) from None
    return frame[frame[target].notna()].reset_index(drop=True)


def _baseline_of(store: Store, model: ModelVersion) -> ModelVersion | None:
    """The run's no-ML baseline (most common class, or the mean), not the one-feature rule."""
    return next(
        (m for m in store.model_versions(run_id=model.run_id) if m.details.get("key") == "baseline"),
        None,
    )


def _oof_output(store: Store, details: dict, n_train: int) -> np.ndarray | None:
    """Out-of-fold outputs saved by the run, or None (older runs, bundles without the file)."""
    path = details.get("oof_path")
    if not path:
        return None
    try:
        array = np.load(store.path_of(path), allow_pickle=False)
    except (OSError, ValueError, StoreError):
        return None
    if len(array) != n_train or np.isnan(array).all():
        return None
    return array
