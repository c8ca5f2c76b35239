"""Shipping from the command line: export (zip, ONNX), promote, bundle and open-bundle."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from engine.registry import predict_with
from storage import Store
from tests.e2e.test_cli import ROOT, cli

SAMPLE = ROOT / "resources" / "samples" / "telco_churn.csv"


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A quick run on 800 rows of the bundled Telco sample."""
    folder = tmp_path_factory.mktemp("ship")
    data = folder / "telco.csv"
    pd.read_csv(SAMPLE, dtype=str, keep_default_na=False).head(800).to_csv(data, index=False)
    workspace = folder / "workspace"
    cli("train", str(data), "--target", "Churn", "--budget", "quick", "--project", "Churn POC",
        workspace=workspace)
    models = json.loads(cli("models", "--json", workspace=workspace).stdout)
    return workspace, data, {m["name"]: m["model_id"] for m in models}


def test_export_writes_a_zip_and_says_when_onnx_was_skipped(trained, tmp_path):
    workspace, _, _ = trained
    result = cli("export", "Churn POC:best", "--out", str(tmp_path / "pkg"), "--zip", "--no-onnx",
                 workspace=workspace)
    assert (tmp_path / "pkg.zip").is_file() and not (tmp_path / "pkg" / "model.onnx").exists()
    assert "Note: model.onnx not included: ONNX export was switched off" in result.stderr
    assert "model_card.html" in result.stderr and "MLmodel" in result.stderr


def test_exported_linear_model_scores_the_same_with_onnx_runtime(trained, tmp_path):
    workspace, data, ids = trained
    result = cli("export", str(ids["Linear model"]), "--out", str(tmp_path / "pkg"),
                 workspace=workspace)
    assert "Note: model.onnx included" in result.stderr
    frame = pd.read_csv(data).head(200)
    frame.to_csv(tmp_path / "in.csv", index=False)
    run = subprocess.run(
        [sys.executable, "-I", str(tmp_path / "pkg" / "predict.py"), str(tmp_path / "in.csv"),
         "--out", str(tmp_path / "onnx.csv"), "--engine", "onnx"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    onnx = pd.read_csv(tmp_path / "onnx.csv")
    with Store.open(workspace) as store:
        skops = predict_with(store, store.model_version(ids["Linear model"]), frame)
    assert (skops["prediction"] == onnx["prediction"]).mean() >= 0.999
    assert (skops["proba_Yes"] - onnx["proba_Yes"]).abs().max() < 1e-4


def test_promote_keeps_one_production_model_and_logs_the_note(trained):
    workspace, _, ids = trained
    first, second = ids["Linear model"], ids["Gradient boosting"]
    cli("promote", str(first), "--stage", "production", "--note", "first go-live",
        workspace=workspace)
    moved = cli("promote", str(second), "--stage", "production", "--json", workspace=workspace)
    answer = json.loads(moved.stdout)
    assert answer["archived_model_id"] == first and answer["lineage"]["run"]["target"] == "Churn"
    assert f"Model {first} (Linear model) left production and is archived" in moved.stderr
    stages = {m["model_id"]: m["stage"]
              for m in json.loads(cli("models", "--json", workspace=workspace).stdout)}
    assert stages[first] == "archived" and stages[second] == "production"
    assert list(stages.values()).count("production") == 1
    wrong = cli("promote", "999", "--stage", "staging", workspace=workspace, check=False)
    assert wrong.returncode == 2 and "no model version 999" in wrong.stderr


def test_bundle_opens_in_another_workspace_once_and_refuses_a_tampered_copy(trained, tmp_path):
    workspace, _, ids = trained
    bundle = tmp_path / "churn.firstwin"
    cli("bundle", "Churn POC", "--out", str(bundle), workspace=workspace)
    other = tmp_path / "other"
    opened = json.loads(cli("open-bundle", str(bundle), "--json", workspace=other).stdout)
    assert opened["created"] and opened["project"] == "Churn POC"
    assert opened["added"]["model_versions"] == len(ids)
    again = cli("open-bundle", str(bundle), workspace=other)
    assert "Nothing new" in again.stderr

    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0xFF
    tampered = tmp_path / "tampered.firstwin"
    tampered.write_bytes(bytes(data))
    third = tmp_path / "third"
    refused = cli("open-bundle", str(tampered), workspace=third, check=False)
    assert refused.returncode == 2 and refused.stderr.startswith("error: ")
    assert "Traceback" not in refused.stderr
    assert json.loads(cli("projects", "--json", workspace=third).stdout) == []
