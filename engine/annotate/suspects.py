"""Suspect labels: labelled rows whose given label a model finds least likely.

Each row is judged by a model that never saw it (out-of-fold predictions over stratified
folds), so a wrong label cannot vouch for itself. A row's ``suspicion`` is
``1 - p(given label)``; the ``suggested`` label is the most likely class.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import StratifiedKFold

from engine.annotate.label_model import (
    LabelData,
    label_data,
    label_model,
    single_thread_when_small,
)
from engine.reporter import ChildReporter, Reporter
from engine.scoring import model_output
from engine.spec import Recipe


def suspect_labels(
    frame: pd.DataFrame,
    target: str,
    task: str = "auto",
    folds: int = 5,
    seed: int = 0,
    reporter: Reporter | None = None,
    *,
    recipe: Recipe | None = None,
    top: int | None = None,
) -> list[dict]:
    """Labelled rows, most suspicious first (``top`` of them, or all).

    Each entry: ``{"row": row key, "given": label, "suggested": most likely label,
    "suspicion": 1 - p(given), "confidence": p(suggested)}``. Labels are text, as the trainer
    sees them. Raises TargetError for a regression target (there are no classes to doubt).
    Cancellable between folds (``reporter.check_cancelled``).
    """
    reporter = reporter or Reporter()
    reporter.progress(0.0, "Reading the labels")
    data = label_data(frame, target, task, recipe, ChildReporter(reporter, 0.0, 0.1))
    proba = out_of_fold_proba(data, folds, seed, ChildReporter(reporter, 0.1, 1.0))
    entries = rank_suspects(data, proba)
    reporter.progress(1.0, f"Checked {len(entries):,} labels")
    return entries if top is None else entries[:top]


def out_of_fold_proba(data: LabelData, folds: int, seed: int, reporter: Reporter) -> np.ndarray:
    """Class probabilities for every labelled row from a model fitted without it."""
    splits = _splits(data, folds, seed)
    proba = np.zeros((len(data.y), len(data.classes)))
    template = label_model(data, seed)
    with single_thread_when_small(len(data.y)):
        for number, (train, test) in enumerate(splits, start=1):
            reporter.check_cancelled()
            reporter.progress((number - 1) / len(splits),
                              f"Checking labels: part {number} of {len(splits)}")
            model = clone(template).fit(data.features.iloc[train], data.y[train])
            proba[test] = model_output(model, data.features.iloc[test], data.task, data.classes)
    reporter.check_cancelled()
    return proba


def _splits(data: LabelData, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    if folds < 2:
        raise ValueError(f"folds must be at least 2, not {folds}")
    largest = int(pd.Series(data.y).value_counts().max())
    n_splits = min(folds, largest)  # StratifiedKFold needs a class with n_splits rows
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    with warnings.catch_warnings():
        # A class rarer than the folds is fine here: its rows are judged by models that
        # may not know the class, which is exactly what makes a one-off label suspicious.
        warnings.filterwarnings("ignore", "The least populated class", UserWarning)
        return list(splitter.split(np.zeros(len(data.y)), data.y))


def rank_suspects(data: LabelData, proba: np.ndarray) -> list[dict]:
    """Entries for every labelled row, most suspicious first (ties: lower row key first)."""
    index = {label: i for i, label in enumerate(data.classes)}
    given = np.fromiter((index[label] for label in data.y), dtype=int, count=len(data.y))
    rows = np.arange(len(given))
    suspicion = 1.0 - proba[rows, given]
    suggested = proba.argmax(axis=1)
    order = np.lexsort((data.positions, -suspicion))
    classes = data.classes
    return [
        {
            "row": int(data.positions[i]),
            "given": classes[given[i]],
            "suggested": classes[suggested[i]],
            "suspicion": float(suspicion[i]),
            "confidence": float(proba[i, suggested[i]]),
        }
        for i in order
    ]
