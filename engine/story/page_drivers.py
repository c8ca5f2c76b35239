"""Pages 5 and 6: what drives the predictions, and the what-if page (live in the GUI)."""

from __future__ import annotations

from engine.story.page_data import page
from engine.story.sources import StorySources
from engine.story.words import amount, percent

TOP_DRIVERS = 6
USED_SHARE = 0.01


# --- 5. drivers -------------------------------------------------------------------------------
def drivers_page(src: StorySources) -> dict:
    ev = src.evaluation
    used = [e for e in ev.get("importance") or [] if e.get("share", 0) >= USED_SHARE][:TOP_DRIVERS]
    if not used:
        return page("drivers", "No single input stands out: the model leans on many a little.",
                    points=list(ev.get("drivers_text") or [])[:2])
    bars = [{"label": e["feature"], "value": 100 * e["share"], "text": percent(e["share"]),
             "role": "accent" if i == 0 else "neutral"} for i, e in enumerate(used)]
    chart = {"kind": "bars", "bars": bars, "axis": "share of what the model uses (%)",
             "money": False, "horizontal": True}
    return page("drivers", _drivers_headline(used), chart=chart,
                points=[_reading(s) for s in list(ev.get("drivers_text") or [])[:4]])


def _reading(sentence: str) -> str:
    """A driver sentence without the share the chart already shows (its direction stays)."""
    _, sep, reading = sentence.partition(" of what the model uses. ")
    return reading if sep and reading else sentence


def _drivers_headline(used: list[dict]) -> str:
    top = used[0]
    if top["share"] >= 0.5 or len(used) == 1:
        return f"{top['feature']} matters most: it carries {percent(top['share'])} of what the model uses."
    names = [e["feature"] for e in used[:3]]
    together = sum(e["share"] for e in used[:3])
    return (f"{', '.join(names[:-1])} and {names[-1]} drive it: together "
            f"{percent(together)} of what the model uses.")


# --- 6. what if -------------------------------------------------------------------------------
def whatif_page(src: StorySources) -> dict:
    ev = src.evaluation
    curves = [(ev.get("dependence") or {}).get(e["feature"]) for e in ev.get("importance") or []]
    curves = [c for c in curves[:3] if c]
    readings = [s for s in (dependence_sentence(c) for c in curves) if s]
    # A number's curve shows what a chart adds to words; the top category is already on page 5.
    shown = next((c for c in curves if c.get("kind") == "numeric"), curves[0] if curves else None)
    return page("whatif", "Change a case's values and watch the prediction follow.",
                points=readings or ["Open the what-if form to try values one at a time."],
                chart=dependence_chart(shown) if shown else None, model_id=src.model.id)


def _single(average) -> list[float] | None:
    """The curve's one line (multiclass curves hold one per class: those are not read here)."""
    return None if isinstance(average, dict) else [float(v) for v in average]


def dependence_sentence(curve: dict) -> str:
    """"What if Contract were Two year rather than Month-to-month? The average … goes from …"."""
    average = _single(curve.get("average"))
    grid = list(curve.get("grid") or [])
    if not average or len(grid) != len(average) or len(grid) < 2:
        return ""
    output, feature = curve.get("output", "prediction"), curve["feature"]
    if curve.get("kind") == "numeric":
        return (f"What if {feature} were {amount(grid[-1])} rather than {amount(grid[0])}? "
                f"The average {output} goes from {_out(average[0])} to {_out(average[-1])}.")
    high = max(range(len(grid)), key=average.__getitem__)
    low = min(range(len(grid)), key=average.__getitem__)
    return (f"What if {feature} were {grid[low]} rather than {grid[high]}? The average "
            f"{output} goes from {_out(average[high])} to {_out(average[low])}.")


def dependence_chart(curve: dict) -> dict | None:
    """The top driver's dependence as plain chart data (bars for categories, a line for numbers)."""
    average = _single(curve.get("average"))
    grid = list(curve.get("grid") or [])
    if not average or len(grid) != len(average):
        return None
    axis = f"average {curve.get('output', 'prediction')}"
    if curve.get("kind") == "numeric":
        return {"kind": "line", "money": False, "x": [float(g) for g in grid],
                "series": [{"label": axis, "y": average, "role": "accent"}], "levels": [],
                "markers": [], "x_label": curve["feature"], "y_label": axis}
    bars = [{"label": str(g), "value": v, "text": _out(v), "role": "neutral"}
            for g, v in zip(grid, average, strict=True)]
    return {"kind": "bars", "bars": bars, "axis": f"{axis}, by {curve['feature']}", "money": False}


def _out(value: float) -> str:
    return f"{value:.2f}" if abs(value) < 100 else amount(value)
