"""The training plan adapts candidates to the data before anything is fitted."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.plan import plan_training
from engine.reporter import RecordingReporter
from engine.spec import RunSpec
from engine.training import train_candidates


def test_boosting_trains_when_a_class_is_too_rare_for_its_early_stopping_split():
    """A class of 2 rows cannot be stratified into boosting's 10 % validation split in every
    fold; the plan switches it to early stopping on the training loss instead of failing."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=300)
    label = np.where(x > 0.3, "high", "low").astype(object)
    label[:2] = "rare"
    frame = pd.DataFrame({"x": x, "noise": rng.normal(size=300), "label": label})
    spec = RunSpec(project="p", target="label", budget="quick", candidates=["boosting"])
    plan = plan_training(frame, spec, RecordingReporter())
    boosting = next(p for c, p in plan.candidates if c.key == "boosting")
    assert boosting.named_steps["model"].validation_fraction is None
    assert boosting.named_steps["model"].max_iter == 200
    result = train_candidates(plan.features, plan.y, plan.spec.task, plan.classes,
                              plan.candidates, plan.split, RecordingReporter())
    boosted = next(r for r in result.results if r.key == "boosting")
    assert boosted.status == "finished", boosted.error


def test_boosting_keeps_its_validation_split_when_every_class_has_rows_to_spare():
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    label = np.where(x + rng.normal(size=300) > 0, "yes", "no")
    frame = pd.DataFrame({"x": x, "noise": rng.normal(size=300), "label": label})
    spec = RunSpec(project="p", target="label", budget="quick", candidates=["boosting"])
    plan = plan_training(frame, spec, RecordingReporter())
    boosting = next(p for c, p in plan.candidates if c.key == "boosting")
    assert boosting.named_steps["model"].validation_fraction == 0.1
