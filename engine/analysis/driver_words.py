"""The drivers of a model in plain English: which features matter and which way they push."""

from __future__ import annotations

import numpy as np

from engine.analysis.raw_values import number_text

TOP_FEATURES = 3
# Below this share of the importance a feature is reported as barely used.
NEGLIGIBLE_SHARE = 0.01
# A curve whose steps go this much one way (as a share of all movement) is called one-way.
ONE_WAY = 0.8
# A probability curve that moves less than this is flat for a reader.
FLAT_PROBABILITY = 0.01
# A value curve that moves less than this share of its typical level is flat.
FLAT_VALUE_SHARE = 0.01
MAX_NAMED = 5
RANK_WORDS = ("matters most", "comes next", "is third")


def describe_drivers(
    drivers: list[dict], dependences, schema: dict, task: str, classes: list[str]
) -> list[str]:
    """Sentences on the top features (importance share and direction) and the unused ones.

    ``dependences`` holds ``partial_dependence`` results, as a list or keyed by feature.
    """
    if not drivers:
        return ["How much each feature matters could not be measured on these rows."]
    curves = _curves_by_feature(dependences)
    used = [d for d in drivers if d["share"] >= NEGLIGIBLE_SHARE][:TOP_FEATURES]
    if not used:
        return ["No single feature stands out: shuffling any one of them barely changes the score."]
    target = schema.get("target") or "value"
    sentences = []
    for rank, entry in enumerate(used):
        share = _percent(entry["share"])
        text = f"{entry['feature']} {RANK_WORDS[rank]}: it carries {share} of what the model uses."
        curve = curves.get(entry["feature"])
        if curve is not None:
            reading = _curve_sentence(curve, task, target)
            if reading:
                text += " " + reading
        sentences.append(text)
    unused = [d["feature"] for d in drivers if d["share"] < NEGLIGIBLE_SHARE]
    if unused:
        sentences.append(
            f"{_names(unused)} barely {'matters' if len(unused) == 1 else 'matter'}: shuffling "
            f"{'it' if len(unused) == 1 else 'them'} hardly changes the score."
        )
    return sentences


def _curves_by_feature(dependences) -> dict[str, dict]:
    if isinstance(dependences, dict):
        dependences = dependences.values()
    return {curve["feature"]: curve for curve in dependences or () if curve}


def _percent(share: float) -> str:
    return "less than 1 %" if share < 0.005 else f"{round(share * 100)} %"


def _names(names: list[str]) -> str:
    if len(names) > MAX_NAMED:
        return ", ".join(names[:MAX_NAMED]) + f" and {len(names) - MAX_NAMED} more"
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _curve_sentence(curve: dict, task: str, target: str) -> str:
    values, output = _readable_curve(curve, task, target)
    if len(values) < 2:
        return ""
    if curve["kind"] == "categorical":
        return _category_sentence(curve["feature"], curve["grid"], values, output, task)
    return _numeric_sentence(curve["feature"], curve["grid"], values, output, task)


def _readable_curve(curve: dict, task: str, target: str) -> tuple[np.ndarray, str]:
    """The one curve to describe and what it measures; multiclass picks its liveliest class."""
    average = curve["average"]
    if task == "multiclass":
        label, values = max(average.items(), key=lambda item: np.ptp(item[1]) if item[1] else 0)
        return np.asarray(values, dtype=float), f"probability of {label}"
    if task == "regression":
        return np.asarray(average, dtype=float), f"predicted {target}"
    return np.asarray(average, dtype=float), curve["output"]


def _category_sentence(feature: str, grid: list, values: np.ndarray, output: str, task: str) -> str:
    high, low = int(values.argmax()), int(values.argmin())
    if _is_flat(values, task):
        return f"Its categories get about the same {output}."
    return (
        f"Rows with {feature} = {grid[high]} get the highest {output} "
        f"({_value_text(values[high], task)} on average), {grid[low]} the lowest "
        f"({_value_text(values[low], task)})."
    )


def _numeric_sentence(feature: str, grid: list, values: np.ndarray, output: str, task: str) -> str:
    direction = _direction(values, task)
    if direction == "flat":
        return f"On its own, changing {feature} barely moves the {output}."
    if direction in ("rising", "falling"):
        word = "higher" if direction == "rising" else "lower"
        return f"The higher {feature} is, the {word} the {output}."
    peak = int(values.argmax())
    return (
        f"Its effect goes both ways: the {output} is highest around {feature} = "
        f"{number_text(grid[peak])} ({_value_text(values[peak], task)})."
    )


def _direction(values: np.ndarray, task: str) -> str:
    """rising, falling, mixed or flat, judged on the movement between grid points."""
    if _is_flat(values, task):
        return "flat"
    steps = np.diff(values)
    movement = np.abs(steps).sum()
    upward = steps[steps > 0].sum() / movement
    if upward >= ONE_WAY:
        return "rising"
    if upward <= 1 - ONE_WAY:
        return "falling"
    return "mixed"


def _is_flat(values: np.ndarray, task: str) -> bool:
    spread = float(np.ptp(values))
    if task == "regression":
        level = float(np.mean(np.abs(values)))
        return spread <= FLAT_VALUE_SHARE * level if level > 0 else spread == 0
    return spread < FLAT_PROBABILITY


def _value_text(value: float, task: str) -> str:
    return number_text(value) if task == "regression" else f"{value:.2f}"
