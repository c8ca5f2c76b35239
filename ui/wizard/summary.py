"""The results in plain words: the best model against no ML, and roughly what it is worth. No Qt.

Every sentence is built from numbers the run actually measured: cross-validation and holdout
scores, holdout accuracy, and the holdout outcomes counted in ``stages.value_stats``.
"""

from __future__ import annotations

import math

from engine.spec import ValueMatrix
from ui.wizard.stages import TrainingSummary, ValueStats

# A model must beat the best baseline by this much (CV score) to count as better than no ML.
MIN_GAIN = 0.005


def summary_paragraphs(summary: TrainingSummary, value: ValueMatrix, skipped: bool) -> list[str]:
    """Three or four short paragraphs, most important first."""
    training = summary.outcome.training
    words = summary.metric_words
    models = [r for r in training.finished if not r.is_baseline]
    baselines = [r for r in training.finished if r.is_baseline]
    majority = training.baseline
    paragraphs: list[str] = []
    if training.cancelled:
        paragraphs.append(f"Training was stopped early; {len(training.finished)} finished "
                          "models are compared here.")
    if not models:
        paragraphs.append("No model besides the no-ML baselines finished, so there is nothing to "
                          "compare yet. Train again and let at least one candidate finish.")
        return paragraphs
    best = models[0]  # results arrive best first
    reference = max(baselines, key=lambda r: _score(r.cv_score)) if baselines else None
    if reference is None:
        paragraphs.append(f"The best model, {best.name}, scores {_num(best.cv_score)} {words}.")
    elif _score(best.cv_score) <= _score(reference.cv_score) + MIN_GAIN:
        paragraphs.append(
            f"No model beat the no-ML baseline. The best, {best.name}, scores "
            f"{_num(best.cv_score)} {words}, against {_num(reference.cv_score)} for "
            f"“{reference.name}”. The columns may not hold the answer: try more rows, other "
            "columns, or check the target.")
    else:
        paragraphs.append(
            f"The best model, {best.name}, scores {_num(best.cv_score)} {words}, against "
            f"{_num(reference.cv_score)} for “{reference.name}” without ML.")
        spread = "steady" if (best.cv_std or 0) < 0.01 else f"varying by ± {_num(best.cv_std)}"
        paragraphs.append(f"Its score was {spread} across the {training.n_folds} cross-validation "
                          "folds.")
        if best.holdout_score is not None:
            paragraphs.append(
                f"On {training.n_holdout:,} rows kept aside until the end it scores "
                f"{_num(best.holdout_score)}, so the score is not a fluke of the training data.")
    accuracy = _accuracy_words(best, majority, training.task)
    if accuracy:
        paragraphs.append(accuracy)
    paragraphs.append(_value_words(summary.value_stats, value, skipped, training.task))
    return [p for p in paragraphs if p]


def _accuracy_words(best, majority, task: str) -> str:
    if task not in ("binary", "multiclass") or majority is None:
        return ""
    mine = best.holdout_metrics.get("accuracy")
    theirs = majority.holdout_metrics.get("accuracy")
    if mine is None or theirs is None:
        return ""
    gap = 100 * (mine - theirs)
    if gap >= 0.5:
        return (f"It is right {_pct(mine)} of the time on the kept-aside rows, against "
                f"{_pct(theirs)} for “{majority.name}”: {gap:.0f} points more.")
    return (f"It is right {_pct(mine)} of the time, about as often as always giving the most "
            f"common answer ({_pct(theirs)}): its strength is ranking cases by risk, not the "
            "plain yes/no.")


def _value_words(stats: ValueStats | None, value: ValueMatrix, skipped: bool, task: str) -> str:
    if skipped:
        return "You skipped what predictions are worth, so no money figure is shown."
    if stats is None:
        if task == "multiclass":
            return ("A money figure is worked out for yes/no and number questions; for several "
                    "classes it will be shown in Analyze.")
        return "A money figure needs rows kept aside for testing; it will be shown in Analyze."
    c = value.currency or "$"
    if stats.kind == "regression":
        if value.cost_per_unit_error <= 0:
            return "Set a cost per unit of error on the first page to see a money figure."
        mine = stats.model["mae"] * value.cost_per_unit_error * 1000
        theirs = stats.baseline["mae"] * value.cost_per_unit_error * 1000
        return (f"On 1,000 cases its errors would cost about {_money(mine, c)}, against "
                f"{_money(theirs, c)} when always guessing the average: about "
                f"{_money(theirs - mine, c)} saved.")
    if not (value.true_positive_value or value.false_positive_cost or value.false_negative_cost):
        return "Enter what a right and a wrong prediction are worth on the first page to see a money figure."
    mine = _worth(stats.model, value)
    theirs, policy = _best_without_ml(stats.baseline, value, stats.positive)
    return (f"On 1,000 cases, acting on its “{stats.positive}” predictions would be worth about "
            f"{_money(mine, c)}, against {_money(theirs, c)} for the best choice without ML "
            f"({policy}): a difference of about {_money(mine - theirs, c)}. That is at the "
            f"default 50 % threshold, on the {stats.n_holdout:,} kept-aside rows scaled to 1,000; "
            "Analyze finds the most valuable threshold.")


def _best_without_ml(counts: dict[str, float], value: ValueMatrix, positive: str) -> tuple[float, str]:
    """The better of the two choices without a model: act on every case, or on none."""
    positives, negatives = counts["tp"] + counts["fn"], counts["fp"] + counts["tn"]
    everyone = positives * value.true_positive_value - negatives * value.false_positive_cost
    no_one = -positives * value.false_negative_cost
    if everyone > no_one:
        return everyone, f"treating every case as “{positive}”"
    return no_one, f"treating no case as “{positive}”"


def _worth(counts: dict[str, float], value: ValueMatrix) -> float:
    return (counts["tp"] * value.true_positive_value - counts["fp"] * value.false_positive_cost
            - counts["fn"] * value.false_negative_cost)


def _score(score: float | None) -> float:
    return -math.inf if score is None or not math.isfinite(score) else score


def _num(score: float | None) -> str:
    return "n/a" if score is None or not math.isfinite(score) else f"{score:.2f}"


def _pct(share: float) -> str:
    return f"{100 * share:.0f} %"


def _money(amount: float, currency: str) -> str:
    rounded = round(amount, -2) if abs(amount) >= 1000 else round(amount)
    sign = "−" if rounded < 0 else ""
    text = f"{abs(rounded):,.0f}"
    return f"{sign}{currency}{text}" if len(currency) == 1 else f"{sign}{text} {currency}"
