"""Run ``model.onnx`` with ONNX Runtime behind the face of a fitted scikit-learn model.

``prediction_table`` (``engine.model_contract``) only needs ``predict``, ``predict_proba`` and
``classes_``; ``OnnxModel`` gives it those, so both engines share one prediction table. The
ONNX graph's inputs are the columns ``prepare_features`` returns, one ``[N, 1]`` tensor each.

This file is copied verbatim into every exported package that ships ``model.onnx`` (as
``firstwin_onnx.py``). Keep it self-contained: only the standard library, numpy and
onnxruntime (imported when a model is opened).
"""

from __future__ import annotations

import json

import numpy as np

CLASSES_KEY = "firstwin_classes"  # metadata entry naming the classifier's classes, in order
COLUMNS_KEY = "firstwin_columns"  # metadata entry: the input column behind each graph input


class OnnxModel:
    """An ONNX Runtime session that predicts like the scikit-learn pipeline it came from."""

    def __init__(self, model: str | bytes) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.log_severity_level = 3  # the converter leaves harmless unused initializers
        self.session = ort.InferenceSession(
            model, sess_options=options, providers=["CPUExecutionProvider"]
        )
        metadata = self.session.get_modelmeta().custom_metadata_map
        # Graph input names are sanitised ("Tenure (months)" -> "Tenure__months_"): the
        # metadata names the column each one reads.
        columns = json.loads(metadata.get(COLUMNS_KEY, "{}"))
        self.inputs = [
            (node.name, columns.get(node.name, node.name), node.type)
            for node in self.session.get_inputs()
        ]
        self.outputs = [node.name for node in self.session.get_outputs()]
        classes = json.loads(metadata[CLASSES_KEY]) if CLASSES_KEY in metadata else None
        self.classes_ = None if classes is None else np.asarray(classes, dtype=object)

    def _feeds(self, features) -> dict[str, np.ndarray]:
        """One ``[N, 1]`` tensor per graph input from ``features``: a DataFrame, or a dict of
        numpy arrays (``firstwin_fast_csv``), keyed by prepared column name."""
        feeds = {}
        for name, column_name, kind in self.inputs:
            column = features[column_name]
            if kind == "tensor(string)":
                # prepare_features already hands over Python strings: no per-row conversion.
                if column.dtype != object:
                    column = column.astype(str)
                values = np.asarray(column, dtype=object)
            elif kind == "tensor(double)":
                values = np.asarray(column, dtype=np.float64)
            else:
                values = np.asarray(column, dtype=np.float32)
            feeds[name] = values.reshape(-1, 1)
        return feeds

    def predict(self, features) -> np.ndarray:
        """Labels (classification) or numbers (regression), one per row."""
        return np.asarray(self.session.run([self.outputs[0]], self._feeds(features))[0]).ravel()

    def predict_proba(self, features) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        if self.classes_ is None:
            raise AttributeError("this ONNX model is a regressor: it has no probabilities")
        probabilities = self.session.run([self.outputs[1]], self._feeds(features))[0]
        return np.asarray(probabilities, dtype=np.float64)
