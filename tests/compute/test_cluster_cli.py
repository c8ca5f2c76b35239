"""``train --cluster`` trains on the cluster; ``compute --test`` says what the cluster offers."""

from __future__ import annotations

import json

from storage import Store
from tests.e2e.test_compute_cli import run_cli
from tests.engine.helpers import churn_like


def test_compute_test_reports_the_workers_cores_and_versions(capsys, cluster, workspace):
    code, out, _ = run_cli(capsys, "compute", "--workspace", workspace,
                           "--cluster", cluster.scheduler_address, "--test", "--json")
    assert code == 0
    found = json.loads(out)["cluster"]
    assert found["workers"] == 2 and found["cores"] == 2 and found["memory_bytes"] > 0
    assert found["versions"]["scikit-learn"]


def test_train_with_cluster_trains_there_and_stores_the_same_leaderboard(
        capsys, cluster, workspace, tmp_path):
    data = tmp_path / "churn.csv"
    churn_like(300).to_csv(data, index=False)
    common = ("train", data, "--target", "Churn", "--budget", "quick")
    code, _, err = run_cli(capsys, *common, "--workspace", workspace,
                           "--cluster", cluster.scheduler_address)
    assert code == 0 and "Training on the Dask cluster at tcp://127.0.0.1" in err
    code, local_out, _ = run_cli(capsys, *common, "--json", "--workspace", tmp_path / "local", "--local")
    with Store.open(workspace) as store:
        board = [(m.name, m.cv_score) for m in store.model_versions()]
    assert board == [(r["name"], r["cv_score"]) for r in json.loads(local_out)["leaderboard"]]
