"""The technical appendix of a report: the tables behind the story, as plain data."""

from __future__ import annotations

from engine.story.sources import StorySources
from engine.story.words import amount, metric_name, percent, score, verdict

PROFILE_COLUMNS = 40
THRESHOLD_ROWS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
TOP_IMPORTANCE = 12


def build_appendix(src: StorySources, monitoring: dict) -> dict:
    """Data profile, cleaning recipe, leaderboard, metrics, threshold, drivers, slices, card."""
    ev = src.evaluation
    return {
        "data_profile": data_profile(src),
        "recipe": recipe(src),
        "leaderboard": leaderboard(src),
        "metrics": metrics_table(ev),
        "threshold": threshold_table(ev),
        "drivers": {"importance": list(ev.get("importance") or [])[:TOP_IMPORTANCE],
                    "text": list(ev.get("drivers_text") or [])},
        "slices": list(ev.get("slices") or []),
        "warnings": list(ev.get("warnings") or []),
        "model_card": src.card_markdown,
        "monitoring": {"status": monitoring.get("status", ""), "headline": monitoring["headline"],
                       "points": list(monitoring["points"])},
    }


def data_profile(src: StorySources) -> dict:
    profile, dataset = src.profile, src.dataset
    columns = [
        {"name": c.get("name", ""), "kind": c.get("kind", ""),
         "missing": percent(c.get("missing_share"), 1), "distinct": f"{c.get('distinct', 0):,}",
         "summary": _column_summary(c)}
        for c in (profile.get("columns") or [])[:PROFILE_COLUMNS]
    ]
    return {
        "source": dataset.source_name if dataset else "",
        "rows": dataset.rows if dataset else profile.get("rows", 0),
        "columns": dataset.columns if dataset else len(columns),
        "sha256": dataset.sha256 if dataset else "",
        "table": columns,
        "more_columns": max(0, len(profile.get("columns") or []) - PROFILE_COLUMNS),
        "warnings": list(profile.get("warnings") or []),
    }


def _column_summary(column: dict) -> str:
    if column.get("min") is not None and column.get("kind") == "numeric":
        return (f"{amount(column['min'])} to {amount(column['max'])}, "
                f"median {amount(column.get('median'))}")
    top = column.get("top_values") or []
    return ", ".join(f"{label} ({n:,})" for label, n in top[:3])


IMPUTE_WORDS = {"median": "the median", "mean": "the mean", "most_frequent": "the most common",
                "constant": "a category of its own", "none": "—"}
ENCODE_WORDS = {"onehot": "one column per value", "ordinal": "numbered", "none": "as it is"}


def recipe(src: StorySources) -> list[dict]:
    """The run's cleaning steps, in words (a dropped column has nothing to fill or encode)."""
    steps = ((src.run.spec.get("recipe") or {}).get("steps")) or []
    rows = []
    for step in steps:
        kept = step.get("action") == "keep"
        rows.append({
            "column": step.get("column", ""), "action": step.get("action", ""),
            "kind": step.get("kind", ""),
            "impute": IMPUTE_WORDS.get(step.get("impute"), step.get("impute", "")) if kept else "—",
            "encode": ENCODE_WORDS.get(step.get("encode"), step.get("encode", "")) if kept else "—",
            "reason": step.get("reason", ""),
        })
    return rows


def leaderboard(src: StorySources) -> dict:
    rows = [{
        "id": m.id, "rank": m.rank, "name": m.name, "cv": score(m.cv_score),
        "cv_std": score(m.cv_std), "holdout": score(m.holdout_score),
        "fit_seconds": f"{m.fit_seconds:.2f}", "baseline": m.is_baseline,
        "chosen": m.id == src.model.id, "stage": m.stage,
    } for m in src.models]
    return {"metric": metric_name(src.model.metric), "run_id": src.run.id, "rows": rows}


def metrics_table(ev: dict) -> list[dict]:
    model, baseline = ev.get("metrics") or {}, ev.get("baseline_metrics") or {}
    return [{"key": key, "name": metric_name(key), "model": score(value),
             "baseline": score(baseline.get(key)), "verdict": verdict(key, value, baseline.get(key))}
            for key, value in model.items()]


def threshold_table(ev: dict) -> dict | None:
    curve = ev.get("threshold_curve") or []
    if not curve:
        return None
    rows = []
    for wanted in THRESHOLD_ROWS:
        entry = min(curve, key=lambda e: abs(e["threshold"] - wanted))
        rows.append({"threshold": f"{entry['threshold']:.2f}", "tp": entry["tp"],
                     "fp": entry["fp"], "fn": entry["fn"], "tn": entry["tn"],
                     "precision": percent(entry.get("precision")),
                     "recall": percent(entry.get("recall")),
                     "value_per_1000": entry["value_per_1000"]})
    return {"chosen": ev.get("chosen_threshold"), "best": ev.get("best_threshold"),
            "source": ev.get("threshold_source"), "rows": rows,
            "has_values": bool((ev.get("value") or {}).get("has_values"))}
