"""When to retrain: drift the model cares about, performance under a floor, or time passing.

Pure: the caller gathers the latest drift report (``drift.batch_drift``), the latest window
(``windows.rolling_windows``) and the days since the last training; ``check_triggers`` says
which triggers fired and why, in words. A trigger only proposes a retrain; it never starts one.
"""

from __future__ import annotations

from engine.scoring import METRIC_WORDS

MIN_LABELLED = 30  # a latest window with fewer labels cannot show a performance drop


def check_triggers(
    *, drift: dict | None = None, latest_window: dict | None = None,
    days_since_training: float | None = None, floor: float | None = None,
    max_days: float | None = None, min_labelled: int = MIN_LABELLED,
) -> list[dict]:
    """The triggers that fired: ``[{"kind", "reason", "data"}]`` with kind ``drift``,
    ``prediction_drift``, ``performance`` or ``schedule``. None skips a check."""
    fired = []
    if drift:
        fired += _drift(drift)
    if floor is not None and latest_window is not None:
        fired += _performance(latest_window, floor, min_labelled)
    if max_days is not None and days_since_training is not None and days_since_training >= max_days:
        fired.append({
            "kind": "schedule",
            "reason": f"The model was last trained {days_since_training:.0f} day(s) ago; "
                      f"the schedule asks for a retrain every {max_days:g} day(s).",
            "data": {"days_since_training": days_since_training, "max_days": max_days},
        })
    return fired


def performance_note(latest_window: dict | None, floor: float | None,
                     min_labelled: int = MIN_LABELLED) -> str | None:
    """Why the performance floor could not be checked, or None when it could."""
    if floor is None:
        return None
    if latest_window is None:
        return "Performance not checked: no batches scored yet."
    if latest_window["labelled"] < min_labelled:
        return (f"Performance not checked: the latest window has {latest_window['labelled']} "
                f"labelled row(s); it needs {min_labelled}. Attach labels as they arrive.")
    if latest_window["value"] is None:
        return (f"Performance not checked: {_metric(latest_window)} cannot be computed on the "
                "latest window (its labels hold one class only).")
    return None


def _drift(drift: dict) -> list[dict]:
    fired = []
    alarming = [e for e in drift.get("features", []) if e["alarm"]]
    if alarming:
        names = ", ".join(e["feature"] for e in alarming)
        fired.append({
            "kind": "drift",
            "reason": f"{len(alarming)} column(s) the model relies on drifted ({names}). "
                      + " ".join(e["words"] for e in alarming[:3]),
            "data": {"features": [e["feature"] for e in alarming],
                     "statistics": {e["feature"]: e["statistic"] for e in alarming},
                     "thresholds": {e["feature"]: e["threshold"] for e in alarming}},
        })
    prediction = drift.get("prediction")
    if prediction and prediction["alarm"]:
        fired.append({
            "kind": "prediction_drift",
            "reason": prediction["words"],
            "data": {"statistic": prediction["statistic"], "threshold": prediction["threshold"]},
        })
    return fired


def _performance(window: dict, floor: float, min_labelled: int) -> list[dict]:
    value = window.get("value")
    if value is None or window["labelled"] < min_labelled or value >= floor:
        return []
    band = ""
    if window.get("low") is not None and window.get("high") is not None:
        wholly = ", wholly below it" if window["high"] < floor else ""
        band = f" (95 % band {window['low']:.3f} to {window['high']:.3f}{wholly})"
    return [{
        "kind": "performance",
        "reason": f"The {_metric(window)} on the latest window "
                  f"({window['labelled']:,} labelled rows up to {window['end']}) is "
                  f"{value:.3f}, below the floor of {floor:g}{band}.",
        "data": {"metric": window["metric"], "value": value, "floor": floor,
                 "low": window.get("low"), "high": window.get("high"),
                 "labelled": window["labelled"], "window_end": window["end"]},
    }]


def _metric(window: dict) -> str:
    return METRIC_WORDS.get(window["metric"], window["metric"])
