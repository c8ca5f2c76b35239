"""The model contract: raw rows in, typed model input out, the same in FirstWin and in a package."""

import numpy as np
import pandas as pd
import pytest

from engine.model_contract import (
    MISSING,
    SchemaMismatch,
    feature_names,
    prediction_table,
    prepare_features,
)

SCHEMA = {
    "version": 1,
    "target": "y",
    "task": "binary",
    "classes": ["no", "yes"],
    "columns": [
        {"name": "amount", "kind": "numeric"},
        {"name": "plan", "kind": "categorical", "categories": ["a", "b"]},
        {"name": "senior", "kind": "boolean", "categories": ["0", "1"]},
        {"name": "signed", "kind": "datetime"},
    ],
}


def test_prepare_features_orders_numeric_then_categorical_and_expands_dates():
    raw = pd.DataFrame({
        "signed": ["2024-03-05 10:00", "2023-12-31 23:00"],
        "plan": ["a", " b "],
        "amount": ["1,200.5", "3"],
        "senior": [1, 0],
        "extra": ["ignored", "too"],
    })
    features = prepare_features(raw, SCHEMA)
    numeric, categorical = feature_names(SCHEMA)
    assert list(features.columns) == numeric + categorical
    assert features["amount"].tolist() == [1200.5, 3.0]
    assert features["plan"].tolist() == ["a", "b"]
    assert features["signed__month"].tolist() == [3.0, 12.0]
    assert features["signed__hour"].tolist() == [10.0, 23.0]


def test_prepare_features_names_every_missing_column():
    with pytest.raises(SchemaMismatch, match="'plan'.*'senior'|'senior'.*'plan'"):
        prepare_features(pd.DataFrame({"amount": [1], "signed": ["2020-01-01"]}), SCHEMA)


def test_integer_categories_agree_whether_read_as_int_or_float():
    as_int = prepare_features(
        pd.DataFrame({"amount": [1], "plan": ["a"], "senior": [1], "signed": [None]}), SCHEMA)
    as_float = prepare_features(
        pd.DataFrame({"amount": [1], "plan": ["a"], "senior": [1.0], "signed": [None]}), SCHEMA)
    assert as_int["senior"].tolist() == as_float["senior"].tolist() == ["1"]


def test_an_infinite_number_in_a_category_column_is_a_category_not_a_crash():
    raw = pd.DataFrame({"amount": [1, 2], "plan": ["a", "a"], "senior": [1.0, np.inf],
                        "signed": [None, None]})
    assert prepare_features(raw, SCHEMA)["senior"].tolist() == ["1", "(other)"]


def test_missing_and_unparseable_values_become_missing_not_errors():
    raw = pd.DataFrame({"amount": ["n/a", None], "plan": [None, ""], "senior": [np.nan, 1],
                        "signed": ["not a date", None]})
    features = prepare_features(raw, SCHEMA)
    assert features["amount"].isna().all()
    assert features["plan"].tolist() == [MISSING, MISSING]
    assert features["signed__year"].isna().all()


class _TwoClassModel:
    classes_ = np.array(["no", "yes"], dtype=object)

    def predict_proba(self, features):
        return np.column_stack([np.full(len(features), 0.25), np.full(len(features), 0.75)])


def test_prediction_table_has_prediction_and_one_probability_per_class_in_input_order():
    features = pd.DataFrame({"x": [1, 2, 3]}, index=[10, 11, 12])
    table = prediction_table(_TwoClassModel(), features, SCHEMA)
    assert list(table.columns) == ["prediction", "proba_no", "proba_yes"]
    assert list(table.index) == [10, 11, 12]
    assert table["prediction"].tolist() == ["yes"] * 3


def test_values_outside_the_schema_categories_are_pooled_as_other():
    from engine.model_contract import OTHER

    raw = pd.DataFrame({"amount": [1, 2, 3], "plan": ["a", "zzz", None], "senior": [0, 1, 7],
                        "signed": [None] * 3})
    features = prepare_features(raw, SCHEMA)
    assert features["plan"].tolist() == ["a", OTHER, MISSING]
    assert features["senior"].tolist() == ["0", "1", OTHER]


def test_build_schema_keeps_frequent_categories_and_pools_rare_ones():
    from engine.preprocess import build_schema
    from engine.spec import ColumnStep, Recipe

    frame = pd.DataFrame({"city": ["Paris"] * 50 + ["Lyon"] * 49 + ["Nice"], "y": ["a", "b"] * 50})
    recipe = Recipe([ColumnStep("city", kind="categorical", encode="onehot")], rare_category_share=0.05)
    schema = build_schema(frame, recipe, "y", "binary", ["a", "b"])
    assert schema["columns"][0]["categories"] == ["Paris", "Lyon"]
    assert schema["columns"][0]["n_seen"] == 3
