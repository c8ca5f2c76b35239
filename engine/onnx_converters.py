"""What skl2onnx needs to convert FirstWin pipelines exactly.

- ``SimpleImputer(add_indicator=True)`` (FirstWin's numeric cleaning) converts without its
  missing-value indicator columns in skl2onnx 1.20: the graph then has fewer features than
  the model expects. ``register()`` replaces that converter with one that appends them.
- A blend (``VotingClassifier``) refuses to convert while ``flatten_transform`` is on, a
  setting that only matters to ``transform``; ``convertible`` hands over a copy without it.
"""

from __future__ import annotations

import copy

import numpy as np

_registered = False


def register() -> None:
    """Install FirstWin's SimpleImputer converter into skl2onnx (once per process)."""
    global _registered
    if _registered:
        return
    from skl2onnx import update_registered_converter
    from sklearn.impute import SimpleImputer

    update_registered_converter(
        SimpleImputer, "SklearnSimpleImputer", _imputer_shape, _convert_imputer
    )
    _registered = True


def convertible(pipeline):
    """``pipeline``, or a shallow copy that skl2onnx accepts (same predictions)."""
    if getattr(pipeline, "flatten_transform", None) is True:
        pipeline = copy.copy(pipeline)
        pipeline.flatten_transform = False
    steps = getattr(pipeline, "steps", None)
    if steps:
        last_name, last = steps[-1]
        fixed = convertible(last)
        if fixed is not last:
            pipeline = copy.copy(pipeline)
            pipeline.steps = [*steps[:-1], (last_name, fixed)]
    return pipeline


def _imputer_shape(operator) -> None:
    from skl2onnx.shape_calculators.imputer import calculate_sklearn_imputer_output_shapes

    calculate_sklearn_imputer_output_shapes(operator)
    imputer = operator.raw_operator
    output = operator.outputs[0]
    if imputer.add_indicator and output.type.shape[1] is not None:
        extra = len(imputer.indicator_.features_)
        output.type.shape = [output.type.shape[0], output.type.shape[1] + extra]


def _convert_imputer(scope, operator, container) -> None:
    from skl2onnx.common.data_types import FloatTensorType
    from skl2onnx.operator_converters.common import concatenate_variables
    from skl2onnx.operator_converters.imputer_op import convert_sklearn_imputer
    from skl2onnx.proto import onnx_proto

    imputer = operator.raw_operator
    if not imputer.add_indicator:
        convert_sklearn_imputer(scope, operator, container)
        return
    if not isinstance(operator.inputs[0].type, FloatTensorType) or not np.isnan(
        imputer.missing_values
    ):
        raise NotImplementedError("missing-value indicators are only converted for numbers")

    def name(prefix: str) -> str:
        return scope.get_unique_variable_name(prefix)

    def node(op_type: str, inputs, output: str, **attrs) -> None:
        container.add_node(
            op_type, inputs, output, name=scope.get_unique_operator_name(op_type), **attrs
        )

    features = concatenate_variables(scope, operator.inputs, container)
    imputed, missing, picked, flags = name("imputed"), name("isnan"), name("picked"), name("flags")
    node(
        "Imputer", features, imputed, op_domain="ai.onnx.ml",
        imputed_value_floats=imputer.statistics_.astype(np.float32),
        replaced_value_float=float("nan"),
    )
    node("IsNaN", features, missing)
    columns = name("indicator_columns")
    indices = [int(i) for i in imputer.indicator_.features_]
    container.add_initializer(columns, onnx_proto.TensorProto.INT64, [len(indices)], indices)
    node("Gather", [missing, columns], picked, axis=1)
    node("Cast", picked, flags, to=onnx_proto.TensorProto.FLOAT)
    node("Concat", [imputed, flags], operator.outputs[0].full_name, axis=1)
