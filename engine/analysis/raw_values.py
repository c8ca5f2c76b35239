"""Raw column values read the way the model contract reads them, and made JSON-safe.

Slices, worst rows and the what-if form all show users their own values, yet must group and
parse them exactly as ``prepare_features`` does (1 and 1.0 are one category, "42" is a number).
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from engine.model_contract import prepare_features

_PROBE = "value"


def as_numbers(values: pd.Series) -> pd.Series:
    """Numbers as the model sees them; text that does not parse becomes NaN."""
    return _probe(values, "numeric")


def as_categories(values: pd.Series) -> pd.Series:
    """Category text as the model sees it (missing values as ``MISSING``), without pooling."""
    return _probe(values, "categorical")


def as_timestamps(values: pd.Series) -> pd.Series:
    """Timestamps (timezone-free, in UTC), NaT where a value is not a date."""
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = pd.Series(values)
    else:
        stamps = pd.Series(pd.to_datetime(values, errors="coerce", format="mixed"), index=values.index)
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    return stamps


def _probe(values: pd.Series, kind: str) -> pd.Series:
    # A one-column schema lets the contract do the parsing, so there is one rule, not two.
    frame = values.rename(_PROBE).to_frame()
    return prepare_features(frame, {"columns": [{"name": _PROBE, "kind": kind}]})[_PROBE]


def json_value(value):
    """A value json.dumps(allow_nan=False) accepts: None for missing, ISO text for times."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
        return None if value is pd.NaT else value.isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


def finite(value: float, default: float = 0.0) -> float:
    """A plain float, with ``default`` standing in for NaN and infinities."""
    value = float(value)
    return value if math.isfinite(value) else default


def rounded(value: float) -> float | int:
    """``value`` to about three significant digits, as an int when it is a whole number."""
    if not math.isfinite(value):
        return value
    if value == 0 or float(value).is_integer():
        return int(value)
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    result = round(float(value), decimals)
    return int(result) if decimals == 0 else result


def number_text(value: float) -> str:
    """A number for a sentence or a label: 3, 0.42, 70.4, 12,500."""
    value = rounded(float(value))
    if abs(value) >= 10_000:
        return f"{value:,.0f}"
    return str(value)
