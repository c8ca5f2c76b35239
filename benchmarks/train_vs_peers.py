"""Benchmark: FirstWin's budgets vs the peers' published numbers, on fixed holdouts.

For each dataset of ../shared/datasets/clean/ (``$FIRSTWIN_DATASETS`` overrides the folder):
train on the holdout-train rows of splits/NAME.json, export the best model as a package, score
the test rows through the package's predict.py (a separate process, as a user would), and print
score and wall time next to the peers. The run's own k-fold CV on those training rows (the best
model's mean ± std over the folds) is kept too, for the CV table; ``--cv-folds 5`` makes it
5-fold where the budget uses fewer (quick: 3; standard on big tables: 3).

If FLAML is installed it runs on the same split (60 s budget, same metric, seed 0) and its test
score and time are added; if not, one line says so. ``--no-flaml`` leaves it out.

    python -m benchmarks.train_vs_peers [--budget quick|standard|thorough] [--cv-folds 5]
        [--datasets telco_churn adult ...] [--no-flaml]

Writes benchmarks/results/train_vs_peers_BUDGET.json (``_cv5`` added with ``--cv-folds 5``);
``python -m benchmarks.peer_tables`` prints the README's tables from those files.
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

import pandas as pd
import sklearn
from sklearn.metrics import balanced_accuracy_score, r2_score, roc_auc_score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.export import export_model  # noqa: E402
from engine.runner import run_spec  # noqa: E402
from engine.scoring import PRIMARY_METRIC  # noqa: E402
from engine.spec import DataSource, RunSpec, Validation  # noqa: E402
from engine.task import class_labels  # noqa: E402
from storage import Store  # noqa: E402

try:
    import flaml
except ImportError:  # optional: only for a side-by-side column
    flaml = None

DATASETS = Path(os.environ.get("FIRSTWIN_DATASETS", ROOT.parent / "shared" / "datasets"))
RESULTS = ROOT / "benchmarks" / "results"
FLAML_SECONDS = 60
# From ../shared/datasets/README.md: each peer's holdout score, and PyCaret's seconds. The README
# publishes no peer CV scores, so the CV table shows "—" for the peers.
PEERS = {
    "telco_churn": {"flaml": 0.853, "pycaret": 0.849, "orange": 0.850, "hgb": 0.838,
                    "pycaret_seconds": 24},
    "adult": {"flaml": 0.930, "pycaret": 0.931, "orange": 0.923, "hgb": 0.931,
              "pycaret_seconds": 118},
    "abalone": {"flaml": 0.565, "pycaret": 0.560, "orange": 0.570, "hgb": 0.564,
                "pycaret_seconds": 20},
}
PEER_NAMES = {"flaml": "FLAML", "pycaret": "PyCaret", "orange": "Orange", "hgb": "HGB"}


def manifest() -> dict[str, dict]:
    return {m["name"]: m for m in json.loads((DATASETS / "manifest.json").read_text())}


def test_score(task: str, truth: pd.Series, predictions: pd.DataFrame, classes: list[str]) -> float:
    """The task's primary metric on the test rows, from a predict.py-style table."""
    if task == "regression":
        return float(r2_score(truth, predictions["prediction"]))
    labels = class_labels(truth)
    if task == "binary":
        positive = classes[1]
        return float(roc_auc_score(labels == positive, predictions[f"proba_{positive}"]))
    return float(balanced_accuracy_score(labels, class_labels(predictions["prediction"])))


def run_one(name: str, budget: str, folder: Path, cv_folds: int | None, with_flaml: bool) -> dict:
    info = manifest()[name]
    task, target = info["task"], info["target"]
    frame = pd.read_csv(DATASETS / info["file"])
    split = json.loads((DATASETS / "splits" / f"{name}.json").read_text())["holdout"]
    train_file, test_file = folder / f"{name}_train.csv", folder / f"{name}_test.csv"
    train = frame.iloc[split["train"]]
    train.to_csv(train_file, index=False)
    test = frame.iloc[split["test"]]
    test.drop(columns=[target]).to_csv(test_file, index=False)

    with Store.open(folder / f"workspace_{name}") as store:
        spec = RunSpec(project=name, data=DataSource(path=str(train_file)), target=target,
                       budget=budget, validation=Validation(folds=cv_folds))
        started = time.perf_counter()
        outcome = run_spec(store, spec)
        train_seconds = time.perf_counter() - started
        best = outcome.best_model
        package = export_model(store, best, folder / f"{name}_package").folder
    out = folder / f"{name}_pred.csv"
    subprocess.run([sys.executable, str(package / "predict.py"), str(test_file), "--out", str(out)],
                   check=True, capture_output=True)
    score = test_score(task, test[target], pd.read_csv(out), best.details["classes"])

    peers = PEERS.get(name, {})
    scored = {k: peers[k] for k in PEER_NAMES if k in peers}
    best_peer = max(scored.values(), default=None)
    return {
        "dataset": name, "task": task, "metric": PRIMARY_METRIC[task], "budget": budget,
        "rows_train": len(train), "rows_test": len(test),
        "score": round(score, 4), "train_seconds": round(train_seconds, 2),
        "best_model": best.name, "baseline_cv": outcome.training.baseline.cv_score,
        "folds": outcome.training.n_folds,
        "cv_score": round(best.cv_score, 4), "cv_std": round(best.cv_std, 4),
        "cv_fold_scores": [round(s, 4) for s in best.details["fold_scores"]],
        "failed": {r.key: r.error for r in outcome.training.results if r.status == "failed"},
        "best_peer": best_peer,
        "best_peer_names": [PEER_NAMES[k] for k, v in scored.items() if v == best_peer],
        "gap_to_best_peer": None if best_peer is None else round(score - best_peer, 4),
        "pycaret_seconds": peers.get("pycaret_seconds"),
        "time_vs_pycaret": None if "pycaret_seconds" not in peers
        else round(train_seconds / peers["pycaret_seconds"], 3),
        "peer_cv": None,
        "flaml": try_flaml(task, train, test, target) if with_flaml else None,
    }


