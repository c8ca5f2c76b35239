"""The quick model the Annotate step judges labels with, built from the project's own parts.

The features come from the same recipe, schema and preprocessing as training
(``propose_recipe``, ``build_schema``, ``make_preprocessor``), so the model sees the data as
the trained models do. The model itself is HistGradientBoosting with native categories and a
fixed number of rounds (no early stopping, whose inner split fails on a class of one row).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from engine.errors import TargetError
from engine.model_contract import prepare_features
from engine.preprocess import build_schema, make_preprocessor, native_categorical_mask
from engine.profile import profile_frame
from engine.recipe import propose_recipe
from engine.reporter import Reporter
from engine.spec import Recipe
from engine.task import check_target, class_labels, detect_task, missing_column_error

MIN_LABELLED_ROWS = 10
# Below this many rows a fit is too short to pay for OpenMP threads: on 3,000 adult rows (2
# busy cores) the five folds took 0.8-1.0 s on one thread and 2.9-3.3 s on the default pool.
SINGLE_THREAD_ROWS = 20_000


@dataclass
class LabelData:
    """The labelled rows as the model sees them."""

    positions: np.ndarray  # row keys of the labelled rows
    features: pd.DataFrame  # prepare_features output, one row per labelled row
    y: np.ndarray  # class labels as text (engine.task.class_labels)
    classes: list[str]
    task: str
    schema: dict
    recipe: Recipe


def label_data(
    frame: pd.DataFrame,
    target: str,
    task: str = "auto",
    recipe: Recipe | None = None,
    reporter: Reporter | None = None,
) -> LabelData:
    """The labelled rows of ``frame`` ready for a classifier; TargetError for a regression."""
    if target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    present = frame[target].notna().to_numpy()
    labelled = frame[present].reset_index(drop=True)
    if task == "auto" and labelled[target].notna().any():
        task = detect_task(labelled[target], target).task
    if task == "regression":
        raise TargetError(
            f"Checking labels needs classes, but {target} is a number to predict (regression): "
            "there is no 'wrong class' to find.",
            "Pick a target with a few classes (yes/no, categories), or choose binary or "
            "multiclass as the task.",
        )
    values = check_target(labelled, target, task)
    if len(labelled) < MIN_LABELLED_ROWS:
        raise TargetError(
            f"Only {len(labelled)} row(s) have a {target} value; at least {MIN_LABELLED_ROWS} "
            "are needed to judge labels.",
            "Label a few more rows first.",
        )
    y = class_labels(values)
    classes = sorted(y.unique().tolist())
    if recipe is None:
        profile = profile_frame(labelled, target, reporter, task)
        recipe = propose_recipe(profile, target, task)
    schema = build_schema(labelled, recipe, target, task, classes)
    return LabelData(
        positions=present.nonzero()[0],
        features=prepare_features(labelled, schema),
        y=y.to_numpy(dtype=object),
        classes=classes,
        task=task,
        schema=schema,
        recipe=recipe,
    )


def label_model(data: LabelData, seed: int = 0) -> Pipeline:
    """An unfitted pipeline: the recipe's native preprocessing, then gradient boosting."""
    # Small and quick: on adult, telco and bank_marketing (3,000 rows, 5 % flipped labels) it
    # finds as many flipped rows as 100 rounds of 15 leaves in about half the time, and as many
    # as the linear model or more (adult: 0.72-0.79 of them in the top tenth, linear 0.67-0.74).
    model = HistGradientBoostingClassifier(
        learning_rate=0.1,
        max_iter=50,
        max_leaf_nodes=7,
        min_samples_leaf=max(5, min(40, len(data.y) // 60)),
        l2_regularization=1.0,
        early_stopping=False,
        categorical_features=native_categorical_mask(data.schema),
        random_state=seed,
    )
    return Pipeline([("clean", make_preprocessor(data.schema, data.recipe, "native")),
                     ("model", model)])


def single_thread_when_small(rows: int) -> contextlib.AbstractContextManager:
    """One native thread per fit for small tables (see SINGLE_THREAD_ROWS); as is otherwise."""
    if rows < SINGLE_THREAD_ROWS:
        return threadpool_limits(limits=1)
    return contextlib.nullcontext()
