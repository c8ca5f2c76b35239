"""Drift of a batch against the training reference: flags real shifts, stays quiet otherwise."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.monitor import stats
from engine.monitor.drift import MIN_ROWS, batch_drift, build_reference


def resample(frame: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return frame.iloc[rng.integers(0, len(frame), n)].reset_index(drop=True)


def test_a_planted_shift_in_one_feature_is_flagged_and_the_others_are_not(adult, adult_reference):
    batch = resample(adult, 500, seed=3)
    batch["age"] = batch["age"] + 8

    report = batch_drift(adult_reference, batch)

    assert report["alarms"] == ["age"]
    age = report["features"][0]
    assert age["feature"] == "age" and age["kind"] == "numeric" and age["alarm"]
    assert age["statistic"] == age["statistics"]["ks"] > age["threshold"]
    assert set(age["statistics"]) == {"ks", "wasserstein", "psi"}
    assert age["words"] == "age shifted: its median went from 37 to 45."


def test_same_distribution_batches_alarm_on_about_one_feature_in_a_hundred(adult, adult_reference):
    features = [c["name"] for c in adult_reference.schema["columns"]]
    alarms = dict.fromkeys(features, 0)
    batches = 200
    # 256 rows is exactly a bucket's size, where the threshold is least conservative; other
    # sizes round down to their bucket and alarm a little less (0.5 % at 250 rows).
    for seed in range(batches):
        for name in batch_drift(adult_reference, resample(adult, 256, seed))["alarms"]:
            alarms[name] += 1

    rate = sum(alarms.values()) / (batches * len(features))
    # Measured: 1.2 % of 2,800 feature-batches (alpha is 1 % per feature and batch).
    assert 0.002 <= rate <= 0.02, alarms
    assert max(alarms.values()) <= 0.05 * batches, alarms


def test_a_large_same_distribution_batch_does_not_cry_wolf(adult, adult_reference):
    report = batch_drift(adult_reference, resample(adult, 40_000, seed=11))

    assert report["alarms"] == []
    assert all(e["threshold"] >= stats.MIN_EFFECT[e["statistic_name"]] for e in report["features"])


def test_thresholds_shrink_as_batches_grow_down_to_the_floor(adult_reference):
    age = next(c for c in adult_reference.columns if c.name == "age")

    small, _ = adult_reference.threshold(age, 200)
    medium, _ = adult_reference.threshold(age, 2_000)
    huge, null = adult_reference.threshold(age, 100_000)

    assert small > medium > huge
    assert huge == stats.MIN_EFFECT["ks"] > null


def test_a_drifting_feature_the_model_ignores_is_shown_but_not_an_alarm(adult, adult_schema):
    importance = {c["name"]: 0.1 for c in adult_schema["columns"]} | {"fnlwgt": 0.001}
    reference = build_reference(adult, adult_schema, importance=importance)
    batch = resample(adult, 500, seed=4)
    batch["fnlwgt"] = batch["fnlwgt"] * 3

    report = batch_drift(reference, batch)

    weight = next(e for e in report["features"] if e["feature"] == "fnlwgt")
    assert weight["drifted"] and not weight["alarm"]
    assert weight["importance"] == 0.001
    assert weight["words"].endswith("the model barely uses it, so this is no alarm.")
    assert "fnlwgt" in report["drifted"] and "fnlwgt" not in report["alarms"]


def test_values_never_seen_in_training_are_counted_and_named(adult, adult_reference):
    batch = resample(adult, 400, seed=5)
    batch.loc[:119, "workclass"] = "Space-agency"

    report = batch_drift(adult_reference, batch)

    work = next(e for e in report["features"] if e["feature"] == "workclass")
    assert work["alarm"] and work["statistic_name"] == "js"
    assert work["statistics"]["new_share"] == pytest.approx(0.3)
    assert set(work["statistics"]) == {"js", "chi_square", "cramers_v", "psi", "new_share"}
    assert "30 % of rows hold values never seen in training (e.g. 'Space-agency')" in work["words"]
    assert work["chart"]["bins"][-1] == "(new)" and work["chart"]["reference"][-1] == 0


def test_a_column_that_goes_missing_drifts(adult, adult_reference):
    batch = resample(adult, 400, seed=6)
    batch.loc[:199, "hours-per-week"] = np.nan

    report = batch_drift(adult_reference, batch)

    hours = next(e for e in report["features"] if e["feature"] == "hours-per-week")
    assert hours["alarm"]
    assert hours["words"] == "hours-per-week shifted: missing values went from 0 % to 50 % of rows."


def test_prediction_drift_compares_the_yes_probability(adult, adult_schema):
    rng = np.random.default_rng(0)
    yes = rng.beta(2, 5, len(adult))
    predictions = pd.DataFrame({"prediction": np.where(yes >= 0.5, ">50K", "<=50K"),
                                "proba_<=50K": 1 - yes, "proba_>50K": yes})
    reference = build_reference(adult, adult_schema, predictions=predictions)
    batch = resample(adult, 300, seed=7)
    later = rng.beta(5, 2, 300)
    shifted = pd.DataFrame({"prediction": np.where(later >= 0.5, ">50K", "<=50K"),
                            "proba_<=50K": 1 - later, "proba_>50K": later})

    report = batch_drift(reference, batch, shifted)

    assert report["prediction"]["alarm"]
    assert report["prediction"]["words"].startswith(
        "Predictions shifted: the median predicted probability went from 0.26")


def test_repeated_batches_of_a_size_reuse_the_cached_null(adult, adult_schema):
    reference = build_reference(adult.head(5000), adult_schema)
    batch_drift(reference, resample(adult, 300, seed=1))
    drawn = dict(reference._null)
    batch_drift(reference, resample(adult, 290, seed=2))  # same bucket: nothing new drawn
    assert reference._null == drawn


def test_too_few_rows_are_reported_but_never_alarm(adult, adult_reference):
    batch = resample(adult, MIN_ROWS - 1, seed=8)
    batch["age"] = 90

    age = next(e for e in batch_drift(adult_reference, batch)["features"] if e["feature"] == "age")

    assert not age["alarm"] and age["words"] == f"age: only {MIN_ROWS - 1} row(s), too few to judge drift."


def test_the_drift_report_is_plain_json(adult, adult_reference):
    report = batch_drift(adult_reference, resample(adult, 100, seed=9))
    assert json.loads(json.dumps(report, allow_nan=False)) == report
