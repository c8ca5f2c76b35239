"""Benchmark: FirstWin's standard budget vs the peers' published numbers, on fixed holdouts.

For each dataset: train on the holdout-train rows of ../shared/datasets/splits/NAME.json,
export the best model as a package, score the test rows through the package's predict.py (a
separate process, as a user would), and print score and wall time next to the peers.

    python -m benchmarks.train_vs_peers [--budget standard] [--datasets telco_churn adult ...]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from sklearn.metrics import r2_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.export import export_model  # noqa: E402
from engine.runner import run_spec  # noqa: E402
from engine.spec import DataSource, RunSpec  # noqa: E402
from storage import Store  # noqa: E402

DATASETS = ROOT.parent / "shared" / "datasets"
RESULTS = ROOT / "benchmarks" / "results"
# From ../shared/datasets/README.md: (best peer score, PyCaret seconds) on the same holdout.
PEERS = {
    "telco_churn": {"metric": "roc_auc", "flaml": 0.853, "pycaret": 0.849, "orange": 0.850,
                    "hgb": 0.838, "pycaret_seconds": 24},
    "adult": {"metric": "roc_auc", "flaml": 0.930, "pycaret": 0.931, "orange": 0.923,
              "hgb": 0.931, "pycaret_seconds": 118},
    "abalone": {"metric": "r2", "flaml": 0.565, "pycaret": 0.560, "orange": 0.570,
                "hgb": 0.564, "pycaret_seconds": 20},
    "credit_g": {"metric": "roc_auc"},
    "taxis": {"metric": "r2"},
}


def run_one(name: str, budget: str, folder: Path) -> dict:
    manifest = {m["name"]: m for m in json.loads((DATASETS / "manifest.json").read_text())}[name]
    frame = pd.read_csv(DATASETS / manifest["file"])
    split = json.loads((DATASETS / "splits" / f"{name}.json").read_text())["holdout"]
    train_file, test_file = folder / f"{name}_train.csv", folder / f"{name}_test.csv"
    frame.iloc[split["train"]].to_csv(train_file, index=False)
    test = frame.iloc[split["test"]]
    test.drop(columns=[manifest["target"]]).to_csv(test_file, index=False)

    with Store.open(folder / "workspace") as store:
        spec = RunSpec(project=name, data=DataSource(path=str(train_file)),
                       target=manifest["target"], budget=budget)
        started = time.perf_counter()
        outcome = run_spec(store, spec)
        train_seconds = time.perf_counter() - started
        best = outcome.best_model
        package = export_model(store, best, folder / f"{name}_package").folder
    out = folder / f"{name}_pred.csv"
    subprocess.run([sys.executable, str(package / "predict.py"), str(test_file), "--out", str(out)],
                   check=True, capture_output=True)
    predictions = pd.read_csv(out)
    truth = test[manifest["target"]]
    if manifest["task"] == "regression":
        score = r2_score(truth, predictions["prediction"])
    else:
        positive = best.details["classes"][1]
        score = roc_auc_score(truth.astype(str) == positive, predictions[f"proba_{positive}"])
    peers = PEERS.get(name, {})
    best_peer = max((peers[k] for k in ("flaml", "pycaret", "orange", "hgb") if k in peers), default=None)
    return {
        "dataset": name, "metric": PEERS.get(name, {}).get("metric"), "budget": budget,
        "score": round(score, 4), "train_seconds": round(train_seconds, 2),
        "best_model": best.name, "baseline_cv": outcome.training.baseline.cv_score,
        "best_peer": best_peer,
        "gap_to_best_peer": None if best_peer is None else round(score - best_peer, 4),
        "pycaret_seconds": peers.get("pycaret_seconds"),
        "time_vs_pycaret": None if "pycaret_seconds" not in peers
        else round(train_seconds / peers["pycaret_seconds"], 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default="standard", choices=("quick", "standard", "thorough"))
    parser.add_argument("--datasets", nargs="*", default=list(PEERS))
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for name in args.datasets:
            rows.append(run_one(name, args.budget, Path(folder)))
            row = rows[-1]
            print(f"{name:<12} {row['metric']:<8} score {row['score']:.4f}  best peer "
                  f"{row['best_peer'] if row['best_peer'] is not None else '—':<6} gap "
                  f"{row['gap_to_best_peer'] if row['gap_to_best_peer'] is not None else '—':<8} "
                  f"train {row['train_seconds']:6.2f} s  vs PyCaret "
                  f"{row['time_vs_pycaret'] if row['time_vs_pycaret'] is not None else '—'}  "
                  f"({row['best_model']})", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count(),
                          "platform": platform.platform()}, "rows": rows}
    out = RESULTS / f"train_vs_peers_{args.budget}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
