"""Learning curves: the holdout score of an iterative model after each of its iterations."""

from __future__ import annotations

import numpy as np
from sklearn import metrics

from engine.candidates import CANDIDATES
from engine.learning_curve import staged_scores
from engine.reporter import RecordingReporter
from engine.spec import Validation
from engine.training import train_candidates
from engine.validation import make_split
from tests.engine.helpers import churn_like, prepared


def boosting_and_linear(features, y, classes, schema, recipe, task):
    chosen = [CANDIDATES[key] for key in ("baseline", "boosting", "linear")]
    return [(c, c.build(schema, recipe, task, len(features), 0)) for c in chosen]


def test_boosting_reports_its_holdout_score_per_iteration_and_linear_does_not():
    frame = churn_like(600)
    features, y, classes, schema, recipe = prepared(frame, "Churn", "binary")
    split = make_split(frame, y, "binary", Validation(folds=3), 0)
    reporter = RecordingReporter()
    train_candidates(features, y, "binary", classes,
                     boosting_and_linear(features, y, classes, schema, recipe, "binary"),
                     split, reporter)
    keys = {point.key for point in reporter.metrics if point.key.startswith("iter/")}
    assert keys == {"iter/boosting/roc_auc"}
    steps = [p.step for p in reporter.metrics if p.key == "iter/boosting/roc_auc"]
    assert steps == sorted(steps) and steps[0] == 1 and len(steps) <= 60


def test_the_last_point_is_the_final_models_holdout_score():
    frame = churn_like(600)
    features, y, classes, schema, recipe = prepared(frame, "Churn", "binary")
    boosting = CANDIDATES["boosting"]
    pipeline = boosting.build(schema, recipe, "binary", 480, 0).fit(features[:480], y[:480])
    points = staged_scores(pipeline, features[480:], y[480:].to_numpy(), "binary", classes)
    final = pipeline.predict_proba(features[480:])[:, 1]
    expected = metrics.roc_auc_score((y[480:] == "Yes").astype(int), final)
    assert points[-1] == (pipeline.named_steps["model"].n_iter_, np.float64(expected))
