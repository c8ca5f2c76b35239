"""Pages 1 and 2: the question with what success is worth, and the data in one picture."""

from __future__ import annotations

import re

from engine.analysis.value import has_values
from engine.story.sources import StorySources
from engine.story.words import Money, amount, habit, lower_first, percent, quoted

_SPAN = re.compile(r"from (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})")


def page(key: str, headline: str, *, points=(), figures=(), chart=None, sections=(), **extra) -> dict:
    """One page's content; ``build_story`` adds its number, title and the presenter's edits."""
    return {"key": key, "headline": headline, "points": list(points), "figures": list(figures),
            "chart": chart, "sections": list(sections), **extra}


def figure(label: str, value: str, note: str = "") -> dict:
    return {"label": label, "value": value, "note": note}


def yes_no(evaluation: dict) -> tuple[str, str]:
    classes = evaluation.get("classes") or []
    return (str(classes[1]), str(classes[0])) if len(classes) >= 2 else ("yes", "no")


# --- 1. the question ------------------------------------------------------------------------
def question_page(src: StorySources, money: Money) -> dict:
    question = src.project.question.strip()
    headline = question or "No business question was written down for this project yet."
    return page("question", headline, figures=_worth_figures(src, money) + _stakes(src, money),
                points=[_predicts(src), _success(src, money)])


def _stakes(src: StorySources, money: Money) -> list[dict]:
    """What is at stake: the best habit without a model, and perfect answers (yes/no tasks)."""
    no_ml = (src.evaluation.get("value") or {}).get("no_ml")
    ceiling = _perfect_per_1000(src)
    if src.task != "binary" or not has_values(src.value) or not no_ml or ceiling is None:
        return []
    return [figure("Best without a model", money.text(no_ml["best_per_1000"]),
                   f"{habit(no_ml)}, {money.unit}"),
            figure("Perfect answers", money.text(ceiling), f"the ceiling, {money.unit}")]


def _predicts(src: StorySources) -> str:
    target, task = src.evaluation["target"], src.task
    if task == "binary":
        yes, _ = yes_no(src.evaluation)
        return f"The model answers one question for every case: will {target} be {quoted(yes)}?"
    if task == "multiclass":
        return (f"The model sorts every case into one of {len(src.evaluation['classes'])} "
                f"kinds of {target}.")
    return f"The model estimates {target} for every case."


def _worth_figures(src: StorySources, money: Money) -> list[dict]:
    value = src.value
    if src.task == "regression":
        if value.cost_per_unit_error <= 0:
            return []
        return [figure(f"Each unit of error in {src.evaluation['target']}",
                       money.plain(-value.cost_per_unit_error))]
    if src.task != "binary" or not has_values(value):
        return []
    yes, no = yes_no(src.evaluation)
    return [
        figure(f"A {quoted(yes)} case caught", money.plain(value.true_positive_value)),
        figure(f"A {quoted(no)} case acted on by mistake", money.plain(-value.false_positive_cost)),
        figure(f"A {quoted(yes)} case missed", money.plain(-value.false_negative_cost)),
    ]


def _success(src: StorySources, money: Money) -> str:
    value = src.evaluation.get("value") or {}
    no_ml = value.get("no_ml")
    if src.task == "binary" and value.get("has_values") and no_ml:
        return (f"Success means more value than the best habit without a model "
                f"({habit(no_ml)}), on cases the model has never seen.")
    if not value.get("has_values"):
        return ("What a right and a wrong answer are worth has not been entered yet: enter it "
                "to see the model's worth in money.")
    return ("Success means doing better than the no-ML baseline "
            f"({src.evaluation.get('baseline_name') or 'no model'}) on cases it never saw.")


def _perfect_per_1000(src: StorySources) -> float | None:
    """Value per 1,000 cases if every case were answered right: the ceiling of success."""
    curve = src.evaluation.get("threshold_curve") or []
    if not curve:
        return None
    entry = curve[0]
    total = entry["tp"] + entry["fp"] + entry["fn"] + entry["tn"]
    positives = entry["tp"] + entry["fn"]
    return 1000 * positives * src.value.true_positive_value / total if total else None


# --- 2. the data ------------------------------------------------------------------------------
def data_page(src: StorySources) -> dict:
    ev, profile = src.evaluation, src.profile
    rows = int(profile.get("rows") or (src.dataset.rows if src.dataset else 0))
    source = src.dataset.source_name if src.dataset else "the training data"
    span = time_span(src)
    target_column = _column(profile, ev["target"])
    balance, chart = _balance(ev, target_column)
    headline = f"{rows:,} rows from {source}" + (f", {span[0]} to {span[1]}" if span else "")
    headline += f"; {balance}." if balance else "."
    details = src.model.details
    used = len(details.get("schema", {}).get("columns", []))
    figures = [
        figure("Rows", f"{rows:,}"),
        figure("Columns used", f"{used}", f"of {src.dataset.columns}" if src.dataset else ""),
        figure("Time span", f"{span[0]} – {span[1]}" if span else "—",
               "" if span else "no date column"),
    ]
    points = [f"The model learned from {details.get('n_train', 0):,} rows and was checked on "
              f"{details.get('n_holdout', 0):,} rows it never saw."]
    points += [f"{d['column']} was left out: {_reason(d['reason'])}."
               for d in details.get("dropped_columns", [])[:2]]
    points += list(profile.get("warnings") or [])[:2]
    return page("data", headline, figures=figures, points=points, chart=chart)


def _reason(text: str) -> str:
    """The first clause of a cleaning reason: "looks like an ID (every value is different)"."""
    return lower_first(text.split(":")[0].strip().rstrip("."))


def time_span(src: StorySources) -> tuple[str, str] | None:
    """The first and last date of the time column (or of any date column), if there is one."""
    columns = src.profile.get("columns") or []
    time_column = (src.run.spec.get("validation") or {}).get("time_column")
    ordered = sorted(columns, key=lambda c: c.get("name") != time_column)
    for column in ordered:
        if column.get("kind") != "datetime":
            continue
        for note in column.get("notes") or []:
            found = _SPAN.search(note)
            if found:
                return found.group(1), found.group(2)
    return None


def _column(profile: dict, name: str) -> dict:
    return next((c for c in profile.get("columns") or [] if c.get("name") == name), {})


def _balance(ev: dict, column: dict) -> tuple[str, dict | None]:
    """The target's balance in words, and its bar chart (classification only)."""
    if ev["task"] == "regression":
        median, low, high = column.get("median"), column.get("min"), column.get("max")
        if median is None:
            return "", None
        return (f"{ev['target']} is typically {amount(median)} "
                f"(from {amount(low)} to {amount(high)})"), None
    counts = {str(label): int(n) for label, n in column.get("top_values") or []}
    total = sum(counts.values())
    if not total:
        return "", None
    labels = [c for c in ev["classes"] if c in counts] or list(counts)
    yes = yes_no(ev)[0] if ev["task"] == "binary" else max(labels, key=lambda c: counts.get(c, 0))
    bars = [{"label": c, "value": counts.get(c, 0),
             "text": f"{counts.get(c, 0):,} ({percent(counts.get(c, 0) / total)})",
             "role": "accent" if c == yes else "neutral"} for c in labels]
    share = percent(counts.get(yes, 0) / total)
    words = (f"{share} of them are {quoted(yes)}" if ev["task"] == "binary"
             else f"the most common kind, {quoted(yes)}, is {share}")
    return words, {"kind": "bars", "bars": bars, "axis": f"rows by {ev['target']}",
                   "money": False}
