"""Make a package folder an MLflow model: ``MLmodel`` with a ``python_function`` flavour.

``mlflow.pyfunc.load_model(FOLDER)`` and ``mlflow models serve -m FOLDER`` then work without
FirstWin: the flavour's ``loader_module`` (``code/firstwin_pyfunc.py``) scores through
predict.py. The files are plain text written here, so FirstWin itself never needs MLflow.
The signature types raw input columns as the training file had them (whole numbers ``long``,
other numbers ``double``, text ``string``), as MLflow's own inference would; every input column
is optional for MLflow, and predict.py names the missing ones.
"""

from __future__ import annotations

import json
import shutil
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
LOADER = HERE / "package_template" / "firstwin_pyfunc.py"
LOADER_MODULE = "firstwin_pyfunc"
EXAMPLE_ROWS = 5
FILES = ("MLmodel", "python_env.yaml", "input_example.json", "serving_input_example.json", "code")


def write_flavor(folder: Path, schema: dict, sample: pd.DataFrame | None, python: str) -> None:
    """Write MLmodel, its environment, an input example and the loader into ``folder``."""
    example = _example(schema, sample)
    (folder / "code").mkdir()
    shutil.copyfile(LOADER, folder / "code" / f"{LOADER_MODULE}.py")
    split = json.loads(example.to_json(orient="split", index=False, date_format="iso"))
    _write_json(folder / "input_example.json", split)
    _write_json(folder / "serving_input_example.json", {"dataframe_split": split})
    (folder / "python_env.yaml").write_text(
        f"python: {python}\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n",
        encoding="utf-8",
    )
    inputs = [
        {"type": _input_type(example[c["name"]]), "name": c["name"], "required": False}
        for c in schema["columns"]
    ]
    (folder / "MLmodel").write_text(_mlmodel(python, inputs, _outputs(schema)), encoding="utf-8")


def _mlmodel(python: str, inputs: list[dict], outputs: list[dict]) -> str:
    created = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    quoted = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    return "\n".join([
        "flavors:",
        "  python_function:",
        "    code: code",
        "    env:",
        "      virtualenv: python_env.yaml",
        f"    loader_module: {LOADER_MODULE}",
        f"    python_version: {quoted(python)}",
        f"model_uuid: {uuid.uuid4().hex}",
        "saved_input_example_info:",
        "  artifact_path: input_example.json",
        "  pandas_orient: split",
        "  serving_input_path: serving_input_example.json",
        "  type: dataframe",
        "signature:",
        f"  inputs: {quoted(json.dumps(inputs))}",
        f"  outputs: {quoted(json.dumps(outputs))}",
        "  params: null",
        f"utc_time_created: {quoted(created)}",
        "",
    ])


def _outputs(schema: dict) -> list[dict]:
    if schema["task"] == "regression":
        return [{"type": "double", "name": "prediction", "required": True}]
    return [{"type": "string", "name": "prediction", "required": True}] + [
        {"type": "double", "name": f"proba_{label}", "required": True}
        for label in schema["classes"]
    ]


def _input_type(values: pd.Series) -> str:
    """The MLflow type of a raw column, as MLflow itself would infer it from the training file."""
    if pd.api.types.is_bool_dtype(values):
        return "boolean"
    if pd.api.types.is_integer_dtype(values):
        return "long"
    if pd.api.types.is_numeric_dtype(values):
        return "double"
    if pd.api.types.is_datetime64_any_dtype(values):
        return "datetime"
    return "string"


def _example(schema: dict, sample: pd.DataFrame | None) -> pd.DataFrame:
    """A few real rows of the input columns, or one made-up row when no data is at hand."""
    names = [c["name"] for c in schema["columns"]]
    if sample is not None and not sample.empty and set(names) <= set(sample.columns):
        return sample[names].head(EXAMPLE_ROWS).reset_index(drop=True)
    row = {}
    for column in schema["columns"]:
        if column["kind"] == "numeric":
            row[column["name"]] = 0.0
        elif column["kind"] == "datetime":
            row[column["name"]] = "2024-01-01"
        else:
            row[column["name"]] = (column.get("categories") or [""])[0]
    return pd.DataFrame([row])


def _write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=2) + "\n", encoding="utf-8")
