"""Validation splits: a final holdout, then k folds on the rest, all from one seed."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd
from sklearn.model_selection import (
    GroupKFold,
    GroupShuffleSplit,
    KFold,
    StratifiedKFold,
    TimeSeriesSplit,
    train_test_split,
)

from engine.errors import DataError
from engine.spec import Validation

MIN_TRAINING_ROWS = 10
DEFAULT_FOLDS = 5


@dataclass
class Split:
    """Positions into the frame: the training part, the holdout, and folds within training."""

    train: np.ndarray
    holdout: np.ndarray
    folds: list[tuple[np.ndarray, np.ndarray]]
    warnings: list[str] = field(default_factory=list)


def make_split(
    frame: pd.DataFrame, y: pd.Series, task: str, validation: Validation, seed: int
) -> Split:
    """Split rows for the scheme in ``validation``; positions refer to ``frame``'s rows."""
    if validation.folds is None:
        validation = replace(validation, folds=DEFAULT_FOLDS)
    n = len(frame)
    if n < MIN_TRAINING_ROWS:
        raise DataError(
            f"There are only {n} rows with a target value; FirstWin needs at least "
            f"{MIN_TRAINING_ROWS} to train and check a model.",
            "Add more rows, or label rows whose target is missing.",
        )
    if validation.scheme == "time":
        return _time_split(frame, validation)
    if validation.scheme == "group":
        return _group_split(frame, validation, seed)
    return _random_split(y, task, validation, seed)


def _random_split(y: pd.Series, task: str, validation: Validation, seed: int) -> Split:
    notes: list[str] = []
    positions = np.arange(len(y))
    labels = y.to_numpy()
    stratify = task in ("binary", "multiclass")
    if stratify:
        counts = y.value_counts()
        tiny = counts[counts < 2]
        if len(tiny):
            notes.append(
                f"Class {', '.join(repr(str(c)) for c in tiny.index)} has a single row: it cannot "
                "be learned or checked. Label more rows of it, or merge it with a similar class."
            )
            stratify = False
    if validation.holdout_fraction > 0:
        train, holdout = train_test_split(
            positions,
            test_size=validation.holdout_fraction,
            random_state=seed,
            stratify=labels if stratify else None,
        )
        train, holdout = np.sort(train), np.sort(holdout)
    else:
        train, holdout = positions, positions[:0]
    folds_wanted = min(validation.folds, len(train))
    if stratify:
        train_counts = pd.Series(labels[train]).value_counts()
        smallest = int(train_counts.min())
        if smallest < folds_wanted:
            small = train_counts[train_counts < folds_wanted]
            notes.append(
                f"Class {', '.join(repr(str(c)) for c in small.index)} has fewer training rows "
                f"({smallest}) than folds ({folds_wanted}): some folds never see it, so its "
                "scores are rough."
            )
        splitter = StratifiedKFold(folds_wanted, shuffle=True, random_state=seed)
        folds = list(_quiet_split(splitter, labels[train]))
    else:
        splitter = KFold(folds_wanted, shuffle=True, random_state=seed)
        folds = list(splitter.split(train))
    return Split(train, holdout, folds, notes)


def _quiet_split(splitter, labels):
    with warnings.catch_warnings():
        # We already told the user, in words, about classes smaller than the fold count.
        warnings.filterwarnings("ignore", message="The least populated class")
        return list(splitter.split(np.zeros(len(labels)), labels))


def _time_split(frame: pd.DataFrame, validation: Validation) -> Split:
    column = validation.time_column
    if column not in frame.columns:
        raise DataError(
            f"The time column {column!r} is not in the data.",
            "Pick an existing date column for time-ordered validation.",
        )
    stamps = pd.to_datetime(frame[column], errors="coerce", format="mixed")
    order = np.argsort(stamps.to_numpy(), kind="stable")
    n_holdout = int(round(len(order) * validation.holdout_fraction))
    train, holdout = order[: len(order) - n_holdout], order[len(order) - n_holdout :]
    splitter = TimeSeriesSplit(n_splits=min(validation.folds, len(train) - 1))
    folds = [(train_pos, test_pos) for train_pos, test_pos in splitter.split(train)]
    return Split(train, holdout, folds, [f"Rows are ordered by {column}: newest rows are the holdout."])


def _group_split(frame: pd.DataFrame, validation: Validation, seed: int) -> Split:
    column = validation.group_column
    if column not in frame.columns:
        raise DataError(
            f"The group column {column!r} is not in the data.",
            "Pick the column that identifies a customer, patient or site.",
        )
    groups = frame[column].astype(str).to_numpy()
    n_groups = len(set(groups))
    if n_groups < validation.folds + 1:
        raise DataError(
            f"The group column {column!r} has only {n_groups} groups; grouped validation needs "
            f"more than {validation.folds}.",
            "Use fewer folds or plain k-fold validation.",
        )
    positions = np.arange(len(frame))
    if validation.holdout_fraction > 0:
        splitter = GroupShuffleSplit(1, test_size=validation.holdout_fraction, random_state=seed)
        train, holdout = next(splitter.split(positions, groups=groups))
        train, holdout = np.sort(train), np.sort(holdout)
    else:
        train, holdout = positions, positions[:0]
    folds = list(GroupKFold(validation.folds).split(train, groups=groups[train]))
    return Split(train, holdout, folds, [])
