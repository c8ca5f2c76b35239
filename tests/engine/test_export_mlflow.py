"""The package is an MLflow model: pyfunc loads it and ``mlflow models serve`` serves it.

The layout test needs only PyYAML; the others run the real mlflow-skinny (a test extra) in a
separate process with FirstWin off the path, and skip where it is not installed.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pandas as pd
import pytest

from engine.export import export_model
from engine.registry import predict_with
from storage import Store
from tests.engine.helpers import churn_like
from tests.engine.ship_support import by_name, train

SERVE_SECONDS = 90


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("mlflow") / "workspace"
    with Store.open(workspace) as store:
        linear = by_name(train(store), "Linear model")
        result = export_model(store, linear, workspace.parent / "package", onnx=False)
        yield store, linear, result.folder


def test_mlmodel_names_the_loader_its_signature_and_an_input_example(package):
    yaml = pytest.importorskip("yaml")
    _, linear, folder = package
    mlmodel = yaml.safe_load((folder / "MLmodel").read_text())
    flavor = mlmodel["flavors"]["python_function"]
    assert flavor["loader_module"] == "firstwin_pyfunc" and flavor["code"] == "code"
    assert (folder / "code" / "firstwin_pyfunc.py").is_file()
    assert flavor["env"] == {"virtualenv": "python_env.yaml"}
    inputs = json.loads(mlmodel["signature"]["inputs"])
    schema = linear.details["schema"]
    assert [c["name"] for c in inputs] == [c["name"] for c in schema["columns"]]
    assert {c["type"] for c in inputs} <= {"long", "double", "string", "boolean", "datetime"}
    outputs = [c["name"] for c in json.loads(mlmodel["signature"]["outputs"])]
    assert outputs == ["prediction", "proba_No", "proba_Yes"]
    example = json.loads((folder / "input_example.json").read_text())
    assert example["columns"] == [c["name"] for c in inputs] and len(example["data"]) == 5
    serving = json.loads((folder / "serving_input_example.json").read_text())
    assert serving == {"dataframe_split": example}
    assert "-r requirements.txt" in (folder / "python_env.yaml").read_text()


def test_mlflow_pyfunc_loads_the_folder_without_firstwin(package, tmp_path):
    pytest.importorskip("mlflow")
    store, linear, folder = package
    frame = churn_like(30, seed=3).drop(columns=["Churn"])
    frame.to_csv(tmp_path / "in.csv", index=False)
    code = (
        "import sys, pandas as pd, mlflow.pyfunc\n"
        "assert not any(m.split('.')[0] in ('engine', 'storage', 'ui') for m in sys.modules)\n"
        f"model = mlflow.pyfunc.load_model({str(folder)!r})\n"
        f"model.predict(pd.read_csv({str(tmp_path / 'in.csv')!r})).to_csv('out.csv', index=False)\n"
    )
    result = subprocess.run([sys.executable, "-I", "-c", code], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    expected = predict_with(store, linear, frame)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "out.csv"), expected, check_dtype=False)


def test_mlflow_models_serve_answers_invocations_on_loopback(package, tmp_path):
    pytest.importorskip("mlflow")
    pytest.importorskip("uvicorn")
    pytest.importorskip("fastapi")
    _, _, folder = package
    port = _free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mlflow", "models", "serve", "-m", str(folder),
             "--env-manager", "local", "-h", "127.0.0.1", "-p", str(port)],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        )
        try:
            _wait_until_up(f"http://127.0.0.1:{port}/ping", server, tmp_path / "serve.log")
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/invocations",
                data=(folder / "serving_input_example.json").read_bytes(),
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                answer = json.loads(response.read())
        finally:
            _stop(server)
    predictions = answer["predictions"]
    assert len(predictions) == 5
    assert set(predictions[0]) == {"prediction", "proba_No", "proba_Yes"}
    assert predictions[0]["prediction"] in ("No", "Yes")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + SERVE_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"mlflow models serve exited with {server.returncode}: "
                        f"{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"mlflow models serve did not answer within {SERVE_SECONDS} s")


def _stop(server: subprocess.Popen) -> None:
    """Stop the server and the workers it started (its own process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)
