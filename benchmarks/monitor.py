"""Benchmark: scoring and drift for a 100k-row batch on adult (goal under 5 s on 2 cores).

Trains the quick budget's gradient boosting on adult (../shared/datasets/clean/adult.csv,
target ``class``), writes a 100,000-row CSV batch resampled from adult (with its labels and an
id column), and times ``engine.monitor.record.score_batch`` end to end: reading the file,
predicting, building the model's drift reference (reading its training rows, predicting them,
importance by prediction sensitivity, null thresholds), per-feature and prediction drift,
summary and metrics, and keeping the batch. Once cold (nothing built yet), then warm (a second
batch of the same model: its reference and null thresholds are reused). The stages are also
timed one by one. Then the false-alarm rate: 1,000 same-distribution batches of 256 rows.

    python -m benchmarks.monitor
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.importer import read_table  # noqa: E402
from engine.monitor import reference as reference_module  # noqa: E402
from engine.monitor.drift import batch_drift, build_reference  # noqa: E402
from engine.monitor.record import score_batch  # noqa: E402
from engine.registry import predict_with  # noqa: E402
from engine.runner import run_frame  # noqa: E402
from engine.spec import RunSpec  # noqa: E402
from storage import Store  # noqa: E402

ADULT = ROOT.parent / "shared" / "datasets" / "clean" / "adult.csv"
TARGET = "class"
ROWS = 100_000
RESULTS = ROOT / "benchmarks" / "results" / "monitor.json"
GOAL_SECONDS = 5.0
NULL_BATCHES, NULL_ROWS = 1000, 256


def main() -> int:
    adult = pd.read_csv(ADULT)
    with tempfile.TemporaryDirectory() as scratch, Store.open(Path(scratch) / "ws") as store:
        spec = RunSpec(project="adult", target=TARGET, budget="quick", candidates=["boosting"])
        model = next(m for m in run_frame(store, adult, spec, source_name="adult.csv").models
                     if m.name == "Gradient boosting")
        files = [_batch_file(adult, Path(scratch) / f"batch{i}.csv", seed=i) for i in (1, 2)]
        runs = {}
        for label, path in (("cold", files[0]), ("warm", files[1])):
            started = time.perf_counter()
            result = score_batch(store, model, path, id_col="row_id")
            runs[label] = {"seconds": round(time.perf_counter() - started, 2),
                           "alarms": result["alarms"], "labelled": result["labelled"]}
        stages = _stages(store, model, files[1])
    rate = _false_alarms(adult)
    print(f"\nscore_batch on {ROWS:,} rows of adult (gradient boosting), goal {GOAL_SECONDS:.0f} s:")
    for label, run in runs.items():
        print(f"  {label:<5} {run['seconds']:>6.2f} s   {run['seconds'] / GOAL_SECONDS:>5.2f} of the goal"
              f"   alarms: {run['alarms'] or 'none'}")
    print("\nstages (warm process):")
    for name, seconds in stages.items():
        print(f"  {name:<38} {seconds:>6.2f} s")
    print(f"\nfalse alarms: {rate['rate']:.2%} of {rate['feature_batches']:,} feature-batches "
          f"({NULL_BATCHES:,} same-distribution batches of {NULL_ROWS} rows; alpha 1 %); "
          f"worst feature {rate['worst_feature_rate']:.1%}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1},
        "dataset": "adult", "rows": ROWS, "goal_seconds": GOAL_SECONDS,
        "score_batch": {k: {**v, "ratio_to_goal": round(v["seconds"] / GOAL_SECONDS, 2)}
                        for k, v in runs.items()},
        "stages_seconds": stages, "false_alarms": rate,
    }, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


def _batch_file(adult: pd.DataFrame, path: Path, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    batch = adult.iloc[rng.integers(0, len(adult), ROWS)].reset_index(drop=True)
    batch.insert(0, "row_id", np.arange(ROWS) + seed * ROWS)
    batch.to_csv(path, index=False)
    return path


def _stages(store: Store, model, path: Path) -> dict[str, float]:
    times = {}
    started = time.perf_counter()
    frame = read_table(path).frame
    times["read the CSV (importer)"] = time.perf_counter() - started
    started = time.perf_counter()
    with reference_module.one_thread():  # as score_batch predicts
        table = predict_with(store, model, frame)
    times["predict (one thread)"] = time.perf_counter() - started
    reference_module._CACHE.clear()
    started = time.perf_counter()
    reference = reference_module.reference_for(store, model)
    times["build the reference (once per model)"] = time.perf_counter() - started
    started = time.perf_counter()
    batch_drift(reference, frame, table)
    times["drift, null drawn (once per size)"] = time.perf_counter() - started
    started = time.perf_counter()
    batch_drift(reference, frame, table)
    times["drift, null cached"] = time.perf_counter() - started
    return {name: round(seconds, 2) for name, seconds in times.items()}


def _false_alarms(adult: pd.DataFrame) -> dict:
    columns = [c for c in adult.columns if c != TARGET]
    schema = {"target": TARGET, "task": "binary", "classes": ["<=50K", ">50K"], "columns": [
        {"name": c, "kind": "numeric" if pd.api.types.is_numeric_dtype(adult[c]) else "categorical"}
        for c in columns]}
    reference = build_reference(adult, schema)
    counts = dict.fromkeys(columns, 0)
    rng = np.random.default_rng(2026)
    for _ in range(NULL_BATCHES):
        for name in batch_drift(reference, adult.iloc[rng.integers(0, len(adult), NULL_ROWS)])["alarms"]:
            counts[name] += 1
    total = NULL_BATCHES * len(columns)
    return {"batches": NULL_BATCHES, "rows": NULL_ROWS, "feature_batches": total,
            "rate": round(sum(counts.values()) / total, 4),
            "worst_feature_rate": round(max(counts.values()) / NULL_BATCHES, 4),
            "alarms_per_feature": counts}


if __name__ == "__main__":
    sys.exit(main())
