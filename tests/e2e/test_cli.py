"""The headless loop a user runs: train → models → export → predict.py, and clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str, workspace: Path, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "FIRSTWIN_WORKSPACE": str(workspace)}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def trained(tmp_path_factory, datasets):
    """A quick run on 1,500 rows of the raw Telco file (ID column, blank numbers and all)."""
    folder = tmp_path_factory.mktemp("trained")
    data = folder / "telco.csv"
    pd.read_csv(datasets / "raw" / "telco_churn.csv", dtype=str, keep_default_na=False).head(
        1500).to_csv(data, index=False)
    workspace = folder / "workspace"
    result = cli("train", str(data), "--target", "Churn", "--budget", "quick",
                 "--project", "Churn POC", "--json", workspace=workspace)
    return workspace, data, json.loads(result.stdout), result


def test_train_json_prints_exactly_one_object_with_the_leaderboard_best_first(trained):
    _, _, summary, result = trained
    assert result.stdout.count("\n") == 1
    assert {"project", "run_id", "task", "target", "metric", "best_model_id", "leaderboard"} <= set(summary)
    assert summary["project"] == "Churn POC" and summary["task"] == "binary"
    board = summary["leaderboard"]
    assert board[0]["model_id"] == summary["best_model_id"]
    assert set(board[0]) == {"model_id", "name", "cv_score", "cv_std", "fit_seconds", "is_baseline"}
    assert any(row["is_baseline"] and row["name"] == "No ML: always 'No'" for row in board)
    scores = [row["cv_score"] for row in board]
    assert scores == sorted(scores, reverse=True)


def test_models_and_projects_list_what_was_trained(trained):
    workspace, _, summary, _ = trained
    models = json.loads(cli("models", "--project", "Churn POC", "--json", workspace=workspace).stdout)
    assert {m["model_id"] for m in models} == {r["model_id"] for r in summary["leaderboard"]}
    projects = json.loads(cli("projects", "--json", workspace=workspace).stdout)
    assert projects[0]["name"] == "Churn POC"
    assert projects[0]["best_model_id"] == summary["best_model_id"]


def test_exported_package_scores_a_csv_without_firstwin(trained, tmp_path):
    workspace, data, summary, _ = trained
    out = tmp_path / "package"
    cli("export", "Churn POC:best", "--out", str(out), workspace=workspace)
    assert {"model.skops", "predict.py", "schema.json", "requirements.txt", "MODEL_CARD.md",
            "firstwin_contract.py"} <= {p.name for p in out.iterdir()}
    schema = json.loads((out / "schema.json").read_text())
    assert schema["target"] == "Churn" and schema["classes"] == ["No", "Yes"]
    assert "customerID" not in [c["name"] for c in schema["columns"]]
    card = (out / "MODEL_CARD.md").read_text()
    assert "No ML: always 'No'" in card
    assert "Not used: `customerID`" in card

    # Shuffle the columns and add one: the package must not care.
    raw = pd.read_csv(data, dtype=str, keep_default_na=False).head(50)
    raw = raw[list(reversed(raw.columns))].assign(unused="x")
    raw.to_csv(tmp_path / "in.csv", index=False)
    # Run from an empty folder with FirstWin's code off the path: the package stands alone.
    result = subprocess.run(
        [sys.executable, "-I", str(out / "predict.py"), str(tmp_path / "in.csv"),
         "--out", str(tmp_path / "out.csv")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    predictions = pd.read_csv(tmp_path / "out.csv")
    assert list(predictions.columns) == ["prediction", "proba_No", "proba_Yes"]
    assert len(predictions) == 50
    assert predictions[["proba_No", "proba_Yes"]].sum(axis=1).round(6).eq(1).all()

    # The in-app predict command gives the same numbers.
    cli("predict", str(summary["best_model_id"]), str(tmp_path / "in.csv"),
        "--out", str(tmp_path / "app.csv"), workspace=workspace)
    in_app = pd.read_csv(tmp_path / "app.csv")
    pd.testing.assert_frame_equal(in_app, predictions)


def test_package_names_missing_columns_and_exits_non_zero(trained, tmp_path):
    workspace, data, _, _ = trained
    out = tmp_path / "package"
    cli("export", "Churn POC:best", "--out", str(out), workspace=workspace)
    pd.read_csv(data).head(5).drop(columns=["tenure"]).to_csv(tmp_path / "in.csv", index=False)
    result = subprocess.run(
        [sys.executable, "-I", str(out / "predict.py"), str(tmp_path / "in.csv"), "--out",
         str(tmp_path / "out.csv")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "'tenure'" in result.stderr and "Traceback" not in result.stderr


def test_saved_spec_replays_the_same_scores(trained, tmp_path):
    workspace, data, summary, _ = trained
    spec_file = tmp_path / "spec.json"
    first = json.loads(cli("train", str(data), "--target", "Churn", "--budget", "quick",
                           "--project", "Replay", "--json", "--spec-out", str(spec_file),
                           workspace=workspace).stdout)
    spec = json.loads(spec_file.read_text())
    assert spec["task"] == "binary" and spec["recipe"]["steps"]
    second = json.loads(cli("run", str(spec_file), "--json", workspace=workspace).stdout)
    assert [r["cv_score"] for r in first["leaderboard"]] == [r["cv_score"] for r in second["leaderboard"]]


@pytest.mark.parametrize("reference, message", [
    ("999", "no model version 999"),
    ("Nope:best", "no project called 'Nope'"),
    ("what", "not a model reference"),
])
def test_bad_model_reference_is_a_clear_error(trained, tmp_path, reference, message):
    workspace, _, _, _ = trained
    result = cli("export", reference, "--out", str(tmp_path / "x"), workspace=workspace, check=False)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
