"""Pages 3 and 4: no ML against the model in the business's units, and the profit curve."""

from __future__ import annotations

from engine.story.page_data import figure, page, yes_no
from engine.story.sources import StorySources
from engine.story.words import Money, amount, habit, metric_name, percent, quoted, score


# --- 3. no ML vs the model --------------------------------------------------------------------
def versus_page(src: StorySources, money: Money) -> dict:
    ev = src.evaluation
    if ev["task"] == "binary" and ev["value"].get("has_values"):
        content = _versus_money(ev, money)
    elif ev["task"] == "binary":
        content = _versus_found(ev)
    elif ev["task"] == "multiclass":
        content = _versus_share(ev, "accuracy", "Right answers per 100 cases")
    else:
        content = _versus_error(ev, money)
    headline, points, figures, chart = content
    points.append(_metric_line(ev))
    return page("versus", headline, points=points, figures=figures, chart=chart)


def _metric_line(ev: dict) -> str:
    key = ev["metric"]
    model, baseline = ev["metrics"].get(key), (ev.get("baseline_metrics") or {}).get(key)
    return (f"{metric_name(key)[:1].upper() + metric_name(key)[1:]} {score(model)} against "
            f"{score(baseline)} without ML, on {ev['rows']['holdout']:,} cases it never saw.")


def _pair(labels: tuple[str, str], values: tuple[float, float], texts: tuple[str, str],
          axis: str, is_money: bool) -> dict:
    bars = [{"label": labels[0], "value": values[0], "text": texts[0], "role": "baseline"},
            {"label": labels[1], "value": values[1], "text": texts[1], "role": "accent"}]
    return {"kind": "bars", "bars": bars, "axis": axis, "money": is_money}


def _versus_money(ev: dict, money: Money):
    no_ml, chosen = ev["value"]["no_ml"], ev["value"]["at_chosen"]
    base, model = no_ml["best_per_1000"], chosen["value_per_1000"]
    gain = model - base
    if gain >= 0:
        headline = f"The model adds {money.text(gain)} {money.unit} over the best choice without it."
    else:
        headline = (f"At its current setting the model is worth {money.text(-gain)} {money.unit} "
                    f"less than {habit(no_ml)} without it.")
    points = [f"Without a model the best habit is {habit(no_ml)}: {money.with_unit(base)}. "
              f"With the model: {money.with_unit(model)}."]
    best = ev["value"]["at_best"]
    if best["value_per_1000"] - model > 1e-6 and best["value_per_1000"] > base:
        points.append(f"Set to answer yes from {best['threshold']:.2f}, it would add "
                      f"{money.text(best['value_per_1000'] - base)} {money.unit}.")
    figures = [figure("Without ML", money.text(base), money.unit),
               figure("With the model", money.text(model), money.unit),
               figure("Difference", ("+" if gain >= 0 else "") + money.text(gain), money.unit)]
    chart = _pair(("Without ML", "With the model"), (money.amount(base), money.amount(model)),
                  (money.text(base), money.text(model)), f"value {money.unit}", True)
    return headline, points, figures, chart


def _versus_found(ev: dict):
    yes, _ = yes_no(ev)
    chosen = ev["value"]["at_chosen"]
    found = round(100 * (chosen.get("recall") or 0.0))
    base = round(100 * ((ev.get("baseline_metrics") or {}).get("recall") or 0.0))
    headline = f"Of every 100 {quoted(yes)} cases, the model finds {found}; without ML, {base}."
    points = []
    if chosen.get("precision") is not None:
        points.append(f"When it says {quoted(yes)}, it is right {percent(chosen['precision'])} of the time.")
    figures = [figure("Without ML", f"{base}", f"{quoted(yes)} cases found per 100"),
               figure("With the model", f"{found}", f"{quoted(yes)} cases found per 100")]
    chart = _pair(("Without ML", "With the model"), (base, found), (f"{base}", f"{found}"),
                  f"{quoted(yes)} cases found per 100", False)
    return headline, points, figures, chart


def _versus_share(ev: dict, key: str, axis: str):
    model = round(100 * (ev["metrics"].get(key) or 0.0))
    base = round(100 * ((ev.get("baseline_metrics") or {}).get(key) or 0.0))
    headline = f"The model gets {model} of every 100 cases right; without ML, {base}."
    figures = [figure("Without ML", f"{base}", axis.lower()), figure("With the model", f"{model}", axis.lower())]
    return headline, [], figures, _pair(("Without ML", "With the model"), (base, model),
                                        (f"{base}", f"{model}"), axis.lower(), False)


def _versus_error(ev: dict, money: Money):
    target = ev["target"]
    model, base = ev["metrics"].get("mae"), (ev.get("baseline_metrics") or {}).get("mae")
    headline = (f"The model is typically off by {amount(model)} in {target}; "
                f"always guessing the average is off by {amount(base)}.")
    points = []
    cost = ev["value"].get("cost")
    if ev["value"].get("has_values") and cost:
        points.append(f"Its errors cost {money.with_unit(cost['model_per_1000'])}, against "
                      f"{money.with_unit(cost['baseline_per_1000'])} without a model.")
    figures = [figure("Without ML", amount(base), f"typical error in {target}"),
               figure("With the model", amount(model), f"typical error in {target}")]
    chart = _pair(("Without ML", "With the model"), (base or 0.0, model or 0.0),
                  (amount(base), amount(model)), f"typical error in {target} (lower is better)", False)
    return headline, points, figures, chart


