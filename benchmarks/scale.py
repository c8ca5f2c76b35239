"""Benchmark: a 1M-row × 20-column CSV: import + profile time and peak memory, then training.

Generates (seeded, in a temp folder) a CSV of 1,000,000 rows and 20 columns of mixed types:
integers, floats, categories of 5 / 50 / 1,000 levels, a yes/no flag, two date columns, some
values missing, and a yes/no target ``churned``. Each measurement runs in a fresh child process
so that its peak resident memory (``VmHWM`` from /proc, reset after the child's imports, minus
its resident memory then) is its own:

* ``pandas.read_csv`` alone (the floor);
* ``engine.importer.read_table`` (sniffing, reading, cleaning) then
  ``engine.profile.profile_frame`` without a target (what the wizard's import step does), then
  again with the target (the training page's profile: leak checks on a 5,000-row sample);
* a quick-budget ``run_frame`` on the imported frame (time only; ``--no-train`` skips it).

Goals: import + profile (the import step) ≤ 2 s; its peak ≤ 3 × the in-memory frame
(``frame.memory_usage(deep=True).sum()`` of the imported frame). The peak after the later
profile with the target is printed too.

    python -m benchmarks.scale [--rows 1000000] [--no-train]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results" / "scale.json"
TARGET = "churned"
GOAL_SECONDS = 2.0
GOAL_MEMORY_RATIO = 3.0


def make_csv(path: Path, rows: int) -> dict:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2026)

    def with_missing(values, share):
        values = pd.Series(values)
        return values.mask(rng.random(rows) < share)

    days = rng.integers(0, 3650, rows)
    frame = pd.DataFrame({
        "customer_id": np.arange(1, rows + 1) * 7 + 1000,
        "age": rng.integers(18, 90, rows),
        "visits": rng.poisson(4, rows),
        "orders": rng.poisson(1.5, rows),
        "year_built": rng.integers(1950, 2024, rows),
        "household": with_missing(rng.integers(1, 8, rows), 0.05).astype("Int64"),
        "income": np.round(rng.lognormal(10.5, 0.6, rows), 2),
        "balance": np.round(rng.normal(1200, 800, rows), 2),
        "score_a": np.round(rng.normal(0, 1, rows), 4),
        "score_b": with_missing(np.round(rng.normal(5, 2, rows), 3), 0.08),
        "discount": np.round(rng.uniform(0, 0.5, rows), 3),
        "latitude": np.round(rng.uniform(35, 60, rows), 5),
        "plan": rng.choice(["basic", "plus", "pro", "team", "enterprise"], rows, p=[.4, .25, .2, .1, .05]),
        "region": rng.choice([f"region_{i:02d}" for i in range(50)], rows),
        "city": rng.choice([f"city_{i:04d}" for i in range(1000)], rows),
        "channel": with_missing(rng.choice(["web", "shop", "phone", "partner"], rows), 0.10),
        "newsletter": rng.choice(["yes", "no"], rows),
        "signup_date": (pd.Timestamp("2015-01-01") + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d"),
        "last_seen": with_missing((pd.Timestamp("2024-01-01") + pd.to_timedelta(
            rng.integers(0, 365 * 24 * 3600, rows), unit="s")).strftime("%Y-%m-%d %H:%M:%S"), 0.03),
    })
    logit = (-1.5 + 0.8 * (frame["plan"] == "basic") - 0.3 * frame["orders"] + 0.4 * frame["score_a"]
             + 0.00002 * (days - 1800))
    frame[TARGET] = np.where(rng.random(rows) < 1 / (1 + np.exp(-logit)), "yes", "no")
    frame.to_csv(path, index=False)
    return {"rows": rows, "columns": frame.shape[1], "csv_mb": round(path.stat().st_size / 1e6, 1)}


def child(mode: str, path: str) -> None:
    """Runs in a fresh process; prints one JSON line."""
    import pandas as pd

    from engine.importer import read_table
    from engine.profile import profile_frame

    def status_mb(field: str) -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024  # kB
        raise RuntimeError(f"no {field} in /proc/self/status")

    # Not ru_maxrss: on Linux it survives exec, so the child would inherit the parent's peak
    # (the parent held the generated frame). VmHWM is this process's own, reset here.
    Path("/proc/self/clear_refs").write_text("5")
    out: dict = {"baseline_rss_mb": round(status_mb("VmRSS"), 1)}
    if mode == "pandas":
        started = time.perf_counter()
        frame = pd.read_csv(path)
        out["read_seconds"] = round(time.perf_counter() - started, 2)
    elif mode == "firstwin":
        started = time.perf_counter()
        frame = read_table(path).frame
        out["read_seconds"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        profile_frame(frame)  # the wizard's import step: no target yet
        out["profile_seconds"] = round(time.perf_counter() - started, 2)
        out["import_peak_added_mb"] = round(status_mb("VmHWM") - out["baseline_rss_mb"], 1)
        started = time.perf_counter()
        profile_frame(frame, TARGET)  # once the target is chosen: with the leak checks
        out["profile_target_seconds"] = round(time.perf_counter() - started, 2)
    else:  # train
        from engine.runner import run_frame
        from engine.spec import RunSpec
        from storage import Store

        frame = read_table(path).frame
        with tempfile.TemporaryDirectory(prefix="firstwin-scale-ws-") as scratch, Store.open(scratch) as store:
            started = time.perf_counter()
            outcome = run_frame(store, frame, RunSpec(project="scale", target=TARGET, budget="quick"),
                                source_name=Path(path).name)
            out["train_seconds"] = round(time.perf_counter() - started, 1)
            out["best_model"] = outcome.best_model.name if outcome.best_model else None
            out["cv_score"] = outcome.best_model.cv_score if outcome.best_model else None
    out["peak_rss_mb"] = round(status_mb("VmHWM"), 1)
    out["peak_added_mb"] = round(out["peak_rss_mb"] - out["baseline_rss_mb"], 1)
    out["frame_mb"] = round(frame.memory_usage(deep=True).sum() / 2**20, 1)  # MiB, as ru_maxrss
    out["dtypes"] = {str(k): int(v) for k, v in frame.dtypes.astype(str).value_counts().items()}
    print(json.dumps(out), flush=True)


def run_child(mode: str, path: Path, timeout: float) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--child", mode, str(path)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    report["process_seconds"] = round(time.perf_counter() - started, 1)
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--no-train", action="store_true", help="skip the quick-budget training")
    parser.add_argument("--train-timeout", type=float, default=1800)
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="firstwin-scale-") as scratch:
        path = Path(scratch) / "scale.csv"
        started = time.perf_counter()
        result["data"] = make_csv(path, args.rows)
        print(f"wrote {result['data']['rows']:,} rows × {result['data']['columns']} columns, "
              f"{result['data']['csv_mb']} MB, in {time.perf_counter() - started:.1f} s", flush=True)
        result["pandas"] = run_child("pandas", path, 600)
        result["firstwin"] = run_child("firstwin", path, 600)
        if not args.no_train:
            try:
                result["train"] = run_child("train", path, args.train_timeout)
            except subprocess.TimeoutExpired:
                result["train"] = {"train_seconds": None, "note": f"stopped after {args.train_timeout:.0f} s"}
    load_end = os.getloadavg()
    pandas_run, fw = result["pandas"], result["firstwin"]
    import_profile = fw["read_seconds"] + fw["profile_seconds"]
    memory_ratio = fw["import_peak_added_mb"] / fw["frame_mb"]
    result["summary"] = {
        "import_plus_profile_seconds": round(import_profile, 2),
        "seconds_ratio_to_goal": round(import_profile / GOAL_SECONDS, 2),
        "peak_over_frame": round(memory_ratio, 2),
        "peak_over_frame_with_target_step": round(fw["peak_added_mb"] / fw["frame_mb"], 2),
        "memory_ratio_to_goal": round(memory_ratio / GOAL_MEMORY_RATIO, 2),
        "read_vs_pandas": round(fw["read_seconds"] / pandas_run["read_seconds"], 2),
    }
    print(f"\n{'step':<34} {'seconds':>8} {'peak added MiB':>14} {'frame MiB':>9} {'peak / frame':>13}")
    print(f"{'pandas.read_csv alone':<34} {pandas_run['read_seconds']:>8.2f} {pandas_run['peak_added_mb']:>14.0f} "
          f"{pandas_run['frame_mb']:>9.0f} {pandas_run['peak_added_mb'] / pandas_run['frame_mb']:>13.2f}")
    print(f"{'read_table':<34} {fw['read_seconds']:>8.2f}")
    print(f"{'profile_frame (no target)':<34} {fw['profile_seconds']:>8.2f}")
    print(f"{'read_table + profile_frame':<34} {import_profile:>8.2f} {fw['import_peak_added_mb']:>14.0f} "
          f"{fw['frame_mb']:>9.0f} {memory_ratio:>13.2f}")
    print(f"{'then profile_frame (target, leaks)':<34} {fw['profile_target_seconds']:>8.2f} "
          f"{fw['peak_added_mb']:>14.0f} {fw['frame_mb']:>9.0f} "
          f"{result['summary']['peak_over_frame_with_target_step']:>13.2f}")
    print(f"goals: import + profile ≤ {GOAL_SECONDS:.0f} s → {result['summary']['seconds_ratio_to_goal']:.2f} of "
          f"the goal; peak ≤ {GOAL_MEMORY_RATIO:.0f} × frame → {result['summary']['memory_ratio_to_goal']:.2f} "
          f"of the goal; read_table is {result['summary']['read_vs_pandas']:.2f} × pandas.read_csv")
    print(f"dtypes: pandas {pandas_run['dtypes']}; FirstWin {fw['dtypes']}")
    if "train" in result:
        train = result["train"]
        print(f"quick-budget training (run_frame) on the imported frame: {train.get('train_seconds')} s "
              f"(best {train.get('best_model')}, cv {train.get('cv_score')}) {train.get('note', '')}")
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    result["machine"] = {"python": platform.python_version(), "cpus": os.cpu_count() or 1,
                         "loadavg_start": [round(x, 2) for x in load], "loadavg_end": [round(x, 2) for x in load_end]}
    result["goals"] = {"import_plus_profile_seconds": GOAL_SECONDS, "peak_over_frame": GOAL_MEMORY_RATIO}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
