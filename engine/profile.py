"""Profile a table: what each column holds, what is wrong with it, and what to do about it.

``profile_frame`` looks at every column once: its kind (numeric, categorical, boolean,
datetime, free text, identifier), missing values, distinct values, the most common values and
the range, and writes a warning code plus a plain-words note for anything that needs the
user's attention. Given a target, it also looks for leak suspects (see ``engine.leakage``).

Speed matters (1M rows x 20 columns in about a second): numbers are counted by sorting
(much faster than hashing), text through one ``value_counts`` per column, and date detection
parses a sample of at most 1,000 values.

This module holds the profile's dataclasses, the per-table and per-column entry points and
the warnings; the counting is in ``engine.column_summaries`` and the rules for identifiers,
dates and free text in ``engine.column_kinds``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import pandas as pd
from pandas.api.types import (
    is_bool_dtype,
    is_datetime64_any_dtype,
    is_numeric_dtype,
    is_timedelta64_dtype,
)

from engine.column_kinds import (
    DATETIME_SHARE,
    FULL_DATE_PARSE_ROWS,
    IDENTIFIER_SHARE,
    MIN_VALUES_FOR_IDENTIFIER,
    NAMED_IDENTIFIER_SHARE,
    SAMPLE_SIZE,
    SENTENCE_MEAN_WORDS,
    SENTENCE_MIN_DISTINCT,
    TEXT_MEAN_LENGTH,
    TEXT_MIN_DISTINCT,
    TEXT_MIN_SHARE,
    TEXT_SPACE_SHARE,
)
from engine.column_summaries import TOP_VALUES, profile_datetimes, profile_labels, profile_numbers
from engine.errors import TargetError
from engine.leakage import find_leak_suspects
from engine.reporter import ChildReporter, Reporter
from engine.task import detect_task, missing_column_error, percent

__all__ = [
    "DATETIME_SHARE",
    "FULL_DATE_PARSE_ROWS",
    "HIGH_CARDINALITY",
    "IDENTIFIER_SHARE",
    "MIN_VALUES_FOR_IDENTIFIER",
    "MOSTLY_MISSING_SHARE",
    "NAMED_IDENTIFIER_SHARE",
    "SAMPLE_SIZE",
    "SENTENCE_MEAN_WORDS",
    "SENTENCE_MIN_DISTINCT",
    "TEXT_MEAN_LENGTH",
    "TEXT_MIN_DISTINCT",
    "TEXT_MIN_SHARE",
    "TEXT_SPACE_SHARE",
    "TOP_VALUES",
    "WARNING_CODES",
    "ColumnKind",
    "ColumnProfile",
    "Profile",
    "profile_column",
    "profile_frame",
]

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

MOSTLY_MISSING_SHARE = 0.95
PROFILE_THREADS = 4  # at most; never more than the cores
PARALLEL_MIN_CELLS = 200_000  # below this, threads cost more than they save
HIGH_CARDINALITY = 50


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
    share_for_columns = 0.9 if target is not None else 1.0
    columns = _profile_columns(frame, reporter, share_for_columns)
    profile = Profile(rows=rows, columns=columns, target=target, warnings=[], task=None)
    if rows == 0:
        profile.warnings.append("The table has no rows: there is nothing to learn from.")
    if target is not None and rows > 0:
        _check_target_and_leaks(frame, profile, target, task, reporter)
    if reporter is not None:
        reporter.progress(1.0, "Profile ready")
    return profile


def _profile_columns(
    frame: pd.DataFrame, reporter: Reporter | None, share: float
) -> list[ColumnProfile]:
    """Every column's profile, in column order; a big table's on a few threads.

    Counting values, sorting and parsing dates mostly run in pandas, numpy and Arrow code that
    releases the GIL, so threads profile two columns at once on two cores (1.5x faster on a
    1M-row table: benchmarks/scale.py). Progress is reported as columns finish; cancelling
    drops the columns not started and waits for the ones running.
    """
    n = frame.shape[1]
    names = [str(c) for c in frame.columns]
    columns: list[ColumnProfile | None] = [None] * n

    def finished(i: int, done: int) -> None:
        if reporter is not None:
            reporter.check_cancelled()
            reporter.progress(share * done / n, f"Profiled {names[i]} ({done} of {n} columns)")

    workers = min(PROFILE_THREADS, os.cpu_count() or 1, n)
    if workers < 2 or len(frame) * n < PARALLEL_MIN_CELLS:
        for i in range(n):
            if reporter is not None:
                reporter.check_cancelled()
            columns[i] = profile_column(frame.iloc[:, i], names[i])
            finished(i, i + 1)
        return columns  # type: ignore[return-value]
    pool = ThreadPoolExecutor(workers, thread_name_prefix="firstwin-profile")
    try:
        running = {pool.submit(profile_column, frame.iloc[:, i], names[i]): i for i in range(n)}
        for done, future in enumerate(as_completed(running), start=1):
            i = running[future]
            columns[i] = future.result()
            finished(i, done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return columns  # type: ignore[return-value]


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
        profile_labels(profile, values, present)
    elif is_datetime64_any_dtype(values):
        profile_datetimes(profile, values)
    elif is_timedelta64_dtype(values):
        profile_numbers(profile, values.dt.total_seconds(), present)
    elif is_numeric_dtype(values):
        profile_numbers(profile, values, present)
    else:
        profile_labels(profile, values, present)
    _general_warnings(profile, rows, present)
    return profile


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
