"""Weak slices: groups of holdout rows where the model is clearly and significantly worse."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.analysis.slices import slice_mask, weak_slices
from tests.engine.analysis.fitted import fit


def _table(rows: int, seed: int, weak) -> pd.DataFrame:
    """Label = (x > 0), except where ``weak(frame)`` is true: there the label is a coin flip."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({
        "x": rng.normal(0, 1, rows),
        "region": rng.choice(["North", "South", "East", "West"], rows),
        "age": rng.integers(18, 80, rows),
        "income": rng.normal(50, 10, rows).round(1),
    })
    frame.loc[rng.random(rows) < 0.2, "income"] = np.nan
    coin = rng.random(rows) < 0.5
    frame["label"] = np.where(np.where(weak(frame), coin, frame["x"] > 0), "Yes", "No")
    return frame


def _slices(fitted, **options):
    return weak_slices(
        fitted.raw, fitted.y, fitted.output, fitted.schema, fitted.task, fitted.classes, **options
    )


def test_a_planted_weak_region_is_found_first_and_alone():
    fitted = fit(_table(2000, 0, lambda f: f["region"] == "North"), "label", "binary")
    found = _slices(fitted)
    assert found[0]["label"] == "region = North"
    assert found[0]["kind"] == "category" and found[0]["value"] == "North"
    assert found[0]["metric"] == "accuracy"
    assert found[0]["score"] < 0.7 < 0.85 < found[0]["overall"]
    assert found[0]["gap"] == pytest.approx(found[0]["overall"] - found[0]["score"])
    assert not [s for s in found if s["column"] == "region" and s["value"] != "North"]
    assert slice_mask(fitted.raw, found[0]).sum() == found[0]["rows"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_uniformly_good_model_raises_no_false_alarm(seed):
    rng = np.random.default_rng(seed)
    frame = _table(2000, seed, lambda f: np.zeros(len(f), dtype=bool))
    # The region decides, and 12 % of labels are flipped at random whatever the row: errors
    # are alike everywhere. (A threshold on a number would not do: rows near any boundary
    # are genuinely harder, and reporting them is right.)
    flipped = rng.random(len(frame)) < 0.12
    frame["label"] = np.where(frame["region"].isin(["North", "East"]) != flipped, "Yes", "No")
    fitted = fit(frame, "label", "binary")
    assert _slices(fitted) == []


def test_a_planted_weak_range_is_reported_with_inclusive_bounds():
    fitted = fit(_table(2000, 1, lambda f: f["age"] >= 68), "label", "binary")
    found = _slices(fitted)
    top = found[0]
    assert top["column"] == "age" and top["kind"] == "range" and top["value"] is None
    assert 66 <= top["low"] <= 70 and top["high"] == 79
    assert top["label"] == f"age {int(top['low'])} – 79"
    mask = slice_mask(fitted.raw, top)
    assert mask.sum() == top["rows"]
    assert fitted.raw["age"][mask].min() == top["low"]


def test_rows_with_a_missing_number_form_their_own_slice():
    fitted = fit(_table(2000, 2, lambda f: f["income"].isna()), "label", "binary")
    top = _slices(fitted)[0]
    assert (top["kind"], top["label"], top["low"], top["high"]) == (
        "missing", "income is missing", None, None
    )
    assert np.array_equal(slice_mask(fitted.raw, top), fitted.raw["income"].isna().to_numpy())


def test_a_weak_group_smaller_than_min_rows_is_not_reported():
    fitted = fit(_table(2000, 3, lambda f: f["region"] == "North"), "label", "binary")
    north = int((fitted.raw["region"] == "North").sum())
    assert _slices(fitted, min_rows=north + 1) == [] or all(
        s["column"] != "region" for s in _slices(fitted, min_rows=north + 1)
    )


def test_a_regression_segment_with_bigger_errors_is_found_by_mean_absolute_error():
    rng = np.random.default_rng(4)
    rows = 1600
    shop = rng.choice(["A", "B", "C"], rows)
    x = rng.uniform(0, 10, rows)
    noise = rng.normal(0, 1, rows) * np.where(shop == "B", 4.0, 1.0)
    fitted = fit(pd.DataFrame({"x": x, "shop": shop, "price": 3 * x + noise}), "price", "regression")
    found = _slices(fitted)
    assert found[0]["label"] == "shop = B"
    assert found[0]["metric"] == "mean absolute error"
    assert found[0]["score"] > 1.2 * found[0]["overall"]
    assert found[0]["gap"] == pytest.approx(found[0]["score"] - found[0]["overall"])


def test_the_binary_threshold_decides_which_rows_count_as_right():
    fitted = fit(_table(1000, 5, lambda f: f["region"] == "North"), "label", "binary")
    everything_yes = _slices(fitted, threshold=0.0)
    positives = float(np.mean(fitted.y == "Yes"))
    assert all(s["overall"] == pytest.approx(positives) for s in everything_yes)


def test_slices_are_worst_first_capped_and_plain_json():
    weak = _table(2000, 6, lambda f: (f["region"] == "North") | (f["age"] >= 60))
    fitted = fit(weak, "label", "binary")
    found = _slices(fitted, max_slices=2)
    assert len(found) == 2
    weights = [s["gap"] * np.sqrt(s["rows"]) for s in found]
    assert weights == sorted(weights, reverse=True)
    json.dumps(found, allow_nan=False)


def test_a_number_with_few_values_is_sliced_value_by_value():
    frame = _table(2000, 7, lambda f: np.zeros(len(f), dtype=bool))
    rng = np.random.default_rng(7)
    frame["senior"] = rng.choice([0, 1], len(frame), p=[0.75, 0.25])
    coin = rng.random(len(frame)) < 0.5
    frame["label"] = np.where(np.where(frame["senior"] == 1, coin, frame["x"] > 0), "Yes", "No")
    fitted = fit(frame, "label", "binary")
    top = _slices(fitted)[0]
    assert (top["label"], top["low"], top["high"]) == ("senior = 1", 1.0, 1.0)
    assert slice_mask(fitted.raw, top).sum() == top["rows"]