# --- 4. value ---------------------------------------------------------------------------------
def value_page(src: StorySources, money: Money) -> dict:
    ev = src.evaluation
    volume = figure("Cases a month", f"{money.volume:,.0f}" if money.per_month else "—",
                    "" if money.per_month else "not entered yet")
    if ev["task"] == "binary" and ev["value"].get("has_values"):
        page_ = _profit_page(ev, money)
        page_["figures"].append(volume)
        return page_
    if ev["task"] == "regression" and ev["value"].get("has_values") and ev["value"].get("cost"):
        cost = ev["value"]["cost"]
        headline = (f"Its smaller errors save {money.with_unit(cost['saving_per_1000'])} against "
                    "guessing the average.")
        chart = _pair(("Without ML", "With the model"),
                      (money.amount(cost["baseline_per_1000"]), money.amount(cost["model_per_1000"])),
                      (money.text(cost["baseline_per_1000"]), money.text(cost["model_per_1000"])),
                      f"cost of errors {money.unit}", True)
        return page("value", headline, chart=chart, figures=[volume])
    if ev["task"] == "multiclass":
        return page("value", "Money per decision needs a yes/no question; this model sorts "
                    f"cases into {len(ev['classes'])} kinds.", points=_class_recalls(ev))
    return page("value", "Enter what a right and a wrong answer are worth to see the model's "
                "value in money.", points=["Until then its worth is told in cases found "
                                           "(the page before)."], figures=[volume])


def _profit_page(ev: dict, money: Money) -> dict:
    chosen, best = ev["value"]["at_chosen"], ev["value"]["at_best"]
    curve = sorted(ev["threshold_curve"], key=lambda e: e["threshold"])
    no_ml = ev["value"]["no_ml"]
    same = abs(best["threshold"] - chosen["threshold"]) < 0.01
    if same:
        headline = (f"Set at {chosen['threshold']:.2f}, its most valuable point, the model is "
                    f"worth {money.with_unit(chosen['value_per_1000'])}.")
    else:
        headline = (f"At {chosen['threshold']:.2f} the model is worth "
                    f"{money.with_unit(chosen['value_per_1000'])}; at {best['threshold']:.2f} "
                    f"it would be worth {money.text(best['value_per_1000'])}.")
    chart = {
        "kind": "line", "money": True, "currency": money.currency,
        "x": [e["threshold"] for e in curve],
        "series": [{"label": "The model", "y": [money.amount(e["value_per_1000"]) for e in curve],
                    "role": "accent"}],
        "levels": [{"label": f"No ML: {habit(no_ml, k)}",
                    "value": money.amount(no_ml[k]["value_per_1000"]), "role": role}
                   for k, role in (("act_on_everyone", "baseline"), ("act_on_no_one", "baseline2"))],
        "markers": _markers(chosen, best, money),
        "x_label": "Acts on a case when the model's probability is at least",
        "y_label": f"Value {money.unit}",
    }
    if same:
        figures = [figure("Chosen setting", f"{chosen['threshold']:.2f}", "the most valuable one"),
                   figure("Worth", money.text(chosen["value_per_1000"]), money.unit)]
    else:
        figures = [figure("Chosen setting", f"{chosen['threshold']:.2f}",
                          money.with_unit(chosen["value_per_1000"])),
                   figure("Most valuable", f"{best['threshold']:.2f}",
                          money.with_unit(best["value_per_1000"]))]
    return page("value", headline, chart=chart, figures=figures, points=_operating_words(ev, money))


def _markers(chosen: dict, best: dict, money: Money) -> list[dict]:
    """The chosen point, and the most valuable one when it is elsewhere."""
    at = f"{chosen['threshold']:.2f}"
    if abs(best["threshold"] - chosen["threshold"]) < 0.01:
        return [{"label": f"Chosen, the most valuable ({at})", "x": chosen["threshold"],
                 "y": money.amount(chosen["value_per_1000"]), "role": "best"}]
    return [{"label": f"Chosen ({at})", "x": chosen["threshold"],
             "y": money.amount(chosen["value_per_1000"]), "role": "accent"},
            {"label": f"Most valuable ({best['threshold']:.2f})", "x": best["threshold"],
             "y": money.amount(best["value_per_1000"]), "role": "best"}]


def _operating_words(ev: dict, money: Money) -> list[str]:
    yes, _ = yes_no(ev)
    chosen = ev["value"]["at_chosen"]
    acted = chosen.get("flagged_share") or 0.0
    volume = f" (about {acted * money.volume:,.0f} cases a month)" if money.per_month else ""
    points = [f"At the chosen setting it acts on {percent(acted)} of cases{volume} and catches "
              f"{percent(chosen.get('recall'))} of the {quoted(yes)} cases."]
    if ev.get("threshold_source") == "out-of-fold":
        points.append("The most valuable point was picked on the training rows' cross-validated "
                      "predictions, so the value shown here is not flattered.")
    if not money.per_month:
        points.append("Enter how many cases come in a month to see these amounts per month.")
    return points


def _class_recalls(ev: dict) -> list[str]:
    per_class = ev.get("per_class") or {}
    return [f"It finds {percent(entry.get('recall'))} of the {quoted(label)} cases."
            for label, entry in list(per_class.items())[:5]]
