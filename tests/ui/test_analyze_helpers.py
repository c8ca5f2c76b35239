"""The Analyze view's Qt-free helpers: slice filtering, confusion words, names of numbers."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.ui.analyze_support import binary_result, curve
from ui.analyze.slice_filter import MISSING, category_text, in_slice, rows_in_slice
from ui.analyze.words import (
    compare,
    confusion_words,
    entry_near,
    metric_name,
    money,
    no_ml_levels,
    number,
)

CATEGORY = {"column": "Contract", "kind": "category", "value": "Month-to-month"}
RANGE = {"column": "tenure", "kind": "range", "value": None, "low": 0.0, "high": 6.0}
MISSING_SLICE = {"column": "tenure", "kind": "missing", "value": None, "low": None, "high": None}


def test_a_category_slice_keeps_rows_with_that_category():
    rows = binary_result()["worst_rows"]
    kept = rows_in_slice(rows, CATEGORY)
    assert [r["row"] for r in kept] == [8, 9]


def test_a_range_slice_includes_both_ends():
    assert in_slice({"tenure": 0}, RANGE) and in_slice({"tenure": 6.0}, RANGE)
    assert in_slice({"tenure": "3"}, RANGE)  # text that reads as a number, as the model reads it
    assert not in_slice({"tenure": 6.5}, RANGE)
    assert not in_slice({"tenure": None}, RANGE)


def test_a_missing_slice_keeps_rows_without_a_number():
    assert in_slice({"tenure": None}, MISSING_SLICE)
    assert in_slice({"tenure": "n/a"}, MISSING_SLICE)
    assert not in_slice({"tenure": 4}, MISSING_SLICE)


def test_no_slice_keeps_every_row_and_an_unknown_column_none():
    rows = binary_result()["worst_rows"]
    assert rows_in_slice(rows, None) == rows
    assert rows_in_slice(rows, {**CATEGORY, "column": "nope"}) == []


def test_categories_are_read_as_the_model_reads_them():
    assert category_text(1.0) == "1" and category_text(1) == "1"
    assert category_text(True) == "True"
    assert category_text(" Yes ") == "Yes"
    assert category_text(None) == MISSING and category_text("") == MISSING
    assert in_slice({"SeniorCitizen": 1.0}, {"column": "SeniorCitizen", "kind": "category", "value": "1"})


def test_the_missing_marker_is_the_engines():
    from engine.model_contract import MISSING as ENGINE_MISSING

    assert MISSING == ENGINE_MISSING


@pytest.mark.parametrize("slice_", [
    {"column": "x", "kind": "range", "value": None, "low": 2.0, "high": 5.5, "label": ""},
    {"column": "x", "kind": "missing", "value": None, "low": None, "high": None, "label": ""},
    {"column": "c", "kind": "category", "value": "1", "low": None, "high": None, "label": ""},
    {"column": "c", "kind": "category", "value": MISSING, "low": None, "high": None, "label": ""},
    {"column": "c", "kind": "category", "value": "b", "low": None, "high": None, "label": ""},
])
def test_the_filter_agrees_with_the_engines_slice_mask(slice_):
    from engine.analysis.slices import slice_mask

    raw = pd.DataFrame({
        "x": [1.0, 2.0, 5.5, None, 7.0, 3.25],
        "c": [1, None, "b", " b", 1.0, ""],
    })
    rows = [{"row": i, "values": {"x": None if pd.isna(x) else x, "c": None if c is None else c}}
            for i, (x, c) in enumerate(zip(raw["x"], raw["c"], strict=True))]
    expected = [i for i, keep in enumerate(slice_mask(raw, slice_)) if keep]
    assert [r["row"] for r in rows_in_slice(rows, slice_)] == expected


def test_confusion_words_count_catches_false_alarms_and_misses():
    entry = {"threshold": 0.4, "tp": 312, "fp": 150, "fn": 88, "tn": 1000}
    assert confusion_words(entry, ["No", "Yes"]) == (
        "Catches 312 of 400 “Yes” cases, bothers 150 “No” cases by mistake, misses 88.")


def test_entry_near_looks_up_the_closest_threshold():
    entries = curve()
    assert entry_near(entries, 0.304)["threshold"] == 0.3
    assert entry_near([], 0.5) is None


def test_no_ml_levels_come_from_the_engine_or_the_curve_ends():
    result = binary_result()
    assert no_ml_levels(result["threshold_curve"], result["value"]) == {
        "everyone": 28000.0, "no_one": -24000.0}
    from_curve = no_ml_levels(result["threshold_curve"], {})
    assert from_curve["everyone"] == result["threshold_curve"][0]["value_per_1000"]
    assert from_curve["no_one"] == result["threshold_curve"][-1]["value_per_1000"]


def test_numbers_read_in_words():
    assert metric_name("roc_auc") == "ROC-AUC"
    assert metric_name("log_loss") == "Log loss (lower is better)"
    assert number(0.8412) == "0.841" and number(None) == "—" and number(0.123, "mape") == "12.3%"
    assert number({"value": 0.5}) == "0.500"
    assert compare("log_loss", 0.4, 0.5) == "better" and compare("roc_auc", 0.4, 0.5) == "worse"
    assert compare("roc_auc", None, 0.5) == ""
    assert money(-1234.4) == "−$1,234" and money(50, "EUR") == "50 EUR"
