"""What predictions are worth in money, from the project's ValueMatrix.

Costs are entered as positive numbers meaning money lost, so a false positive *subtracts*
``false_positive_cost``. Values are given per 1,000 cases so that holdouts of different
sizes, and the no-ML choices, compare on one scale. A true negative is worth nothing: it is
the "do nothing" outcome every other outcome is measured from.
"""

from __future__ import annotations

import math

import numpy as np

from engine.spec import ValueMatrix

PER = 1000
EVERYONE = "act_on_everyone"
NO_ONE = "act_on_no_one"
NO_ML_LABELS = {EVERYONE: "Treat every case as yes", NO_ONE: "Treat no case as yes"}
# Equal values closer than this (in money per 1,000) are ties, not a real difference.
TIE = 1e-9


def threshold_curve(
    y_true, proba_yes, positive_label: str, value: ValueMatrix, steps: int = 101
) -> list[dict]:
    """Counts, precision, recall and value per 1,000 cases at thresholds 0, 0.01, …, 1.

    A row is predicted "yes" when its probability is at or above the threshold. Precision
    is None where nothing is flagged, recall None where the truth has no "yes".
    """
    truth = _positives(y_true, positive_label)
    scores = np.asarray(proba_yes, dtype=float)
    if scores.shape != truth.shape:
        raise ValueError(f"Probabilities {scores.shape} do not line up with truth {truth.shape}.")
    if not np.isfinite(scores).all():
        raise ValueError("The probabilities contain NaN; drop unscored rows first.")
    thresholds = np.round(np.linspace(0.0, 1.0, steps), 6)
    tp = _count_at_or_above(scores[truth], thresholds)
    fp = _count_at_or_above(scores[~truth], thresholds)
    n, positives = len(truth), int(truth.sum())
    fn, tn = positives - tp, (n - positives) - fp
    money = _money_per_1000(tp, fp, fn, n, value)
    return [
        {
            "threshold": float(thresholds[i]),
            "tp": int(tp[i]),
            "fp": int(fp[i]),
            "fn": int(fn[i]),
            "tn": int(tn[i]),
            "precision": _ratio(tp[i], tp[i] + fp[i]),
            "recall": _ratio(tp[i], positives),
            "flagged_share": float((tp[i] + fp[i]) / n),
            "value_per_1000": float(money[i]),
        }
        for i in range(steps)
    ]


def best_threshold(curve: list[dict]) -> dict:
    """The entry worth the most per 1,000 cases; among equals, the one nearest 0.5.

    With no money values entered every entry is worth 0, so this is the 0.5 entry.
    """
    if not curve:
        raise ValueError("The threshold curve is empty.")
    top = max(entry["value_per_1000"] for entry in curve)
    tied = [entry for entry in curve if entry["value_per_1000"] >= top - TIE * max(1.0, abs(top))]
    return min(tied, key=lambda entry: abs(entry["threshold"] - 0.5))


def entry_at(curve: list[dict], threshold: float) -> dict:
    """The entry whose threshold is nearest ``threshold``."""
    if not curve:
        raise ValueError("The threshold curve is empty.")
    return min(curve, key=lambda entry: abs(entry["threshold"] - threshold))


def no_ml_value(y_true, positive_label: str, value: ValueMatrix) -> dict:
    """Value per 1,000 cases of the two choices without a model, and which is better.

    Acting on everyone catches every "yes" and bothers every "no"; acting on no one misses
    every "yes". Ties go to acting on no one: it is the cheaper habit to keep.
    """
    truth = _positives(y_true, positive_label)
    n, positives = len(truth), int(truth.sum())
    everyone = _money_per_1000(positives, n - positives, 0, n, value)
    no_one = _money_per_1000(0, 0, positives, n, value)
    better = EVERYONE if everyone > no_one + TIE * max(1.0, abs(no_one)) else NO_ONE
    return {
        EVERYONE: {"label": NO_ML_LABELS[EVERYONE], "value_per_1000": float(everyone)},
        NO_ONE: {"label": NO_ML_LABELS[NO_ONE], "value_per_1000": float(no_one)},
        "better": better,
        "best_per_1000": float(max(everyone, no_one)),
    }


