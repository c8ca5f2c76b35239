"""Profile a table: what each column holds, what is wrong with it, and what to do about it.

``profile_frame`` looks at every column once: its kind (numeric, categorical, boolean,
datetime, free text, identifier), missing values, distinct values, the most common values and
the range, and writes a warning code plus a plain-words note for anything that needs the
user's attention. Given a target, it also looks for leak suspects (see ``engine.leakage``).

Speed matters (1M rows x 20 columns in about a second): numbers are counted by sorting
(much faster than hashing), text through one ``value_counts`` per column, and date detection
parses a sample of at most 1,000 values.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import numpy as np
import pandas as pd
from pandas.api.types import (
    is_bool_dtype,
    is_datetime64_any_dtype,
    is_integer_dtype,
    is_numeric_dtype,
    is_timedelta64_dtype,
)

from engine.errors import TargetError
from engine.leakage import find_leak_suspects
from engine.reporter import ChildReporter, Reporter
from engine.task import detect_task, missing_column_error, percent

ColumnKind = Literal["numeric", "categorical", "boolean", "datetime", "text", "identifier"]
WARNING_CODES = (
    "constant",
    "all_missing",
    "identifier",
    "high_cardinality",
    "datetime",
    "leak_suspect",
    "mostly_missing",
)

TOP_VALUES = 10
IDENTIFIER_SHARE = 0.95  # distinct values per non-missing value
NAMED_IDENTIFIER_SHARE = 0.5  # ... when the name says "id"
MIN_VALUES_FOR_IDENTIFIER = 20
MOSTLY_MISSING_SHARE = 0.95
HIGH_CARDINALITY = 50
DATETIME_SHARE = 0.95
SAMPLE_SIZE = 1000
FULL_DATE_PARSE_ROWS = 200_000
TEXT_MIN_DISTINCT = 20
TEXT_MIN_SHARE = 0.3
TEXT_SPACE_SHARE = 0.2
TEXT_MEAN_LENGTH = 25
SENTENCE_MIN_DISTINCT = 100
SENTENCE_MEAN_WORDS = 4

_ID_NAME = re.compile(r"(^|[\s_\-.])(id|uuid|guid)$|^(id|uuid|guid)([\s_\-.]|$)", re.IGNORECASE)
_CAMEL_ID = re.compile(r"[a-z0-9](ID|Id)$")
_ISO_DATE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


@dataclass
class ColumnProfile:
    """What one column holds.

    ``notes[i]`` explains ``warnings[i]`` with a suggested action; notes after the last
    warning are information without a code (for example, why a column looks like free text).
    ``min``/``max``/``mean``/``median`` are set for numeric columns only; a datetime column's
    range is in its notes.
    """

    name: str
    kind: ColumnKind
    dtype: str
    missing: int
    missing_share: float
    distinct: int
    top_values: list[tuple[str, int]] = field(default_factory=list)
    min: float | None = None
    max: float | None = None
    mean: float | None = None
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    median: float | None = None

    def warn(self, code: str, note: str) -> None:
        """Add a warning code and its note (keeping notes aligned with warnings)."""
        if code in self.warnings:
            return
        self.notes.insert(len(self.warnings), note)
        self.warnings.append(code)

    def note_for(self, code: str) -> str:
        """The note that explains warning ``code`` ("" if the column has no such warning)."""
        if code not in self.warnings:
            return ""
        return self.notes[self.warnings.index(code)]


@dataclass
class Profile:
    """A table's profile: rows, one ColumnProfile per column, and table-level warnings.

    ``task`` is the task the leak checks assumed (given, or detected from the target).
    """

    rows: int
    columns: list[ColumnProfile]
    target: str | None = None
    warnings: list[str] = field(default_factory=list)
    task: str | None = None

    def column(self, name: str) -> ColumnProfile:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"the profile has no column named {name!r}")

    def leak_suspects(self) -> list[str]:
        """Names of the columns flagged as possible leaks of the target."""
        return [c.name for c in self.columns if "leak_suspect" in c.warnings]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (``from_dict`` turns it back into an equal Profile)."""
        raw = asdict(self)
        for column in raw["columns"]:
            column["top_values"] = [[str(v), int(n)] for v, n in column["top_values"]]
        return raw

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Profile:
        known = {f.name for f in fields(ColumnProfile)}
        columns = []
        for item in raw.get("columns", []):
            values = {k: v for k, v in item.items() if k in known}
            values["top_values"] = [(str(v), int(n)) for v, n in values.get("top_values", [])]
            values["warnings"] = list(values.get("warnings", []))
            values["notes"] = list(values.get("notes", []))
            columns.append(ColumnProfile(**values))
        return cls(
            rows=int(raw["rows"]),
            columns=columns,
            target=raw.get("target"),
            warnings=list(raw.get("warnings", [])),
            task=raw.get("task"),
        )


