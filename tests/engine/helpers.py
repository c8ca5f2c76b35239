"""Small synthetic tables for fast engine tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.model_contract import prepare_features
from engine.preprocess import build_schema
from engine.spec import ColumnStep, Recipe


def churn_like(rows: int = 400, seed: int = 0) -> pd.DataFrame:
    """A table where churn depends on tenure and contract, plus noise columns."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(0, 72, rows)
    contract = rng.choice(["Month-to-month", "One year", "Two year"], rows, p=[0.5, 0.3, 0.2])
    charges = rng.normal(70, 20, rows).round(2)
    risk = 1.5 - tenure / 30 + (contract == "Month-to-month") * 1.2 + rng.normal(0, 0.8, rows)
    churn = np.where(risk > 0.8, "Yes", "No")
    frame = pd.DataFrame({
        "tenure": tenure, "Contract": contract, "MonthlyCharges": charges, "Churn": churn,
    })
    frame.loc[rng.choice(rows, rows // 20, replace=False), "MonthlyCharges"] = np.nan
    return frame


def simple_recipe(frame: pd.DataFrame, target: str) -> Recipe:
    steps = []
    for column in frame.columns:
        if column == target:
            continue
        numeric = pd.api.types.is_numeric_dtype(frame[column])
        steps.append(ColumnStep(
            column, kind="numeric" if numeric else "categorical",
            impute="median" if numeric else "constant", encode="none" if numeric else "onehot",
        ))
    return Recipe(steps)


def prepared(frame: pd.DataFrame, target: str, task: str):
    """(features, y, classes, schema, recipe) for a frame, as plan_training would make them."""
    recipe = simple_recipe(frame, target)
    if task == "regression":
        y, classes = frame[target].astype(float), []
    else:
        y = frame[target].astype(str).astype(object)
        classes = sorted(y.unique())
    schema = build_schema(frame, recipe, target, task, classes)
    return prepare_features(frame, schema), y, classes, schema, recipe
