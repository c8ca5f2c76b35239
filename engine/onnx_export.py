"""Convert a fitted pipeline to ONNX, and keep the copy only if it predicts like the original.

The ONNX graph takes what ``prepare_features`` returns (numbers as float, categories as text,
one column each), so a package runs ``prepare_features`` and then either engine. A converted
graph can be silently wrong (HistGradientBoosting's native categorical splits are dropped by
skl2onnx 1.20), so every conversion is checked on real rows before it ships: labels identical
on at least 99.9 % of them and probabilities (or regression outputs) within 1e-4.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from engine import onnx_converters
from engine.model_contract import feature_names, prediction_table
from engine.onnx_model import CLASSES_KEY, COLUMNS_KEY, OnnxModel

LABEL_AGREEMENT = 0.999
TOLERANCE = 1e-4
OPSETS = {"": 17, "ai.onnx.ml": 3}  # runs on ONNX Runtime 1.15 and later


@dataclass
class OnnxOutcome:
    """The ONNX copy (``data``) if it passed, and one sentence saying what happened."""

    data: bytes | None
    note: str
    parity: dict = field(default_factory=dict)

    @property
    def shipped(self) -> bool:
        return self.data is not None


def build_onnx(pipeline, features: pd.DataFrame | None, schema: dict) -> OnnxOutcome:
    """Convert ``pipeline``; check it on ``features`` (prepared rows) against scikit-learn."""
    if features is None or features.empty:
        return OnnxOutcome(None, "model.onnx not included: the training data is not in the "
                           "workspace, so the ONNX copy could not be checked against the model.")
    try:
        data = convert(pipeline, schema)
    except Exception as error:  # noqa: BLE001 - any converter failure means "does not convert"
        return OnnxOutcome(None, f"model.onnx not included: this pipeline does not convert to "
                           f"ONNX ({_reason(error)}). Use model.skops (predict.py's default).")
    parity = check_parity(pipeline, data, features, schema)
    labels = "" if schema["task"] == "regression" else (
        f"labels identical on {parity['label_agreement']:.2%}, ")
    if parity["passed"]:
        return OnnxOutcome(data, (
            f"model.onnx included: it matches the model on {parity['rows']:,} rows ({labels}"
            f"largest difference {parity['max_difference']:.1e}; converted with "
            f"{_versions()}). Score with: predict.py --engine onnx"), parity)
    why = (
        "gradient boosting with native categorical splits converts to ONNX but predicts "
        "wrongly (skl2onnx mishandles the category splits); "
        if uses_native_categories(pipeline) else ""
    )
    needed = "" if schema["task"] == "regression" else f"{LABEL_AGREEMENT:.1%} identical labels and "
    return OnnxOutcome(None, (
        f"model.onnx not included: {why}the ONNX copy disagrees with the model on "
        f"{parity['rows']:,} rows ({labels}largest difference {parity['max_difference']:.3g}; "
        f"needed {needed}a difference of at most {TOLERANCE:g}). "
        "Use model.skops (predict.py's default)."), parity)


def convert(pipeline, schema: dict) -> bytes:
    """The ONNX bytes of ``pipeline``, with its classes recorded in the model's metadata."""
    import onnx
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType, StringTensorType

    onnx_converters.register()
    numeric, categorical = feature_names(schema)
    inputs = [(name, FloatTensorType([None, 1])) for name in numeric]
    inputs += [(name, StringTensorType([None, 1])) for name in categorical]
    model = to_onnx(
        onnx_converters.convertible(pipeline), initial_types=inputs,
        options=None if schema["task"] == "regression" else {"zipmap": False},
        target_opset=OPSETS,
    )
    graph_inputs = [node.name for node in model.graph.input]
    if len(graph_inputs) != len(inputs):
        raise ValueError(f"the graph has {len(graph_inputs)} inputs for {len(inputs)} columns")
    # skl2onnx keeps the inputs in order but sanitises their names; remember each one's column.
    props = {COLUMNS_KEY: json.dumps(dict(zip(graph_inputs, (n for n, _ in inputs), strict=True)))}
    classes = getattr(pipeline, "classes_", None)
    if classes is not None:
        props[CLASSES_KEY] = json.dumps([str(c) for c in classes])
    onnx.helper.set_model_props(model, props)
    return model.SerializeToString()


def check_parity(pipeline, data: bytes, features: pd.DataFrame, schema: dict) -> dict:
    """Compare both engines' prediction tables on ``features``."""
    expected = prediction_table(pipeline, features, schema)
    actual = prediction_table(OnnxModel(data), features, schema)
    rows = len(expected)
    if schema["task"] == "regression":
        ours = expected["prediction"].to_numpy(dtype=float)
        theirs = actual["prediction"].to_numpy(dtype=float)
        # Relative beyond 1: ONNX computes in float32, whose precision scales with the value.
        gap = np.abs(ours - theirs) / np.maximum(1.0, np.abs(ours))
        agreement = 1.0
    else:
        numbers = [c for c in expected.columns if c.startswith("proba_")]
        gap = np.abs(expected[numbers].to_numpy(float) - actual[numbers].to_numpy(float))
        agreement = float((expected["prediction"] == actual["prediction"]).mean())
    largest = float(np.nanmax(gap)) if gap.size else 0.0
    if np.isnan(gap).any():
        largest = float("inf")
    return {
        "rows": rows,
        "label_agreement": agreement,
        "max_difference": largest,
        "passed": agreement >= LABEL_AGREEMENT and largest <= TOLERANCE,
    }


def uses_native_categories(model) -> bool:
    """True if the model (or a blend member) is HistGradientBoosting with categorical splits."""
    mask = getattr(model, "is_categorical_", None)
    if mask is not None and bool(np.any(mask)):
        return True
    parts = [step for _, step in getattr(model, "steps", [])]
    parts += list(getattr(model, "estimators_", None) or [])
    return any(uses_native_categories(part) for part in parts)


def _reason(error: Exception) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    missing = re.search(r"type '<class '[\w.]*\.(\w+)'>'", text)
    if missing:
        return f"no ONNX converter for {missing.group(1)}"
    return text[:200]


def _versions() -> str:
    from importlib import metadata

    found = []
    for name in ("skl2onnx", "onnx", "onnxruntime"):
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)
