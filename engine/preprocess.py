"""Compile a cleaning recipe into the model's input schema and scikit-learn preprocessing.

The schema (see ``engine.model_contract``) types the raw columns; the ColumnTransformer built
here imputes and encodes them. Both travel inside the exported package, so what the model
saw in training is exactly what it sees in production.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

from engine.errors import DataError
from engine.model_contract import DATETIME_PARTS, MISSING, SCHEMA_VERSION, prepare_features
from engine.spec import ColumnStep, Recipe

Flavour = Literal["linear", "tree", "native"]
MODEL_KINDS = {"numeric", "categorical", "boolean", "datetime"}
# HistGradientBoosting bins at most 255 values: keep fewer categories than that, so every
# column fits its native categorical support (one bin stays free for missing values).
MAX_KEPT_CATEGORIES = 250


def build_schema(
    frame: pd.DataFrame, recipe: Recipe, target: str, task: str, classes: list[str]
) -> dict:
    """The input schema for the recipe's kept columns, with categories seen in ``frame``."""
    columns = []
    for step in recipe.kept():
        if step.column == target:
            continue
        if step.kind not in MODEL_KINDS:
            raise DataError(
                f"Column {step.column!r} is marked as {step.kind}, which the model cannot use.",
                "Drop it in the cleaning recipe or change its type to numeric or categorical.",
            )
        if step.column not in frame.columns:
            raise DataError(
                f"The recipe keeps column {step.column!r}, but the data has no such column.",
                "Reset the recipe to the suggested one, or pick the data file it was made for.",
            )
        entry: dict = {"name": step.column, "kind": step.kind}
        if step.kind in ("categorical", "boolean"):
            entry.update(_kept_categories(frame[step.column], step.column, recipe))
        columns.append(entry)
    if not columns:
        raise DataError(
            "The cleaning recipe keeps no columns to learn from.",
            "Keep at least one column besides the target in the cleaning step.",
        )
    return {
        "version": SCHEMA_VERSION,
        "target": target,
        "task": task,
        "classes": list(classes),
        "columns": columns,
    }


def _kept_categories(values: pd.Series, name: str, recipe: Recipe) -> dict:
    """The categories the model learns; rarer ones are pooled as "(other)" by the contract.

    Pooling here, in the schema, keeps the exported package exact and the encoders simple.
    """
    probe = prepare_features(values.to_frame(name), {"columns": [{"name": name, "kind": "categorical"}]})
    counts = probe[name].value_counts()
    counts = counts[counts.index != MISSING]
    floor = max(2, int(np.ceil(recipe.rare_category_share * len(values))))
    kept = counts[counts >= floor].index[:MAX_KEPT_CATEGORIES]
    if len(kept) == 0:
        kept = counts.index[:1]
    return {"categories": [str(v) for v in kept], "n_seen": int(len(counts))}


def make_preprocessor(schema: dict, recipe: Recipe, flavour: Flavour) -> ColumnTransformer:
    """A ColumnTransformer over ``prepare_features`` output: categorical columns first.

    ``linear`` one-hot encodes and scales; ``tree`` ordinal-encodes and imputes; ``native``
    ordinal-encodes and leaves missing numbers alone, for HistGradientBoosting's own handling.
    """
    numeric_groups, categorical_onehot, categorical_ordinal = _column_groups(schema, recipe)
    categorical = categorical_onehot + categorical_ordinal
    transformers: list[tuple] = []
    if flavour == "linear":
        if categorical_onehot:
            transformers.append(("onehot", _one_hot(), categorical_onehot))
        if categorical_ordinal:
            ordinal = make_pipeline(_ordinal(-1), StandardScaler())
            transformers.append(("ordinal", ordinal, categorical_ordinal))
    elif categorical:
        unknown = np.nan if flavour == "native" else -1
        transformers.append(("categories", _ordinal(unknown), categorical))
    for strategy, names in numeric_groups.items():
        transformers.append((f"numbers_{strategy}", _numeric(strategy, flavour), names))
    return ColumnTransformer(transformers, remainder="drop", verbose_feature_names_out=False)


def native_categorical_mask(schema: dict) -> list[bool]:
    """Which outputs of a ``native`` preprocessor are categories (they come first)."""
    n_categorical = sum(1 for c in schema["columns"] if c["kind"] in ("categorical", "boolean"))
    n_numeric = sum(
        len(DATETIME_PARTS) if c["kind"] == "datetime" else 1
        for c in schema["columns"]
        if c["kind"] in ("numeric", "datetime")
    )
    return [True] * n_categorical + [False] * n_numeric


def _column_groups(
    schema: dict, recipe: Recipe
) -> tuple[dict[str, list[str]], list[str], list[str]]:
    numeric_groups: dict[str, list[str]] = {}
    onehot: list[str] = []
    ordinal: list[str] = []
    for column in schema["columns"]:
        name, kind = column["name"], column["kind"]
        step = _step_or_default(recipe, name)
        if kind in ("categorical", "boolean"):
            (ordinal if step.encode == "ordinal" else onehot).append(name)
        elif kind == "datetime":
            numeric_groups.setdefault("median", []).extend(
                f"{name}__{part}" for part in DATETIME_PARTS
            )
        else:
            strategy = step.impute if step.impute in ("median", "mean", "constant") else "median"
            numeric_groups.setdefault(strategy, []).append(name)
    return numeric_groups, onehot, ordinal


def _step_or_default(recipe: Recipe, name: str) -> ColumnStep:
    try:
        return recipe.step(name)
    except KeyError:
        return ColumnStep(column=name)


def _one_hot() -> OneHotEncoder:
    # Rare and unseen values already arrive as "(other)" (see _kept_categories); "ignore" only
    # covers "(other)" or "(missing)" showing up in production but not in training.
    return OneHotEncoder(handle_unknown="ignore", sparse_output=False)


def _ordinal(unknown: float | int) -> OrdinalEncoder:
    return OrdinalEncoder(handle_unknown="use_encoded_value", unknown_value=unknown)


def _numeric(strategy: str, flavour: Flavour):
    if flavour == "native":
        return "passthrough"
    imputer = SimpleImputer(
        strategy=strategy, fill_value=0.0 if strategy == "constant" else None, add_indicator=True,
        keep_empty_features=True,
    )
    if flavour == "linear":
        return make_pipeline(imputer, StandardScaler())
    return imputer
