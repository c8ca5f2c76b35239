"""What-if predictions: one row's prediction, what each value contributed, and a form to edit it.

A feature's contribution is model-agnostic: the prediction for the row minus the average
prediction when that feature alone takes the values of typical (background) rows, all else
kept. It answers "how much does this value move the prediction compared with usual values?".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine.analysis.drivers import prepared_columns
from engine.analysis.raw_values import as_categories, as_numbers, as_timestamps, json_value, rounded
from engine.model_contract import MISSING, prepare_features
from engine.scoring import model_output

# Percentiles bounding a numeric form field: the true extremes are often typos or outliers.
RANGE_PERCENTILES = (1, 99)


def explain_row(
    model, row_raw, schema: dict, task: str, classes: list[str], background_raw: pd.DataFrame,
    max_background: int = 100, seed: int = 0, threshold: float | None = None,
) -> dict:
    """The prediction for one raw row and each feature's contribution to it.

    ``row_raw`` is a dict of raw values (text from a form is fine) or a one-row DataFrame.
    The explained output ``f`` is the probability of the second class (binary), of the
    predicted class (multiclass) or the predicted value (regression); contributions are
    ``f(row) − mean over background rows b of f(row with the feature set to b's value)``.
    """
    row = _row_frame(row_raw, schema)
    background = _background_sample(background_raw, max_background, seed)
    x = prepare_features(row, schema)
    typical = prepare_features(background, schema)
    groups = prepared_columns(schema)
    # Row, then the background as is, then one background-sized block per feature: one call.
    blocks = [x, typical] + [_with_row_except(x, typical, columns) for columns in groups.values()]
    output = model_output(model, pd.concat(blocks, ignore_index=True), task, classes)
    explained, name, summary = _explained_output(output, output[0], task, classes, threshold)
    m = len(typical)
    effects = [
        float(explained[0] - explained[1 + m * (j + 1): 1 + m * (j + 2)].mean())
        for j in range(len(groups))
    ]
    contributions = [
        {"feature": feature, "value": json_value(row[feature].iloc[0]), "effect": effect}
        for feature, effect in zip(groups, effects, strict=True)
    ]
    contributions.sort(key=lambda entry: abs(entry["effect"]), reverse=True)
    return {
        **summary,
        "output_name": name,
        "output": float(explained[0]),
        "contributions": contributions,
        "baseline_output": float(explained[1:1 + m].mean()),
    }


def _row_frame(row_raw, schema: dict) -> pd.DataFrame:
    names = [c["name"] for c in schema["columns"]]
    if isinstance(row_raw, pd.DataFrame):
        row = row_raw.iloc[[0]].reset_index(drop=True)
        return row.reindex(columns=names)
    return pd.DataFrame([{name: row_raw.get(name) for name in names}])


def _background_sample(background_raw: pd.DataFrame, max_rows: int, seed: int) -> pd.DataFrame:
    if len(background_raw) == 0:
        raise ValueError("explain_row needs at least one background row")
    if len(background_raw) > max_rows:
        background_raw = background_raw.sample(max_rows, random_state=seed)
    return background_raw.reset_index(drop=True)


def _with_row_except(x: pd.DataFrame, typical: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Background-sized copies of the row whose ``columns`` take the background's values."""
    block = x.iloc[np.zeros(len(typical), dtype=int)].reset_index(drop=True)
    for column in columns:
        block[column] = typical[column].astype(x[column].dtype)
    return block


def _explained_output(output, first, task, classes, threshold) -> tuple[np.ndarray, str, dict]:
    """(f for every predicted row, f's name, the row's prediction fields)."""
    if task == "regression":
        value = float(first)
        summary = {"prediction": value, "probabilities": None, "value": value}
        return np.asarray(output, dtype=float), "predicted value", summary
    if threshold is not None and len(classes) == 2:
        chosen = 1 if first[1] >= threshold else 0
    else:
        chosen = int(np.argmax(first))
    summary = {
        "prediction": classes[chosen],
        "probabilities": {label: float(p) for label, p in zip(classes, first, strict=True)},
        "value": None,
    }
    column = 1 if task == "binary" else chosen
    return output[:, column], f"probability of {classes[column]}", summary


def default_row(background_raw: pd.DataFrame, schema: dict) -> dict:
    """Typical values for a what-if form: medians, most frequent categories, a median date."""
    return {c["name"]: _typical(background_raw[c["name"]], c) for c in schema["columns"]}


def _typical(values: pd.Series, column: dict):
    kind = column["kind"]
    if kind == "numeric":
        numbers = as_numbers(values).dropna()
        if numbers.empty:
            return None
        if (numbers == numbers.round()).all():  # counts and ages stay whole
            return int(round(numbers.median()))
        return rounded(float(numbers.median()))
    if kind == "datetime":
        return _date_text(as_timestamps(values).dropna())
    choices = _choices(values, column)
    return choices[0] if choices else None


def _date_text(stamps: pd.Series) -> str | None:
    """The median as an ISO date, with the time of day only when the data has times."""
    if stamps.empty:
        return None
    median = pd.Timestamp(stamps.median())
    if (stamps == stamps.dt.normalize()).all():
        return median.date().isoformat()
    return median.floor("min").isoformat(timespec="minutes")


def _choices(values: pd.Series, column: dict) -> list[str]:
    """The categories the model knows, most frequent in ``values`` first."""
    counts = as_categories(values).value_counts()
    seen = [str(v) for v in counts.index if v != MISSING]
    known = column.get("categories")
    if known is None:
        return seen
    return [v for v in seen if v in known] + [v for v in known if v not in seen]


def form_fields(schema: dict, background_raw: pd.DataFrame) -> list[dict]:
    """One what-if form field per schema column: kind, choices or range, and a default."""
    fields = []
    for column in schema["columns"]:
        name, kind = column["name"], column["kind"]
        values = background_raw[name]
        field = {"name": name, "kind": kind, "choices": None, "min": None, "max": None,
                 "default": _typical(values, column)}
        if kind in ("categorical", "boolean"):
            field["choices"] = _choices(values, column)
        elif kind == "numeric":
            numbers = as_numbers(values).dropna()
            if not numbers.empty:
                low, high = np.percentile(numbers, RANGE_PERCENTILES)
                field["min"], field["max"] = rounded(float(low)), rounded(float(high))
        fields.append(field)
    return fields
