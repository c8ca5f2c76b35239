"""Run the benchmarks, each in its own process, and print a summary.

    python -m benchmarks                 # the fast set (a few minutes)
    python -m benchmarks --full          # everything (half an hour or more on 2 cores)
    python -m benchmarks NAME [NAME ...] # only these (e.g. store_writes chart_rate)

Each one is ``python -m benchmarks.NAME`` with its default arguments; its own table is printed
as it runs and its JSON lands in benchmarks/results/. Nothing is asserted: a benchmark that
fails to run is listed as failed, a goal missed is for people to read in its table.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAST = ("store_writes", "chart_rate", "startup", "evaluate")
FULL = FAST + ("train_vs_peers", "gui_stall", "export", "monitor", "overhead", "scale",
                "preview_scroll", "cluster")


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="run every benchmark, not just the fast set")
    parser.add_argument("names", nargs="*", metavar="NAME",
                        help=f"benchmarks to run (from: {', '.join(FULL)})")
    args = parser.parse_args()
    unknown = [n for n in args.names if n not in FULL]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)} (choose from: {', '.join(FULL)})")
    names = args.names or (FULL if args.full else FAST)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    load = os.getloadavg()
    print(f"running {len(names)} benchmark(s): {', '.join(names)}; load average {load[0]:.2f} "
          f"{load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores", flush=True)
    summary = []
    for name in names:
        print(f"\n=== python -m benchmarks.{name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, "-m", f"benchmarks.{name}"], cwd=ROOT, env=env).returncode
        summary.append((name, code, time.perf_counter() - started))
    print(f"\n{'benchmark':<16} {'result':<10} {'seconds':>8}")
    for name, code, seconds in summary:
        print(f"{name:<16} {'ran' if code == 0 else f'exit {code}':<10} {seconds:>8.1f}")
    load = os.getloadavg()
    print(f"load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; tables above, JSON in "
          "benchmarks/results/")
    return 0 if all(code == 0 for _, code, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
