"""The headless analysis commands: evaluate, whatif and threshold."""

from __future__ import annotations

import json

import pytest

from engine.runner import run_frame
from engine.spec import RunSpec, ValueMatrix
from storage import Store
from tests.engine.helpers import churn_like
from ui.cli import main as cli_main


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A workspace with one quick churn run that has money values entered."""
    folder = tmp_path_factory.mktemp("analyze_cli") / "ws"
    value = ValueMatrix(true_positive_value=200, false_positive_cost=30, false_negative_cost=0)
    spec = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear"], value=value)
    with Store.open(folder) as store:
        run_frame(store, churn_like(600), spec)
    return folder


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = cli_main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_evaluate_json_has_the_documented_keys(workspace, capsys):
    code, out, _ = run_cli(capsys, "evaluate", "Churn:best", "--workspace", str(workspace), "--json")
    assert code == 0
    result = json.loads(out)
    for key in ("metrics", "baseline_metrics", "confusion", "threshold_curve", "best_threshold",
                "importance", "worst_rows", "slices", "warnings"):
        assert key in result
    assert result["metrics"]["roc_auc"] > result["baseline_metrics"]["roc_auc"]


def test_evaluate_prints_the_summary_beside_the_baseline(workspace, capsys):
    code, out, _ = run_cli(capsys, "evaluate", "Churn:best", "--workspace", str(workspace))
    assert code == 0
    assert "vs no-ML" in out and "no-ML" in out.splitlines()[0]
    assert "per 1,000 cases" in out


def test_whatif_sets_values_and_reports_contributions(workspace, capsys):
    args = ("whatif", "Churn:best", "--workspace", str(workspace), "--json")
    _, short_out, _ = run_cli(capsys, *args, "--set", "tenure=1", "--set", "Contract=Month-to-month")
    _, long_out, _ = run_cli(capsys, *args, "--set", "tenure=70", "--set", "Contract=Two year")
    short, long = json.loads(short_out), json.loads(long_out)
    assert short["probabilities"]["Yes"] > long["probabilities"]["Yes"]
    assert {c["feature"] for c in short["contributions"]} == {"tenure", "Contract", "MonthlyCharges"}


def test_whatif_refuses_an_unknown_feature_in_words(workspace, capsys):
    code, _, err = run_cli(capsys, "whatif", "Churn:best", "--workspace", str(workspace),
                           "--set", "colour=red")
    assert code == 2
    assert "no feature 'colour'" in err and "tenure" in err


def test_threshold_best_saves_the_most_valuable_threshold(workspace, capsys):
    code, _, err = run_cli(capsys, "threshold", "Churn:best", "best", "--workspace", str(workspace))
    assert code == 0 and "answers yes from" in err
    with Store.open(workspace) as store:
        model = store.best_model_version(store.project_by_name("Churn").id)
        from engine.analysis.record import evaluate_model_version

        result = evaluate_model_version(store, model)
    assert model.details["threshold"] == result["best_threshold"]
    assert result["chosen_threshold"] == result["best_threshold"]


def test_threshold_outside_zero_to_one_is_refused(workspace, capsys):
    code, _, err = run_cli(capsys, "threshold", "Churn:best", "1.5", "--workspace", str(workspace))
    assert code == 2 and "between 0 and 1" in err
