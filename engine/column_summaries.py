"""Fill in one column's profile from its values: counts, most common values, range and kind.

Numbers are counted by sorting (much faster than hashing); columns holding only 0 and 1 are
boolean and integer columns may be identifiers. Parsed datetimes get their range in a note.
Text, categories and booleans go through one ``value_counts``; which kind they are follows
the rules in ``engine.column_kinds``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_integer_dtype

from engine.column_kinds import (
    NAMED_IDENTIFIER_SHARE,
    SAMPLE_SIZE,
    datetime_note,
    datetime_text_note,
    free_text_evidence,
    has_id_name,
    looks_like_identifier,
    parse_sample_as_dates,
    sample_present,
)

if TYPE_CHECKING:
    from engine.profile import ColumnProfile

TOP_VALUES = 10


# --- numbers ----------------------------------------------------------------------------------


def profile_numbers(profile: ColumnProfile, values: pd.Series, present: int) -> None:
    integer = is_integer_dtype(values.dtype)
    if isinstance(values.dtype, np.dtype):
        array = values.to_numpy()
        if array.dtype.kind == "f":
            array = array[~np.isnan(array)]
        elif array.dtype.kind not in "iu":
            array = array.astype("float64")
    else:
        array = values.dropna().to_numpy(dtype="int64" if integer else "float64")
    if array.dtype.kind == "f" and array.dtype != np.float64:
        array = array.astype("float64")
    ordered = np.sort(array)
    distinct, top = _count_sorted(ordered)
    profile.distinct = distinct
    profile.top_values = [(_number_label(v), c) for v, c in top]
    finite = ordered[np.isfinite(ordered)] if ordered.dtype.kind == "f" else ordered
    if finite.size:
        profile.min = float(finite[0])
        profile.max = float(finite[-1])
        profile.mean = float(np.mean(finite, dtype=np.float64))
        middle = finite.size // 2
        profile.median = float(
            finite[middle] if finite.size % 2 else (float(finite[middle - 1]) + finite[middle]) / 2
        )
    if distinct == 2 and ordered[0] == 0 and ordered[-1] == 1:
        profile.kind = "boolean"
    elif integer and looks_like_identifier(profile.name, distinct, present):
        profile.kind = "identifier"
    else:
        profile.kind = "numeric"


def _count_sorted(ordered: np.ndarray) -> tuple[int, list[tuple[Any, int]]]:
    """Distinct count and the most common values of a sorted array (ties: smaller first)."""
    if ordered.size == 0:
        return 0, []
    starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
    counts = np.diff(np.concatenate((starts, [ordered.size])))
    best = _top_positions(counts)
    return int(counts.size), [(ordered[starts[i]], int(counts[i])) for i in best]


def _top_positions(counts: np.ndarray) -> np.ndarray:
    """Positions of the TOP_VALUES largest counts, largest first; ties keep position order."""
    k = min(TOP_VALUES, counts.size)
    if k == 0:
        return np.arange(0)
    if counts.size > k:
        threshold = np.partition(counts, counts.size - k)[counts.size - k]
        above = np.flatnonzero(counts > threshold)
        tied = np.flatnonzero(counts == threshold)[: k - above.size]
        best = np.concatenate((above, tied))
    else:
        best = np.arange(counts.size)
    return best[np.lexsort((best, -counts[best]))]


def _number_label(value: Any) -> str:
    value = value.item() if isinstance(value, np.generic) else value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


# --- datetimes already parsed ---------------------------------------------------------------------


def profile_datetimes(profile: ColumnProfile, values: pd.Series) -> None:
    stamps = values.dropna()
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    array = stamps.to_numpy()
    unit = np.datetime_data(array.dtype)[0]
    ordered = np.sort(array.view("int64"))
    distinct, top = _count_sorted(ordered)
    profile.kind = "datetime"
    profile.distinct = distinct
    profile.top_values = [(str(pd.Timestamp(np.datetime64(int(v), unit))), c) for v, c in top]
    if ordered.size:
        low = pd.Timestamp(np.datetime64(int(ordered[0]), unit))
        high = pd.Timestamp(np.datetime64(int(ordered[-1]), unit))
        has_time = bool(
            (stamps.iloc[:SAMPLE_SIZE] != stamps.iloc[:SAMPLE_SIZE].dt.normalize()).any()
        )
        profile.warn("datetime", datetime_note(profile.name, low, high, has_time, 0.0, False))


# --- text, categories and booleans ----------------------------------------------------------


def profile_labels(profile: ColumnProfile, values: pd.Series, present: int) -> None:
    counts = _value_counts(values)
    profile.distinct = int(counts.size)
    numbers = counts.to_numpy()
    best = _top_positions(numbers)
    profile.top_values = [(_text_label(counts.index[i]), int(numbers[i])) for i in best]
    if is_bool_dtype(values) or profile.distinct == 2:
        profile.kind = "boolean"
        return
    profile.kind = "categorical"
    if profile.distinct < 3:
        return
    share = profile.distinct / present
    if has_id_name(profile.name) and share >= NAMED_IDENTIFIER_SHARE:
        profile.kind = "identifier"
        return
    sample = sample_present(values, present)
    parsed = parse_sample_as_dates(sample)
    if parsed is not None:
        profile.kind = "datetime"
        profile.warn("datetime", datetime_text_note(profile.name, values, sample, parsed))
        return
    text_evidence = free_text_evidence(counts, share)
    if text_evidence:
        profile.kind = "text"
        example = str(profile.top_values[0][0]) if profile.top_values else ""
        if len(example) > 40:
            example = example[:37] + "..."
        profile.notes.append(
            f"{profile.name} looks like free text ({text_evidence}, such as {example!r}): "
            "FirstWin does not read free text yet; drop it."
        )
        return
    if looks_like_identifier(profile.name, profile.distinct, present):
        profile.kind = "identifier"


def _value_counts(values: pd.Series) -> pd.Series:
    """Counts of the non-missing values (categories that do not occur are left out)."""
    try:
        counts = values.value_counts(sort=False, dropna=True)
    except TypeError:  # unhashable objects (lists, dicts) in an object column
        counts = values.dropna().astype(str).value_counts(sort=False)
    if isinstance(values.dtype, pd.CategoricalDtype):
        counts = counts[counts > 0]
    return counts


def _text_label(value: Any) -> str:
    if isinstance(value, (float, np.floating, int, np.integer)) and not isinstance(value, bool):
        return _number_label(value)
    return str(value)
