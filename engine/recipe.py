"""Propose a cleaning recipe from a profile: one step per column, each with a reason in words.

Dropped: identifiers, constant, empty and mostly-missing columns, free text, and leak
suspects (the user can put any of them back; their keep settings are filled in for that).
Kept: numbers (missing filled with the median), yes/no columns and categories (missing
becomes its own category, one column per category or numbered when there are many), and
dates (the pipeline expands them into year, month, day, day-of-week and hour numbers).
"""

from __future__ import annotations

import re

from engine.profile import ColumnProfile, Profile
from engine.spec import TASKS, ColumnStep, Recipe
from engine.task import format_number, percent


def propose_recipe(profile: Profile, target: str, task: str) -> Recipe:
    """One ColumnStep per column except the target, in the profile's column order.

    Leak suspects are dropped only when the profile was made for this ``target``.
    """
    if task not in (*TASKS, "auto"):
        raise ValueError(f"task must be binary, multiclass, regression or auto, not {task!r}")
    recipe = Recipe()
    leaks_apply = profile.target == target
    for column in profile.columns:
        if column.name == target:
            continue
        recipe.steps.append(_step(column, profile.rows, recipe, leaks_apply))
    return recipe


def _step(column: ColumnProfile, rows: int, recipe: Recipe, leaks_apply: bool) -> ColumnStep:
    step = _keep_step(column, rows - column.missing, recipe)
    drop = _drop_reason(column, leaks_apply)
    if drop:
        step.action = "drop"
        step.reason = drop
    return step


def _drop_reason(column: ColumnProfile, leaks_apply: bool) -> str:
    if "all_missing" in column.warnings:
        return "Every value is missing: dropped."
    if "constant" in column.warnings:
        value = column.top_values[0][0] if column.top_values else ""
        return f"The same value ({value!r}) in every row: nothing to learn from, dropped."
    if column.kind == "identifier":
        return f"{_identifier_evidence(column)}: an ID tells nothing about new rows, dropped."
    if column.kind == "text":
        return (
            f"Free text ({column.distinct:,} different values): FirstWin does not read free "
            "text yet, so it is dropped."
        )
    if leaks_apply and "leak_suspect" in column.warnings:
        why = column.note_for("leak_suspect").split(" Leave it out")[0]
        return f"Possible leak: {why} Dropped; keep it if you will know it when you predict."
    if "mostly_missing" in column.warnings:
        return f"{percent(column.missing_share)} missing: too little to learn from, dropped."
    return ""


def _keep_step(column: ColumnProfile, present: int, recipe: Recipe) -> ColumnStep:
    """How the column is treated when kept, with the reason for that treatment."""
    kind = column.kind
    name = column.name
    if kind == "numeric" or (kind == "identifier" and column.min is not None):
        reason = _numeric_reason(column) if kind == "numeric" else ""
        return ColumnStep(name, "keep", kind, "median", "none", reason)
    if kind == "datetime":
        return ColumnStep(name, "keep", kind, "median", "none", _datetime_reason(column))
    if kind == "boolean":
        reason = _boolean_reason(column, present)
        return ColumnStep(name, "keep", kind, "most_frequent", "onehot", reason)
    encode = "onehot" if column.distinct <= recipe.max_categories else "ordinal"
    reason = _categorical_reason(column, present, recipe, encode) if kind == "categorical" else ""
    return ColumnStep(name, "keep", kind, "constant", encode, reason)


def _numeric_reason(column: ColumnProfile) -> str:
    if column.min is None or column.max is None:
        return "Number with no values: filled with the median."
    span = f"from {format_number(column.min)} to {format_number(column.max)}"
    if column.missing == 0:
        return f"Number {span}, nothing missing: used as it is."
    median = column.median if column.median is not None else column.mean
    filled = f" ({format_number(median)})" if median is not None else ""
    return f"Number {span}; {_missing_words(column)}: filled with the median{filled}."


def _boolean_reason(column: ColumnProfile, present: int) -> str:
    reason = f"Yes/no column ({_shares(column, present, 2)}): one yes/no feature."
    if column.missing:
        common = column.top_values[0][0] if column.top_values else ""
        reason += (
            f" {_capital(_missing_words(column))}: filled with the most common value ({common})."
        )
    return reason


def _categorical_reason(column: ColumnProfile, present: int, recipe: Recipe, encode: str) -> str:
    if encode == "onehot":
        more = ", ..." if column.distinct > 3 else ""
        reason = (
            f"{column.distinct} categories ({_shares(column, present, 3)}{more}): "
            "one column per category."
        )
    else:
        reason = (
            f"{column.distinct:,} categories, more than {recipe.max_categories}: numbered instead "
            f"of one column each; values rarer than {percent(recipe.rare_category_share)} "
            "are grouped."
        )
    if column.missing:
        reason += f" {_capital(_missing_words(column))}: kept as a 'missing' category."
    return reason


_DATE_RANGE = re.compile(r"holds (dates and times|dates) from (\S+) to (\S+?)( \(in a sample\))?:")


def _datetime_reason(column: ColumnProfile) -> str:
    found = _DATE_RANGE.search(column.note_for("datetime"))
    if found:
        what, low, high = found.group(1), found.group(2), found.group(3)
        head = f"{_capital(what)} from {low} to {high}"
    else:
        head = "Dates"
    reason = f"{head}: turned into year, month, day, day-of-week and hour numbers."
    if column.missing:
        reason += f" {_capital(_missing_words(column))}: filled with the median."
    return reason


def _shares(column: ColumnProfile, present: int, limit: int) -> str:
    total = present or sum(n for _, n in column.top_values) or 1
    return ", ".join(f"{v} {percent(n / total)}" for v, n in column.top_values[:limit])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _identifier_evidence(column: ColumnProfile) -> str:
    note = column.note_for("identifier")
    if "(" in note and ")" in note:
        return "Looks like an ID (" + note.split("(", 1)[1].split(")", 1)[0] + ")"
    return "Looks like an ID"


def _missing_words(column: ColumnProfile) -> str:
    if column.missing_share >= 0.01:
        return f"{percent(column.missing_share)} missing"
    return f"{column.missing:,} missing ({percent(column.missing_share)})"
