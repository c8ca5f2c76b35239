"""Turn a frame and a spec into a training plan: task, target, recipe, schema, split, candidates.

Everything a run needs is decided here, before anything is written anywhere, so a run that
cannot start leaves no trace in the store.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from engine.candidates import Candidate, race_plan
from engine.model_contract import prepare_features
from engine.preprocess import build_schema
from engine.profile import Profile, profile_frame
from engine.recipe import propose_recipe
from engine.reporter import Reporter
from engine.spec import RunSpec
from engine.task import check_target, class_labels, detect_task, missing_column_error
from engine.validation import Split, make_split


@dataclass
class TrainingPlan:
    """A spec resolved against its data: nothing left to detect."""

    spec: RunSpec  # with task and recipe filled in, so the run can be replayed exactly
    task_reason: str
    frame: pd.DataFrame  # rows with a target value
    features: pd.DataFrame
    y: pd.Series
    classes: list[str]
    profile: Profile
    schema: dict
    split: Split
    candidates: list[tuple[Candidate, object]]
    warnings: list[str]


def plan_training(frame: pd.DataFrame, spec: RunSpec, reporter: Reporter) -> TrainingPlan:
    """Resolve ``spec`` against ``frame``; raise a UserError for anything that cannot train."""
    spec.validate()
    warnings: list[str] = []
    if spec.target not in frame.columns:
        raise missing_column_error(spec.target, [str(c) for c in frame.columns])
    labelled = frame[frame[spec.target].notna()].reset_index(drop=True)
    missing = len(frame) - len(labelled)
    if missing:
        warnings.append(
            f"{missing:,} row(s) have no {spec.target} value; they were left out of training "
            "(label them in the Annotate step to use them)."
        )
    if labelled.empty:
        check_target(frame, spec.target, "binary")  # raises "all target values missing"
    if spec.task == "auto":
        guess = detect_task(labelled[spec.target], spec.target)
        task, reason = guess.task, guess.reason
    else:
        task, reason = spec.task, f"You chose {spec.task}."
    target_values = check_target(labelled, spec.target, task)

    reporter.progress(0.0, "Profiling the data")
    profile = profile_frame(labelled, spec.target, reporter, task)
    recipe = spec.recipe or propose_recipe(profile, spec.target, task)

    y, classes = target_series(target_values, task)  # check_target refused one class

    schema = build_schema(labelled, recipe, spec.target, task, classes)
    features = prepare_features(labelled, schema)
    validation = spec.validation
    expected_train = int(len(labelled) * (1 - validation.holdout_fraction))
    racers, budget_folds = race_plan(spec.budget, expected_train, spec.candidates)
    if validation.folds is None:
        validation = replace(validation, folds=budget_folds)
    split = make_split(labelled, y, task, validation, spec.seed)
    n_train = len(split.train)
    candidates = [
        (c, c.build(schema, recipe, task, n_train, spec.seed))
        for c in racers
    ]
    if task != "regression" and not _stratified_split_possible(y.to_numpy()[split.train], split):
        candidates = [(c, _without_validation_split(p)) for c, p in candidates]
    resolved = replace(spec, task=task, recipe=recipe, validation=validation)
    return TrainingPlan(
        spec=resolved,
        task_reason=reason,
        frame=labelled,
        features=features,
        y=y,
        classes=classes,
        profile=profile,
        schema=schema,
        split=split,
        candidates=candidates,
        warnings=warnings + list(profile.warnings),
    )


THIN_CLASS_MAX_ITER = 200  # boosting rounds when early stopping has no validation rows


def _stratified_split_possible(train_y: np.ndarray, split) -> bool:
    """Can gradient boosting keep its stratified 10 % for early stopping in every fit?

    It needs two rows of each class in every fit and a tenth of the rows at least as many as
    the classes; a class of 2 or 3 rows (hypothyroid) breaks that in some folds.
    """
    fits = [train_y[fit_rows] for fit_rows, _ in split.folds] + [train_y]
    for labels in fits:
        _, counts = np.unique(labels, return_counts=True)
        if counts.min() < 2 or 0.1 * len(labels) < len(counts):
            return False
    return True


def _without_validation_split(pipeline):
    """Boosting without its held-out 10 %: early stopping then watches the training loss,
    which keeps falling, so the iterations are capped instead (``THIN_CLASS_MAX_ITER``)."""
    model = pipeline.named_steps["model"]
    if "validation_fraction" in model.get_params(deep=False) and model.early_stopping:
        pipeline.set_params(model__validation_fraction=None,
                            model__max_iter=min(model.max_iter, THIN_CLASS_MAX_ITER))
    return pipeline


def target_series(values: pd.Series, task: str) -> tuple[pd.Series, list[str]]:
    """The target as the trainer sees it (numbers, or class labels as text) and the classes."""
    if task == "regression":
        y = pd.to_numeric(values, errors="coerce").astype(float)
        classes: list[str] = []
    else:
        y = class_labels(values)
        classes = sorted(y.unique().tolist())
    y.name = values.name
    return y, classes
