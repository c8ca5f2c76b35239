"""The rules that tell identifiers, dates and free text apart from ordinary categories.

Used while a column is profiled (``engine.column_summaries``); each rule has its threshold
here:

- *identifier*: a name such as ``id``, ``customer_id`` or ``userId`` and at least half of the
  values different, or at least 20 values and 95 % of them different;
- *datetime* (text holding dates): in a sample of at most 1,000 values, 95 % have at least
  four digits, fewer than half are plain numbers, 95 % parse as dates and they are not mostly
  times of day; the note gives the range (of the whole column when that is cheap);
- *text* (free text): at least 20 different values, and either 30 % of the values different
  with 20 % holding a space or 25 characters on average, or at least 100 different values of
  4 words on average.

Boolean columns (two values, or only 0 and 1) are recognised where the values are counted.
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
from pandas.api.types import is_datetime64_any_dtype

from engine.task import percent

IDENTIFIER_SHARE = 0.95  # distinct values per non-missing value
NAMED_IDENTIFIER_SHARE = 0.5  # ... when the name says "id"
MIN_VALUES_FOR_IDENTIFIER = 20
DATETIME_SHARE = 0.95
SAMPLE_SIZE = 1000
FULL_DATE_PARSE_ROWS = 200_000
TEXT_MIN_DISTINCT = 20
TEXT_MIN_SHARE = 0.3
TEXT_SPACE_SHARE = 0.2
TEXT_MEAN_LENGTH = 25
SENTENCE_MIN_DISTINCT = 100
SENTENCE_MEAN_WORDS = 4

# pandas warns while it guesses date formats ("Could not infer format ..."); the guess is the
# point here. A module filter rather than catch_warnings, which is not thread-safe and columns
# are profiled on several threads (engine.profile).
warnings.filterwarnings("ignore", module=r"engine\.column_kinds\Z")

_ID_NAME = re.compile(r"(^|[\s_\-.])(id|uuid|guid)$|^(id|uuid|guid)([\s_\-.]|$)", re.IGNORECASE)
_CAMEL_ID = re.compile(r"[a-z0-9](ID|Id)$")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


def sample_present(values: pd.Series, present: int, seed: int = 0) -> pd.Series:
    """Up to SAMPLE_SIZE non-missing values, drawn at random rows (cheap on big columns)."""
    rows = len(values)
    if present <= SAMPLE_SIZE:
        return values.dropna()
    rng = np.random.default_rng(seed)
    if present >= 0.5 * rows:
        positions = np.sort(rng.choice(rows, min(rows, 3 * SAMPLE_SIZE), replace=False))
        drawn = values.iloc[positions].dropna()
        if len(drawn) >= SAMPLE_SIZE:
            return drawn.iloc[:SAMPLE_SIZE]
    return values.dropna().sample(SAMPLE_SIZE, random_state=seed)


def parse_sample_as_dates(sample: pd.Series) -> pd.Series | None:
    """The sample parsed as datetimes if >= 95 % of it are dates (and not plain numbers)."""
    if sample.empty:
        return None
    text = sample.astype(str).str.strip()
    # A date has at least 4 digits (2019-03-23, 1/2/20, Mar 2019); this keeps month names
    # ("may"), ordinals ("11th") and other words that dateutil happily reads away.
    if (text.str.count(r"\d") >= 4).mean() < DATETIME_SHARE:
        return None
    if pd.to_numeric(text, errors="coerce").notna().mean() >= 0.5:
        return None
    parsed = _parse_dates(text)
    if parsed is None or parsed.notna().mean() < DATETIME_SHARE:
        return None
    # Times of day without a date ("20:15") parse as today: not a date column.
    today = pd.Timestamp.now().normalize()
    if (parsed.dropna().dt.normalize() == today).mean() >= DATETIME_SHARE:
        return None
    return parsed


def _parse_dates(text: pd.Series, allow_mixed: bool = True) -> pd.Series | None:
    """Parse text as datetimes: the format of the first value first, then value by value."""
    try:
        parsed = pd.to_datetime(text, errors="coerce")
    except (ValueError, TypeError, OverflowError):
        parsed = None
    if (parsed is None or parsed.notna().mean() < DATETIME_SHARE) and allow_mixed:
        for utc in (False, True):
            try:
                parsed = pd.to_datetime(text, errors="coerce", format="mixed", utc=utc)
                break
            except (ValueError, TypeError, OverflowError):
                parsed = None
    if parsed is None or not is_datetime64_any_dtype(parsed):
        return None
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed


def datetime_text_note(name: str, values: pd.Series, sample: pd.Series, parsed: pd.Series) -> str:
    """The note for a text column of dates, with the range of the whole column if cheap."""
    unparsed = float(parsed.isna().mean())
    has_time = bool((parsed.dropna() != parsed.dropna().dt.normalize()).any())
    low = high = None
    from_sample = False
    text = sample.astype(str)
    if text.str.match(_ISO_DATE).all():
        # ISO dates sort like text, so the range is the text minimum and maximum.
        try:
            ends = _parse_dates(pd.Series([str(values.min()), str(values.max())]))
            if ends is not None and ends.notna().all():
                low, high = ends.iloc[0], ends.iloc[1]
        except TypeError:
            pass
    if low is None and len(values) <= FULL_DATE_PARSE_ROWS:
        full = _parse_dates(values.dropna().astype(str).str.strip())
        if full is not None and full.notna().any():
            low, high = full.min(), full.max()
            unparsed = float(full.isna().mean())
    if low is None:
        low, high, from_sample = parsed.min(), parsed.max(), True
    return datetime_note(name, low, high, has_time, unparsed, from_sample)


def datetime_note(
    name: str,
    low: pd.Timestamp,
    high: pd.Timestamp,
    has_time: bool,
    unparsed: float,
    from_sample: bool,
) -> str:
    what = "dates and times" if has_time else "dates"
    where = " (in a sample)" if from_sample else ""
    note = (
        f"{name} holds {what} from {low:%Y-%m-%d} to {high:%Y-%m-%d}{where}: it will be turned "
        "into year, month, day, day-of-week and hour numbers."
    )
    if unparsed > 0:
        note += f" About {percent(unparsed)} of its values are not dates and will count as missing."
    return note


def free_text_evidence(counts: pd.Series, share: float) -> str:
    """Why a text column looks like free text ("" if it does not)."""
    distinct = counts.size
    if distinct < TEXT_MIN_DISTINCT:
        return ""
    if distinct > 20 * SAMPLE_SIZE:
        picked = np.random.default_rng(0).choice(distinct, SAMPLE_SIZE, replace=False)
        counts = counts.iloc[np.sort(picked)]
    keys = pd.Series(counts.index.astype(str), dtype=object)
    weights = counts.to_numpy(dtype="float64")
    weights = weights / weights.sum()
    mean_length = float(np.dot(keys.str.len().to_numpy(dtype="float64"), weights))
    spaces = keys.str.strip().str.contains(" ", regex=False).to_numpy(dtype="float64")
    space_share = float(np.dot(spaces, weights))
    words = float(np.dot(keys.str.split().str.len().to_numpy(dtype="float64"), weights))
    evidence = f"{distinct:,} different values"
    if share >= TEXT_MIN_SHARE and (
        space_share >= TEXT_SPACE_SHARE or mean_length >= TEXT_MEAN_LENGTH
    ):
        return f"{evidence}, {mean_length:.0f} characters on average"
    if distinct >= SENTENCE_MIN_DISTINCT and words >= SENTENCE_MEAN_WORDS:
        return f"{evidence}, {words:.0f} words on average"
    return ""


def has_id_name(name: str) -> bool:
    return bool(_ID_NAME.search(name.strip()) or _CAMEL_ID.search(name.strip()))


def looks_like_identifier(name: str, distinct: int, present: int) -> bool:
    if present == 0:
        return False
    share = distinct / present
    if has_id_name(name) and share >= NAMED_IDENTIFIER_SHARE:
        return True
    return present >= MIN_VALUES_FOR_IDENTIFIER and share >= IDENTIFIER_SHARE
