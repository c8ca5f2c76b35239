"""Evaluate one model version on its holdout: every number beside the no-ML baseline's.

``evaluate`` is pure: EvaluationInputs in, one JSON-safe dict out. Its keys are the contract
the GUI, the CLI (``main.py evaluate --json``) and reports read; bump ``EVALUATOR_VERSION``
when they change so stored evaluations are recomputed rather than misread.
"""

from __future__ import annotations

import time

import numpy as np

from engine.analysis import drivers, metrics, slices, value, worst_rows
from engine.analysis.inputs import EvaluationInputs
from engine.analysis.leak_check import post_training_warnings
from engine.analysis.summary import summary_sentences
from engine.reporter import Reporter
from engine.scoring import PRIMARY_METRIC, is_classification

EVALUATOR_VERSION = 1
DEPENDENCE_FEATURES = 3
WORST_ROWS = 100  # enough that filtering them by a weak slice still leaves rows to read


def evaluate(inputs: EvaluationInputs, reporter: Reporter | None = None) -> dict:
    """Metrics, value, drivers, errors and warnings for one model version."""
    reporter = reporter or Reporter()
    started = time.perf_counter()
    reporter.progress(0.0, "Scoring the holdout rows")
    result = {
        "version": EVALUATOR_VERSION,
        "model_id": inputs.model_id,
        "model_name": inputs.model_name,
        "baseline_name": inputs.baseline_name,
        "task": inputs.task,
        "target": inputs.target,
        "classes": inputs.classes,
        "metric": PRIMARY_METRIC[inputs.task],
        "rows": {"holdout": len(inputs.y), "oof": 0 if inputs.oof_y is None else len(inputs.oof_y)},
    }
    if is_classification(inputs.task):
        result.update(_classification(inputs))
    else:
        result.update(_regression(inputs))
    reporter.check_cancelled()

    reporter.progress(0.2, "Measuring what drives the predictions")
    importance = drivers.permutation_drivers(
        inputs.model, inputs.features, inputs.y, inputs.schema, inputs.task, inputs.classes
    )
    reporter.check_cancelled()
    reporter.progress(0.6, "Drawing how the top drivers move the prediction")
    dependence = {}
    for entry in importance[:DEPENDENCE_FEATURES]:
        curve = drivers.partial_dependence(
            inputs.model, inputs.features, inputs.schema, entry["feature"], inputs.task,
            inputs.classes,
        )
        if curve is not None:
            dependence[entry["feature"]] = curve
    result["importance"] = importance
    result["dependence"] = dependence
    result["drivers_text"] = drivers.describe_drivers(
        importance, list(dependence.values()), inputs.schema, inputs.task, inputs.classes
    )
    reporter.check_cancelled()

    reporter.progress(0.8, "Looking for where the model goes wrong")
    threshold = result.get("chosen_threshold")
    result["worst_rows"] = worst_rows.worst_rows(
        inputs.raw, inputs.y, inputs.output, inputs.task, inputs.classes, top=WORST_ROWS,
        threshold=threshold,
    )
    result["slices"] = slices.weak_slices(
        inputs.raw, inputs.y, inputs.output, inputs.schema, inputs.task, inputs.classes,
        threshold=threshold,
    )
    result["warnings"] = post_training_warnings(importance, result["metrics"], inputs.task)
    result["summary"] = summary_sentences(result, inputs.value)
    result["seconds"] = round(time.perf_counter() - started, 3)
    reporter.progress(1.0, "Evaluation done")
    return result


def _classification(inputs: EvaluationInputs) -> dict:
    binary = inputs.task == "binary"
    part: dict = {}
    if binary:
        part.update(_threshold_part(inputs))
    threshold = part.get("chosen_threshold")
    predicted = metrics.predicted_labels(inputs.output, inputs.classes, threshold)
    part["metrics"] = metrics.classification_metrics(inputs.y, inputs.output, inputs.classes, threshold)
    part["baseline_metrics"] = _baseline_classification(inputs)
    part["oof_metrics"] = _oof_classification(inputs, threshold)
    part["per_class"] = metrics.per_class_metrics(inputs.y, predicted, inputs.classes)
    part["confusion"] = metrics.confusion(inputs.y, predicted, inputs.classes)
    part["curves"] = metrics.classification_curves(inputs.y, inputs.output, inputs.classes)
    part["regression"] = None
    return part


def _threshold_part(inputs: EvaluationInputs) -> dict:
    """The profit curve on the holdout; the best threshold chosen out of fold when possible.

    Choosing the threshold on the rows that report its value would flatter it, so the
    out-of-fold outputs of the training rows pick it and the holdout only reports.
    """
    yes = inputs.classes[1]
    curve = value.threshold_curve(inputs.y, inputs.output[:, 1], yes, inputs.value)
    source = "holdout"
    chooser = curve
    oof = _finite_oof(inputs)
    if oof is not None:
        oof_y, oof_output = oof
        chooser = value.threshold_curve(oof_y, oof_output[:, 1], yes, inputs.value)
        source = "out-of-fold"
    best = value.best_threshold(chooser)["threshold"]
    chosen = inputs.threshold if inputs.threshold is not None else 0.5
    return {
        "threshold_curve": curve,
        "best_threshold": best,
        "threshold_source": source,
        "chosen_threshold": chosen,
        "value": {
            "currency": inputs.value.currency,
            "has_values": value.has_values(inputs.value),
            "at_chosen": value.entry_at(curve, chosen),
            "at_best": value.entry_at(curve, best),
            "no_ml": value.no_ml_value(inputs.y, yes, inputs.value),
        },
    }


def _baseline_classification(inputs: EvaluationInputs) -> dict | None:
    if inputs.baseline_output is None:
        return None
    return metrics.classification_metrics(inputs.y, inputs.baseline_output, inputs.classes)


def _oof_classification(inputs: EvaluationInputs, threshold: float | None) -> dict | None:
    oof = _finite_oof(inputs)
    if oof is None:
        return None
    return metrics.classification_metrics(oof[0], oof[1], inputs.classes, threshold)


def _regression(inputs: EvaluationInputs) -> dict:
    y = inputs.y.astype(float)
    part = {
        "metrics": metrics.regression_metrics(y, inputs.output),
        "baseline_metrics": None,
        "oof_metrics": None,
        "per_class": None,
        "confusion": None,
        "curves": None,
        "threshold_curve": [],
        "best_threshold": None,
        "threshold_source": None,
        "chosen_threshold": None,
        "regression": metrics.regression_views(y, inputs.output),
        "value": {"currency": inputs.value.currency, "has_values": inputs.value.cost_per_unit_error > 0},
    }
    if inputs.baseline_output is not None:
        part["baseline_metrics"] = metrics.regression_metrics(y, inputs.baseline_output)
        part["value"]["cost"] = value.regression_cost(y, inputs.output, inputs.baseline_output, inputs.value)
    oof = _finite_oof(inputs)
    if oof is not None:
        part["oof_metrics"] = metrics.regression_metrics(oof[0].astype(float), oof[1])
    return part


def _finite_oof(inputs: EvaluationInputs) -> tuple[np.ndarray, np.ndarray] | None:
    """Training rows that some fold scored (time-ordered folds never score the earliest)."""
    if inputs.oof_output is None or inputs.oof_y is None:
        return None
    scored = np.isfinite(inputs.oof_output).reshape(len(inputs.oof_output), -1).all(axis=1)
    if scored.sum() < 10:
        return None
    return inputs.oof_y[scored], inputs.oof_output[scored]

