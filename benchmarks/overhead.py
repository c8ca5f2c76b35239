"""Benchmark: FirstWin's standard run vs a bare scikit-learn script fitting the same pipelines.

On adult (../shared/datasets/clean/adult.csv, target ``class``; read-only), ``plan_training``
gives the exact candidates (unfitted pipelines), the prepared features and the split the
standard budget uses. Then, in turns:

* bare: a plain loop, for each pipeline ``clone(pipeline).fit`` on each fold's rows and
  ``predict_proba`` on its held-out rows, then the final fit on all training rows and
  ``predict_proba`` on the holdout (what any script must do to compare candidates); one after
  another, default threads, nothing stored;
* ``train_candidates``: FirstWin's training loop alone on the same plan (fits side by side
  where a candidate allows it, scores, staged scores, blend);
* ``run_frame``: FirstWin's whole standard run from the in-memory frame (plan with profile,
  training, storing the dataset, models and metrics in a fresh workspace).

Goal: ``run_frame`` ≤ 1.3 × bare. ``--repeats`` turns (default 2) in alternation; the best of
each is reported, the machine being shared.

    python -m benchmarks.overhead [--repeats 2] [--budget standard]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from sklearn.base import clone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.plan import plan_training  # noqa: E402
from engine.reporter import Reporter  # noqa: E402
from engine.runner import run_frame  # noqa: E402
from engine.spec import RunSpec  # noqa: E402
from engine.training import train_candidates  # noqa: E402
from storage import Store  # noqa: E402

ADULT = ROOT.parent / "shared" / "datasets" / "clean" / "adult.csv"
TARGET = "class"
RESULTS = ROOT / "benchmarks" / "results" / "overhead.json"
GOAL_RATIO = 1.3


def bare(plan) -> tuple[float, dict]:
    """Fit every pipeline on every fold and finally on all training rows; plain scikit-learn."""
    labels = plan.y.to_numpy()
    train_x, train_y = plan.features.iloc[plan.split.train], labels[plan.split.train]
    hold_x = plan.features.iloc[plan.split.holdout]
    per_candidate = {}
    started = time.perf_counter()
    for candidate, pipeline in plan.candidates:
        t0 = time.perf_counter()
        for fit_rows, test_rows in plan.split.folds:
            model = clone(pipeline).fit(train_x.iloc[fit_rows], train_y[fit_rows])
            model.predict_proba(train_x.iloc[test_rows])
        model = clone(pipeline).fit(train_x, train_y)
        model.predict_proba(hold_x)
        per_candidate[candidate.key] = round(time.perf_counter() - t0, 2)
    return time.perf_counter() - started, per_candidate


def firstwin_training(plan) -> float:
    started = time.perf_counter()
    train_candidates(plan.features, plan.y, plan.spec.task, plan.classes, plan.candidates, plan.split,
                     Reporter())
    return time.perf_counter() - started


def firstwin_run(frame: pd.DataFrame, spec: RunSpec, scratch: Path, turn: int) -> float:
    with Store.open(scratch / f"ws{turn}") as store:
        started = time.perf_counter()
        run_frame(store, frame, spec, source_name="adult.csv")
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--budget", default="standard", choices=("quick", "standard", "thorough"))
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    frame = pd.read_csv(ADULT)
    spec = RunSpec(project="adult", target=TARGET, budget=args.budget)
    started = time.perf_counter()
    plan = plan_training(frame, spec, Reporter())
    plan_seconds = time.perf_counter() - started
    print(f"plan ({len(plan.candidates)} candidates: {', '.join(c.key for c, _ in plan.candidates)}; "
          f"{len(plan.split.folds)} folds, {len(plan.split.train):,} training rows): {plan_seconds:.2f} s")
    times: dict[str, list[float]] = {"bare": [], "train_candidates": [], "run_frame": []}
    per_candidate = {}
    with tempfile.TemporaryDirectory(prefix="firstwin-overhead-") as scratch:
        for turn in range(args.repeats):
            seconds, per_candidate = bare(plan)
            times["bare"].append(seconds)
            times["train_candidates"].append(firstwin_training(plan))
            times["run_frame"].append(firstwin_run(frame, spec, Path(scratch), turn))
            print(f"turn {turn + 1}: " + ", ".join(f"{k} {v[-1]:.2f} s" for k, v in times.items()), flush=True)
    load_end = os.getloadavg()
    best = {k: min(v) for k, v in times.items()}
    rows = [{"what": k, "best_seconds": round(best[k], 2), "all_seconds": [round(x, 2) for x in v],
             "ratio_to_bare": round(best[k] / best["bare"], 2),
             "ratio_to_goal": round(best[k] / best["bare"] / GOAL_RATIO, 2)} for k, v in times.items()]
    print(f"\n{'what':<18} {'best s':>7} {'all s':>16} {'× bare':>7} {'/ goal':>7}")
    for r in rows:
        print(f"{r['what']:<18} {r['best_seconds']:>7.2f} {', '.join(f'{x:.2f}' for x in r['all_seconds']):>16} "
              f"{r['ratio_to_bare']:>7.2f} {r['ratio_to_goal']:>7.2f}")
    print(f"(goal: run_frame ≤ {GOAL_RATIO} × bare; plan_training alone {plan_seconds:.2f} s; "
          "bare per candidate: " + ", ".join(f"{k} {v:.2f}" for k, v in per_candidate.items()) + " s)")
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1,
                    "loadavg_start": [round(x, 2) for x in load], "loadavg_end": [round(x, 2) for x in load_end]},
        "dataset": "adult", "budget": args.budget, "goal_ratio": GOAL_RATIO,
        "candidates": [c.key for c, _ in plan.candidates], "folds": len(plan.split.folds),
        "plan_seconds": round(plan_seconds, 2), "bare_per_candidate_seconds": per_candidate, "results": rows,
    }, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
