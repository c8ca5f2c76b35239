"""Clean a table read from any format: column names, empty rows and columns, and dtypes.

Column names are stripped; empty names become ``column_<position>``; duplicate names are a
DataError naming them. Rows where every cell is missing are dropped. Text columns keep
pandas' ``str`` dtype (never ``category``); Yes/No text stays text; ``True``/``False``
columns stay bool (text ``True``/``False`` when they have missing cells). Missing markers and
numbers stored as text follow the rules in ``engine.text_values`` (decided per column on a
sample, then converted once with vectorised Arrow kernels). A column that ends up entirely
missing gets a warning (it is kept: later stages drop it). Datetime text in CSV files stays
text for the profiler to recognise. The frame has a fresh RangeIndex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from engine import text_values
from engine.errors import DataError
from engine.reporter import Reporter


def check_duplicates(names: list[str]) -> None:
    """Raise DataError naming the (non-empty) column names that appear more than once."""
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name, []).append(i + 1)
    dups = {n: pos for n, pos in seen.items() if len(pos) > 1}
    if dups:
        listed = "; ".join(
            f"'{n}' (columns {', '.join(map(str, pos))})" for n, pos in list(dups.items())[:5]
        )
        raise DataError(
            f"Some column names appear more than once: {listed}.",
            "Rename the columns so that every name is different, then import the file again.",
        )


def clean_names(columns: list[object]) -> list[str]:
    """Stripped names; empty ones become column_<position>; duplicates raise DataError."""
    names = ["" if _blank_name(c) else str(c).strip() for c in columns]
    check_duplicates(names)
    taken = set(names)
    out = []
    for i, name in enumerate(names):
        if not name:
            name = f"column_{i + 1}"
            k = 2
            while name in taken:
                name = f"column_{i + 1}_{k}"
                k += 1
            taken.add(name)
        out.append(name)
    return out


def clean_frame(
    frame: pd.DataFrame,
    notes: list[str],
    *,
    decimal: str = ".",
    protected: set[str] | frozenset[str] = frozenset(),
    reporter: Reporter | None = None,
) -> pd.DataFrame:
    """Apply the cleaning rules of the module docstring; appends warnings to ``notes``."""
    if frame.shape[1] == 0:
        raise DataError("The file has no columns.", "Pick the file that holds your data.")
    frame = frame.copy(deep=False)
    original = list(frame.columns)
    frame.columns = clean_names(original)
    unnamed = {n for n, o in zip(frame.columns, original, strict=True) if _blank_name(o)}
    for i, name in enumerate(frame.columns):
        if reporter is not None and i % 8 == 7:
            reporter.check_cancelled()
        before = frame.iloc[:, i]
        col = _normalise_dtype(before)
        if name not in protected and _is_text(col):
            col, col_notes = text_values.clean_text_column(col, name, decimal)
            notes.extend(col_notes)
        if _is_text(col) and col.isna().all():
            col = col.astype("float64")
        if col is not before:
            frame.isetitem(i, col)
    missing = frame.isna()
    empty_rows = missing.all(axis=1)
    if empty_rows.any():
        n = int(empty_rows.sum())
        if n < len(frame):
            notes.append(f"Dropped {n:,} empty row{'s' if n != 1 else ''}")
        frame = frame[~empty_rows.to_numpy()]
        _restore_integers(frame, missing)
    if (
        not isinstance(frame.index, pd.RangeIndex)
        or frame.index.start != 0
        or frame.index.step != 1
    ):
        frame = frame.reset_index(drop=True)
    if len(frame):
        empty_cols = missing.all(axis=0)
        empty_names = list(empty_cols.index[empty_cols.to_numpy()])
        dropped = [n for n in empty_names if n in unnamed]
        if dropped and len(dropped) < frame.shape[1]:
            frame = frame.drop(columns=dropped)
            notes.append(
                f"Dropped {len(dropped)} column{'s' if len(dropped) != 1 else ''} with neither a "
                "name nor any value (often a delimiter at the end of every line)"
            )
        for name in empty_names:
            if name not in dropped:
                notes.append(f"Column '{name}' is empty (every value is missing)")
    return frame


def _blank_name(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip()


def _restore_integers(frame: pd.DataFrame, missing: pd.DataFrame) -> None:
    """Columns that were float only because of the dropped empty rows become int64 again."""
    had_missing = missing.any(axis=0)
    for i, name in enumerate(frame.columns):
        col = frame.iloc[:, i]
        if col.dtype == "float64" and had_missing[name] and col.notna().all():
            values = col.to_numpy()
            if np.all(np.mod(values, 1) == 0) and np.all(np.abs(values) < 2**53):
                frame.isetitem(i, col.astype("int64"))


def _is_text(col: pd.Series) -> bool:
    return isinstance(col.dtype, pd.StringDtype)


def _normalise_dtype(col: pd.Series) -> pd.Series:
    """Text as pandas' str dtype, categories as their values, objects as one real dtype."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if len(dtype.categories) == 0:
            return col.astype("float64")
        col = col.astype(dtype.categories.dtype)
        dtype = col.dtype
    if isinstance(dtype, pd.StringDtype):
        return col if dtype == "str" else col.astype("str")
    if not pd.api.types.is_object_dtype(dtype):
        return col
    present = col.dropna()
    if len(present) == 0:
        return col.astype("float64")
    kind = pd.api.types.infer_dtype(present, skipna=True)
    if kind == "boolean":
        return col.astype(bool) if len(present) == len(col) else col.astype("str")
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        return pd.to_numeric(col, errors="coerce")
    if kind == "bytes":
        return col.map(lambda v: v.decode("utf-8", "replace"), na_action="ignore").astype("str")
    if kind in ("datetime", "datetime64", "date"):
        try:
            return pd.to_datetime(col)
        except (ValueError, TypeError, OverflowError):
            return col.astype("str")
    return col.astype("str")
