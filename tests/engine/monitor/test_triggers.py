"""Retrain triggers: drift the model cares about, a performance floor, a schedule."""

from __future__ import annotations

from engine.monitor.triggers import check_triggers, performance_note


def window(value, labelled=200, low=None, high=None) -> dict:
    return {"metric": "roc_auc", "value": value, "low": low, "high": high, "labelled": labelled,
            "end": "2026-03-02T00:00:00Z"}


def entry(feature: str, alarm: bool, drifted: bool | None = None) -> dict:
    return {"feature": feature, "alarm": alarm, "drifted": alarm if drifted is None else drifted,
            "statistic": 0.3, "threshold": 0.1, "words": f"{feature} shifted."}


def test_nothing_fires_when_all_is_well():
    drift = {"features": [entry("tenure", False)], "prediction": None}
    assert check_triggers(drift=drift, latest_window=window(0.8), days_since_training=3,
                          floor=0.7, max_days=30) == []


def test_a_breached_floor_fires_with_the_reason_in_words():
    fired = check_triggers(latest_window=window(0.62, low=0.55, high=0.68), floor=0.7)

    assert [t["kind"] for t in fired] == ["performance"]
    assert fired[0]["reason"] == (
        "The ROC-AUC on the latest window (200 labelled rows up to 2026-03-02T00:00:00Z) is "
        "0.620, below the floor of 0.7 (95 % band 0.550 to 0.680, wholly below it).")
    assert fired[0]["data"]["value"] == 0.62


def test_a_floor_is_not_judged_on_too_few_labels():
    few = window(0.2, labelled=5)
    assert check_triggers(latest_window=few, floor=0.7) == []
    assert "has 5 labelled row(s)" in performance_note(few, 0.7)


def test_only_alarming_features_fire_drift_not_ignored_ones():
    drift = {"features": [entry("tenure", True), entry("noise", False, drifted=True)],
             "prediction": {"alarm": True, "statistic": 0.4, "threshold": 0.1,
                            "words": "Predictions shifted."}}

    fired = check_triggers(drift=drift)

    assert [t["kind"] for t in fired] == ["drift", "prediction_drift"]
    assert fired[0]["data"]["features"] == ["tenure"]
    assert fired[0]["reason"].startswith("1 column(s) the model relies on drifted (tenure).")


def test_the_schedule_fires_after_max_days():
    fired = check_triggers(days_since_training=45.2, max_days=30)
    assert fired[0]["kind"] == "schedule"
    assert fired[0]["reason"].startswith("The model was last trained 45 day(s) ago")
    assert check_triggers(days_since_training=10, max_days=30) == []
