"""What goes into a model and what comes out: the input schema and the prediction table.

``prepare_features`` turns raw rows into model input; ``prediction_table`` turns model output
into the table users get. This file is copied verbatim into every exported model package (as
``firstwin_contract.py``), so the package reads a CSV exactly as FirstWin did when it trained.
Keep it self-contained: only the standard library, numpy and pandas.

A schema is a plain dict (it is written to ``schema.json``)::

    {"version": 1, "target": "Churn", "task": "binary", "classes": ["No", "Yes"],
     "columns": [{"name": "tenure", "kind": "numeric"},
                 {"name": "Contract", "kind": "categorical", "categories": ["One year", ...]},
                 {"name": "pickup", "kind": "datetime"}]}

Kinds are ``numeric``, ``categorical``, ``boolean`` and ``datetime``. Categorical and boolean
values become strings, with missing values as ``MISSING`` and values outside the column's
``categories`` (rare in training, or never seen) as ``OTHER``; datetimes become numeric parts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SCHEMA_VERSION = 1
MISSING = "(missing)"
OTHER = "(other)"
DATETIME_PARTS = ("year", "month", "day", "day_of_week", "hour")


class SchemaMismatch(ValueError):
    """The input does not have the columns the model was trained on."""


def feature_names(schema: dict) -> tuple[list[str], list[str]]:
    """Names of the prepared columns: (numeric-like columns, categorical-like columns)."""
    numeric: list[str] = []
    categorical: list[str] = []
    for column in schema["columns"]:
        name, kind = column["name"], column["kind"]
        if kind == "numeric":
            numeric.append(name)
        elif kind == "datetime":
            numeric.extend(f"{name}__{part}" for part in DATETIME_PARTS)
        else:
            categorical.append(name)
    return numeric, categorical


def prepare_features(raw: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Return the model input for ``raw``: the schema's columns, typed, in the schema's order.

    Extra columns are ignored. Missing columns raise ``SchemaMismatch`` naming them.
    Values that do not parse (text in a numeric column, a bad date) become missing.
    """
    wanted = [c["name"] for c in schema["columns"]]
    absent = [name for name in wanted if name not in raw.columns]
    if absent:
        raise SchemaMismatch(
            f"the input is missing {len(absent)} column(s) the model needs: "
            + ", ".join(repr(a) for a in absent[:20])
            + (" ..." if len(absent) > 20 else "")
        )
    numeric: dict[str, pd.Series] = {}
    categorical: dict[str, pd.Series] = {}
    for column in schema["columns"]:
        name, kind = column["name"], column["kind"]
        values = raw[name]
        if kind == "numeric":
            numeric[name] = _to_number(values)
        elif kind == "datetime":
            numeric.update(_datetime_parts(name, values))
        else:
            categorical[name] = _to_category_text(values, column.get("categories"))
    numeric_names, categorical_names = feature_names(schema)
    frame = pd.DataFrame(
        {**{n: numeric[n] for n in numeric_names}, **{n: categorical[n] for n in categorical_names}},
        index=raw.index,
    )
    return frame


def _to_number(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return values.astype("float64")
    if pd.api.types.is_numeric_dtype(values):
        return values.astype("float64")
    text = values.astype("string").str.strip().str.replace(",", "", regex=False)
    return pd.to_numeric(text, errors="coerce").astype("float64")


def _to_category_text(values: pd.Series, categories: list[str] | None = None) -> pd.Series:
    """Categories as plain strings; integer-valued numbers lose their '.0' so 1 and 1.0 agree.

    Values outside ``categories`` (when given) become OTHER. The work is done once per
    distinct value and then spread to the rows, so a million rows cost little more than a few.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    labels = np.asarray(list(_category_labels(values, uniques)) + [np.nan], dtype=object)
    labels[pd.isna(labels) | (labels == "")] = MISSING
    if categories is not None:
        known = set(categories) | {MISSING}
        labels[[label not in known for label in labels]] = OTHER
    return pd.Series(labels[codes], index=values.index, dtype=object)  # code -1 (missing) → last


def _category_labels(values: pd.Series, uniques) -> np.ndarray:
    if pd.api.types.is_bool_dtype(values):
        return np.asarray(["True" if bool(v) else "False" for v in uniques], dtype=object)
    if pd.api.types.is_numeric_dtype(values):
        numbers = np.asarray(uniques, dtype="float64")
        whole = np.isfinite(numbers) & np.isclose(numbers, np.round(numbers))  # inf stays "inf"
        return np.asarray(
            [str(int(round(n))) if w else str(n) for n, w in zip(numbers, whole, strict=True)],
            dtype=object,
        )
    return np.asarray([str(v).strip() for v in uniques], dtype=object)


def _datetime_parts(name: str, values: pd.Series) -> dict[str, pd.Series]:
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = values
    else:
        stamps = pd.to_datetime(values, errors="coerce", format="mixed")
    stamps = pd.Series(stamps, index=values.index)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return {
        f"{name}__{part}": getattr(stamps.dt, part).astype("float64") for part in DATETIME_PARTS
    }


def prediction_table(model, features: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """One row per input row: ``prediction`` and, for classification, ``proba_<class>``.

    A binary schema's ``threshold`` decides the label: the second class (the "yes" one) when
    its probability is at least the threshold. Without one, the most probable class wins.
    """
    if schema["task"] == "regression":
        return pd.DataFrame({"prediction": model.predict(features)}, index=features.index)
    classes = [str(c) for c in schema["classes"]]
    proba = np.asarray(model.predict_proba(features), dtype=float)
    fitted = [str(c) for c in model.classes_]
    table = pd.DataFrame(index=features.index)
    table["prediction"] = _labels(proba, fitted, classes, schema.get("threshold"))
    for label in classes:
        column = proba[:, fitted.index(label)] if label in fitted else np.zeros(len(table))
        table[f"proba_{label}"] = column
    return table


def _labels(proba: np.ndarray, fitted: list[str], classes: list[str], threshold) -> np.ndarray:
    labels = np.asarray(fitted, dtype=object)
    if threshold is None or len(classes) != 2 or sorted(fitted) != sorted(classes):
        return labels[proba.argmax(axis=1)]
    no, yes = classes
    chosen = proba[:, fitted.index(yes)] >= float(threshold)
    return np.where(chosen, yes, no).astype(object)