def profile_frame(
    frame: pd.DataFrame,
    target: str | None = None,
    reporter: Reporter | None = None,
    task: str | None = None,
) -> Profile:
    """Profile every column of ``frame``; with a target, also flag leak suspects.

    ``task`` (binary, multiclass, regression; None or "auto" to detect) only steers the leak
    checks. Raises TargetError if ``target`` is not a column. Cancellable between columns.
    """
    if target is not None and target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    rows = len(frame)
    n = frame.shape[1]
    share_for_columns = 0.9 if target is not None else 1.0
    columns: list[ColumnProfile] = []
    for i in range(n):
        if reporter is not None:
            reporter.check_cancelled()
        name = str(frame.columns[i])
        columns.append(profile_column(frame.iloc[:, i], name))
        if reporter is not None:
            reporter.progress(
                share_for_columns * (i + 1) / n, f"Profiled {name} ({i + 1} of {n} columns)"
            )
    profile = Profile(rows=rows, columns=columns, target=target, warnings=[], task=None)
    if rows == 0:
        profile.warnings.append("The table has no rows: there is nothing to learn from.")
    if target is not None and rows > 0:
        _check_target_and_leaks(frame, profile, target, task, reporter)
    if reporter is not None:
        reporter.progress(1.0, "Profile ready")
    return profile


def profile_column(values: pd.Series, name: str | None = None) -> ColumnProfile:
    """Profile one column (see ``profile_frame``); leak checks need the whole table."""
    name = str(values.name) if name is None else name
    rows = len(values)
    missing = int(values.isna().sum())
    profile = ColumnProfile(
        name=name,
        kind="categorical",
        dtype=str(values.dtype),
        missing=missing,
        missing_share=missing / rows if rows else 0.0,
        distinct=0,
    )
    present = rows - missing
    if is_bool_dtype(values):
        _profile_labels(profile, values, present)
    elif is_datetime64_any_dtype(values):
        _profile_datetimes(profile, values)
    elif is_timedelta64_dtype(values):
        _profile_numbers(profile, values.dt.total_seconds(), present)
    elif is_numeric_dtype(values):
        _profile_numbers(profile, values, present)
    else:
        _profile_labels(profile, values, present)
    _general_warnings(profile, rows, present)
    return profile


# --- numbers ----------------------------------------------------------------------------------


def _profile_numbers(profile: ColumnProfile, values: pd.Series, present: int) -> None:
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
    elif integer and _looks_like_identifier(profile.name, distinct, present):
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


def _profile_datetimes(profile: ColumnProfile, values: pd.Series) -> None:
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
        profile.warn("datetime", _datetime_note(profile.name, low, high, has_time, 0.0, False))


# --- text, categories and booleans ----------------------------------------------------------


def _profile_labels(profile: ColumnProfile, values: pd.Series, present: int) -> None:
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
    if _has_id_name(profile.name) and share >= NAMED_IDENTIFIER_SHARE:
        profile.kind = "identifier"
        return
    sample = _sample_present(values, present)
    parsed = _parse_sample_as_dates(sample)
    if parsed is not None:
        profile.kind = "datetime"
        profile.warn("datetime", _datetime_text_note(profile.name, values, sample, parsed))
        return
    text_evidence = _free_text_evidence(counts, share)
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
    if _looks_like_identifier(profile.name, profile.distinct, present):
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


