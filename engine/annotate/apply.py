"""Annotations applied to a frame: a new frame, the old one untouched.

An annotation is ``{"row": <row key>, "label": <text, or None to remove the label>}`` (row
keys: see ``engine.annotate``). Every row keeps its place. A number column stays a number
column while the labels are numbers; a text label in it turns the column into text labels
written as the trainer reads them (``1.0`` becomes ``"1"``), so no existing label changes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype, is_string_dtype

from engine.errors import UserError
from engine.task import class_labels, missing_column_error

_BOOL_WORDS = {"true": True, "false": False}


def apply_annotations(frame: pd.DataFrame, target: str, annotations: list[dict]) -> pd.DataFrame:
    """A copy of ``frame`` with the annotated rows' ``target`` set (or cleared)."""
    if target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    rows, labels = check_annotations(annotations, len(frame))
    result = frame.copy()
    result[target] = _with_labels(frame[target], rows, labels)
    return result


def check_annotations(annotations: list[dict], n_rows: int) -> tuple[list[int], list]:
    """(row keys, labels) of well-formed annotations; UserError naming the first bad one."""
    rows: list[int] = []
    labels: list = []
    seen: set[int] = set()
    for number, note in enumerate(annotations, start=1):
        row, label = _row_and_label(note, number)
        if not 0 <= row < n_rows:
            raise UserError(
                f"Annotation {number} names row {row}, but the data has rows 0 to {n_rows - 1}.",
                "Rows are counted from 0 in the order of the stored data; check the row numbers.",
            )
        if row in seen:
            raise UserError(
                f"Row {row} is annotated more than once.", "Keep one label per row and try again."
            )
        seen.add(row)
        rows.append(row)
        labels.append(label)
    return rows, labels


def label_text(value) -> str | None:
    """A stored target value as text (None if missing); whole numbers lose their ``.0``."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    if isinstance(value, (bool, np.bool_)):
        return "True" if value else "False"
    if isinstance(value, (int, float, np.number)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _row_and_label(note, number: int) -> tuple[int, str | None]:
    if not isinstance(note, dict) or "row" not in note or "label" not in note:
        raise UserError(
            f"Annotation {number} is not of the form {{'row': ..., 'label': ...}}.",
            "Give each annotation a row number and a label (or None to remove the label).",
        )
    row, label = note["row"], note["label"]
    if isinstance(row, bool) or not isinstance(row, (int, np.integer)):
        raise UserError(f"Annotation {number} has row {row!r}, not a whole number.",
                        "Give rows as whole numbers counted from 0.")
    if label is not None and not isinstance(label, str):
        raise UserError(f"Annotation {number} has label {label!r}, which is not text.",
                        "Give labels as text, or None to remove a label.")
    if label is not None and not label.strip():
        label = None  # a blank label is no label, as an empty cell in a CSV
    return int(row), label


def _with_labels(column: pd.Series, rows: list[int], labels: list) -> pd.Series:
    given = [label for label in labels if label is not None]
    if is_bool_dtype(column) and all(g.strip().lower() in _BOOL_WORDS for g in given):
        flags = [None if g is None else _BOOL_WORDS[g.strip().lower()] for g in labels]
        return _set(column.astype(object), rows, flags, keep=column.dtype)
    if is_numeric_dtype(column) and not is_bool_dtype(column) and _all_numbers(given):
        floats = np.array([np.nan if g is None else float(g) for g in labels], dtype=float)
        numbers = _set(column.astype("float64"), rows, floats)
        return _narrowest(numbers, column.dtype)
    if is_numeric_dtype(column):  # text among numbers: all of it becomes labels as the trainer reads
        text = class_labels(column.dropna()).reindex(column.index).astype(object)
        return _set(text, rows, labels)
    keep = column.dtype if is_string_dtype(column.dtype) and column.dtype != object else None
    return _set(column.astype(object), rows, labels, keep=keep)


def _set(values: pd.Series, rows: list[int], new, keep=None) -> pd.Series:
    values = values.copy()
    if rows:
        values.iloc[rows] = np.asarray(new, dtype=values.dtype)
    if keep is None or (is_bool_dtype(keep) and values.isna().any()):
        return values  # a missing value in a yes/no column keeps it as objects
    return values.astype(keep)


def _narrowest(numbers: pd.Series, dtype) -> pd.Series:
    """Whole numbers go back to an integer column if there was one and nothing is missing."""
    whole = bool((numbers == numbers.round()).all())
    if dtype.kind in "iu" and whole and not numbers.isna().any():
        return numbers.astype(dtype)
    return numbers.astype("float64")


def _all_numbers(labels: list[str]) -> bool:
    try:
        [float(label) for label in labels]
    except ValueError:
        return False
    return True
