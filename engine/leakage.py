"""Leak suspects: columns that give the answer away.

A column is suspect when, on its own, it predicts the target almost perfectly, when its name
mirrors the target's, when its values equal the target's, or (regression) when the target can
be computed almost exactly from it and other numbers (``total`` = ``fare`` + ``tip`` + ...).
Such a column is usually recorded after the outcome and will not exist at prediction time.

The checks run on a sample of at most ``max_rows`` labelled rows with 3-fold cross-validation,
so they take well under a second; identifiers and free text are skipped.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_datetime64_any_dtype, is_numeric_dtype

from engine.reporter import Reporter

CLASSIFICATION_BALANCED_ACCURACY = 0.98
REGRESSION_SPEARMAN = 0.98
REGRESSION_R2 = 0.97
EQUAL_SHARE = 0.98
IDENTITY_R2 = 0.98
IDENTITY_GAIN = 0.01
MIN_ROWS = 30
MAX_CLASSES = 50  # more classes than this: only the name and equal-values rules run
FOLDS = 3
SKIPPED_KINDS = ("identifier", "text")
MISSING_LABEL = "\x00missing"


@dataclass
class LeakSuspect:
    """One suspect column: which rule caught it, its score, and why, in words."""

    column: str
    rule: str  # "name" | "equal" | "single_feature" | "arithmetic"
    score: float
    why: str


def find_leak_suspects(
    frame: pd.DataFrame,
    target: str,
    task: str,
    kinds: Mapping[str, str],
    *,
    max_rows: int = 5000,
    seed: int = 0,
    reporter: Reporter | None = None,
) -> list[LeakSuspect]:
    """Columns of ``frame`` that look like they contain ``target``'s answer.

    ``kinds`` maps column names to profile kinds; identifier and text columns are skipped,
    and so is any column not in ``kinds``.
    """
    y_all = frame[target]
    labelled = np.flatnonzero(y_all.notna().to_numpy())
    rng = np.random.default_rng(seed)
    if labelled.size > max_rows:
        labelled = np.sort(rng.choice(labelled, max_rows, replace=False))
    sample = frame.iloc[labelled]
    classification = task in ("binary", "multiclass")
    y_labels = _labels(sample[target]) if classification else None
    y_codes = pd.factorize(y_labels)[0] if classification else None
    y_numbers = None if classification else _numbers(sample[target])
    predictive = sample.shape[0] >= MIN_ROWS and (
        (classification and 2 <= len(np.unique(y_codes)) <= MAX_CLASSES)
        or (
            not classification
            and y_numbers is not None
            and np.isfinite(y_numbers).all()
            and np.nanstd(y_numbers) > 0
        )
    )
    folds = _fold_ids(y_codes, len(sample), rng)

    suspects: list[LeakSuspect] = []
    numeric_features: dict[str, np.ndarray] = {}
    names = [c for c in sample.columns if c != target and kinds.get(str(c)) is not None]
    names = [c for c in names if kinds[str(c)] not in SKIPPED_KINDS]
    for i, column in enumerate(names):
        if reporter is not None:
            reporter.check_cancelled()
        kind = kinds[str(column)]
        values = sample[column]
        if isinstance(values, pd.DataFrame):  # duplicate column names: skip
            continue
        found = _name_mirror(str(column), target)
        if found is None:
            found = _equal_values(str(column), target, values, sample[target], y_labels)
        if found is None and predictive:
            if classification:
                found = _predicts_class(str(column), target, kind, values, y_codes, folds)
            else:
                x = _feature_numbers(values, kind)
                if x is not None and kind == "numeric":
                    numeric_features[str(column)] = x
                found = _predicts_number(str(column), target, kind, values, x, y_numbers, folds)
        if found is not None:
            suspects.append(found)
            numeric_features.pop(str(column), None)
        if reporter is not None and names:
            reporter.progress((i + 1) / len(names), f"Looking for leaks: {column}")
    if predictive and not classification and len(numeric_features) >= 2:
        suspects.extend(_arithmetic(target, numeric_features, y_numbers, folds))
    return suspects


# --- the rules -------------------------------------------------------------------------------


def _name_mirror(column: str, target: str) -> LeakSuspect | None:
    """The target's name inside the column's (or the other way round), as whole words."""
    col_words, target_words = _words(column), _words(target)
    if not col_words or not target_words:
        return None
    inside = _contains(col_words, target_words)
    around = len(re.sub(r"[^a-z0-9]", "", column.lower())) >= 3 and _contains(
        target_words, col_words
    )
    if not (inside or around):
        return None
    why = (
        f"{column}'s name mirrors the target {target}: it may be the answer itself, "
        "or something recorded after it."
    )
    return LeakSuspect(column, "name", 1.0, why)


def _equal_values(
    column: str, target: str, values: pd.Series, y: pd.Series, y_labels: np.ndarray | None
) -> LeakSuspect | None:
    """Values equal to the target's on nearly every row (as labels, or as numbers)."""
    if len(y) == 0:
        return None
    if y_labels is not None or not is_numeric_dtype(values) or is_bool_dtype(values):
        labels = y_labels if y_labels is not None else _labels(y)
        share = float(np.mean(_labels(values) == labels))
    else:
        x, t = _numbers(values), _numbers(y)
        if x is None or t is None:
            return None
        share = float(np.mean(np.isclose(x, t, rtol=1e-9, atol=1e-12)))
    if share < EQUAL_SHARE:
        return None
    why = f"{column} equals {target} in {share:.0%} of rows: it is almost certainly the answer."
    return LeakSuspect(column, "equal", share, why)


