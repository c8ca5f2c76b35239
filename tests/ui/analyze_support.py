"""Helpers for the Analyze view's tests: a trained workspace whose best model is already
evaluated (so most tests open it instantly), and small evaluation dicts for the panels.

Not a conftest, like main_window_support: each test module wraps these in its fixtures.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

from tests.ui import main_window_support as support

WAIT_MS = 180_000  # an evaluation is a few seconds; two busy cores can stretch it a lot


@cache
def evaluated_template() -> Path:
    """The 600-row trained workspace with its best model evaluated and kept (once per process)."""
    from engine.analysis.record import evaluate_model_version
    from storage import Store

    folder = Path(tempfile.mkdtemp(prefix="firstwin-analyze-tests-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    workspace = folder / "workspace"
    shutil.copytree(support.trained_template(), workspace)
    with Store.open(workspace) as store:
        best = store.best_model_version(store.project_by_name(support.PROJECT).id)
        evaluate_model_version(store, best)
    return workspace


def evaluated_workspace(tmp_path: Path) -> Path:
    """A private copy of the evaluated workspace (tests may write to it)."""
    target = tmp_path / "evaluated-workspace"
    shutil.copytree(evaluated_template(), target)
    return target


def curve(n_yes: int = 40, n_no: int = 160) -> list[dict]:
    """A plausible threshold curve: fewer rows flagged as the threshold rises."""
    entries = []
    for step in range(101):
        t = step / 100
        tp = round(n_yes * (1 - t ** 2))
        fp = round(n_no * (1 - t) ** 3)
        fn, tn = n_yes - tp, n_no - fp
        flagged = tp + fp
        entries.append({
            "threshold": t, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": tp / flagged if flagged else None, "recall": tp / n_yes,
            "flagged_share": flagged / (n_yes + n_no),
            "value_per_1000": 1000 * (300 * tp - 40 * fp - 120 * fn) / (n_yes + n_no),
        })
    return entries


def binary_result(has_values: bool = True) -> dict:
    entries = curve()
    return {
        "model_id": 7, "model_name": "Gradient boosting", "baseline_name": "No ML: always 'No'",
        "task": "binary", "target": "Churn", "classes": ["No", "Yes"], "metric": "roc_auc",
        "rows": {"holdout": 200, "oof": 800},
        "threshold_curve": entries, "best_threshold": 0.31, "threshold_source": "out-of-fold",
        "chosen_threshold": 0.5,
        "value": {"currency": "$", "has_values": has_values,
                  "no_ml": {"act_on_everyone": {"label": "", "value_per_1000": 28000.0},
                            "act_on_no_one": {"label": "", "value_per_1000": -24000.0}}},
        "metrics": {"roc_auc": 0.84, "balanced_accuracy": 0.74, "log_loss": 0.41},
        "baseline_metrics": {"roc_auc": 0.5, "balanced_accuracy": 0.5, "log_loss": 0.57},
        "importance": [{"feature": "Contract", "mean": 0.1, "std": 0.02, "share": 0.6},
                       {"feature": "tenure", "mean": 0.05, "std": 0.01, "share": 0.3},
                       {"feature": "gender", "mean": 0.0, "std": 0.001, "share": 0.0}],
        "dependence": {
            "tenure": {"feature": "tenure", "kind": "numeric", "grid": [1, 12, 24, 48, 72],
                       "average": [0.5, 0.35, 0.25, 0.15, 0.08], "output": "probability of Yes"},
            "Contract": {"feature": "Contract", "kind": "categorical",
                         "grid": ["Month-to-month", "One year", "Two year"],
                         "average": [0.42, 0.12, 0.05], "output": "probability of Yes"},
        },
        "drivers_text": ["Contract matters most."],
        "worst_rows": [
            {"row": 3, "values": {"Contract": "Two year", "tenure": 70, "Churn": "Yes"},
             "truth": "Yes", "prediction": "No", "confidence": 0.97, "loss": 3.5},
            {"row": 8, "values": {"Contract": "Month-to-month", "tenure": 2, "Churn": "No"},
             "truth": "No", "prediction": "Yes", "confidence": 0.9, "loss": 2.3},
            {"row": 9, "values": {"Contract": "Month-to-month", "tenure": 30.0, "Churn": "No"},
             "truth": "No", "prediction": "Yes", "confidence": 0.8, "loss": 1.6},
        ],
        "slices": [
            {"column": "Contract", "kind": "category", "value": "Month-to-month", "low": None,
             "high": None, "label": "Contract = Month-to-month", "rows": 90, "score": 0.68,
             "overall": 0.8, "gap": 0.12, "metric": "accuracy"},
            {"column": "tenure", "kind": "range", "value": None, "low": 0.0, "high": 6.0,
             "label": "tenure 0 – 6", "rows": 40, "score": 0.7, "overall": 0.8, "gap": 0.1,
             "metric": "accuracy"},
        ],
        "warnings": ["Contract carries 60 % of what the model uses."],
        "summary": ["The model beats no ML: ROC-AUC 0.84 against 0.50."],
    }


def multiclass_result() -> dict:
    return {
        "model_id": 3, "model_name": "Linear model", "baseline_name": "No ML: always 'b'",
        "task": "multiclass", "target": "kind", "classes": ["a", "b", "c"],
        "metric": "balanced_accuracy", "rows": {"holdout": 30},
        "metrics": {"balanced_accuracy": 0.7}, "baseline_metrics": {"balanced_accuracy": 0.33},
        "per_class": {"a": {"precision": 0.8, "recall": 0.7, "f1": 0.75, "support": 10},
                      "b": {"precision": 0.6, "recall": 0.9, "f1": 0.72, "support": 12},
                      "c": {"precision": 0.9, "recall": 0.5, "f1": 0.64, "support": 8}},
        "confusion": {"labels": ["a", "b", "c"], "matrix": [[7, 3, 0], [1, 11, 0], [1, 3, 4]]},
        "value": {"currency": "$", "has_values": False},
        "threshold_curve": [], "importance": [], "dependence": {}, "worst_rows": [], "slices": [],
        "warnings": [], "summary": ["Three classes."], "drivers_text": [],
    }


def regression_result() -> dict:
    return {
        "model_id": 4, "model_name": "Gradient boosting", "baseline_name": "No ML: the average",
        "task": "regression", "target": "Rings", "classes": [], "metric": "r2",
        "rows": {"holdout": 50},
        "metrics": {"r2": 0.55, "mae": 1.5}, "baseline_metrics": {"r2": 0.0, "mae": 2.4},
        "value": {"currency": "€", "has_values": True,
                  "cost": {"model_per_1000": 1500.0, "baseline_per_1000": 2400.0,
                           "saving_per_1000": 900.0}},
        "regression": {"residuals": {"predicted": [8.0, 9.5, 11.0], "residual": [1.0, -0.5, 2.0]},
                       "error_histogram": {"edges": [-1.0, 0.0, 1.0, 2.0], "counts": [1, 1, 1]}},
        "threshold_curve": [], "importance": [], "dependence": {},
        "worst_rows": [{"row": 1, "values": {"Length": 0.5}, "truth": 20.0, "prediction": 11.0,
                        "error": -9.0, "loss": 9.0}],
        "slices": [], "warnings": [], "summary": ["Off by 1.5 rings on average."],
        "drivers_text": [],
    }


class FakeStore:
    """Just what AnalyzeView reads on the GUI thread, for tests whose worker jobs are faked."""

    def __init__(self, workspace: Path, task: str = "binary") -> None:
        from storage import ModelVersion, Project

        self.workspace = workspace
        self._project = Project(1, "Fake", "", {}, "", "")
        self._models = [
            ModelVersion(
                id=model_id, project_id=1, run_id=1, name=name, algorithm="x", params={},
                metric="roc_auc", cv_score=0.8, cv_std=0.01, holdout_score=0.8, fit_seconds=1.0,
                is_baseline=model_id == 9, rank=rank, artifact_path="", sha256="",
                library_versions={}, details={"task": task, "threshold": 0.5}, stage="candidate",
                created_at="",
            )
            for rank, (model_id, name) in enumerate(((7, "Gradient boosting"), (9, "No ML")), 1)
        ]

    def model_version(self, model_id: int):
        return next(m for m in self._models if m.id == model_id)

    def model_versions(self, project_id=None, run_id=None):
        return list(self._models)

    def project(self, project_id: int):
        return self._project
