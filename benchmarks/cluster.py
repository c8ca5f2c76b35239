"""Benchmark: training on a Dask cluster vs on this computer, and a projection to more workers.

On adult (``$FIRSTWIN_DATASETS/clean/adult.csv``, default ../shared/datasets; target ``class``;
read-only), the same ``run_frame`` (quick budget by default, same seed) runs in turns:

* local: ``compute=ComputeChoice.local()``, the fits on this computer as usual;
* local on 1 thread: the same with native thread pools (OpenMP, BLAS) limited to one thread
  (``threadpoolctl``), as the fits run on the workers; this isolates the cluster's own cost
  from the threading difference (gradient boosting uses every core's OpenMP thread locally);
* cluster: ``compute=ComputeChoice.cluster(address)`` on a ``distributed.LocalCluster`` of 2
  worker processes with 1 thread each, started by this script (on a 2-core machine the client,
  the scheduler and both workers share the 2 cores).

Each turn uses a fresh temporary workspace. Starting the cluster, connecting to it (with the
version check) and warming its workers (importing scikit-learn and FirstWin there) are timed
apart and are not part of the cluster run: a cluster is started once and used for many runs
(the worker processes import this script's module, so FirstWin and scikit-learn, as they start:
the start-up includes that and the warming finds little left to do). ``--repeats`` turns (default
2) alternate local, local on 1 thread and cluster; the fastest of each is reported, and the task
times and costs below are the fastest cluster turn's.
The leaderboards are compared exactly (every candidate's fold scores, CV score and holdout
score): the same seed must give the same scores wherever the fits run.

What is measured in the cluster run (timestamps from one clock: everything is on localhost):

* fits: the scheduler's task stream (``distributed.get_task_stream``), the tasks whose key
  starts with ``firstwin-fit-`` (``firstwin-fit-<tag>-<candidate index>-<fold|final>``); a fit's
  time is its "compute" interval on the worker (1 thread: Dask workers run OpenMP/BLAS on one
  thread);
* scatter: ``client.scatter`` of the training part, holdout and folds to every worker;
* submit: building the fits (``start_fits``: scatter + every ``client.submit``) minus scatter;
* start latency: the first ``client.submit`` call to the first fit starting on a worker;
* gap per fit: the mean idle time on a worker between the end of one fit and the start of its
  next (scheduling and dispatch per task; the data is already on every worker);
* return: from a fit's end on its worker to the client having its result, for the fits the
  client was already waiting for when they ended (median; the others waited for the client);
* waiting: the time the client spent inside the fits' ``outcomes`` iterators (for the cluster,
  waiting for and receiving results; for the local run, fitting);
* client's own work = run wall − waiting − building the fits: everything ``run_frame`` does that
  never goes to the cluster (planning with the profile, storing the dataset, scoring each fold
  and the holdout, staged scores, the blend, storing models and metrics).

Projection to N workers (N = 1, 2, 4, 8), from those measurements:

    projected(N) = client's own work + submit + scatter × N / 2 + start latency
                   + makespan_N + return

where makespan_N list-schedules the measured fit times, each plus the gap per fit, onto N
workers in the scheduler's order (earlier candidate first, then a candidate's folds then its
final fit, as submitted) with each fit going to the worker that is free first. The client's own
work is added in series, although in the real run part of it overlaps the fits (the N = 2 row,
set against the measured cluster run, shows how much that model over- or under-estimates).
On this machine the fits on the workers are slowed by sharing 2 cores with each other and the
client, so the projection is given twice: with the fit times measured on the cluster, and with
each fit scaled to the speed its candidate's fits had in the local 1-thread run.

The instrumenting wraps ``engine.runner.fits_starter`` and ``engine.compute.client_for`` for the
duration of a turn (timing only; the calls go through unchanged).

    python -m benchmarks.cluster [--rows N] [--budget quick] [--repeats 2]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import engine.compute as compute_module  # noqa: E402
import engine.runner as runner_module  # noqa: E402
from benchmarks.cluster_tasks import (  # noqa: E402
    fit_tasks,
    makespan,
    return_latency,
    worker_gaps,
)
from engine.compute import ComputeChoice, client_for, close_clients  # noqa: E402
from engine.runner import run_frame  # noqa: E402
from engine.spec import RunSpec  # noqa: E402
from storage import Store  # noqa: E402

DATASETS = Path(os.environ.get("FIRSTWIN_DATASETS", ROOT.parent / "shared" / "datasets"))
ADULT = DATASETS / "clean" / "adult.csv"
TARGET = "class"
RESULTS = ROOT / "benchmarks" / "results" / "cluster.json"
WORKERS = 2
PROJECTED_WORKERS = (1, 2, 4, 8)


@dataclass
class FitTimes:
    """Client-side timings of one run's fits (see the module docstring)."""

    build: float = 0.0  # start_fits(job, pipelines): for the cluster, scatter + submits
    scatter: float = 0.0
    waiting: float = 0.0
    first_submit: float | None = None  # time.time() of the first client.submit
    submits: int = 0
    # per outcome: (candidate index, fold or "final", time.time() the client began to wait
    # for it, time.time() it had it)
    received: list[tuple[int, str, float, float]] = field(default_factory=list)


