"""The evaluation in a few plain sentences, each number beside the no-ML baseline's."""

from __future__ import annotations

from engine.analysis.value import describe_regression_cost, describe_value, format_money
from engine.scoring import METRIC_WORDS
from engine.spec import ValueMatrix


def summary_sentences(result: dict, value: ValueMatrix) -> list[str]:
    """What an executive reads first: how good, against what, and what it is worth."""
    task = result["task"]
    if task == "binary":
        return _binary(result, value)
    if task == "multiclass":
        return _multiclass(result)
    return _regression(result, value)


def _binary(result: dict, value: ValueMatrix) -> list[str]:
    no, yes = result["classes"]
    rows = result["rows"]["holdout"]
    model, baseline = result["metrics"], result.get("baseline_metrics") or {}
    sentences = [
        f"On {rows:,} rows it never saw, the model ranks a {yes!r} case above a {no!r} case "
        f"{_percent(model['roc_auc'])} of the time (ROC-AUC {_score(model['roc_auc'])}); "
        f"without ML, {_score(baseline.get('roc_auc'))}."
    ]
    chosen = result["value"]["at_chosen"]
    caught, actual = chosen["tp"], chosen["tp"] + chosen["fn"]
    sentences.append(
        f"Answering {yes!r} from a probability of {chosen['threshold']:.2f}, it catches {caught:,} "
        f"of {actual:,} {yes!r} cases and flags {chosen['fp']:,} {no!r} cases by mistake."
    )
    if result["value"]["has_values"]:
        sentences.append(describe_value(chosen, result["value"]["no_ml"], value))
        best = result["value"]["at_best"]
        if abs(best["threshold"] - chosen["threshold"]) >= 0.01:
            sentences.append(
                f"The most valuable threshold is {best['threshold']:.2f} (chosen on "
                f"{result['threshold_source']} predictions): "
                f"{format_money(best['value_per_1000'], value.currency)} per 1,000 cases here."
            )
    else:
        sentences.append(
            "Enter what a caught case is worth and what a mistake costs to see the model's "
            "value in money and the best threshold."
        )
    return sentences


def _multiclass(result: dict) -> list[str]:
    model, baseline = result["metrics"], result.get("baseline_metrics") or {}
    classes = len(result["classes"])
    sentences = [
        f"On {result['rows']['holdout']:,} rows it never saw, the model gets "
        f"{_percent(model['accuracy'])} of {classes} classes right; always answering the most "
        f"common class gets {_percent(baseline.get('accuracy'))}.",
        f"Balanced over the classes (each class counts equally): "
        f"{_score(model['balanced_accuracy'])} against {_score(baseline.get('balanced_accuracy'))}.",
    ]
    per_class = result.get("per_class") or {}
    if per_class:
        worst = min(per_class, key=lambda label: per_class[label]["recall"])
        sentences.append(
            f"It finds {worst!r} least often: {_percent(per_class[worst]['recall'])} of those rows."
        )
    return sentences


def _regression(result: dict, value: ValueMatrix) -> list[str]:
    model, baseline = result["metrics"], result.get("baseline_metrics") or {}
    target = result["target"]
    sentences = [
        f"On {result['rows']['holdout']:,} rows it never saw, the model's typical error in "
        f"{target} is {_amount(model['mae'])} (mean absolute error); always predicting the "
        f"average is off by {_amount(baseline.get('mae'))}.",
        f"It explains {_percent(model['r2'])} of the variation in {target} "
        f"({METRIC_WORDS['r2']} {_score(model['r2'])}).",
    ]
    cost = result["value"].get("cost")
    if result["value"]["has_values"] and cost:
        sentences.append(describe_regression_cost(cost, value.currency))
    return sentences


def _score(number: float | None) -> str:
    return "n/a" if number is None else f"{number:.3f}"


def _percent(number: float | None) -> str:
    return "n/a" if number is None else f"{100 * number:.0f} %"


def _amount(number: float | None) -> str:
    return "n/a" if number is None else f"{number:,.3g}"
