"""What a training run in a child process sends back to the window: only what the pages read."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.reporter import RecordingReporter
from engine.spec import RunSpec, ValueMatrix
from storage import Store
from ui.wizard.stages import train
from ui.wizard.summary import summary_paragraphs

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    rng = np.random.default_rng(0)
    x = rng.normal(size=600)
    frame = pd.DataFrame({"x": x, "noise": rng.normal(size=600),
                          "label": np.where(x + rng.normal(scale=0.5, size=600) > 0, "yes", "no")})
    spec = RunSpec(project="hand-over", target="label", budget="quick",
                   candidates=["baseline", "one_rule", "linear", "boosting"])
    workspace = tmp_path_factory.mktemp("ws")
    with Store.open(workspace) as store:
        summary = train(store, frame, spec, "t.csv", RecordingReporter())
    return workspace, summary


def test_the_digest_reads_like_the_outcome_on_every_page(trained):
    _, summary = trained
    outcome, digest = summary.outcome, summary.outcome.digest()
    assert digest.leaderboard() == outcome.leaderboard()
    assert digest.best_model == outcome.best_model and digest.run == outcome.run
    assert digest.training.n_folds == outcome.training.n_folds
    assert [r.name for r in digest.training.finished] == [r.name for r in outcome.training.finished]
    assert digest.training.best.cv_score == outcome.training.best.cv_score
    assert digest.training.baseline.name == outcome.training.baseline.name
    value = ValueMatrix(true_positive_value=100, false_positive_cost=20)
    light = replace(summary, outcome=digest)
    assert summary_paragraphs(light, value, False) == summary_paragraphs(summary, value, False)
    assert len(ForkingPickler.dumps(light)) < 20_000


def test_unpickling_the_digest_imports_no_scikit_learn(trained, tmp_path):
    _, summary = trained
    sent = tmp_path / "summary.bin"
    sent.write_bytes(bytes(ForkingPickler.dumps(replace(summary, outcome=summary.outcome.digest()))))
    code = (
        "import pickle, sys\n"
        f"summary = pickle.loads(open({str(sent)!r}, 'rb').read())\n"
        "print(summary.outcome.best_model.name)\n"
        "print(sorted(m for m in ('sklearn', 'skops', 'scipy', 'engine.runner') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == [summary.outcome.best_model.name, "[]"]