def _predicts_class(
    column: str, target: str, kind: str, values: pd.Series, y: np.ndarray, folds: np.ndarray
) -> LeakSuspect | None:
    x = _feature_numbers(values, kind) if kind in ("numeric", "datetime") else None
    if x is not None:
        if np.isnan(x).all():
            return None
        predicted = _cross_predict_tree_classifier(x, y, folds)
    else:
        predicted = _cross_predict_majority(_labels(values), y, folds)
    score = _balanced_accuracy(y, predicted)
    if score < CLASSIFICATION_BALANCED_ACCURACY:
        return None
    why = (
        f"{column} alone predicts {target} almost perfectly (balanced accuracy {score:.2f} "
        "from one simple rule): it is probably known only after the outcome."
    )
    return LeakSuspect(column, "single_feature", score, why)


def _predicts_number(
    column: str,
    target: str,
    kind: str,
    values: pd.Series,
    x: np.ndarray | None,
    y: np.ndarray,
    folds: np.ndarray,
) -> LeakSuspect | None:
    if x is not None:
        present = ~np.isnan(x)
        if present.sum() < MIN_ROWS or np.nanstd(x) == 0:
            return None
        rho = _spearman(x[present], y[present])
        if abs(rho) >= REGRESSION_SPEARMAN:
            why = (
                f"{column} alone predicts {target} almost perfectly (rank correlation "
                f"{rho:.2f}): it is probably known only after the outcome."
            )
            return LeakSuspect(column, "single_feature", abs(rho), why)
        predicted = _cross_predict_tree_regressor(x, y, folds)
    else:
        predicted = _cross_predict_group_mean(_labels(values), y, folds)
    r2 = _r2(y, predicted)
    if r2 < REGRESSION_R2:
        return None
    why = (
        f"{column} alone predicts {target} almost perfectly (R² {r2:.2f} from one simple "
        "rule): it is probably known only after the outcome."
    )
    return LeakSuspect(column, "single_feature", r2, why)


