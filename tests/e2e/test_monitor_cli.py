"""The headless monitoring commands: score, attach-labels, monitor, check-triggers, retrain."""

from __future__ import annotations

import json
import shutil

import pytest

from engine.runner import run_frame
from engine.spec import RunSpec
from storage import Store
from tests.engine.helpers import churn_like
from ui.cli import main as cli_main


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monitor_cli") / "ws"
    spec = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear"])
    with Store.open(folder) as store:
        run_frame(store, churn_like(600), spec)
    return folder


@pytest.fixture
def workspace(trained, tmp_path):
    """A fresh copy of the trained workspace for each test."""
    return shutil.copytree(trained, tmp_path / "ws")


def csv(tmp_path, name: str, rows: int, seed: int, *, labels: bool = True, shift: bool = False):
    frame = churn_like(rows, seed=seed)
    frame.insert(0, "customer", range(seed * 10_000, seed * 10_000 + rows))
    if shift:
        frame["tenure"] = frame["tenure"] // 4
    if not labels:
        frame = frame.drop(columns="Churn")
    path = tmp_path / name
    frame.to_csv(path, index=False)
    return path


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = cli_main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_score_json_reports_the_batch_and_its_drift(workspace, tmp_path, capsys):
    data = csv(tmp_path, "june.csv", 200, seed=1, labels=False, shift=True)

    code, out, _ = run_cli(capsys, "score", "Churn:best", data, "--id-col", "customer",
                           "--workspace", workspace, "--json")

    assert code == 0
    result = json.loads(out)
    assert (result["rows"], result["labelled"], result["source_name"]) == (200, 0, "june.csv")
    assert result["alarms"] == ["tenure"]
    tenure = result["drift"]["features"][0]
    assert {"feature", "kind", "statistic", "statistics", "threshold", "alarm", "importance",
            "words"} <= set(tenure)


def test_score_prints_drift_in_words(workspace, tmp_path, capsys):
    data = csv(tmp_path, "july.csv", 200, seed=2)
    code, out, _ = run_cli(capsys, "score", "Churn:best", data, "--workspace", workspace)
    assert code == 0
    assert "200 rows of july.csv" in out and "(200 with labels)" in out
    assert "tenure looks as in training" in out


def test_monitor_json_has_batches_windows_drift_and_alarms(workspace, tmp_path, capsys):
    for seed, day, shift in ((3, "2026-03-01", False), (4, "2026-03-02", True)):
        data = csv(tmp_path, f"b{seed}.csv", 150, seed=seed, shift=shift)
        run_cli(capsys, "score", "Churn:best", data, "--at", day, "--workspace", workspace)

    code, out, _ = run_cli(capsys, "monitor", "Churn", "--window", "1", "--unit", "days",
                           "--workspace", workspace, "--json")

    assert code == 0
    report = json.loads(out)
    assert len(report["batches"]) == 2
    assert [w["rows"] for w in report["windows"]] == [150, 150]
    assert all(w["value"] is not None for w in report["windows"])
    assert {"statistic", "threshold", "alarm"} <= set(report["drift"][0])
    assert report["alarms"][0]["feature"] == "tenure"


def test_attach_labels_joins_late_answers_by_id(workspace, tmp_path, capsys):
    data = csv(tmp_path, "unlabelled.csv", 120, seed=5, labels=False)
    run_cli(capsys, "score", "Churn:best", data, "--id-col", "customer", "--workspace", workspace)
    answers = csv(tmp_path, "answers.csv", 120, seed=5)

    code, out, _ = run_cli(capsys, "attach-labels", "Churn", answers, "--id-col", "customer",
                           "--label-col", "Churn", "--workspace", workspace, "--json")

    assert code == 0
    assert json.loads(out)["new"] == 120


def test_check_triggers_exits_3_when_the_floor_is_breached(workspace, tmp_path, capsys):
    run_cli(capsys, "score", "Churn:best", csv(tmp_path, "b.csv", 200, seed=6),
            "--workspace", workspace)

    quiet, out, _ = run_cli(capsys, "check-triggers", "Churn", "--floor", "0.5",
                            "--workspace", workspace)
    assert quiet == 0 and "No trigger fired." in out

    code, out, _ = run_cli(capsys, "check-triggers", "Churn", "--floor", "0.99",
                           "--workspace", workspace, "--json")
    assert code == 3
    fired = json.loads(out)["fired"]
    assert [t["kind"] for t in fired] == ["performance"]


def test_retrain_creates_a_challenger(workspace, tmp_path, capsys):
    new = csv(tmp_path, "new.csv", 300, seed=7)

    code, out, _ = run_cli(capsys, "retrain", "Churn", "--data", new, "--workspace", workspace,
                           "--json")

    assert code == 0
    result = json.loads(out)
    assert result["new_rows"] == 300 and not result["promoted"]
    with Store.open(workspace) as store:
        assert store.model_version(result["challenger_id"]).stage == "staging"


def test_an_unknown_project_is_an_error_in_words(workspace, capsys):
    code, _, err = run_cli(capsys, "monitor", "Nope", "--workspace", workspace)
    assert code == 2 and "no project called 'Nope'" in err and "Churn" in err
