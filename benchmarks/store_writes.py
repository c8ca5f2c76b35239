"""Benchmark: metric rows written per second into the workspace store (goal ≥ 200,000 rows/s).

Each writer is a separate process (multiprocessing, spawn) that opens its own ``Store`` on the
same workspace, as two training processes would, and calls ``Store.log_metrics(run_id, batch)``
with batches of (key, value, step, timestamp) points, one transaction per batch, into its own
run. First one writer alone, then two side by side (the SQLite write lock is shared: WAL lets
them read concurrently, but writes take turns). The rate is all rows over the wall time from
the first writer's first batch to the last writer's last batch; the writers open their stores
and build their batches before a common start signal, so only ``log_metrics`` is timed.

Each measurement is repeated in a fresh workspace (``--repeats``, default 3) and the median is
the figure reported: on a shared machine a single turn swings by ±30 %.

    python -m benchmarks.store_writes [--rows 200000] [--batch 500] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from storage import Store  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "store_writes.json"
GOAL_ROWS_PER_SECOND = 200_000
KEYS = ("cv/boosting/roc_auc", "iter/boosting/roc_auc", "loss/train", "loss/valid", "lr")


def writer(workspace: str, run_id: int, rows: int, batch: int, ready, go, out) -> None:
    """One writer process: open the store, build every batch, wait for the signal, write."""
    sys.path.insert(0, str(ROOT))
    now = time.time()
    batches = [
        [(KEYS[i % len(KEYS)], i * 0.001, i, now + i * 1e-3) for i in range(start, min(start + batch, rows))]
        for start in range(0, rows, batch)
    ]
    with Store.open(workspace) as store:
        ready.put(os.getpid())
        go.wait()
        started = time.perf_counter()
        written = 0
        slowest = 0.0
        for points in batches:
            t0 = time.perf_counter()
            written += store.log_metrics(run_id, points)
            slowest = max(slowest, time.perf_counter() - t0)
        ended = time.perf_counter()
    out.put({"run_id": run_id, "rows": written, "started": started, "ended": ended,
             "seconds": ended - started, "slowest_batch_ms": slowest * 1000})


def measure(workspace: Path, run_ids: list[int], rows: int, batch: int) -> dict:
    ctx = mp.get_context("spawn")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    procs = [ctx.Process(target=writer, args=(str(workspace), run_id, rows, batch, ready, go, out))
             for run_id in run_ids]
    for p in procs:
        p.start()
    for _ in procs:
        ready.get(timeout=120)
    go.set()
    reports = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join()
    wall = max(r["ended"] for r in reports) - min(r["started"] for r in reports)
    total = sum(r["rows"] for r in reports)
    rate = total / wall
    return {
        "writers": len(procs), "rows_per_writer": rows, "batch": batch, "total_rows": total,
        "wall_seconds": round(wall, 3), "rows_per_second": round(rate),
        "ratio_to_goal": round(rate / GOAL_ROWS_PER_SECOND, 2),
        "per_writer_rows_per_second": [round(r["rows"] / r["seconds"]) for r in reports],
        "slowest_batch_ms": round(max(r["slowest_batch_ms"] for r in reports), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000, help="rows per writer")
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    results = []
    for turn in range(1, args.repeats + 1):
        with tempfile.TemporaryDirectory(prefix="firstwin-store-") as scratch:
            workspace = Path(scratch) / "ws"
            with Store.open(workspace) as store:
                project = store.create_project("writes")
                runs = [store.start_run(project.id, {"benchmark": "store_writes"}).id for _ in range(3)]
            for run_ids in (runs[:1], runs[1:]):
                results.append({"turn": turn, **measure(workspace, run_ids, args.rows, args.batch)})
            with Store.open(workspace) as store:
                stored = store._conn.execute("SELECT COUNT(*) FROM metrics").fetchone()[0]
            db_mb = sum(f.stat().st_size for f in workspace.glob("*.db*")) / 1e6
    medians = {
        writers: round(statistics.median(r["rows_per_second"] for r in results if r["writers"] == writers))
        for writers in (1, 2)
    }
    load_end = os.getloadavg()
    print(f"\n{'turn':>4} {'writers':>7} {'rows':>9} {'batch':>6} {'wall s':>7} {'rows/s':>10} {'/ goal':>7} "
          f"{'per writer rows/s':>20} {'slowest batch ms':>17}")
    for r in results:
        per = ", ".join(f"{x:,}" for x in r["per_writer_rows_per_second"])
        print(f"{r['turn']:>4} {r['writers']:>7} {r['total_rows']:>9,} {r['batch']:>6} {r['wall_seconds']:>7.2f} "
              f"{r['rows_per_second']:>10,} {r['ratio_to_goal']:>7.2f} {per:>20} {r['slowest_batch_ms']:>17.1f}")
    for writers, rate in medians.items():
        print(f"median, {writers} writer{'s' if writers > 1 else ''}: {rate:,} rows/s "
              f"({rate / GOAL_ROWS_PER_SECOND:.2f} of the goal)")
    print(f"(goal ≥ {GOAL_ROWS_PER_SECOND:,} rows/s in total; rows in the metrics table per turn: {stored:,}; "
          f"database and WAL {db_mb:.0f} MB)")
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1,
                    "loadavg_start": [round(x, 2) for x in load], "loadavg_end": [round(x, 2) for x in load_end]},
        "goal_rows_per_second": GOAL_ROWS_PER_SECOND, "rows_stored_per_turn": stored,
        "median_rows_per_second": {str(k): v for k, v in medians.items()}, "results": results,
    }, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