class TimingClient:
    """A ``distributed.Client`` whose ``scatter`` and ``submit`` are timed; the rest passes."""

    def __init__(self, client, times: FitTimes) -> None:
        self._client = client
        self._times = times

    def __getattr__(self, name):
        return getattr(self._client, name)

    def scatter(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return self._client.scatter(*args, **kwargs)
        finally:
            self._times.scatter += time.perf_counter() - started

    def submit(self, *args, **kwargs):
        if self._times.first_submit is None:
            self._times.first_submit = time.time()
        self._times.submits += 1
        return self._client.submit(*args, **kwargs)


class TimedFits:
    """A fit source (``LocalFits``, ``ClusterFits``) whose ``outcomes`` iterators are timed."""

    def __init__(self, fits, times: FitTimes) -> None:
        self._fits = fits
        self._times = times

    def outcomes(self, index, pipeline, reporter, side_by_side) -> Iterator:
        inner = iter(self._fits.outcomes(index, pipeline, reporter, side_by_side))
        try:
            while True:
                started, began = time.perf_counter(), time.time()
                try:
                    outcome = next(inner)
                except StopIteration:
                    return
                finally:
                    self._times.waiting += time.perf_counter() - started
                fit = "final" if outcome.fold is None else str(outcome.fold)
                self._times.received.append((index, fit, began, time.time()))
                yield outcome
        finally:
            close = getattr(inner, "close", None)
            if close is not None:
                close()

    def close(self) -> None:
        self._fits.close()


@contextmanager
def instrumented(times: FitTimes):
    """Time the fits of ``run_frame`` calls made inside (see ``TimingClient``, ``TimedFits``)."""
    original_starter = runner_module.fits_starter
    original_client_for = compute_module.client_for

    def timed_client_for(*args, **kwargs):
        return TimingClient(original_client_for(*args, **kwargs), times)

    def timed_starter(choice, reporter=None):
        start = original_starter(choice, reporter)

        def timed_start(job, pipelines):
            started = time.perf_counter()
            fits = start(job, pipelines)
            times.build += time.perf_counter() - started
            return TimedFits(fits, times)

        return timed_start

    runner_module.fits_starter = timed_starter
    compute_module.client_for = timed_client_for
    try:
        yield times
    finally:
        runner_module.fits_starter = original_starter
        compute_module.client_for = original_client_for


@dataclass
class Turn:
    label: str
    wall: float
    times: FitTimes
    board: list[tuple]
    candidates: list[str]
    fit_seconds: dict[str, float]  # per candidate: its fits' own times, summed (folds + final)
    tasks: list[dict] = field(default_factory=list)


def one_run(label: str, frame: pd.DataFrame, spec: RunSpec, choice: ComputeChoice,
            workspace: Path, task_client=None, threads: int | None = None) -> Turn:
    """``run_frame`` in a fresh workspace, timed; with ``task_client``, the task stream too;
    with ``threads``, native thread pools (OpenMP, BLAS) limited to that many here."""
    times = FitTimes()
    with Store.open(workspace) as store, instrumented(times), threadpool_limits(limits=threads):
        if task_client is None:
            started = time.perf_counter()
            outcome = run_frame(store, frame, spec, source_name="adult.csv", compute=choice)
            wall = time.perf_counter() - started
            stream = []
        else:
            from distributed import get_task_stream

            with get_task_stream(task_client) as ts:
                started = time.perf_counter()
                outcome = run_frame(store, frame, spec, source_name="adult.csv", compute=choice)
                wall = time.perf_counter() - started
            stream = ts.data
    board = [(r.key, r.status, tuple(r.fold_scores), r.cv_score, r.holdout_score)
             for r in outcome.training.results]
    candidates = [c.key for c, _ in outcome.plan.candidates]
    fit_seconds = {r.key: r.cv_seconds + r.fit_seconds for r in outcome.training.results
                   if r.key in candidates}
    return Turn(label, wall, times, board, candidates, fit_seconds, fit_tasks(stream, candidates))


def _warm_worker() -> str:
    """Import what the fits need on a worker (the first run would otherwise pay for it)."""
    import sklearn.ensemble  # noqa: F401
    import sklearn.linear_model  # noqa: F401

    import engine.candidates  # noqa: F401
    import engine.fits  # noqa: F401

    return "ok"


def same_board(a: list[tuple], b: list[tuple]) -> tuple[bool, float]:
    """Exactly equal leaderboards? And the largest score difference where they differ."""
    worst = 0.0
    for row_a, row_b in zip(a, b, strict=False):
        values_a = [*row_a[2], row_a[3], row_a[4]]
        values_b = [*row_b[2], row_b[3], row_b[4]]
        for x, y in zip(values_a, values_b, strict=False):
            if x is not None and y is not None:
                worst = max(worst, abs(x - y))
    return a == b, worst


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=0, help="sample this many rows (default: all)")
    parser.add_argument("--budget", default="quick", choices=("quick", "standard", "thorough"))
    parser.add_argument("--repeats", type=int, default=2, help="turns of local + cluster (best kept)")
    args = parser.parse_args()
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    from distributed import LocalCluster

    load = os.getloadavg()
    print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores",
          flush=True)
    frame = pd.read_csv(ADULT)
    if args.rows and args.rows < len(frame):
        frame = frame.sample(n=args.rows, random_state=0).reset_index(drop=True)
    spec = RunSpec(project="adult", target=TARGET, budget=args.budget)

    started = time.perf_counter()
    cluster = LocalCluster(n_workers=WORKERS, threads_per_worker=1, processes=True,
                           dashboard_address=":0", silence_logs=logging.CRITICAL)
    startup = {"start_cluster": time.perf_counter() - started}
    turns: dict[str, list[Turn]] = {"local": [], "local_1_thread": [], "cluster": []}
    try:
        address = cluster.scheduler_address
        started = time.perf_counter()
        client = client_for(address)
        startup["connect_and_check"] = time.perf_counter() - started
        started = time.perf_counter()
        client.run(_warm_worker)
        startup["warm_workers"] = time.perf_counter() - started
        print(f"cluster: {WORKERS} worker processes × 1 thread at {address}; started in "
              f"{startup['start_cluster']:.2f} s, connected and checked in "
              f"{startup['connect_and_check']:.2f} s, workers warmed in {startup['warm_workers']:.2f} s",
              flush=True)
        with tempfile.TemporaryDirectory(prefix="firstwin-cluster-") as scratch:
            for turn in range(args.repeats):
                local = one_run("local", frame, spec, ComputeChoice.local(),
                                Path(scratch) / f"local{turn}")
                turns["local"].append(local)
                one_thread = one_run("local_1_thread", frame, spec, ComputeChoice.local(),
                                     Path(scratch) / f"single{turn}", threads=1)
                turns["local_1_thread"].append(one_thread)
                on_cluster = one_run("cluster", frame, spec, ComputeChoice.cluster(address),
                                     Path(scratch) / f"cluster{turn}", task_client=client)
                turns["cluster"].append(on_cluster)
                print(f"turn {turn + 1}: local {local.wall:.2f} s, local on 1 thread "
                      f"{one_thread.wall:.2f} s, cluster {on_cluster.wall:.2f} s", flush=True)
    finally:
        close_clients()
        cluster.close()
    load_end = os.getloadavg()

    local = min(turns["local"], key=lambda t: t.wall)
    single = min(turns["local_1_thread"], key=lambda t: t.wall)
    best = min(turns["cluster"], key=lambda t: t.wall)
    checks = [same_board(lt.board, ct.board) for lt in turns["local"] + turns["local_1_thread"]
              for ct in turns["cluster"]]
    identical = all(same for same, _ in checks)
    worst_difference = max(diff for _, diff in checks)
    ratio = best.wall / local.wall

    tasks = best.tasks
    times = best.times
    fit_sum = sum(t["seconds"] for t in tasks)
    first_start = min(t["start"] for t in tasks)
    last_stop = max(t["stop"] for t in tasks)
    gaps = worker_gaps(tasks)
    costs = {
        "scatter": times.scatter,
        "submit": times.build - times.scatter,
        "start_latency": first_start - times.first_submit,
        "gap_per_fit": sum(gaps) / len(gaps) if gaps else 0.0,
        "return": return_latency(tasks, times.received),
        "waiting": times.waiting,
        "client_own_work": best.wall - times.waiting - times.build,
        "fit_span": last_stop - first_start,
    }
    local_own = local.wall - local.times.waiting - local.times.build
    durations = [t["seconds"] for t in tasks]
    # The same fits at the speed they had in the local 1-thread run (a core to themselves, or
    # nearly): each cluster fit scaled by its candidate's local-1-thread / cluster ratio.
    scale = {key: single.fit_seconds.get(key, 0.0) / best.fit_seconds[key]
             for key in best.candidates if best.fit_seconds.get(key)}
    uncontended = [t["seconds"] * scale.get(t["candidate"], 1.0) for t in tasks]
    projection = []
    for n in PROJECTED_WORKERS:
        fixed = (costs["client_own_work"] + costs["submit"] + costs["scatter"] * n / WORKERS
                 + costs["start_latency"] + costs["return"])
        span = makespan(durations, n, costs["gap_per_fit"])
        alone = makespan(uncontended, n, costs["gap_per_fit"])
        projection.append({"workers": n, "fits_makespan_seconds": round(span, 2),
                           "projected_wall_seconds": round(fixed + span, 2),
                           "speedup_vs_local": round(local.wall / (fixed + span), 2),
                           "speedup_vs_local_1_thread": round(single.wall / (fixed + span), 2),
                           "fits_makespan_local_fit_times": round(alone, 2),
                           "projected_wall_local_fit_times": round(fixed + alone, 2),
                           "speedup_vs_local_1_thread_local_fit_times":
                               round(single.wall / (fixed + alone), 2)})
    for row in projection:
        row["speedup_vs_1_worker"] = round(projection[0]["projected_wall_seconds"]
                                           / row["projected_wall_seconds"], 2)

    rows_used = len(frame)
    print(f"\nadult, {rows_used:,} rows, {args.budget} budget: {len(best.candidates)} candidates "
          f"({', '.join(best.candidates)}), {len(tasks)} fits on the cluster")
    print(f"\n{'run_frame':<32} {'best s':>7} {'all s':>18} {'× local':>8}")
    names = {"local": "local (default threads)", "local_1_thread": "local, 1 native thread",
             "cluster": "cluster (2 workers × 1 thread)"}
    for label, own in turns.items():
        chosen = min(own, key=lambda t: t.wall)
        print(f"{names[label]:<32} {chosen.wall:>7.2f} "
              f"{', '.join(f'{t.wall:.2f}' for t in own):>18} {chosen.wall / local.wall:>8.2f}")
    print(f"leaderboards identical (fold, CV and holdout scores, every turn): "
          f"{'yes' if identical else 'NO'}" + ("" if identical else f" (largest difference {worst_difference:.3g})"))
    print(f"not in the cluster run: start-up {startup['start_cluster']:.2f} s, connect and check "
          f"{startup['connect_and_check']:.2f} s, warming workers {startup['warm_workers']:.2f} s")

    print(f"\n{'fit (cluster, best turn)':<26} {'worker':>8} {'start s':>8} {'compute s':>10}")
    for task in tasks:
        print(f"{task['candidate'] + ' ' + task['fit']:<26} {task['worker'].rsplit(':', 1)[-1]:>8} "
              f"{task['start'] - first_start:>8.2f} {task['seconds']:>10.2f}")
    print(f"\n{'fits summed per candidate':<26} {'local s':>8} {'1 thread s':>11} {'cluster s':>10}")
    for key in best.candidates:
        print(f"{key:<26} {local.fit_seconds.get(key, 0.0):>8.2f} {single.fit_seconds.get(key, 0.0):>11.2f} "
              f"{best.fit_seconds.get(key, 0.0):>10.2f}")
    print(f"sum of fit times {fit_sum:.2f} s; longest fit {max(durations):.2f} s; "
          f"first fit start to last fit end {costs['fit_span']:.2f} s")

    print(f"\n{'cluster run, where the time goes':<44} {'seconds':>8}")
    for name, label in (("scatter", "scatter (data to both workers)"),
                        ("submit", f"submit ({times.submits} tasks)"),
                        ("start_latency", "first submit → first fit starts"),
                        ("gap_per_fit", f"gap per fit on a worker (mean of {len(gaps)})"),
                        ("return", "a fit ends → client has it (median)"),
                        ("waiting", "client waiting for fits (total)"),
                        ("client_own_work", "client's own work (wall − waiting − build)")):
        print(f"{label:<44} {costs[name]:>8.2f}")
    print(f"{'local run: own work (wall − fitting)':<44} {local_own:>8.2f}")

    print(f"\n{'workers':>7} {'fits makespan s':>16} {'projected wall s':>17} {'speed-up vs local':>18} "
          f"{'vs local 1 thread':>18} {'vs 1 worker':>12}")
    for row in projection:
        print(f"{row['workers']:>7} {row['fits_makespan_seconds']:>16.2f} "
              f"{row['projected_wall_seconds']:>17.2f} {row['speedup_vs_local']:>18.2f} "
              f"{row['speedup_vs_local_1_thread']:>18.2f} {row['speedup_vs_1_worker']:>12.2f}")
    print(f"\nwith the fit times of the local 1-thread run (cluster fit × {', '.join(f'{k} {v:.2f}' for k, v in scale.items())}):")
    print(f"{'workers':>7} {'fits makespan s':>16} {'projected wall s':>17} {'vs local 1 thread':>18}")
    for row in projection:
        print(f"{row['workers']:>7} {row['fits_makespan_local_fit_times']:>16.2f} "
              f"{row['projected_wall_local_fit_times']:>17.2f} "
              f"{row['speedup_vs_local_1_thread_local_fit_times']:>18.2f}")
    two = next(r for r in projection if r["workers"] == WORKERS)
    print(f"(check: projected {two['projected_wall_seconds']:.2f} s for {WORKERS} workers vs "
          f"{best.wall:.2f} s measured; local {local.wall:.2f} s, on 1 thread {single.wall:.2f} s)")
    print("Assumes: fits take on N workers what they took here (one core each, no slowing each "
          "other down; here the client and 2 workers shared 2 cores), network and scheduling as "
          "on localhost, scatter growing with the workers, the client's own work not overlapping "
          "the fits and not getting faster. The fits of a run are few (candidates × (folds + 1)), "
          "so the longest fit bounds any speed-up. The first table keeps the fit times measured on the "
          "cluster (slowed by sharing 2 cores); the second uses the local 1-thread run's.")
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count() or 1,
                    "loadavg_start": [round(x, 2) for x in load],
                    "loadavg_end": [round(x, 2) for x in load_end]},
        "dataset": "adult", "rows": rows_used, "budget": args.budget, "candidates": best.candidates,
        "cluster": f"LocalCluster, {WORKERS} processes × 1 thread",
        "startup_seconds": {k: round(v, 2) for k, v in startup.items()},
        "local_seconds": round(local.wall, 2), "cluster_seconds": round(best.wall, 2),
        "all_local_seconds": [round(t.wall, 2) for t in turns["local"]],
        "all_cluster_seconds": [round(t.wall, 2) for t in turns["cluster"]],
        "cluster_to_local": round(ratio, 2),
        "local_1_thread_seconds": round(single.wall, 2),
        "all_local_1_thread_seconds": [round(t.wall, 2) for t in turns["local_1_thread"]],
        "cluster_to_local_1_thread": round(best.wall / single.wall, 2),
        "identical_scores": identical, "largest_score_difference": worst_difference,
        "leaderboard": [{"key": k, "status": s, "fold_scores": list(f), "cv_score": cv,
                         "holdout_score": h} for k, s, f, cv, h in local.board],
        "fits": [{"candidate": t["candidate"], "fit": t["fit"], "worker": t["worker"],
                  "start": round(t["start"] - first_start, 3), "seconds": round(t["seconds"], 3)}
                 for t in tasks],
        "fit_seconds_sum": round(fit_sum, 2),
        "fit_seconds_per_candidate": {name: {k: round(v, 2) for k, v in turn.fit_seconds.items()}
                                      for name, turn in (("local", local), ("local_1_thread", single),
                                                         ("cluster", best))},
        "costs_seconds": {k: round(v, 3) for k, v in costs.items()},
        "local_own_work_seconds": round(local_own, 2),
        "fit_time_scale_local_1_thread_to_cluster": {k: round(v, 3) for k, v in scale.items()},
        "projection": projection,
    }, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
