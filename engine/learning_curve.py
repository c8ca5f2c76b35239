"""How an iterative model's score grew with its iterations: the learning curve the GUI draws.

Only models that can replay their own stages report one (gradient boosting's
``staged_predict_proba`` / ``staged_predict``); the rest return an empty curve. The curve is
measured on the holdout after the final fit, so it is reported, never used to choose anything.
"""

from __future__ import annotations

import numpy as np

from engine.scoring import is_classification, primary_score

MAX_POINTS = 60  # enough for a smooth line; the metric store need not hold every iteration


def staged_scores(
    pipeline, hold_x, hold_y: np.ndarray, task: str, classes: list[str], max_points: int = MAX_POINTS
) -> list[tuple[int, float]]:
    """(iteration, holdout score) pairs, iterations counted from 1; [] when not available."""
    model = pipeline.named_steps.get("model") if hasattr(pipeline, "named_steps") else None
    staged = getattr(model, "staged_predict_proba" if is_classification(task) else "staged_predict", None)
    n_iter = getattr(model, "n_iter_", None)
    if staged is None or not n_iter or len(hold_y) == 0:
        return []
    if is_classification(task) and [str(c) for c in model.classes_] != list(classes):
        return []  # a class missing from the final fit: the staged outputs would not line up
    wanted = set(np.unique(np.linspace(0, n_iter - 1, min(max_points, n_iter)).astype(int)))
    transformed = pipeline[:-1].transform(hold_x)
    points = []
    for index, output in enumerate(staged(transformed)):
        if index in wanted:
            score = primary_score(task, hold_y, np.asarray(output, dtype=float), classes)
            if np.isfinite(score):
                points.append((index + 1, float(score)))
    return points