def _arithmetic(
    target: str, features: dict[str, np.ndarray], y: np.ndarray, folds: np.ndarray
) -> list[LeakSuspect]:
    """Numbers that, added up with others, give the target almost exactly.

    A linear model on all numeric columns reaching R² >= 0.98 means the target is (nearly) a
    sum of columns. A column is suspect when leaving it out breaks that: it carries the target.
    """
    names = list(features)
    matrix = np.column_stack([features[n] for n in names])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # an all-missing column has no median
        medians = np.nanmedian(matrix, axis=0)
    medians = np.where(np.isnan(medians), 0.0, medians)
    matrix = np.where(np.isnan(matrix), medians, matrix)
    full = _r2(y, _cross_predict_linear(matrix, y, folds))
    if full < IDENTITY_R2:
        return []
    suspects = []
    for j, name in enumerate(names):
        without = _r2(y, _cross_predict_linear(np.delete(matrix, j, axis=1), y, folds))
        if without < IDENTITY_R2 and full - without >= IDENTITY_GAIN:
            others = [n for n in names if n != name]
            shown = ", ".join(others[:3]) + (" ..." if len(others) > 3 else "")
            why = (
                f"{target} can be computed almost exactly from {name} together with other "
                f"numbers ({shown}): R² {full:.2f} with {name}, {without:.2f} without. "
                f"{name} probably contains the answer (for example a total that includes it)."
            )
            suspects.append(LeakSuspect(name, "arithmetic", full - without, why))
    return suspects


# --- small models, cross-predicted ---------------------------------------------------------


def _fold_ids(y_codes: np.ndarray | None, n: int, rng: np.random.Generator) -> np.ndarray:
    """Fold number per row; stratified by class when class codes are given."""
    folds = np.empty(n, dtype=np.int64)
    if y_codes is None:
        folds[rng.permutation(n)] = np.arange(n) % FOLDS
        return folds
    offset = 0
    for label in np.unique(y_codes):
        rows = np.flatnonzero(y_codes == label)
        rows = rows[rng.permutation(rows.size)]
        folds[rows] = (np.arange(rows.size) + offset) % FOLDS
        offset += rows.size
    return folds


def _cross_predict_tree_classifier(x: np.ndarray, y: np.ndarray, folds: np.ndarray):
    from sklearn.tree import DecisionTreeClassifier

    predicted = np.empty(len(y), dtype=np.int64)
    X = x.reshape(-1, 1)
    for k in range(FOLDS):
        test = folds == k
        if not test.any():
            continue
        model = DecisionTreeClassifier(max_depth=3, random_state=0)
        model.fit(X[~test], y[~test])
        predicted[test] = model.predict(X[test])
    return predicted


def _cross_predict_tree_regressor(x: np.ndarray, y: np.ndarray, folds: np.ndarray):
    from sklearn.tree import DecisionTreeRegressor

    predicted = np.empty(len(y), dtype=float)
    X = x.reshape(-1, 1)
    for k in range(FOLDS):
        test = folds == k
        if not test.any():
            continue
        model = DecisionTreeRegressor(max_depth=6, min_samples_leaf=5, random_state=0)
        model.fit(X[~test], y[~test])
        predicted[test] = model.predict(X[test])
    return predicted


def _cross_predict_linear(X: np.ndarray, y: np.ndarray, folds: np.ndarray) -> np.ndarray:
    predicted = np.empty(len(y), dtype=float)
    for k in range(FOLDS):
        test = folds == k
        if not test.any():
            continue
        A = np.column_stack([X[~test], np.ones((~test).sum())])
        coef, *_ = np.linalg.lstsq(A, y[~test], rcond=None)
        predicted[test] = np.column_stack([X[test], np.ones(test.sum())]) @ coef
    return predicted