def _sample_present(values: pd.Series, present: int, seed: int = 0) -> pd.Series:
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


def _parse_sample_as_dates(sample: pd.Series) -> pd.Series | None:
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
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


def _datetime_text_note(name: str, values: pd.Series, sample: pd.Series, parsed: pd.Series) -> str:
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
    return _datetime_note(name, low, high, has_time, unparsed, from_sample)


def _datetime_note(
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


def _free_text_evidence(counts: pd.Series, share: float) -> str:
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


# --- identifiers and warnings ----------------------------------------------------------------


def _has_id_name(name: str) -> bool:
    return bool(_ID_NAME.search(name.strip()) or _CAMEL_ID.search(name.strip()))


def _looks_like_identifier(name: str, distinct: int, present: int) -> bool:
    if present == 0:
        return False
    share = distinct / present
    if _has_id_name(name) and share >= NAMED_IDENTIFIER_SHARE:
        return True
    return present >= MIN_VALUES_FOR_IDENTIFIER and share >= IDENTIFIER_SHARE


def _general_warnings(profile: ColumnProfile, rows: int, present: int) -> None:
    name = profile.name
    if rows and present == 0:
        profile.warn("all_missing", f"{name} is empty (every value is missing): drop it.")
        return
    if profile.distinct == 1:
        value = profile.top_values[0][0]
        where = "every row" if profile.missing == 0 else "every row that has a value"
        profile.warn(
            "constant",
            f"{name} has the same value ({value!r}) in {where}: it cannot help; drop it.",
        )
    if profile.missing_share > MOSTLY_MISSING_SHARE:
        profile.warn(
            "mostly_missing",
            f"{name} is {percent(profile.missing_share)} missing: too little to learn from; "
            "drop it unless the gaps themselves mean something.",
        )
    if profile.kind == "identifier":
        share = profile.distinct / present
        evidence = (
            "every value is different"
            if profile.distinct == present
            else f"{percent(share)} of its values are different"
        )
        if share < IDENTIFIER_SHARE:
            evidence = f"its name, and {evidence}"
        profile.warn("identifier", f"{name} looks like an ID ({evidence}): drop it.")
    if profile.kind == "categorical" and profile.distinct > HIGH_CARDINALITY:
        profile.warn(
            "high_cardinality",
            f"{name} has {profile.distinct:,} different values: too many for a column each, "
            "so rare values will be grouped and the rest numbered. Merge rare values if you can.",
        )


def _check_target_and_leaks(
    frame: pd.DataFrame,
    profile: Profile,
    target: str,
    task: str | None,
    reporter: Reporter | None,
) -> None:
    column = profile.column(str(target))
    if column.missing:
        profile.warnings.append(
            f"{target} is missing in {column.missing:,} rows ({percent(column.missing_share)}); "
            "those rows cannot be used for training (label them in the Annotate step)."
        )
    if task in (None, "auto"):
        try:
            task = detect_task(frame[target], target).task
        except TargetError as error:
            profile.warnings.append(error.message)
            return
    profile.task = task
    kinds = {
        c.name: c.kind
        for c in profile.columns
        if c.name != str(target) and not {"all_missing", "constant"} & set(c.warnings)
    }
    child = ChildReporter(reporter, 0.9, 1.0) if reporter is not None else None
    for suspect in find_leak_suspects(frame, target, task, kinds, reporter=child):
        column = profile.column(suspect.column)
        column.warn(
            "leak_suspect",
            f"{suspect.why} Leave it out, unless you will know it when you predict.",
        )
        profile.warnings.append(
            f"Possible leak: {suspect.why} It is left out of the suggested recipe; put it back "
            "if you will know it at prediction time."
        )
