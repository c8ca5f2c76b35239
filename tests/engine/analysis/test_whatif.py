"""What-if: one row's prediction, each feature's contribution, and the form to edit the row."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

from engine.analysis.whatif import default_row, explain_row, form_fields
from engine.model_contract import prediction_table
from engine.scoring import model_output
from tests.engine.analysis.fitted import CallCounter, fit, signal_table

BINARY = ["No", "Yes"]


@pytest.fixture(scope="module")
def binary():
    return fit(signal_table(), "label", "binary")


def _explain(fitted, row, **options):
    return explain_row(
        fitted.model, row, fitted.schema, fitted.task, fitted.classes, fitted.raw, **options
    )


def test_the_rows_prediction_matches_the_prediction_table(binary):
    row = binary.raw.iloc[7].to_dict()
    explained = _explain(binary, row, threshold=0.3)
    schema = {**binary.schema, "threshold": 0.3}
    table = prediction_table(binary.model, binary.features.iloc[[7]], schema)
    assert explained["prediction"] == table["prediction"].iloc[0]
    assert explained["probabilities"] == pytest.approx(
        {"No": table["proba_No"].iloc[0], "Yes": table["proba_Yes"].iloc[0]}
    )
    assert explained["output"] == pytest.approx(binary.output[7, 1])
    assert explained["output_name"] == "probability of Yes" and explained["value"] is None


def test_a_feature_the_model_ignores_contributes_nothing():
    fitted = fit(signal_table(600), "label", "binary")
    # This pipeline never looks at "noise": its contribution must be exactly zero.
    ignoring = Pipeline([
        ("clean", ColumnTransformer([
            ("numbers", "passthrough", ["signal"]),
            ("colours", OneHotEncoder(handle_unknown="ignore"), ["colour"]),
        ])),
        ("model", LogisticRegression()),
    ]).fit(fitted.features, fitted.y)
    explained = explain_row(
        ignoring, fitted.raw.iloc[0].to_dict(), fitted.schema, "binary", BINARY, fitted.raw
    )
    effects = {c["feature"]: c["effect"] for c in explained["contributions"]}
    assert effects["noise"] == pytest.approx(0.0, abs=1e-12)
    assert explained["contributions"][0]["feature"] == "signal"


def test_a_high_signal_pushes_the_probability_up_against_typical_rows(binary):
    explained = _explain(binary, {"signal": 2.0, "noise": 0.0, "colour": "red"})
    signal = next(c for c in explained["contributions"] if c["feature"] == "signal")
    assert signal["effect"] > 0.3 and signal["value"] == 2.0
    assert 0.3 < explained["baseline_output"] < 0.7
    sizes = [abs(c["effect"]) for c in explained["contributions"]]
    assert sizes == sorted(sizes, reverse=True)


def test_text_from_a_form_works_for_a_numeric_field():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, 400)
    frame = pd.DataFrame({"x": x, "shop": rng.choice(["A", "B"], 400), "price": 2 * x + 1})
    fitted = fit(frame, "price", "regression")
    as_text = _explain(fitted, {"x": "42", "shop": "A"}, max_background=len(fitted.raw))
    assert as_text["value"] == pytest.approx(85.0)
    assert as_text["prediction"] == as_text["value"] and as_text["probabilities"] is None
    assert as_text["output_name"] == "predicted value"
    # Linear model: x's effect is its slope times the distance from the typical rows' mean.
    assert as_text["contributions"][0] == {
        "feature": "x", "value": "42", "effect": pytest.approx(2 * (42 - fitted.raw["x"].mean()))
    }


def test_all_perturbed_rows_go_through_one_model_call(binary):
    counted = CallCounter(binary.model)
    explain_row(counted, binary.raw.iloc[0].to_dict(), binary.schema, "binary", BINARY, binary.raw)
    assert counted.calls == 1


def test_multiclass_explains_the_probability_of_the_predicted_class():
    rng = np.random.default_rng(2)
    x = rng.normal(0, 1, 900)
    frame = pd.DataFrame({"x": x, "label": np.select([x < -0.5, x > 0.5], ["low", "high"], "mid")})
    fitted = fit(frame, "label", "multiclass")
    explained = _explain(fitted, {"x": 1.5})
    assert explained["prediction"] == "high"
    assert explained["output_name"] == "probability of high"
    expected = model_output(fitted.model, pd.DataFrame({"x": [1.5]}), "multiclass", fitted.classes)
    assert explained["output"] == pytest.approx(expected[0, fitted.classes.index("high")])


def test_a_datetime_feature_is_one_contribution_and_takes_iso_text():
    rng = np.random.default_rng(1)
    when = pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 365, 800), unit="D")
    frame = pd.DataFrame({"signup": when, "label": np.where(when.month >= 7, "Yes", "No")})
    fitted = fit(frame, "label", "binary", model="tree", kinds={"signup": "datetime"})
    explained = _explain(fitted, {"signup": "2022-11-15"})
    assert [c["feature"] for c in explained["contributions"]] == ["signup"]
    assert explained["prediction"] == "Yes"
    json.dumps(explained, allow_nan=False)


def test_default_row_uses_medians_most_frequent_values_and_a_median_date():
    background = pd.DataFrame({
        "age": [20, 30, 41, 50, np.nan],
        "charges": [10.123, 20.456, 30.789, 40.5, 50.25],
        "plan": ["basic", "pro", "pro", None, "pro"],
        "active": [True, True, False, True, False],
        "joined": pd.to_datetime(["2021-01-01", "2021-03-01", "2021-05-01", "2021-07-01", None]),
    })
    schema = {"columns": [
        {"name": "age", "kind": "numeric"}, {"name": "charges", "kind": "numeric"},
        {"name": "plan", "kind": "categorical", "categories": ["pro", "basic"]},
        {"name": "active", "kind": "boolean", "categories": ["True", "False"]},
        {"name": "joined", "kind": "datetime"},
    ]}
    assert default_row(background, schema) == {
        "age": 36, "charges": 30.8, "plan": "pro", "active": "True", "joined": "2021-03-31",
    }


def test_form_fields_give_choices_by_frequency_and_a_robust_range():
    background = pd.DataFrame({
        "tenure": np.arange(101, dtype=float),
        "plan": ["pro"] * 60 + ["basic"] * 40 + ["legacy"],
    })
    schema = {"columns": [
        {"name": "tenure", "kind": "numeric"},
        {"name": "plan", "kind": "categorical", "categories": ["pro", "basic", "enterprise"]},
    ]}
    tenure, plan = form_fields(schema, background)
    assert (tenure["min"], tenure["max"], tenure["default"], tenure["choices"]) == (1, 99, 50, None)
    # Only the categories the model knows: the rare "legacy" was pooled away in training.
    assert plan["choices"] == ["pro", "basic", "enterprise"]
    assert (plan["default"], plan["min"], plan["max"]) == ("pro", None, None)
    json.dumps([tenure, plan], allow_nan=False)