def _cross_predict_majority(x: np.ndarray, y: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """Per-category majority class (``y`` as codes) learned on the other folds.

    A category not seen in the other folds gets their overall majority class. Memory stays
    linear in the rows, however many categories and classes there are.
    """
    x_codes, uniques = pd.factorize(x)
    n_classes = int(y.max()) + 1
    predicted = np.empty(len(y), dtype=np.int64)
    for k in range(FOLDS):
        test = folds == k
        if not test.any():
            continue
        train = ~test
        pairs, counts = np.unique(x_codes[train] * n_classes + y[train], return_counts=True)
        xs, ys = pairs // n_classes, pairs % n_classes
        order = np.lexsort((ys, -counts, xs))  # per category: most rows first, then class code
        xs, ys = xs[order], ys[order]
        first = np.concatenate(([True], xs[1:] != xs[:-1]))
        overall = int(np.bincount(y[train], minlength=n_classes).argmax())
        best = np.full(len(uniques), overall, dtype=np.int64)
        best[xs[first]] = ys[first]
        predicted[test] = best[x_codes[test]]
    return predicted


def _balanced_accuracy(y: np.ndarray, predicted: np.ndarray) -> float:
    """Mean recall over the classes in ``y`` (both as integer codes)."""
    recalls = [float(np.mean(predicted[y == c] == c)) for c in np.unique(y)]
    return float(np.mean(recalls))


def _cross_predict_group_mean(x: np.ndarray, y: np.ndarray, folds: np.ndarray) -> np.ndarray:
    """Per-category mean learned on the other folds (unseen: overall mean)."""
    codes, uniques = pd.factorize(x)
    predicted = np.empty(len(y), dtype=float)
    for k in range(FOLDS):
        test = folds == k
        if not test.any():
            continue
        sums = np.bincount(codes[~test], weights=y[~test], minlength=len(uniques))
        counts = np.bincount(codes[~test], minlength=len(uniques))
        overall = float(y[~test].mean())
        means = np.where(counts > 0, sums / np.maximum(counts, 1), overall)
        predicted[test] = means[codes[test]]
    return predicted


def _r2(y: np.ndarray, predicted: np.ndarray) -> float:
    total = float(np.sum((y - y.mean()) ** 2))
    if total == 0:
        return 0.0
    return 1.0 - float(np.sum((y - predicted) ** 2)) / total


def _spearman(x: np.ndarray, y: np.ndarray) -> float:
    if x.size < 3:
        return 0.0
    rx = pd.Series(x).rank().to_numpy()
    ry = pd.Series(y).rank().to_numpy()
    if rx.std() == 0 or ry.std() == 0:
        return 0.0
    return float(np.corrcoef(rx, ry)[0, 1])


# --- values --------------------------------------------------------------------------------


def _labels(values: pd.Series) -> np.ndarray:
    """Values as comparable strings: 1 and 1.0 agree, text is stripped, missing is its own.

    Only the distinct values are formatted, so this stays cheap on long columns.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    names = [_label(v) for v in np.asarray(uniques, dtype=object)]
    table = np.asarray([*names, MISSING_LABEL], dtype=object)
    return table[codes]  # code -1 (missing) picks the last entry


def _label(value: object) -> str:
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return str(int(number)) if number.is_integer() else str(number)
    return str(value).strip()


def _numbers(values: pd.Series) -> np.ndarray | None:
    if is_bool_dtype(values):
        return values.astype("float64").to_numpy()
    if not is_numeric_dtype(values):
        converted = pd.to_numeric(values, errors="coerce")
        if converted.notna().sum() < 0.98 * values.notna().sum():
            return None
        values = converted
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    return np.where(np.isfinite(numbers), numbers, np.nan)


def _feature_numbers(values: pd.Series, kind: str) -> np.ndarray | None:
    """A numeric or datetime column as floats with NaN for missing; None for other kinds."""
    if kind == "numeric":
        return _numbers(values)
    if kind != "datetime":
        return None
    if is_datetime64_any_dtype(values):
        stamps = values
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                stamps = pd.to_datetime(values, errors="coerce")
                if stamps.notna().sum() < 0.9 * values.notna().sum():
                    stamps = pd.to_datetime(values, errors="coerce", format="mixed")
            except (ValueError, TypeError):
                return None
    stamps = pd.Series(stamps)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    seconds = (stamps - pd.Timestamp("1970-01-01")).dt.total_seconds()
    return seconds.to_numpy(dtype="float64", na_value=np.nan)


def _words(name: str) -> list[str]:
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", name)
    spaced = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1 \2", spaced)
    return [w for w in re.split(r"[^a-z0-9]+", spaced.lower()) if w]


def _contains(words: list[str], part: list[str]) -> bool:
    """``part`` appears in ``words`` as a run of whole words."""
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))
