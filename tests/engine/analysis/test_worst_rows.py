"""The worst rows: the holdout rows with the largest loss, shown with their own values."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from engine.analysis.worst_rows import worst_rows
from tests.engine.analysis.fitted import fit, signal_table

BINARY = ["No", "Yes"]


def test_worst_rows_are_the_rows_with_the_largest_log_loss():
    fitted = fit(signal_table(), "label", "binary")
    worst = worst_rows(fitted.raw, fitted.y, fitted.output, "binary", BINARY, top=10)
    truth_column = (fitted.y == "Yes").astype(int)
    loss = -np.log(fitted.output[np.arange(len(fitted.y)), truth_column])
    assert [w["row"] for w in worst] == list(np.argsort(-loss)[:10])
    assert [w["loss"] for w in worst] == pytest.approx(sorted(loss, reverse=True)[:10])
    first = worst[0]
    assert first["truth"] == fitted.y[first["row"]]
    assert first["prediction"] != first["truth"]  # the worst rows are confident misses
    assert first["confidence"] == pytest.approx(fitted.output[first["row"]].max())


def test_the_threshold_decides_the_label_shown_but_not_the_loss():
    output = np.array([[0.7, 0.3], [0.9, 0.1]])
    y = np.array(["Yes", "No"], dtype=object)
    raw = pd.DataFrame({"a": [1, 2]})
    at_half = worst_rows(raw, y, output, "binary", BINARY)
    at_low = worst_rows(raw, y, output, "binary", BINARY, threshold=0.25)
    assert at_half[0]["prediction"] == "No" and at_half[0]["confidence"] == pytest.approx(0.7)
    assert at_low[0]["prediction"] == "Yes" and at_low[0]["confidence"] == pytest.approx(0.3)
    assert at_half[0]["loss"] == at_low[0]["loss"] == pytest.approx(-np.log(0.3))


def test_regression_worst_rows_have_the_largest_absolute_errors():
    raw = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0]})
    y = np.array([10.0, 20.0, 30.0, 40.0])
    output = np.array([11.0, 5.0, 30.5, 48.0])
    worst = worst_rows(raw, y, output, "regression", [], top=2)
    assert [(w["row"], w["error"], w["loss"]) for w in worst] == [(1, -15.0, 15.0), (3, 8.0, 8.0)]
    assert worst[0]["truth"] == 20.0 and worst[0]["prediction"] == 5.0
    assert "confidence" not in worst[0]


def test_a_true_class_the_model_never_saw_is_a_large_but_finite_loss():
    output = np.array([[0.5, 0.5, 0.0]])
    worst = worst_rows(pd.DataFrame({"a": [1]}), np.array(["c"]), output, "multiclass", ["a", "b", "c"])
    assert np.isfinite(worst[0]["loss"]) and worst[0]["loss"] > 30


def test_row_values_are_plain_json_with_none_for_missing_and_iso_times():
    raw = pd.DataFrame({
        "count": np.array([3], dtype=np.int64),
        "amount": [np.nan],
        "flag": np.array([True]),
        "when": pd.to_datetime(["2024-03-05 14:30"]),
        "missing_time": pd.Series([pd.NaT]),
        "city": [None],
    })
    worst = worst_rows(raw, np.array(["Yes"]), np.array([[0.8, 0.2]]), "binary", BINARY)
    assert worst[0]["values"] == {
        "count": 3, "amount": None, "flag": True, "when": "2024-03-05T14:30:00",
        "missing_time": None, "city": None,
    }
    assert type(worst[0]["values"]["count"]) is int and type(worst[0]["row"]) is int
    json.dumps(worst, allow_nan=False)
