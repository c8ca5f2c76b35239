"""Signs after training that the model may be cheating: one dominant feature, a perfect score.

Before training, ``engine.leakage`` looks at the data; here the fitted model's own behaviour on
its holdout hints at a leak: an answer hidden in a feature makes that feature carry almost all
of the importance and the score look too good to be true.
"""

from __future__ import annotations

import math

from engine.scoring import METRIC_WORDS

# One feature carrying this share of the importance, and this many times the next one's drop.
DOMINANT_SHARE = 0.8
DOMINANT_LEAD = 5.0
# Holdout scores at or above this are rarely honest on real business data.
SUSPICIOUS_SCORE = 0.995
# Metrics checked for a suspiciously perfect score, per task. Accuracy counts only with
# balanced accuracy beside it, so that always answering the majority class of a very
# lopsided target (a trivial 99.5 %) is not mistaken for a leak.
PERFECT_METRICS = {
    "binary": ("roc_auc", "balanced_accuracy"),
    "multiclass": ("balanced_accuracy", "roc_auc"),
    "regression": ("r2",),
}


def post_training_warnings(drivers: list[dict], holdout_metrics: dict, task: str) -> list[str]:
    """Plain warnings, each saying what to check; empty when nothing looks suspicious.

    ``holdout_metrics`` maps metric keys (``roc_auc``, ``accuracy``, ``balanced_accuracy``,
    ``r2``) to numbers, or to dicts with a ``"value"``.
    """
    warnings = []
    dominant = _dominant_feature(drivers)
    if dominant is not None:
        warnings.append(_dominance_warning(dominant, drivers))
    perfect = _perfect_metric(holdout_metrics or {}, task)
    if perfect is not None:
        warnings.append(_perfect_warning(*perfect, drivers))
    return warnings


def _dominant_feature(drivers: list[dict]) -> dict | None:
    if not drivers or drivers[0]["share"] < DOMINANT_SHARE:
        return None
    first = drivers[0]
    second = drivers[1]["mean"] if len(drivers) > 1 else 0.0
    if second > 0 and first["mean"] < DOMINANT_LEAD * second:
        return None
    return first


def _dominance_warning(dominant: dict, drivers: list[dict]) -> str:
    name = dominant["feature"]
    text = (
        f"{name} carries {round(dominant['share'] * 100)} % of what the model uses, far more "
        "than any other feature"
    )
    if len(drivers) > 1:
        text += f" (next: {drivers[1]['feature']}, {round(drivers[1]['share'] * 100)} %)"
    return text + f". {_check(name)}"


def _perfect_metric(holdout_metrics: dict, task: str) -> tuple[str, float] | None:
    keys = PERFECT_METRICS.get(task, ())
    if task != "regression" and "balanced_accuracy" not in holdout_metrics:
        keys = (*keys, "accuracy")  # nothing better to go on
    for key in keys:
        value = _number(holdout_metrics.get(key))
        if value is not None and value >= SUSPICIOUS_SCORE:
            return key, value
    return None


def _perfect_warning(key: str, value: float, drivers: list[dict]) -> str:
    text = (
        f"The model scores almost perfectly on rows it never saw ({METRIC_WORDS.get(key, key)} "
        f"{value:.3f}). Real problems are rarely this easy."
    )
    if drivers and drivers[0]["share"] > 0:
        return text + f" {_check(drivers[0]['feature'])}"
    return text + (
        " Check that every feature is known at prediction time and none is computed from the answer."
    )


def _check(name: str) -> str:
    return f"Check that {name} is known at prediction time and is not computed from the answer."


def _number(value) -> float | None:
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, int | float) and math.isfinite(value):
        return float(value)
    return None
