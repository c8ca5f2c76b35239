"""Blends: averaging the best candidates' outputs, when that beats the best single model.

The choice is made on out-of-fold outputs the race already has, so it costs no extra fits;
the blend itself is built from the members' final fits, again without refitting.
"""

from __future__ import annotations

import numpy as np
from sklearn.ensemble import VotingClassifier, VotingRegressor
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import Bunch

from engine.scoring import is_classification, primary_score

# A blend must beat the best single model by this much (CV) to be worth its extra weight.
BLEND_MIN_GAIN = 0.001
BLEND_SIZES = (2, 3)


def choose_blend(
    oof_outputs: list[np.ndarray], y: np.ndarray, folds: list, task: str, classes: list[str],
    must_beat: float,
) -> tuple[int, float, list[float]] | None:
    """(size, CV score, fold scores) of the best top-N average that beats ``must_beat``.

    ``oof_outputs`` are the candidates' out-of-fold outputs, best candidate first.
    """
    best = None
    for size in BLEND_SIZES:
        if len(oof_outputs) < size:
            break
        average = np.mean(oof_outputs[:size], axis=0)
        fold_scores = [primary_score(task, y[test], average[test], classes) for _, test in folds]
        score = float(np.nanmean(fold_scores))
        if score > must_beat and (best is None or score > best[1]):
            best = (size, score, fold_scores)
    return best


def prefit_blend(members: list[tuple[str, object]], task: str):
    """A soft-voting blend of models that are already fitted, without fitting them again.

    scikit-learn's Voting estimators only fit their own clones; setting the fitted attributes
    directly reuses the members' final fits. Members were fitted on the class labels
    themselves, so their probability columns follow their sorted ``classes_`` like ``le_``.
    Round-trip and prediction tests in tests/engine/test_training.py pin this down.
    """
    if is_classification(task):
        blend = VotingClassifier(members, voting="soft")
        # The members' own classes: a class seen only in the holdout is not among them.
        blend.le_ = LabelEncoder().fit(np.asarray(members[0][1].classes_, dtype=object))
        blend.classes_ = blend.le_.classes_
    else:
        blend = VotingRegressor(members)
    blend.estimators_ = [model for _, model in members]
    blend.named_estimators_ = Bunch(**dict(members))
    return blend
