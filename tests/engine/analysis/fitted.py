"""Small fitted pipelines on synthetic tables, as evaluation sees them: raw rows, features, model."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from engine.model_contract import prepare_features
from engine.preprocess import build_schema, make_preprocessor
from engine.scoring import model_output
from engine.spec import ColumnStep, Recipe


@dataclass
class Fitted:
    """A model trained on the first rows of a table, and the held-out rest."""

    model: Pipeline
    schema: dict
    task: str
    classes: list[str]
    raw: pd.DataFrame  # held-out rows, schema columns only
    features: pd.DataFrame
    y: np.ndarray
    output: np.ndarray


def recipe_for(frame: pd.DataFrame, target: str, kinds: dict[str, str] | None = None) -> Recipe:
    """Numeric or categorical by dtype unless ``kinds`` says otherwise (e.g. datetime)."""
    kinds = kinds or {}
    steps = []
    for column in frame.columns:
        if column == target:
            continue
        numeric = pd.api.types.is_numeric_dtype(frame[column]) and frame[column].dtype != bool
        kind = kinds.get(column, "numeric" if numeric else "categorical")
        encode = "onehot" if kind in ("categorical", "boolean") else "none"
        steps.append(ColumnStep(column, kind=kind, encode=encode))
    return Recipe(steps)


def fit(
    frame: pd.DataFrame, target: str, task: str, *, model: str = "linear",  # or "tree"
    train_rows: int | None = None, kinds: dict[str, str] | None = None,
) -> Fitted:
    """Train on the first ``train_rows`` rows (half by default); the rest is the holdout."""
    recipe = recipe_for(frame, target, kinds)
    if task == "regression":
        y, classes = frame[target].astype(float).to_numpy(), []
    else:
        y = frame[target].astype(str).to_numpy(dtype=object)
        classes = sorted(set(y))
    schema = build_schema(frame, recipe, target, task, classes)
    features = prepare_features(frame, schema)
    pipeline = _pipeline(schema, recipe, task, model)
    cut = train_rows or len(frame) // 2
    pipeline.fit(features.iloc[:cut], y[:cut])
    names = [c["name"] for c in schema["columns"]]
    hold_features = features.iloc[cut:].reset_index(drop=True)
    return Fitted(
        model=pipeline, schema=schema, task=task, classes=classes,
        raw=frame.iloc[cut:][names].reset_index(drop=True), features=hold_features,
        y=y[cut:], output=model_output(pipeline, hold_features, task, classes),
    )


def _pipeline(schema: dict, recipe: Recipe, task: str, model: str) -> Pipeline:
    # Small, single-threaded models: boosting's threads crawl on a shared two-core machine.
    if model == "linear":
        estimator = LinearRegression() if task == "regression" else LogisticRegression(max_iter=1000)
    else:
        tree = DecisionTreeRegressor if task == "regression" else DecisionTreeClassifier
        estimator = tree(max_depth=5, min_samples_leaf=10, random_state=0)
    flavour = "linear" if model == "linear" else "tree"
    return Pipeline([("clean", make_preprocessor(schema, recipe, flavour)), ("model", estimator)])


def signal_table(rows: int = 1200, seed: int = 0) -> pd.DataFrame:
    """``signal`` decides the label (with a little noise); ``noise`` and ``colour`` do not."""
    rng = np.random.default_rng(seed)
    signal = rng.normal(0, 1, rows)
    return pd.DataFrame({
        "signal": signal,
        "noise": rng.normal(0, 1, rows),
        "colour": rng.choice(["red", "green", "blue"], rows),
        "label": np.where(signal + rng.normal(0, 0.3, rows) > 0, "Yes", "No"),
    })


class CallCounter:
    """Wraps a fitted model and counts its prediction calls."""

    def __init__(self, model):
        self.model = model
        self.classes_ = getattr(model, "classes_", None)
        self.calls = 0

    def predict_proba(self, features):
        self.calls += 1
        return self.model.predict_proba(features)

    def predict(self, features):
        self.calls += 1
        return self.model.predict(features)