def has_values(value: ValueMatrix) -> bool:
    """Whether the user entered any non-zero money value for a yes/no decision."""
    amounts = (value.true_positive_value, value.false_positive_cost, value.false_negative_cost)
    return any(amount != 0 for amount in amounts)


def regression_cost(y_true, predicted, baseline_predicted, value: ValueMatrix) -> dict:
    """Cost of the model's and the baseline's errors per 1,000 cases, and what the model saves.

    Each unit of absolute error costs ``cost_per_unit_error``; a positive saving means the
    model's errors cost less than the baseline's.
    """
    y = np.asarray(y_true, dtype=float)
    if len(y) == 0:
        raise ValueError("Costs need at least one row; none were given.")
    model = _error_cost_per_1000(y, predicted, value.cost_per_unit_error)
    baseline = _error_cost_per_1000(y, baseline_predicted, value.cost_per_unit_error)
    return {
        "model_per_1000": model,
        "baseline_per_1000": baseline,
        "saving_per_1000": baseline - model,
    }


def format_money(amount: float | None, currency: str = "$") -> str:
    """"$4,120", "−$1,200" (a real minus sign), "4,120 EUR" for a currency code; None: "—"."""
    if amount is None or not math.isfinite(amount):
        return "—"
    whole = round(float(amount))
    sign = "−" if whole < 0 else ""  # −0.4 rounds to 0 and must not print as "−$0"
    digits = f"{abs(whole):,}"
    if len(currency) <= 1:
        return f"{sign}{currency}{digits}"
    return f"{sign}{digits} {currency}"


def describe_value(entry: dict, no_ml: dict, value: ValueMatrix) -> str:
    """One sentence: the model's value at a threshold against the better no-ML choice."""
    if not has_values(value):
        return ("No money values were entered, so the model's worth cannot be put in money: "
                "enter what a right and a wrong answer are worth.")
    better = no_ml[no_ml["better"]]
    return (
        f"At a threshold of {entry['threshold']:.2f} the model is worth "
        f"{format_money(entry['value_per_1000'], value.currency)} per 1,000 cases, against "
        f"{format_money(better['value_per_1000'], value.currency)} for the best choice "
        f"without a model ({better['label'][0].lower()}{better['label'][1:]})."
    )


def describe_regression_cost(cost: dict, currency: str = "$") -> str:
    """One sentence: what the model's errors cost per 1,000 cases against the baseline's."""
    saving = cost["saving_per_1000"]
    verdict = "a saving of" if saving >= 0 else "an extra cost of"
    return (
        f"The model's errors cost {format_money(cost['model_per_1000'], currency)} per 1,000 "
        f"cases, against {format_money(cost['baseline_per_1000'], currency)} without a model: "
        f"{verdict} {format_money(abs(saving), currency)}."
    )


def _count_at_or_above(scores: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """How many scores are >= each threshold, by binary search in the sorted scores."""
    return len(scores) - np.searchsorted(np.sort(scores), thresholds, side="left")


def _money_per_1000(tp, fp, fn, n: int, value: ValueMatrix):
    gained = np.multiply(tp, value.true_positive_value)
    lost = np.multiply(fp, value.false_positive_cost) + np.multiply(fn, value.false_negative_cost)
    return PER * (gained - lost) / n


def _error_cost_per_1000(y: np.ndarray, predicted, cost_per_unit: float) -> float:
    predicted = np.asarray(predicted, dtype=float)
    if predicted.shape != y.shape:
        raise ValueError(f"Predictions {predicted.shape} do not line up with truth {y.shape}.")
    return float(PER * cost_per_unit * np.abs(y - predicted).mean())


def _positives(y_true, positive_label: str) -> np.ndarray:
    truth = np.asarray(y_true).astype(str) == str(positive_label)
    if len(truth) == 0:
        raise ValueError("Values need at least one labelled row; none were given.")
    return truth


def _ratio(part, whole) -> float | None:
    return float(part / whole) if whole else None
