"""What kind of question the target asks: binary, multiclass or regression.

``detect_task`` guesses from the target's values and says why in plain words;
``check_target`` refuses a target that cannot be learned as asked, with a hint what to do.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_numeric_dtype

from engine.errors import TargetError
from engine.spec import TASKS, Task

# An integer target with at most this many values (and few per row) is treated as classes.
MAX_INTEGER_CLASSES = 20
MAX_INTEGER_CLASS_SHARE = 0.05
# Classification on a target with fractions and more than this many values is refused.
MAX_CONTINUOUS_CLASSES = 50
MANY_CLASSES = 20


@dataclass
class TaskGuess:
    """The detected task, the evidence in words, and the class labels (as strings)."""

    task: Task
    reason: str
    classes: list[str] = field(default_factory=list)


def detect_task(target: pd.Series, name: str | None = None) -> TaskGuess:
    """Guess the task from the target's values (missing values are ignored).

    Raises TargetError when there is nothing to predict (no values, or a single value).
    """
    name = name or (str(target.name) if target.name is not None else "the target")
    values = target.dropna()
    if values.empty:
        raise _all_missing(name)
    if is_numeric_dtype(values) and not is_bool_dtype(values):
        return _detect_numeric(values, name)
    counts = class_counts(values)
    if len(counts) < 2:
        raise _one_class(name, str(counts.index[0]))
    shares = _share_list(counts)
    classes = sorted(counts.index.tolist())
    if len(counts) == 2:
        reason = f"{name} has 2 values ({shares}): a yes/no question, so binary classification."
        return TaskGuess("binary", reason, classes)
    reason = (
        f"{name} has {len(counts)} values ({shares}): one of several classes, "
        "so multiclass classification."
    )
    if len(counts) > MANY_CLASSES:
        reason += " That is many classes for a first model; consider grouping rare ones."
    return TaskGuess("multiclass", reason, classes)


def _detect_numeric(values: pd.Series, name: str) -> TaskGuess:
    numbers = values.astype("float64").to_numpy()
    numbers = numbers[np.isfinite(numbers)]
    if numbers.size == 0:
        raise _all_missing(name)
    distinct = np.unique(numbers)
    if distinct.size < 2:
        raise _one_class(name, format_number(distinct[0]))
    if distinct.size == 2:
        shares = _share_list(class_counts(values))
        reason = f"{name} has 2 values ({shares}): a yes/no question, so binary classification."
        return TaskGuess("binary", reason, _sorted_numeric_labels(distinct))
    whole = bool(np.all(distinct == np.round(distinct)))
    if (
        whole
        and distinct.size <= MAX_INTEGER_CLASSES
        and distinct.size / numbers.size < MAX_INTEGER_CLASS_SHARE
    ):
        shown = ", ".join(format_number(v) for v in distinct[:8])
        if distinct.size > 8:
            shown += ", ..."
        reason = (
            f"{name} is a whole number with only {distinct.size} different values ({shown}), "
            f"so each value is treated as a class: multiclass classification. It could also be "
            f"regression; change it if the size of the number matters (a count, an amount, "
            f"a rating where 4 is closer to 5 than to 1)."
        )
        return TaskGuess("multiclass", reason, _sorted_numeric_labels(distinct))
    reason = (
        f"{name} is a number with {distinct.size:,} different values "
        f"(from {format_number(distinct[0])} to {format_number(distinct[-1])}): "
        "predicting an amount, so regression."
    )
    return TaskGuess("regression", reason, [])


def check_target(frame: pd.DataFrame, target: str, task: str) -> pd.Series:
    """Return ``frame[target]`` if it can be learned as ``task``; raise TargetError if not.

    Rows with a missing target are left in (removing them is the caller's job). A class with
    very few rows is not an error here. ``task`` may be ``auto``: then it is detected.
    """
    if target not in frame.columns:
        raise missing_column_error(target, [str(c) for c in frame.columns])
    series = frame[target]
    if isinstance(series, pd.DataFrame):
        raise TargetError(
            f"There are {series.shape[1]} columns named {target!r}.",
            "Rename the duplicates in the file so the target is unique.",
        )
    values = series.dropna()
    if values.empty:
        raise _all_missing(target)
    if task == "auto":
        task = detect_task(values, target).task
    if task not in TASKS:
        raise TargetError(
            f"Unknown task {task!r}.", "Choose binary, multiclass, regression or auto."
        )
    numeric = is_numeric_dtype(values) and not is_bool_dtype(values)
    if task == "regression":
        if not numeric:
            converted = pd.to_numeric(values, errors="coerce")
            bad = values[converted.isna()]
            if len(bad):
                examples = ", ".join(repr(str(v)) for v in pd.unique(bad)[:3])
                raise TargetError(
                    f"{target} has text values like {examples}, so it cannot be predicted "
                    "as a number (regression).",
                    "Choose classification, or pick another column as the target.",
                )
            values = converted
            series = pd.to_numeric(series, errors="coerce")
        if values.nunique() < 2:
            raise _one_class(target, format_number(float(values.iloc[0])))
        return series
    counts = class_counts(values)
    if len(counts) < 2:
        raise _one_class(target, str(counts.index[0]))
    if numeric:
        numbers = values.astype("float64")
        whole = bool(np.all(numbers == np.round(numbers)))
        if not whole and len(counts) > MAX_CONTINUOUS_CLASSES:
            examples = ", ".join(format_number(v) for v in numbers.iloc[:3])
            raise TargetError(
                f"{target} is a measured number with {len(counts):,} different values "
                f"(like {examples}), not a few classes.",
                "Choose regression, or pick a column with a few classes as the target.",
            )
    if task == "binary" and len(counts) > 2:
        raise TargetError(
            f"{target} has {len(counts)} classes, so it is not a yes/no question.",
            "Choose multiclass (or auto), or pick a column with two values.",
        )
    return series


def missing_column_error(target: str, columns: list[str]) -> TargetError:
    """The error for a target name that is not a column, suggesting close names."""
    lowered = {c.lower(): c for c in columns}
    close = difflib.get_close_matches(target.lower(), list(lowered), n=3, cutoff=0.6)
    suggestions = [lowered[c] for c in close]
    if suggestions:
        hint = "Did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
    else:
        shown = ", ".join(repr(c) for c in columns[:15])
        hint = f"The columns are {shown}" + (" ..." if len(columns) > 15 else ".")
    return TargetError(f"There is no column named {target!r}.", hint)


def class_labels(values: pd.Series) -> pd.Series:
    """Class labels as strings: 1 and 1.0 are "1", text is stripped (as the trainer sees them).

    Worked out once per distinct value, then spread over the rows: a million rows of a few
    classes cost a factorize and a take, not a million string conversions.
    """
    codes, labels = _labels_of_distinct(values)
    return pd.Series(labels[codes], index=values.index, name=values.name, dtype=object)


def class_counts(values: pd.Series) -> pd.Series:
    """``class_labels(values).value_counts()``, counted on the distinct values: most common
    first; on a tie, the label seen first comes first."""
    codes, labels = _labels_of_distinct(values)
    per_value = pd.Series(np.bincount(codes, minlength=len(labels)), index=pd.Index(labels, dtype=object))
    counts = per_value.groupby(level=0, sort=False).sum()
    counts = counts.sort_values(ascending=False, kind="stable")
    counts.index.name, counts.name = None, "count"
    return counts


def _labels_of_distinct(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's code and the class label of each distinct value (missing values included)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    distinct = pd.Series(uniques, dtype=values.dtype)
    if is_bool_dtype(distinct):
        labels = distinct.map({True: "True", False: "False"})
    elif is_numeric_dtype(distinct):
        numbers = distinct.astype("float64")
        if bool((numbers == numbers.round()).all()):
            labels = numbers.round().astype("int64").astype(str)
        else:
            labels = numbers.astype(str)
    else:
        labels = distinct.astype(str).str.strip()
    return codes, labels.to_numpy(dtype=object)


def format_number(value: float) -> str:
    """A number the way a person writes it: 72, 45.2, 1,889.5, 0.0123."""
    value = float(value)
    if not np.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.1f}"
    return f"{value:.3g}"


def percent(share: float) -> str:
    """A share as "73 %", "2.5 %" or "<0.1 %"."""
    value = 100.0 * share
    if value == 0:
        return "0 %"
    if value < 0.1:
        return "<0.1 %"
    if 99 < value < 100:
        return ">99.9 %" if value > 99.95 else f"{value:.1f} %"
    if value < 10 and round(value, 1) != round(value):
        return f"{value:.1f} %"
    return f"{value:.0f} %"


def _sorted_numeric_labels(distinct: np.ndarray) -> list[str]:
    labels = class_labels(pd.Series(distinct))
    return labels.tolist()


def _share_list(counts: pd.Series, limit: int = 3) -> str:
    total = counts.sum()
    parts = [f"{label} {percent(count / total)}" for label, count in counts.iloc[:limit].items()]
    if len(counts) > limit:
        parts.append("...")
    return ", ".join(parts)


def _all_missing(name: str) -> TargetError:
    return TargetError(
        f"Every value of {name} is missing, so there is nothing to learn from.",
        "Pick another column as the target, or fill in some values in the Annotate step.",
    )


def _one_class(name: str, value: str) -> TargetError:
    return TargetError(
        f"{name} has only one value ({value!r}), so there is nothing to tell apart.",
        "Pick a target with at least two different values, or add rows with other values.",
    )
