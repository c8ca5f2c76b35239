"""The proposed cleaning recipe: what is dropped, how the rest is filled and encoded, and why."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.profile import profile_frame
from engine.recipe import propose_recipe
from engine.spec import Recipe, RunSpec

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def _read(relative: str, **kwargs) -> pd.DataFrame:
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"dataset {path} is not available")
    return pd.read_csv(path, **kwargs)


def _manifest() -> list[dict]:
    path = DATASETS / "manifest.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@pytest.fixture(scope="module")
def telco_recipe() -> Recipe:
    frame = _read("raw/telco_churn.csv")
    frame["TotalCharges"] = pd.to_numeric(frame["TotalCharges"], errors="coerce")
    return propose_recipe(profile_frame(frame, "Churn"), "Churn", "binary")


@pytest.fixture(scope="module")
def titanic_recipe() -> Recipe:
    return propose_recipe(profile_frame(_read("raw/titanic.csv"), "survived"), "survived", "binary")


@pytest.fixture(scope="module")
def taxis_recipe() -> Recipe:
    profile = profile_frame(_read("raw/taxis.csv"), "fare", task="regression")
    return propose_recipe(profile, "fare", "regression")


def test_recipe_has_one_step_per_column_in_order_and_none_for_the_target(telco_recipe):
    columns = [s.column for s in telco_recipe.steps]
    assert "Churn" not in columns
    assert columns[0] == "customerID" and columns[-1] == "TotalCharges"
    assert len(columns) == 20


def test_recipe_gives_every_step_a_plain_words_reason(telco_recipe, titanic_recipe, taxis_recipe):
    for recipe in (telco_recipe, titanic_recipe, taxis_recipe):
        for step in recipe.steps:
            assert step.reason, step.column
            assert not step.reason[0].islower() and step.reason.endswith("."), step.reason


def test_recipe_drops_customer_id_because_it_is_an_id(telco_recipe):
    step = telco_recipe.step("customerID")
    assert (step.action, step.kind) == ("drop", "identifier")
    assert step.reason == (
        "Looks like an ID (every value is different): an ID tells nothing about new rows, dropped."
    )


def test_recipe_fills_missing_numbers_with_the_median_and_says_how_many(
    titanic_recipe, telco_recipe
):
    age = titanic_recipe.step("age")
    assert (age.action, age.kind, age.impute, age.encode) == ("keep", "numeric", "median", "none")
    assert age.reason == "Number from 0.42 to 80; 20 % missing: filled with the median (28)."
    total = telco_recipe.step("TotalCharges")
    assert "11 missing (0.2 %): filled with the median (1,397.5)" in total.reason
    tenure = telco_recipe.step("tenure")
    assert tenure.reason == "Number from 0 to 72, nothing missing: used as it is."


def test_recipe_treats_yes_no_columns_as_boolean_one_hot(telco_recipe):
    for name in ("SeniorCitizen", "Partner", "PaperlessBilling"):
        step = telco_recipe.step(name)
        assert (step.action, step.kind, step.impute, step.encode) == (
            "keep",
            "boolean",
            "most_frequent",
            "onehot",
        )
    assert telco_recipe.step("Partner").reason == (
        "Yes/no column (No 52 %, Yes 48 %): one yes/no feature."
    )


def test_recipe_one_hot_encodes_few_categories_and_numbers_many(titanic_recipe, telco_recipe):
    contract = telco_recipe.step("Contract")
    assert (contract.kind, contract.impute, contract.encode) == (
        "categorical",
        "constant",
        "onehot",
    )
    assert contract.reason.startswith("3 categories (Month-to-month 55 %, Two year 24 %")
    cabin = titanic_recipe.step("cabin")
    assert (cabin.action, cabin.encode, cabin.impute) == ("keep", "ordinal", "constant")
    assert cabin.reason.startswith("147 categories, more than 30: numbered")
    assert "77 % missing: kept as a 'missing' category" in cabin.reason


def test_recipe_uses_the_recipe_category_limit():
    frame = pd.DataFrame({"code": [f"c{i % 31}" for i in range(620)], "y": [0, 1] * 310})
    step = propose_recipe(profile_frame(frame, "y"), "y", "binary").step("code")
    assert Recipe().max_categories == 30
    assert step.encode == "ordinal"
    frame["code"] = [f"c{i % 30}" for i in range(620)]
    assert propose_recipe(profile_frame(frame, "y"), "y", "binary").step("code").encode == "onehot"


def test_recipe_drops_free_text_and_says_it_is_not_read_yet(titanic_recipe):
    for name in ("name", "ticket"):
        step = titanic_recipe.step(name)
        assert (step.action, step.kind) == ("drop", "text")
        assert "does not read free text yet" in step.reason


def test_recipe_keeps_datetimes_for_the_pipeline_to_expand(taxis_recipe):
    step = taxis_recipe.step("pickup")
    assert (step.action, step.kind, step.impute, step.encode) == (
        "keep",
        "datetime",
        "median",
        "none",
    )
    assert step.reason.startswith("Dates and times from 2019-02-28 to 2019-03-31")
    assert "day-of-week" in step.reason


def test_recipe_drops_the_taxis_total_leak_but_keeps_its_settings_for_putting_it_back(taxis_recipe):
    step = taxis_recipe.step("total")
    assert step.action == "drop"
    assert (step.kind, step.impute, step.encode) == ("numeric", "median", "none")
    assert step.reason.startswith("Possible leak: fare can be computed almost exactly from total")
    assert "keep it if you will know it when you predict" in step.reason
    assert taxis_recipe.step("distance").action == "keep"


def test_recipe_ignores_leak_warnings_made_for_another_target():
    profile = profile_frame(_read("raw/taxis.csv"), "fare", task="regression")
    recipe = propose_recipe(profile, "tip", "regression")
    assert "tip" not in [s.column for s in recipe.steps]
    assert recipe.step("total").action == "keep"
    assert recipe.step("fare").action == "keep"


def test_recipe_drops_constant_empty_and_mostly_missing_columns():
    rng = np.random.default_rng(0)
    sparse = np.full(1000, np.nan)
    sparse[:20] = rng.normal(size=20)
    frame = pd.DataFrame(
        {
            "country": ["NL"] * 1000,
            "empty": np.nan,
            "sparse": sparse,
            "x": rng.normal(size=1000),
            "y": rng.integers(0, 2, 1000),
        }
    )
    recipe = propose_recipe(profile_frame(frame, "y"), "y", "binary")
    assert recipe.step("country").action == "drop"
    assert recipe.step("country").reason == (
        "The same value ('NL') in every row: nothing to learn from, dropped."
    )
    assert recipe.step("empty").reason == "Every value is missing: dropped."
    assert recipe.step("sparse").reason == "98 % missing: too little to learn from, dropped."
    assert [s.column for s in recipe.kept()] == ["x"]


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["name"])
def test_recipe_for_every_clean_dataset_keeps_only_model_kinds_and_never_the_target(entry):
    frame = _read(entry["file"])
    recipe = propose_recipe(
        profile_frame(frame, entry["target"], task=entry["task"]), entry["target"], entry["task"]
    )
    assert entry["target"] not in [s.column for s in recipe.steps]
    assert len(recipe.steps) == entry["n_features"]
    assert {s.kind for s in recipe.kept()} <= {"numeric", "categorical", "boolean", "datetime"}
    assert len(recipe.kept()) >= entry["n_features"] - 2


def test_recipe_fits_in_a_run_spec_and_survives_json(telco_recipe):
    spec = RunSpec(target="Churn", task="binary", recipe=telco_recipe)
    again = RunSpec.from_json(spec.to_json())
    assert again.recipe == telco_recipe
    assert asdict(again.recipe)["steps"][0]["column"] == "customerID"


def test_recipe_refuses_an_unknown_task(telco_recipe):
    profile = profile_frame(pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [0, 1, 0]}))
    with pytest.raises(ValueError, match="task"):
        propose_recipe(profile, "y", "clustering")
