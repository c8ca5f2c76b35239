"""model.onnx ships only where the pipeline converts and predicts like the original."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
from sklearn.pipeline import Pipeline

from engine.candidates import CANDIDATES
from engine.model_contract import prediction_table
from engine.onnx_export import build_onnx, check_parity, convert, uses_native_categories
from engine.onnx_model import OnnxModel
from engine.preprocess import make_preprocessor, native_categorical_mask
from tests.engine.helpers import churn_like, prepared


def fitted(key: str, frame: pd.DataFrame, target: str, task: str):
    features, y, classes, schema, recipe = prepared(frame, target, task)
    pipeline = CANDIDATES[key].build(schema, recipe, task, len(frame), 0).fit(features, y)
    return pipeline, features, schema


def checkerboard(rows: int = 400, seed: int = 0) -> pd.DataFrame:
    """A yes/no that depends on which of eight shops a row is from, not on their order."""
    rng = np.random.default_rng(seed)
    shop = rng.choice(list("abcdefgh"), rows)
    spend = rng.normal(50, 10, rows)
    yes = np.isin(shop, list("aceg")) ^ (rng.random(rows) < 0.05)
    return pd.DataFrame({"shop": shop, "spend": spend, "y": np.where(yes, "yes", "no")})


def test_linear_model_with_one_hot_and_missing_numbers_converts_exactly():
    pipeline, features, schema = fitted("linear", churn_like(500), "Churn", "binary")
    assert features["MonthlyCharges"].isna().any()  # imputed, with a missing-value indicator
    outcome = build_onnx(pipeline, features, schema)
    assert outcome.shipped, outcome.note
    assert outcome.parity["label_agreement"] == 1.0
    assert outcome.parity["max_difference"] < 1e-5
    assert outcome.note.startswith("model.onnx included: it matches the model on 500 rows")


def small_native_boosting(frame: pd.DataFrame, target: str, task: str):
    """FirstWin's boosting pipeline (native categories), with few trees to keep the test quick."""
    features, y, _, schema, recipe = prepared(frame, target, task)
    model = (HistGradientBoostingRegressor if task == "regression" else HistGradientBoostingClassifier)(
        max_iter=30, categorical_features=native_categorical_mask(schema), random_state=0)
    pipeline = Pipeline([("clean", make_preprocessor(schema, recipe, "native")), ("model", model)])
    return pipeline.fit(features, y), features, schema


def test_native_categorical_boosting_fails_parity_and_the_note_says_why_plainly():
    pipeline, features, schema = small_native_boosting(checkerboard(), "y", "binary")
    assert uses_native_categories(pipeline)
    outcome = build_onnx(pipeline, features, schema)
    assert not outcome.shipped
    assert outcome.parity["label_agreement"] < 0.999
    assert "native categorical splits converts to ONNX but predicts wrongly" in outcome.note
    assert "Use model.skops" in outcome.note


def test_a_forest_on_ordinal_codes_and_imputed_numbers_converts():
    pipeline, features, schema = fitted("forest", churn_like(400), "Churn", "binary")
    assert build_onnx(pipeline, features, schema).shipped


@pytest.mark.parametrize("key", ["linear", "forest"])
def test_regression_pipelines_convert_within_tolerance(key):
    frame = churn_like(400).assign(Churn=lambda f: f["tenure"] * 2.5 + f["MonthlyCharges"].fillna(0))
    pipeline, features, schema = fitted(key, frame, "Churn", "regression")
    outcome = build_onnx(pipeline, features, schema)
    assert outcome.shipped, outcome.note
    assert "labels" not in outcome.note


def test_a_regression_that_fails_parity_names_only_the_tolerance():
    pipeline, features, schema = small_native_boosting(checkerboard().assign(
        y=lambda f: np.where(f["y"] == "yes", 10.0, 0.0) + f["spend"]), "y", "regression")
    outcome = build_onnx(pipeline, features, schema)
    assert not outcome.shipped
    assert "labels" not in outcome.note and "needed a difference of at most 0.0001" in outcome.note


def test_multiclass_linear_model_converts_with_its_classes():
    frame = churn_like(400).rename(columns={"Contract": "y", "Churn": "churned"})
    pipeline, features, schema = fitted("linear", frame, "y", "multiclass")
    outcome = build_onnx(pipeline, features, schema)
    assert outcome.shipped, outcome.note
    assert list(OnnxModel(outcome.data).classes_) == ["Month-to-month", "One year", "Two year"]


def test_the_no_ml_baseline_does_not_convert_and_the_note_names_the_reason():
    pipeline, features, schema = fitted("baseline", churn_like(200), "Churn", "binary")
    outcome = build_onnx(pipeline, features, schema)
    assert not outcome.shipped
    assert "does not convert to ONNX (no ONNX converter for DummyClassifier)" in outcome.note


def test_without_rows_to_check_no_onnx_ships():
    pipeline, _, schema = fitted("linear", churn_like(200), "Churn", "binary")
    outcome = build_onnx(pipeline, None, schema)
    assert not outcome.shipped and "could not be checked" in outcome.note


def test_columns_with_spaces_dots_and_accents_reach_the_right_graph_inputs():
    frame = churn_like(300).rename(columns={
        "tenure": "Tenure (months)", "Contract": "Vertrag Größe", "MonthlyCharges": "monthly.charges"})
    pipeline, features, schema = fitted("linear", frame, "Churn", "binary")
    onnx_model = OnnxModel(convert(pipeline, schema))
    assert [name for _, name, _ in onnx_model.inputs] == list(features.columns)
    ours = prediction_table(pipeline, features, schema)
    theirs = prediction_table(onnx_model, features, schema)
    np.testing.assert_allclose(theirs["proba_Yes"], ours["proba_Yes"], atol=1e-5)


def test_the_parity_check_catches_a_graph_that_predicts_something_else():
    pipeline, features, schema = fitted("linear", churn_like(300), "Churn", "binary")
    other, _, _ = fitted("linear", churn_like(300, seed=5).assign(
        Churn=lambda f: np.where(f["tenure"] > 36, "Yes", "No")), "Churn", "binary")
    parity = check_parity(pipeline, convert(other, schema), features, schema)
    assert not parity["passed"] and parity["max_difference"] > 1e-4
