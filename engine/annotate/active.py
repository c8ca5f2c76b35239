"""Which unlabelled row to label next (active learning, kept simple and honest).

With a model, the rows it is least sure about come first: they teach the next model most.
A share of picks (10 % by default) is drawn at random and spread evenly through the order, so
the labelled rows still look like the data as a whole and not only like its hard cases.
Without a model the order is random. The same inputs and seed always give the same order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.annotate.label_model import label_data, label_model, single_thread_when_small
from engine.annotate.pool import unlabelled_positions
from engine.model_contract import prepare_features
from engine.scoring import model_output


def labelling_order(
    pool_positions, proba_or_none=None, seed: int = 0, random_share: float = 0.1
) -> list[int]:
    """The pool's row keys in the order to label them.

    ``proba_or_none``: class probabilities, one row per pool position in the same order
    (an array, or a prediction table whose ``proba_*`` columns are used); None without a model.
    """
    if not 0.0 <= random_share <= 1.0:
        raise ValueError(f"random_share must be between 0 and 1, not {random_share}")
    pool = np.asarray(list(pool_positions), dtype=int)
    rng = np.random.default_rng(seed)
    shuffled = rng.permutation(pool)
    if proba_or_none is None:
        return [int(p) for p in shuffled]
    margin = uncertainty(proba_or_none)
    if len(margin) != len(pool):
        raise ValueError(f"{len(margin)} probability rows for {len(pool)} pool positions")
    uncertain = pool[np.lexsort((pool, -margin))]
    return _interleave(uncertain, shuffled, random_share)


def uncertainty(proba) -> np.ndarray:
    """1 - (best - second best probability) per row: 1 is a coin toss, 0 is certain."""
    if isinstance(proba, pd.DataFrame):
        columns = [c for c in proba.columns if str(c).startswith("proba_")]
        proba = proba[columns] if columns else proba
    values = np.asarray(proba, dtype=float)
    if values.ndim != 2 or values.shape[1] < 2:
        raise ValueError("probabilities need one column per class (at least two)")
    top_two = np.sort(values, axis=1)[:, -2:]
    return 1.0 - (top_two[:, 1] - top_two[:, 0])


def _interleave(uncertain: np.ndarray, shuffled: np.ndarray, share: float) -> list[int]:
    """Slot ``i`` is a random pick when ``floor((i + 1) * share)`` steps up: evenly spread."""
    order: list[int] = []
    used: set[int] = set()
    queues = {True: iter(shuffled.tolist()), False: iter(uncertain.tolist())}
    for i in range(len(uncertain)):
        random_slot = int((i + 1) * share) > int(i * share)
        for position in queues[random_slot]:
            if position not in used:
                used.add(position)
                order.append(position)
                break
    return order


def pool_probabilities(frame: pd.DataFrame, target: str, seed: int = 0) -> np.ndarray | None:
    """Class probabilities for the pool from the quick label model fitted on labelled rows.

    Rows line up with ``unlabelled_positions(frame, target)``; None when the pool is empty.
    Raises TargetError when the labelled rows cannot train a classifier (see ``label_data``).
    """
    pool = unlabelled_positions(frame, target)
    if not pool:
        return None
    data = label_data(frame, target)
    with single_thread_when_small(len(data.y)):
        model = label_model(data, seed).fit(data.features, data.y)
    features = prepare_features(frame.iloc[pool], data.schema)
    return model_output(model, features, data.task, data.classes)
