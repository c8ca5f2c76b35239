"""What drives the predictions: permutation importance per feature and dependence curves."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.analysis.drivers import describe_drivers, partial_dependence, permutation_drivers
from tests.engine.analysis.fitted import CallCounter, fit, signal_table

BINARY = ["No", "Yes"]


@pytest.fixture(scope="module")
def binary():
    return fit(signal_table(), "label", "binary")


def _drivers(fitted, **options):
    return permutation_drivers(
        fitted.model, fitted.features, fitted.y, fitted.schema, fitted.task, fitted.classes, **options
    )


def test_permutation_puts_the_truly_informative_column_first(binary):
    drivers = _drivers(binary)
    assert [d["feature"] for d in drivers][0] == "signal"
    assert drivers[0]["share"] > 0.9
    assert sum(d["share"] for d in drivers) == pytest.approx(1.0)
    means = [d["mean"] for d in drivers]
    assert means == sorted(means, reverse=True)


def test_every_repeat_of_one_feature_is_predicted_in_one_model_call(binary):
    counted = CallCounter(binary.model)
    permutation_drivers(counted, binary.features, binary.y, binary.schema, "binary", BINARY)
    assert counted.calls == 1 + len(binary.schema["columns"])  # unshuffled, then one per feature


def test_same_seed_gives_same_importance_and_rows_are_capped(binary):
    first = _drivers(binary, seed=3, max_rows=200)
    assert first == _drivers(binary, seed=3, max_rows=200)


def test_a_datetime_column_counts_as_one_feature():
    rng = np.random.default_rng(1)
    rows = 800
    when = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 365, rows), unit="D")
    frame = pd.DataFrame({
        "signup": when,
        "noise": rng.normal(0, 1, rows),
        "label": np.where(when.month >= 7, "Yes", "No"),
    })
    fitted = fit(frame, "label", "binary", model="tree", kinds={"signup": "datetime"})
    drivers = _drivers(fitted)
    assert [d["feature"] for d in drivers] == ["signup", "noise"]
    assert drivers[0]["share"] > 0.9
    curve = partial_dependence(
        fitted.model, fitted.features, fitted.schema, "signup", "binary", BINARY
    )
    assert curve is None  # a date's parts move together; one axis cannot show them


def test_a_numeric_dependence_rises_with_a_feature_that_raises_the_probability(binary):
    curve = partial_dependence(binary.model, binary.features, binary.schema, "signal", "binary", BINARY)
    assert curve["kind"] == "numeric" and curve["output"] == "probability of Yes"
    assert curve["grid"] == sorted(curve["grid"]) and len(curve["grid"]) == 20
    assert curve["average"][-1] > 0.9 > 0.1 > curve["average"][0]
    json.dumps(curve, allow_nan=False)


def test_a_categorical_dependence_has_one_point_per_frequent_category(binary):
    curve = partial_dependence(binary.model, binary.features, binary.schema, "colour", "binary", BINARY)
    assert curve["kind"] == "categorical"
    assert sorted(curve["grid"]) == ["blue", "green", "red"]
    assert len(curve["average"]) == 3


def test_multiclass_dependence_gives_one_curve_per_class():
    rng = np.random.default_rng(2)
    x = rng.normal(0, 1, 900)
    frame = pd.DataFrame({"x": x, "label": np.select([x < -0.5, x > 0.5], ["low", "high"], "mid")})
    fitted = fit(frame, "label", "multiclass")
    curve = partial_dependence(
        fitted.model, fitted.features, fitted.schema, "x", "multiclass", fitted.classes
    )
    assert set(curve["average"]) == {"high", "low", "mid"}
    assert curve["average"]["high"][-1] > curve["average"]["high"][0]
    drivers = _drivers(fitted)
    text = describe_drivers(drivers, [curve], fitted.schema, "multiclass", fitted.classes)
    assert text[0].startswith("x matters most: it carries 100 %")


def test_regression_dependence_is_the_average_predicted_value():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, 600)
    price = 5 - 2 * x + rng.normal(0, 1, 600)
    frame = pd.DataFrame({"x": x, "other": rng.normal(0, 1, 600), "price": price})
    fitted = fit(frame, "price", "regression")
    curve = partial_dependence(fitted.model, fitted.features, fitted.schema, "x", "regression", [])
    assert curve["output"] == "predicted value"
    assert np.all(np.diff(curve["average"]) < 0)
    drivers = _drivers(fitted)
    text = describe_drivers(drivers, {"x": curve}, fitted.schema, "regression", [])
    assert "The higher x is, the lower the predicted price." in text[0]


def test_describe_drivers_gives_share_direction_and_the_unused_features(binary):
    drivers = _drivers(binary)
    curves = [
        partial_dependence(binary.model, binary.features, binary.schema, d["feature"], "binary", BINARY)
        for d in drivers[:3]
    ]
    text = describe_drivers(drivers, curves, binary.schema, "binary", BINARY)
    assert text[0].startswith("signal matters most: it carries")
    assert "The higher signal is, the higher the probability of Yes." in text[0]
    assert text[-1] == "noise and colour barely matter: shuffling them hardly changes the score." or (
        text[-1] == "colour and noise barely matter: shuffling them hardly changes the score.")


def test_describe_drivers_for_categories_names_the_highest_and_lowest():
    curve = {"feature": "Contract", "kind": "categorical", "grid": ["Month-to-month", "Two year"],
             "average": [0.42, 0.05], "output": "probability of Yes"}
    drivers = [{"feature": "Contract", "mean": 0.2, "std": 0.01, "share": 1.0}]
    text = describe_drivers(drivers, [curve], {"columns": []}, "binary", BINARY)
    assert text == [
        "Contract matters most: it carries 100 % of what the model uses. Rows with Contract = "
        "Month-to-month get the highest probability of Yes (0.42 on average), Two year the "
        "lowest (0.05)."
    ]


def test_a_model_that_uses_nothing_is_described_as_such():
    drivers = [{"feature": "a", "mean": 0.0, "std": 0.0, "share": 0.0}]
    assert describe_drivers(drivers, [], {"columns": []}, "binary", BINARY) == [
        "No single feature stands out: shuffling any one of them barely changes the score."
    ]


def test_a_holdout_with_one_class_gives_no_importance(binary):
    one_class = np.full(len(binary.y), "Yes", dtype=object)
    assert permutation_drivers(
        binary.model, binary.features, one_class, binary.schema, "binary", BINARY
    ) == []


def test_importance_is_plain_json(binary):
    drivers = _drivers(binary)
    json.dumps(drivers, allow_nan=False)
    assert all(type(d["mean"]) is float and type(d["share"]) is float for d in drivers)
