"""The models FirstWin tries, always starting with the no-ML baselines.

Each candidate turns (schema, recipe) into an unfitted scikit-learn Pipeline whose first step
is the compiled cleaning recipe. The budget decides which candidates race.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    ExtraTreesClassifier,
    ExtraTreesRegressor,
    HistGradientBoostingClassifier,
    HistGradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, RidgeCV
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor

from engine.errors import UserError
from engine.preprocess import make_preprocessor, native_categorical_mask
from engine.spec import Recipe

# Rows each tree of a forest sees at most: keeps forests fast on big tables at little cost.
FOREST_MAX_SAMPLES = 10_000
# From this many training rows on, boosting gets more capacity: big tables support it.
LARGE_TABLE_ROWS = 10_000


@dataclass(frozen=True)
class Candidate:
    """One model to try. ``build(schema, recipe, task, n_rows, seed)`` makes the pipeline."""

    key: str
    name: str
    is_baseline: bool
    build: Callable[[dict, Recipe, str, int, int], Pipeline]
    # Fit folds on parallel threads? Measured on adult and credit_g (2 cores): the linear
    # model gains 2.7x; forests and boosting lose (GIL-bound per tree, or already using both
    # cores through their own threads), and cheap models break even.
    fits_side_by_side: bool = False


def _pipeline(schema: dict, recipe: Recipe, flavour: str, model) -> Pipeline:
    return Pipeline([("clean", make_preprocessor(schema, recipe, flavour)), ("model", model)])


def _is_classification(task: str) -> bool:
    return task in ("binary", "multiclass")


def _baseline(schema, recipe, task, n_rows, seed):
    model = DummyClassifier(strategy="prior") if _is_classification(task) else DummyRegressor()
    return _pipeline(schema, recipe, "tree", model)


def _one_rule(schema, recipe, task, n_rows, seed):
    tree = DecisionTreeClassifier if _is_classification(task) else DecisionTreeRegressor
    return _pipeline(schema, recipe, "tree", tree(max_depth=1, random_state=seed))


def _linear(schema, recipe, task, n_rows, seed):
    if _is_classification(task):
        model = LogisticRegression(C=1.0, max_iter=2000)
    else:
        model = RidgeCV(alphas=(0.1, 1.0, 10.0, 100.0))
    return _pipeline(schema, recipe, "linear", model)


def _small_tree(schema, recipe, task, n_rows, seed):
    tree = DecisionTreeClassifier if _is_classification(task) else DecisionTreeRegressor
    leaf = max(5, n_rows // 200)
    return _pipeline(schema, recipe, "tree", tree(max_depth=4, min_samples_leaf=leaf, random_state=seed))


def _forest_params(n_rows: int, seed: int, trees: int) -> dict:
    max_samples = FOREST_MAX_SAMPLES / n_rows if n_rows > FOREST_MAX_SAMPLES else None
    return dict(
        n_estimators=trees,
        min_samples_leaf=3,
        max_samples=max_samples,
        n_jobs=-1,
        random_state=seed,
    )


def _forest(schema, recipe, task, n_rows, seed, trees: int = 100):
    if _is_classification(task):
        model = RandomForestClassifier(max_features="sqrt", **_forest_params(n_rows, seed, trees))
    else:
        model = RandomForestRegressor(max_features=0.5, **_forest_params(n_rows, seed, trees))
    return _pipeline(schema, recipe, "tree", model)


def _big_forest(schema, recipe, task, n_rows, seed):
    return _forest(schema, recipe, task, n_rows, seed, trees=400)


def _extra_trees(schema, recipe, task, n_rows, seed):
    params = _forest_params(n_rows, seed, 300)
    if _is_classification(task):
        model = ExtraTreesClassifier(max_features="sqrt", bootstrap=bool(params["max_samples"]), **params)
    else:
        model = ExtraTreesRegressor(max_features=0.7, bootstrap=bool(params["max_samples"]), **params)
    return _pipeline(schema, recipe, "tree", model)


def _boosting_params(schema: dict, seed: int, n_rows: int = 0, **overrides) -> dict:
    # Regularised on small tables: on the shared benchmarks this beats the library defaults on
    # telco and abalone (by 0.01 ROC-AUC / R²); on large ones (adult) more capacity wins.
    if n_rows >= LARGE_TABLE_ROWS:
        overrides = {"learning_rate": 0.1, "max_leaf_nodes": 31, "min_samples_leaf": 20,
                     "l2_regularization": 0.0, **overrides}
    params = dict(
        learning_rate=0.05,
        max_iter=600,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        early_stopping=True,
        validation_fraction=0.1,
        n_iter_no_change=20,
        categorical_features=native_categorical_mask(schema),
        random_state=seed,
    )
    params.update(overrides)
    return params


def _boosting(schema, recipe, task, n_rows, seed, **overrides):
    params = _boosting_params(schema, seed, n_rows, **overrides)
    if _is_classification(task):
        model = HistGradientBoostingClassifier(**params)
    else:
        model = HistGradientBoostingRegressor(**params)
    return _pipeline(schema, recipe, "native", model)


def _deep_boosting(schema, recipe, task, n_rows, seed):
    return _boosting(
        schema, recipe, task, n_rows, seed,
        learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0.0,
    )


def _slow_boosting(schema, recipe, task, n_rows, seed):
    return _boosting(
        schema, recipe, task, n_rows, seed,
        learning_rate=0.03, max_iter=1500, max_leaf_nodes=7, min_samples_leaf=60,
        l2_regularization=3.0,
    )


CANDIDATES: dict[str, Candidate] = {
    c.key: c
    for c in (
        Candidate("baseline", "No ML (most common answer)", True, _baseline),
        Candidate("one_rule", "One-feature rule", True, _one_rule),
        Candidate("linear", "Linear model", False, _linear, fits_side_by_side=True),
        Candidate("small_tree", "Small decision tree", False, _small_tree),
        Candidate("forest", "Random forest", False, _forest),
        Candidate("boosting", "Gradient boosting", False, _boosting),
        Candidate("boosting_deep", "Gradient boosting (deeper)", False, _deep_boosting),
        Candidate("boosting_slow", "Gradient boosting (cautious)", False, _slow_boosting),
        Candidate("forest_big", "Random forest (400 trees)", False, _big_forest),
        Candidate("extra_trees", "Extra trees", False, _extra_trees),
    )
}

BUDGET_CANDIDATES: dict[str, tuple[str, ...]] = {
    "quick": ("baseline", "one_rule", "linear", "boosting"),
    "standard": ("baseline", "one_rule", "linear", "small_tree", "forest", "boosting"),
    "thorough": (
        "baseline", "one_rule", "linear", "small_tree", "forest_big", "extra_trees",
        "boosting", "boosting_deep", "boosting_slow",
    ),
}
BUDGET_FOLDS = {"quick": 3, "standard": 5, "thorough": 5}
# From this many training rows on, "standard" races lighter (see race_plan).
LARGE_RACE_ROWS = 20_000


def race_plan(budget: str, n_train: int, requested: list[str] | None = None
              ) -> tuple[list[Candidate], int]:
    """The candidates and fold count for a budget on ``n_train`` training rows.

    On big tables the standard budget uses 3 folds (each fold alone has 7k+ rows, so scores are
    as steady as 5 folds of a small table) and leaves out the random forest: on the shared
    benchmarks it never beat boosting on a big table and cost the most time.
    """
    keys = list(requested) if requested else list(BUDGET_CANDIDATES[budget])
    folds = BUDGET_FOLDS[budget]
    if budget == "standard" and n_train >= LARGE_RACE_ROWS:
        folds = 3
        if not requested:
            keys.remove("forest")
    return candidates_for(budget, keys), folds


def candidates_for(budget: str, requested: list[str] | None = None) -> list[Candidate]:
    """The candidates for a budget (or the requested keys), baselines always first."""
    keys = list(requested) if requested else list(BUDGET_CANDIDATES[budget])
    unknown = [k for k in keys if k not in CANDIDATES]
    if unknown:
        raise UserError(
            f"Unknown candidate(s): {', '.join(unknown)}.",
            f"Choose from: {', '.join(CANDIDATES)}.",
        )
    for baseline in ("one_rule", "baseline"):
        if baseline not in keys:
            keys.insert(0, baseline)
    keys.sort(key=lambda k: not CANDIDATES[k].is_baseline)
    if keys.index("baseline") != 0:
        keys.remove("baseline")
        keys.insert(0, "baseline")
    return [CANDIDATES[k] for k in keys]


def display_name(candidate: Candidate, task: str, majority: str | None) -> str:
    """Plain-words name; the baseline says what it predicts."""
    if candidate.key == "baseline":
        if _is_classification(task) and majority is not None:
            return f"No ML: always '{majority}'"
        return "No ML: always the average"
    return candidate.name
