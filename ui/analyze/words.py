"""Numbers and counts of an evaluation in the words the Analyze view shows. Qt-free.

The evaluation dict is engine/analysis/evaluate.py's contract; these helpers only read it.
"""

from __future__ import annotations

import math

METRIC_NAMES = {
    "roc_auc": "ROC-AUC",
    "pr_auc": "PR-AUC",
    "balanced_accuracy": "Balanced accuracy",
    "accuracy": "Accuracy",
    "precision": "Precision",
    "recall": "Recall",
    "f1": "F1",
    "f1_macro": "F1 (average over classes)",
    "log_loss": "Log loss",
    "brier": "Brier score",
    "mae": "Mean absolute error",
    "rmse": "Root mean squared error",
    "mse": "Mean squared error",
    "r2": "R²",
    "mape": "Mean absolute % error",
    "median_absolute_error": "Median absolute error",
    "value_per_1000": "Value per 1,000 rows",
    "cost_per_1000": "Cost of errors per 1,000 rows",
}
MONEY_METRICS = frozenset({"value_per_1000", "cost_per_1000"})
LOWER_IS_BETTER = frozenset({"log_loss", "brier", "mae", "rmse", "mse", "mape",
                             "median_absolute_error", "cost_per_1000"})
# Shown first, in this order; any other metric the engine adds follows in its own order.
METRIC_ORDER = (
    "roc_auc", "balanced_accuracy", "accuracy", "precision", "recall", "f1", "f1_macro",
    "pr_auc", "log_loss", "brier", "r2", "mae", "rmse", "median_absolute_error", "mape", "mse",
    "value_per_1000", "cost_per_1000",
)
PERCENT_METRICS = frozenset({"mape"})


def metric_name(key: str) -> str:
    """"ROC-AUC", "Log loss (lower is better)"."""
    name = METRIC_NAMES.get(key, key.replace("_", " ").capitalize())
    return f"{name} (lower is better)" if key in LOWER_IS_BETTER else name


def with_money(result: dict) -> tuple[dict, dict]:
    """The model's and the no-ML baseline's metrics, plus their worth in money when known.

    Yes/no: value per 1,000 rows at the saved threshold against the better no-ML choice
    (act on everyone or on no one). Numbers: what the errors cost against the baseline's.
    """
    model = dict(result.get("metrics") or {})
    baseline = dict(result.get("baseline_metrics") or {})
    value = result.get("value") or {}
    if not value.get("has_values"):
        return model, baseline
    at_chosen, no_ml, cost = value.get("at_chosen"), value.get("no_ml"), value.get("cost")
    if at_chosen and no_ml:
        model["value_per_1000"] = at_chosen.get("value_per_1000")
        baseline["value_per_1000"] = no_ml.get("best_per_1000")
    if cost:
        model["cost_per_1000"] = cost.get("model_per_1000")
        baseline["cost_per_1000"] = cost.get("baseline_per_1000")
    return model, baseline


def metric_keys(*metric_dicts: dict | None) -> list[str]:
    """The metrics present in any of the dicts, known ones first in a reading order."""
    present: list[str] = []
    for metrics in metric_dicts:
        for key in metrics or {}:
            if key not in present:
                present.append(key)
    known = [k for k in METRIC_ORDER if k in present]
    return known + [k for k in present if k not in METRIC_ORDER]


def metric_value(value) -> float | None:
    """A metric's number: metrics are numbers, or dicts with a "value" (and maybe a range)."""
    if isinstance(value, dict):
        value = value.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def number(value, key: str = "") -> str:
    """A metric as text: 3 decimals, percentages for MAPE, "—" when there is none."""
    value = metric_value(value)
    if value is None:
        return "—"
    if key in PERCENT_METRICS:
        return f"{value:.1%}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3f}"


def compare(key: str, model, baseline) -> str:
    """"better", "worse" or "same" for the model against the baseline ("" if either is missing)."""
    model, baseline = metric_value(model), metric_value(baseline)
    if model is None or baseline is None:
        return ""
    if abs(model - baseline) < 1e-9:
        return "same"
    better = model < baseline if key in LOWER_IS_BETTER else model > baseline
    return "better" if better else "worse"


def money(value, currency: str = "$") -> str:
    """"$12,300", "−$450": whole units, a real minus sign."""
    if value is None or not math.isfinite(value):
        return "—"
    sign = "−" if value < 0 else ""
    amount = f"{abs(value):,.0f}"
    if len(currency) <= 1:
        return f"{sign}{currency}{amount}"
    return f"{sign}{amount} {currency}"


def entry_near(curve: list[dict], threshold: float) -> dict | None:
    """The threshold-curve entry closest to ``threshold`` (no recompute: a lookup)."""
    if not curve:
        return None
    return min(curve, key=lambda entry: abs(entry["threshold"] - threshold))


def yes_no(classes: list) -> tuple[str, str]:
    """The "yes" and "no" labels of a binary model (the engine's yes is classes[1])."""
    if len(classes) >= 2:
        return str(classes[1]), str(classes[0])
    return "yes", "no"


def confusion_words(entry: dict, classes: list) -> str:
    """"Catches 312 of 400 'Yes' cases, bothers 150 'No' cases by mistake, misses 88."."""
    yes, no = yes_no(classes)
    tp, fp, fn = int(entry["tp"]), int(entry["fp"]), int(entry["fn"])
    return (f"Catches {tp:,} of {tp + fn:,} “{yes}” cases, bothers {fp:,} “{no}” "
            f"{_plural(fp, 'case')} by mistake, misses {fn:,}.")


def flagged_words(entry: dict) -> str:
    share = entry.get("flagged_share")
    if share is None:
        total = entry["tp"] + entry["fp"] + entry["fn"] + entry["tn"]
        share = (entry["tp"] + entry["fp"]) / total if total else 0.0
    return f"It flags {share:.0%} of all rows for action."


def no_ml_levels(curve: list[dict], value: dict | None) -> dict[str, float]:
    """Value per 1,000 rows of acting on everyone and on no one (the two no-ML choices).

    From the engine's ``value["no_ml"]``; read off the curve's ends when it is missing
    (flagging every row is threshold 0, flagging none the highest threshold).
    """
    no_ml = (value or {}).get("no_ml") or {}
    levels: dict[str, float] = {}
    for key, engine_key in (("everyone", "act_on_everyone"), ("no_one", "act_on_no_one")):
        found = (no_ml.get(engine_key) or {}).get("value_per_1000")
        if isinstance(found, int | float):
            levels[key] = float(found)
    ordered = sorted(curve or [], key=lambda e: e["threshold"])
    if ordered and "everyone" not in levels and ordered[0]["fn"] == ordered[0]["tn"] == 0:
        levels["everyone"] = float(ordered[0]["value_per_1000"])
    if ordered and "no_one" not in levels and ordered[-1]["tp"] == ordered[-1]["fp"] == 0:
        levels["no_one"] = float(ordered[-1]["value_per_1000"])
    return levels


def _plural(count: int, word: str) -> str:
    return word if count == 1 else f"{word}s"
