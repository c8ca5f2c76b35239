"""Benchmark: evaluating a trained model on adult (48k rows; goal under 10 s on 2 cores).

Trains the standard budget's boosting and linear candidates on adult
(../shared/datasets/clean/adult.csv, target ``class``), then times ``evaluate_model_version``
for each (nothing kept yet, so everything is computed: replaying the split, scoring the
holdout, metrics, profit curve, permutation importance, dependence, slices, worst rows), and
the reopening of a kept evaluation. Then one what-if explanation, the median of 20.

    python -m benchmarks.evaluate
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.analysis.record import evaluate_model_version  # noqa: E402
from engine.analysis.whatif_session import WhatIfSession  # noqa: E402
from engine.runner import run_frame  # noqa: E402
from engine.spec import RunSpec, ValueMatrix  # noqa: E402
from storage import Store  # noqa: E402

ADULT = ROOT.parent / "shared" / "datasets" / "clean" / "adult.csv"
TARGET = "class"
RESULTS = ROOT / "benchmarks" / "results" / "evaluate.json"
GOAL_SECONDS = 10.0


def main() -> int:
    frame = pd.read_csv(ADULT)
    rows = []
    with tempfile.TemporaryDirectory() as scratch, Store.open(Path(scratch) / "ws") as store:
        value = ValueMatrix(true_positive_value=500, false_positive_cost=100, false_negative_cost=50)
        spec = RunSpec(project="adult", target=TARGET, budget="standard",
                       candidates=["linear", "boosting"], value=value)
        outcome = run_frame(store, frame, spec, source_name="adult.csv")
        for model in outcome.models:
            if model.is_baseline:
                continue
            started = time.perf_counter()
            result = evaluate_model_version(store, model)
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            evaluate_model_version(store, model)
            reopen = time.perf_counter() - started
            session = WhatIfSession.open(store, model)
            explain = []
            for _ in range(20):
                started = time.perf_counter()
                session.explain({})
                explain.append(time.perf_counter() - started)
            rows.append({
                "model": model.name, "holdout_rows": result["rows"]["holdout"],
                "evaluate_seconds": round(seconds, 2), "ratio_to_goal": round(seconds / GOAL_SECONDS, 2),
                "reopen_seconds": round(reopen, 3),
                "whatif_ms": round(statistics.median(explain) * 1000, 1),
            })
    print(f"\n{'model':<40} {'holdout':>8} {'evaluate s':>10} {'/ goal':>7} {'reopen s':>9} {'what-if ms':>11}")
    for row in rows:
        print(f"{row['model'][:40]:<40} {row['holdout_rows']:>8,} {row['evaluate_seconds']:>10.2f} "
              f"{row['ratio_to_goal']:>7.2f} {row['reopen_seconds']:>9.3f} {row['whatif_ms']:>11.1f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1},
        "dataset": "adult", "goal_seconds": GOAL_SECONDS, "results": rows,
    }, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
