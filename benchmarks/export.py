"""Benchmark: exporting a model package, and scoring 100k rows with its predict.py.

Trains HistGradientBoosting (FirstWin's "boosting" candidate) and the linear model on adult
(../shared/datasets/clean/adult.csv, target ``class``), exports each, and runs the package's
predict.py on 100,000 rows (adult resampled) in a separate process, as a user would, with each
engine the package supports. HGB with native categories does not pass the ONNX parity check
(FACTS.md), so the ONNX path is measured on the linear model. ``predict s`` is the wall time
of that process: Python's start-up and imports, reading the CSV, scoring, writing the CSV.
``scoring rows/s`` is the package's ``score()`` alone (prepare_features, the model, the
prediction table) on rows already in memory, the best of three.

    python -m benchmarks.export [--rows 100000]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.export import export_model  # noqa: E402
from engine.runner import run_frame  # noqa: E402
from engine.spec import RunSpec  # noqa: E402
from storage import Store  # noqa: E402

ADULT = ROOT.parent / "shared" / "datasets" / "clean" / "adult.csv"
TARGET = "class"
RESULTS = ROOT / "benchmarks" / "results" / "export.json"
MODELS = {"boosting": "Gradient boosting", "linear": "Linear model"}


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def score(package: Path, data: Path, out: Path, engine: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-I", str(package / "predict.py"), str(data), "--out",
                    str(out), "--engine", engine], check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def scoring_rate(package: Path, data: Path, engine: str) -> float:
    """Rows per second of the package's score() on rows in memory (best of three)."""
    spec = importlib.util.spec_from_file_location(f"bench_{package.name}", package / "predict.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frame, schema = module.read_input(data), module.load_schema()
    model = module.load_model(engine)
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        module.score(frame, model, schema)
        best = min(best, time.perf_counter() - started)
    return len(frame) / best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to score")
    args = parser.parse_args()
    frame = pd.read_csv(ADULT)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        data = folder / "score.csv"
        frame.drop(columns=[TARGET]).sample(args.rows, replace=True, random_state=0).to_csv(
            data, index=False)
        with Store.open(folder / "workspace") as store:
            spec = RunSpec(project="adult", target=TARGET, budget="quick",
                           candidates=list(MODELS))
            models = {m.name: m for m in run_frame(store, frame, spec, source_name="adult.csv").models}
            for key, name in MODELS.items():
                started = time.perf_counter()
                result = export_model(store, models[name], folder / key, zip=True)
                export_seconds = time.perf_counter() - started
                engines = ["skops", "onnx"] if result.onnx else ["skops"]
                for engine in engines:
                    seconds = score(result.folder, data, folder / f"{key}-{engine}.csv", engine)
                    rate = scoring_rate(result.folder, data, engine)
                    rows.append({
                        "model": name, "engine": engine, "export_seconds": round(export_seconds, 2),
                        "package_mb": round(folder_bytes(result.folder) / 1e6, 2),
                        "zip_mb": round(result.zip_path.stat().st_size / 1e6, 2),
                        "onnx_shipped": result.onnx, "rows": args.rows,
                        "predict_seconds": round(seconds, 2),
                        "rows_per_second": round(args.rows / seconds),
                        "scoring_rows_per_second": round(rate),
                        "onnx_note": result.notes[0],
                    })
    print(f"\n{'model':<18} {'engine':<6} {'export s':>8} {'pkg MB':>7} {'zip MB':>7} "
          f"{'predict s':>9} {'rows/s':>9} {'scoring rows/s':>15}")
    for row in rows:
        print(f"{row['model']:<18} {row['engine']:<6} {row['export_seconds']:>8.2f} "
              f"{row['package_mb']:>7.2f} {row['zip_mb']:>7.2f} {row['predict_seconds']:>9.2f} "
              f"{row['rows_per_second']:>9,} {row['scoring_rows_per_second']:>15,}")
    for name in MODELS.values():
        note = next(r["onnx_note"] for r in rows if r["model"] == name)
        print(f"\n{name}: {note}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "dataset": "adult", "results": rows,
    }, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


def _cpus() -> int:
    import os

    return os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
