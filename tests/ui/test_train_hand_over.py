"""What a training run in a child process sends back to the window: only what the pages read."""

from __future__ import annotations

from multiprocessing.reduction import ForkingPickler

import numpy as np
import pandas as pd

from engine.reporter import RecordingReporter
from engine.spec import RunSpec
from storage import Store
from ui.wizard.stages import train_in_child


def test_the_summary_leaves_out_tables_and_fitted_models_but_keeps_scores_and_value(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.normal(size=600)
    frame = pd.DataFrame({"x": x, "noise": rng.normal(size=600),
                          "label": np.where(x + rng.normal(scale=0.5, size=600) > 0, "yes", "no")})
    spec = RunSpec(project="hand-over", target="label", budget="quick",
                   candidates=["baseline", "linear", "boosting"])
    summary = train_in_child(str(tmp_path / "ws"), frame, spec, "t.csv", None, RecordingReporter())

    results = summary.outcome.training.results
    assert results and all(r.model is None and r.oof_output is None for r in results)
    assert len(summary.outcome.plan.frame) == 0 and summary.outcome.plan.candidates == []
    assert all(r.cv_score is not None for r in results)
    assert summary.value_stats is not None  # counted from the models before they were left out
    assert len(ForkingPickler.dumps(summary)) < 100_000  # as the child's queue sends it
    with Store.open(tmp_path / "ws") as store:  # the models themselves are stored
        assert len(store.model_versions()) == len(summary.outcome.models) == len(results)
