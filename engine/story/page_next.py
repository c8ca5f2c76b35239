"""Pages 7 and 8: is it still working (monitoring, or how it will be watched), and next steps."""

from __future__ import annotations

import re

from engine.story.page_data import figure, page, yes_no
from engine.story.sources import StorySources
from engine.story.words import count, metric_name, percent, quoted, score

SMALL_HOLDOUT = 1000
SHARE_METRICS = frozenset({"accuracy", "balanced_accuracy", "precision", "recall"})
WEAK_SLICES = 3


# --- 7. monitoring ----------------------------------------------------------------------------
def monitoring_page(src: StorySources) -> dict:
    if src.batches:
        return _monitored(src)
    ev = src.evaluation
    key = ev["metric"]
    reference = ev["metrics"].get(key)
    baseline = (ev.get("baseline_metrics") or {}).get(key)
    points = [
        f"Each new batch of cases is scored by this model and compared with the "
        f"{src.model.details.get('n_train', 0):,} rows it learned from: an input that shifts is "
        "flagged, in words.",
        f"When the real outcomes arrive, {metric_name(key)} is measured again in rolling windows, "
        f"against {score(reference)} here and {score(baseline)} without ML.",
        "If the inputs drift or the score drops, FirstWin raises an alarm and proposes a retrain "
        "on the new rows; the new model replaces this one only if it does better.",
    ]
    if src.batches is None:
        points.append("Monitoring is not available in this version of FirstWin yet.")
    figures = [figure(f"Score to hold ({metric_name(key)})", score(reference),
                      "measured on cases it never saw"),
               figure("Without ML", score(baseline)),
               figure("Batches scored", "none yet")]
    return page("monitoring", "Not monitored yet: here is how it will be watched.",
                points=points, figures=figures, status="not_monitored")


def _monitored(src: StorySources) -> dict:
    batches = src.batches
    rows = sum(b.rows for b in batches)
    alarms = sum(len(((b.summary.get("drift") or {}).get("alarms")) or []) for b in batches)
    since = batches[0].at[:10]
    headline = f"Watched on {count(len(batches), 'batch')} ({rows:,} cases) since {since}"
    headline += f": {count(alarms, 'alarm')} so far." if alarms else ": no alarm so far."
    scored = [(b.at[:10], _batch_score(b)) for b in batches]
    scored = [(day, value) for day, value in scored if value is not None]
    ev = src.evaluation
    if scored:
        chart = {"kind": "line", "money": False, "x": list(range(len(scored))),
                 "x_ticks": [day for day, _ in scored],
                 "series": [{"label": metric_name(ev["metric"]), "y": [v for _, v in scored],
                             "role": "accent"}],
                 "levels": [{"label": "On the holdout", "value": ev["metrics"].get(ev["metric"]),
                             "role": "best"},
                            {"label": "Without ML", "role": "baseline",
                             "value": (ev.get("baseline_metrics") or {}).get(ev["metric"])}],
                 "markers": [], "x_label": "Batch", "y_label": metric_name(ev["metric"])}
    else:
        chart = {"kind": "bars", "money": False, "axis": "cases scored per batch",
                 "bars": [{"label": b.at[:10], "value": b.rows, "text": f"{b.rows:,}",
                           "role": "neutral"} for b in batches[-12:]]}
    labelled = sum(b.labelled for b in batches)
    points = [f"{labelled:,} of the {rows:,} scored cases have their real outcome so far."]
    figures = [figure("Batches", f"{len(batches)}"), figure("Cases scored", f"{rows:,}"),
               figure("Alarms", f"{alarms}")]
    return page("monitoring", headline, points=points, figures=figures, chart=chart,
                status="monitored")


def _batch_score(batch) -> float | None:
    metrics = batch.summary.get("metrics") or {}
    value = metrics.get("value")
    return float(value) if isinstance(value, int | float) else None


# --- 8. next steps and risks ------------------------------------------------------------------
def next_page(src: StorySources) -> dict:
    steps, risks = next_steps(src), risks_and_limits(src)
    return page("next", f"Next: {steps[0][:1].lower()}{steps[0][1:]}",
                sections=[{"title": "Next steps", "points": steps},
                          {"title": "Risks and limits", "points": risks}])


def next_steps(src: StorySources) -> list[str]:
    ev, steps = src.evaluation, []
    if not ev["value"].get("has_values"):
        steps.append("Put numbers on a right and a wrong answer, so the model's worth reads in money.")
    if src.model.stage != "production":
        steps.append("Pilot it on next month's cases, then put it in production.")
    if not src.batches:
        steps.append("Watch it by scoring each new batch and adding the real outcomes when known.")
    for entry in (ev.get("slices") or [])[:WEAK_SLICES]:
        steps.append(f"Look at {entry['label']} first: {_slice_score(entry)} ({entry['rows']:,} "
                     "cases).")
    holdout = ev["rows"]["holdout"]
    if holdout < SMALL_HOLDOUT:
        more = f" {quoted(yes_no(ev)[0])}" if ev["task"] == "binary" else ""
        steps.append(f"Collect more{more} cases: the check used {holdout:,} unseen cases, so its "
                     "numbers can still move.")
    return steps or ["Keep watching it and retrain when the alarms say so."]


def _slice_score(entry: dict) -> str:
    """"accuracy 70 % there against 81 % overall" (shares as percentages, other scores as is)."""
    show = percent if entry["metric"] in SHARE_METRICS else score
    return (f"{metric_name(entry['metric'])} {show(entry['score'])} there against "
            f"{show(entry['overall'])} overall")


def risks_and_limits(src: StorySources) -> list[str]:
    """The evaluation's warnings, then the model card's limits (one list, no repeats)."""
    found: list[str] = []
    for text in [*(src.evaluation.get("warnings") or []), *card_section(src.card_markdown, "Limits")]:
        if text not in found:
            found.append(text)
    return found or ["No particular risk was found; it was checked on cases it never saw."]


def card_section(markdown: str, title: str) -> list[str]:
    """The bullet points under ``## title`` in the model card's Markdown, without formatting."""
    items, inside = [], False
    for line in markdown.splitlines():
        if line.startswith("## "):
            inside = line[3:].strip() == title
        elif inside and line.startswith("- "):
            items.append(re.sub(r"\*\*|`", "", line[2:]).strip())
    return items
