"""The exported package: every file, a threshold that predict.py applies, CSV and JSON lines in."""

from __future__ import annotations

import dataclasses
import json
import re
import zipfile

import pandas as pd
import pytest

from engine.errors import UserError
from engine.export import export_model
from engine.registry import package_schema, predict_with
from storage import Store
from tests.engine.helpers import churn_like
from tests.engine.ship_support import by_name, load_package_module, run_package, train

EVERY_FILE = {
    "model.skops", "model.onnx", "predict.py", "firstwin_contract.py", "firstwin_onnx.py", "firstwin_fast_csv.py",
    "schema.json", "requirements.txt", "MODEL_CARD.md", "model_card.html", "MLmodel",
    "python_env.yaml", "input_example.json", "serving_input_example.json",
    "code/firstwin_pyfunc.py",
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    workspace = tmp_path_factory.mktemp("export") / "workspace"
    with Store.open(workspace) as store:
        models = train(store)
        linear = by_name(models, "Linear model")
        package = export_model(store, linear, workspace.parent / "package", zip=True)
        yield store, linear, package


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rows")
    frame = churn_like(40, seed=7).drop(columns=["Churn"])
    frame.to_csv(folder / "in.csv", index=False)
    frame.to_json(folder / "in.jsonl", orient="records", lines=True)
    frame.to_json(folder / "in.json", orient="records")
    return folder, frame


def test_package_holds_every_file_and_says_what_it_wrote(trained):
    _, _, package = trained
    assert set(package.files) == EVERY_FILE
    assert package.onnx is True
    assert len(package.notes) == 1 and package.notes[0].startswith("model.onnx included")


def test_schema_json_carries_the_default_threshold_for_a_yes_no_model(trained):
    _, linear, package = trained
    schema = json.loads((package.folder / "schema.json").read_text())
    assert schema["threshold"] == 0.5
    assert schema == package_schema(linear)
    chosen = dataclasses.replace(linear, details={**linear.details, "threshold": 0.8})
    assert package_schema(chosen)["threshold"] == 0.8


def test_card_in_markdown_and_self_contained_html_say_the_same(trained):
    _, _, package = trained
    card = (package.folder / "MODEL_CARD.md").read_text()
    page = (package.folder / "model_card.html").read_text()
    assert "Decision threshold: **0.5**" in card and "<strong>0.5</strong>" in page
    assert "model.onnx included" in card and "model.onnx included" in page
    assert "No ML: always" in page and "<table>" in page
    assert not re.search(r"<script|<link|src=|https?://", page)


def test_zip_holds_the_package_folder(trained):
    _, _, package = trained
    assert package.zip_path == package.folder.with_name("package.zip")
    with zipfile.ZipFile(package.zip_path) as archive:
        assert {n.removeprefix("package/") for n in archive.namelist()} == EVERY_FILE


def test_predict_py_scores_a_csv_exactly_like_the_app(trained, rows, tmp_path):
    store, linear, package = trained
    folder, frame = rows
    result = run_package(package.folder, folder / "in.csv", "--out", tmp_path / "out.csv",
                         cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    in_app = predict_with(store, linear, frame)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "out.csv"), in_app, check_dtype=False)


def test_predict_py_reads_json_lines_and_json_arrays_like_csv(trained, rows):
    _, _, package = trained
    folder, _ = rows
    predict = load_package_module(package.folder)
    csv = predict.read_input(folder / "in.csv")
    for name in ("in.jsonl", "in.json"):
        pd.testing.assert_frame_equal(predict.read_input(folder / name), csv, check_dtype=False)


def test_predict_py_applies_the_threshold_and_leaves_probabilities_alone(trained, rows):
    _, _, package = trained
    folder, frame = rows
    predict = load_package_module(package.folder)
    schema, model = predict.load_schema(), predict.load_model()
    half = predict.score(frame, model, schema)
    high = predict.score(frame, model, {**schema, "threshold": 0.9})
    pd.testing.assert_frame_equal(half.drop(columns="prediction"), high.drop(columns="prediction"))
    assert (half["prediction"] == (half["proba_Yes"] >= 0.5).map({True: "Yes", False: "No"})).all()
    assert (high["prediction"] == (high["proba_Yes"] >= 0.9).map({True: "Yes", False: "No"})).all()
    assert (high["prediction"] == "Yes").sum() < (half["prediction"] == "Yes").sum()


def test_predict_py_explains_bad_input_with_exit_code_2_and_no_traceback(trained, rows, tmp_path):
    _, _, package = trained
    folder, frame = rows
    frame.drop(columns=["tenure"]).to_csv(tmp_path / "short.csv", index=False)
    (tmp_path / "broken.jsonl").write_text('{"tenure": 3}\nnot json\n')
    cases = [
        ((tmp_path / "short.csv",), "'tenure'"),
        ((tmp_path / "broken.jsonl",), "JSON lines"),
        ((tmp_path / "nowhere.csv",), "does not exist"),
    ]
    for args, words in cases:
        result = run_package(package.folder, *args, "--out", tmp_path / "o.csv", cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        assert words in result.stderr and "Traceback" not in result.stderr
    helped = run_package(package.folder, "--help", cwd=tmp_path)
    assert helped.returncode == 0 and "--engine" in helped.stdout and "JSON lines" in helped.stdout


def test_no_onnx_export_says_so_and_onnx_engine_then_explains(trained, rows, tmp_path):
    store, linear, _ = trained
    folder, _ = rows
    package = export_model(store, linear, tmp_path / "plain", onnx=False)
    assert "model.onnx" not in package.files and package.onnx is False
    assert package.notes == ["model.onnx not included: ONNX export was switched off for this export."]
    assert "onnxruntime" not in (package.folder / "requirements.txt").read_text()
    result = run_package(package.folder, folder / "in.csv", "--out", tmp_path / "o.csv",
                         "--engine", "onnx", cwd=tmp_path)
    assert result.returncode == 2 and "no model.onnx" in result.stderr


def test_export_refuses_a_folder_that_holds_other_files(trained, tmp_path):
    store, linear, _ = trained
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(UserError, match="not an empty folder"):
        export_model(store, linear, tmp_path, onnx=False)
    assert (tmp_path / "mine.txt").read_text() == "keep me"
