"""What predictions are worth: the profit curve, the no-ML choices and the sentences about them."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

from engine.analysis import value
from engine.spec import ValueMatrix

MATRICES = [
    ValueMatrix(true_positive_value=100, false_positive_cost=20, false_negative_cost=0),
    ValueMatrix(true_positive_value=10, false_positive_cost=40, false_negative_cost=5),
    ValueMatrix(true_positive_value=0, false_positive_cost=1, false_negative_cost=30),
    ValueMatrix(true_positive_value=5, false_positive_cost=5, false_negative_cost=5),
]


def seeded_rows(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p_yes = rng.random(n).round(3)  # rounding puts some scores exactly on thresholds
    y = np.where(rng.random(n) < p_yes, "yes", "no")
    return y, p_yes


def brute_force_value(y, p_yes, threshold: float, matrix: ValueMatrix) -> float:
    """Row by row, in plain Python: what acting on every row at or above ``threshold`` is worth."""
    total = 0.0
    for label, score in zip(y.tolist(), p_yes.tolist(), strict=True):
        flagged, positive = score >= threshold, label == "yes"
        if flagged and positive:
            total += matrix.true_positive_value
        elif flagged:
            total -= matrix.false_positive_cost
        elif positive:
            total -= matrix.false_negative_cost
    return 1000 * total / len(y)


@pytest.mark.parametrize(("seed", "matrix"), list(enumerate(MATRICES)))
def test_best_threshold_matches_a_brute_force_search(seed, matrix):
    y, p_yes = seeded_rows(seed=seed)
    curve = value.threshold_curve(y, p_yes, "yes", matrix)
    brute = {e["threshold"]: brute_force_value(y, p_yes, e["threshold"], matrix) for e in curve}
    for entry in curve:
        assert entry["value_per_1000"] == pytest.approx(brute[entry["threshold"]])
    top = max(brute.values())
    best = value.best_threshold(curve)
    assert best["value_per_1000"] == pytest.approx(top)
    tied = [t for t, v in brute.items() if v == pytest.approx(top)]
    assert abs(best["threshold"] - 0.5) == pytest.approx(min(abs(t - 0.5) for t in tied))


def test_curve_has_101_thresholds_and_counts_add_up_to_every_row():
    y, p_yes = seeded_rows()
    curve = value.threshold_curve(y, p_yes, "yes", MATRICES[0])
    assert [e["threshold"] for e in curve] == [round(i / 100, 2) for i in range(101)]
    for entry in curve:
        assert entry["tp"] + entry["fp"] + entry["fn"] + entry["tn"] == len(y)
        assert entry["flagged_share"] == pytest.approx((entry["tp"] + entry["fp"]) / len(y))


def test_curve_counts_rates_by_hand_on_four_rows():
    y = np.array(["yes", "no", "yes", "no"])
    p_yes = np.array([0.9, 0.6, 0.3, 0.1])
    matrix = ValueMatrix(true_positive_value=50, false_positive_cost=10, false_negative_cost=20)
    at_half = value.entry_at(value.threshold_curve(y, p_yes, "yes", matrix), 0.5)
    assert (at_half["tp"], at_half["fp"], at_half["fn"], at_half["tn"]) == (1, 1, 1, 1)
    assert at_half["precision"] == 0.5 and at_half["recall"] == 0.5
    assert at_half["value_per_1000"] == 1000 * (50 - 10 - 20) / 4


def test_precision_is_none_where_nothing_is_flagged_and_recall_none_without_any_yes():
    curve = value.threshold_curve(["no", "no"], [0.2, 0.4], "yes", MATRICES[0])
    assert value.entry_at(curve, 0.9)["precision"] is None
    assert all(entry["recall"] is None for entry in curve)
    json.dumps(curve, allow_nan=False)


def test_a_probability_equal_to_the_threshold_counts_as_yes():
    curve = value.threshold_curve(["yes"], [0.3], "yes", MATRICES[0])
    assert value.entry_at(curve, 0.3)["tp"] == 1
    assert value.entry_at(curve, 0.31)["tp"] == 0


def test_without_money_values_the_best_threshold_is_one_half():
    y, p_yes = seeded_rows()
    curve = value.threshold_curve(y, p_yes, "yes", ValueMatrix())
    assert value.best_threshold(curve)["threshold"] == 0.5
    assert not value.has_values(ValueMatrix(cost_per_unit_error=3))
    assert value.has_values(ValueMatrix(false_negative_cost=1))


def test_entry_at_picks_the_nearest_threshold():
    y, p_yes = seeded_rows()
    curve = value.threshold_curve(y, p_yes, "yes", MATRICES[0])
    assert value.entry_at(curve, 0.324)["threshold"] == 0.32
    assert value.entry_at(curve, 7.0)["threshold"] == 1.0


def test_a_hundred_thousand_rows_take_well_under_a_second():
    rng = np.random.default_rng(5)
    p_yes = rng.random(100_000)
    y = np.where(rng.random(100_000) < p_yes, "yes", "no")
    started = time.perf_counter()
    value.threshold_curve(y, p_yes, "yes", MATRICES[0])
    assert time.perf_counter() - started < 0.5


def test_no_ml_values_match_a_hand_computation():
    y = ["yes"] * 3 + ["no"] * 7
    matrix = ValueMatrix(true_positive_value=100, false_positive_cost=20, false_negative_cost=30)
    result = value.no_ml_value(y, "yes", matrix)
    everyone = 1000 * (3 * 100 - 7 * 20) / 10  # 16,000: catch all 3, bother all 7
    no_one = 1000 * (-3 * 30) / 10  # −9,000: miss all 3
    assert result["act_on_everyone"]["value_per_1000"] == everyone
    assert result["act_on_no_one"]["value_per_1000"] == no_one
    assert result["better"] == "act_on_everyone" and result["best_per_1000"] == everyone
    assert result["act_on_everyone"]["label"] == "Treat every case as yes"
    json.dumps(result, allow_nan=False)


def test_no_ml_values_equal_the_ends_of_the_curve():
    y, p_yes = seeded_rows()
    matrix = MATRICES[1]
    curve = value.threshold_curve(y, np.clip(p_yes, 0.001, 0.999), "yes", matrix)
    result = value.no_ml_value(y, "yes", matrix)
    assert curve[0]["value_per_1000"] == pytest.approx(result["act_on_everyone"]["value_per_1000"])
    assert curve[-1]["value_per_1000"] == pytest.approx(result["act_on_no_one"]["value_per_1000"])
    assert result["better"] == "act_on_no_one"


def test_regression_cost_is_cost_per_unit_times_mean_absolute_error_per_1000():
    matrix = ValueMatrix(cost_per_unit_error=2.5)
    cost = value.regression_cost([10, 20, 30, 40], [12, 18, 30, 40], [25, 25, 25, 25], matrix)
    assert cost == {
        "model_per_1000": 1000 * 2.5 * 4 / 4,
        "baseline_per_1000": 1000 * 2.5 * 40 / 4,
        "saving_per_1000": 1000 * 2.5 * 36 / 4,
    }
    json.dumps(cost, allow_nan=False)
    assert value.describe_regression_cost(cost) == (
        "The model's errors cost $2,500 per 1,000 cases, against $25,000 without a model: "
        "a saving of $22,500."
    )


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [(4120.4, "$", "$4,120"), (-1200, "$", "−$1,200"), (-0.4, "€", "€0"),
     (1234567, "EUR", "1,234,567 EUR"), (None, "$", "—")],
)
def test_money_has_thousands_separators_and_a_real_minus_sign(amount, currency, text):
    assert value.format_money(amount, currency) == text


def test_describe_value_compares_the_model_with_the_better_no_ml_choice():
    matrix = ValueMatrix(true_positive_value=100, false_positive_cost=20, currency="$")
    entry = {"threshold": 0.32, "value_per_1000": 4120.0}
    no_ml = value.no_ml_value(["yes"] * 3 + ["no"] * 7, "yes", matrix)
    assert value.describe_value(entry, no_ml, matrix) == (
        "At a threshold of 0.32 the model is worth $4,120 per 1,000 cases, against $16,000 "
        "for the best choice without a model (treat every case as yes)."
    )


def test_describe_value_says_what_to_enter_when_there_are_no_money_values():
    entry = {"threshold": 0.5, "value_per_1000": 0.0}
    no_ml = value.no_ml_value(["yes", "no"], "yes", ValueMatrix())
    assert "enter what" in value.describe_value(entry, no_ml, ValueMatrix())


def test_empty_or_unscored_rows_are_refused():
    with pytest.raises(ValueError, match="at least one"):
        value.threshold_curve([], [], "yes", MATRICES[0])
    with pytest.raises(ValueError, match="NaN"):
        value.threshold_curve(["yes", "no"], [0.5, np.nan], "yes", MATRICES[0])
    with pytest.raises(ValueError, match="empty"):
        value.best_threshold([])