def try_flaml(task: str, train: pd.DataFrame, test: pd.DataFrame, target: str) -> dict:
    """``run_flaml``, or its error: a peer failing on one dataset must not end the benchmark."""
    try:
        return run_flaml(task, train, test, target)
    except Exception as error:  # noqa: BLE001
        return {"score": None, "seconds": None, "error": f"{type(error).__name__}: {error}"}


def run_flaml(task: str, train: pd.DataFrame, test: pd.DataFrame, target: str) -> dict:
    """FLAML on the same split, same metric, 60 s, seed 0: its test score and wall seconds."""
    x_train, x_test = train.drop(columns=[target]), test.drop(columns=[target])
    if task == "regression":
        y_train, settings = train[target], {"task": "regression", "metric": "r2"}
    else:
        y_train = class_labels(train[target])
        # FLAML has no balanced accuracy built in; a metric function returns (loss, logged).
        metric = "roc_auc" if task == "binary" else (
            lambda x_val, y_val, estimator, *_, **__:
            (1 - balanced_accuracy_score(y_val, estimator.predict(x_val)), {}))
        settings = {"task": "classification", "metric": metric}
    automl = flaml.AutoML(time_budget=FLAML_SECONDS, seed=0, verbose=0, **settings)
    started = time.perf_counter()
    automl.fit(x_train, y_train)
    seconds = time.perf_counter() - started
    if task == "regression":
        predictions = pd.DataFrame({"prediction": automl.predict(x_test)})
    else:
        predictions = pd.DataFrame(automl.predict_proba(x_test),
                                   columns=[f"proba_{c}" for c in automl.classes_])
        predictions["prediction"] = automl.predict(x_test)
    classes = [str(c) for c in automl.classes_] if task != "regression" else []
    return {"score": round(test_score(task, test[target], predictions, classes), 4),
            "seconds": round(seconds, 2), "best_estimator": automl.best_estimator}


def _text(value, digits: int = 4) -> str:
    return "—" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def print_row(row: dict) -> None:
    flaml_row = row["flaml"] or {}
    if not flaml_row:
        flaml_text = ""
    elif flaml_row["score"] is None:
        flaml_text = f"  FLAML failed: {flaml_row['error']}"
    else:
        flaml_text = f"  FLAML {flaml_row['score']:.4f} in {flaml_row['seconds']:.0f} s"
    print(f"{row['dataset']:<14} {row['metric']:<17} test {row['score']:.4f}  best peer "
          f"{_text(row['best_peer'], 3):<6} gap {_text(row['gap_to_best_peer']):<8} "
          f"train {row['train_seconds']:6.2f} s  vs PyCaret {_text(row['time_vs_pycaret'], 2):<5} "
          f"CV {row['folds']}-fold {row['cv_score']:.4f} ± {row['cv_std']:.4f}  "
          f"({row['best_model']}){flaml_text}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", default="standard", choices=("quick", "standard", "thorough"))
    parser.add_argument("--datasets", nargs="*", default=None,
                        help="names from the manifest (default: every clean dataset)")
    parser.add_argument("--cv-folds", type=int, default=None,
                        help="folds for the run's own CV (default: the budget decides)")
    parser.add_argument("--no-flaml", action="store_true", help="leave FLAML out even if installed")
    args = parser.parse_args()
    names = args.datasets or list(manifest())
    with_flaml = flaml is not None and not args.no_flaml
    if flaml is None:
        print("flaml is not installed: the FLAML side-by-side column is skipped", flush=True)
    load = os.getloadavg()
    print(f"budget {args.budget}, CV folds {args.cv_folds or 'as the budget says'}; load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores", flush=True)
    suffix = "" if args.cv_folds is None else f"_cv{args.cv_folds}"
    out = RESULTS / f"train_vs_peers_{args.budget}{suffix}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform(), "scikit_learn": sklearn.__version__,
                    "loadavg_start": [round(x, 2) for x in load], "loadavg_end": None},
        "budget": args.budget, "cv_folds": args.cv_folds,
        "flaml": "ran" if with_flaml else ("left out" if flaml is not None else "not installed"),
        "complete": False, "rows": [],
    }
    with tempfile.TemporaryDirectory() as folder:
        for index, name in enumerate(names, start=1):
            result["rows"].append(run_one(name, args.budget, Path(folder), args.cv_folds, with_flaml))
            print_row(result["rows"][-1])
            # Written after every dataset, so a long run stopped halfway keeps what it measured.
            result["complete"] = index == len(names)
            result["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
            out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    load_end = result["machine"]["loadavg_end"] or [round(x, 2) for x in os.getloadavg()]
    print(f"load average at end: {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
