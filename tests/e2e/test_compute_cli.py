"""Where work runs, from the command line: ``compute`` shows and saves the workspace's choice;
``--cluster`` / ``--local`` choose for one command; a wrong address stops with a clear message
before anything is stored."""

from __future__ import annotations

import json

import pytest

from storage import Store
from tests.engine.helpers import churn_like
from ui.cli import main as cli_main


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = cli_main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_compute_saves_the_workspace_choice_and_keeps_the_address_when_going_local(
        capsys, workspace):
    code, _, err = run_cli(capsys, "compute", "--workspace", workspace)
    assert code == 0 and "This workspace runs on this computer." in err
    code, _, err = run_cli(capsys, "compute", "--workspace", workspace, "--cluster", "sched:9000")
    assert code == 0 and "runs on the Dask cluster at tcp://sched:9000" in err
    run_cli(capsys, "compute", "--workspace", workspace, "--local")
    code, out, _ = run_cli(capsys, "compute", "--workspace", workspace, "--json")
    assert json.loads(out)["saved"] == {"mode": "local", "address": "tcp://sched:9000"}


def test_the_environment_overrides_the_saved_choice_and_says_so(capsys, workspace, monkeypatch):
    run_cli(capsys, "compute", "--workspace", workspace, "--cluster", "sched")
    monkeypatch.setenv("FIRSTWIN_CLUSTER", "local")
    code, _, err = run_cli(capsys, "compute", "--workspace", workspace)
    assert code == 0 and "$FIRSTWIN_CLUSTER overrides it: work runs on this computer." in err


@pytest.mark.parametrize("how", [("--cluster", "127.0.0.1:9"), ("FIRSTWIN_CLUSTER", "127.0.0.1:9")])
def test_train_on_an_unreachable_cluster_stops_in_words_and_stores_nothing(
        capsys, workspace, tmp_path, monkeypatch, how):
    data = tmp_path / "churn.csv"
    churn_like(200).to_csv(data, index=False)
    flag = list(how) if how[0].startswith("--") else []
    if not flag:
        monkeypatch.setenv(*how)
    code, out, err = run_cli(capsys, "train", data, "--target", "Churn", "--budget", "quick",
                             "--workspace", workspace, *flag)
    assert code == 2 and out == ""
    assert "error: Could not reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "--local" in err and "Traceback" not in err
    with Store.open(workspace) as store:
        assert store.projects() == []


def test_local_beats_a_saved_cluster_for_one_command(capsys, workspace, tmp_path):
    data = tmp_path / "churn.csv"
    churn_like(200).to_csv(data, index=False)
    run_cli(capsys, "compute", "--workspace", workspace, "--cluster", "127.0.0.1:9")
    code, out, _ = run_cli(capsys, "train", data, "--target", "Churn", "--budget", "quick",
                           "--workspace", workspace, "--local", "--json")
    assert code == 0 and json.loads(out)["status"] == "finished"
