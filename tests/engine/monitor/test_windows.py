"""Rolling-window metrics with confidence bands, respecting when labels arrived."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.monitor.windows import rolling_windows, window_metrics

CLASSES = ["No", "Yes"]


@pytest.fixture
def rows() -> pd.DataFrame:
    """Six scored rows over three days. Labels arrive late, one never arrives.

    row  time            prediction  P(Yes)  label  label arrived
    0    01-01 10:00     Yes         0.8     Yes    01-01 12:00  (right)
    1    01-01 11:00     No          0.1     No     01-05 00:00  (right)
    2    01-02 09:00     Yes         0.6     No     01-02 09:30  (wrong)
    3    01-02 10:00     No          0.3     No     01-04 00:00  (right)
    4    01-03 08:00     No          0.4     -      -
    5    01-03 09:00     Yes         0.7     Yes    01-03 09:00  (right)
    """
    yes = [0.8, 0.1, 0.6, 0.3, 0.4, 0.7]
    return pd.DataFrame({
        "time": pd.to_datetime(["2024-01-01 10:00", "2024-01-01 11:00", "2024-01-02 09:00",
                                "2024-01-02 10:00", "2024-01-03 08:00", "2024-01-03 09:00"]),
        "prediction": ["Yes", "No", "Yes", "No", "No", "Yes"],
        "proba_No": [1 - p for p in yes],
        "proba_Yes": yes,
        "label": ["Yes", "No", "No", "No", None, "Yes"],
        "label_at": pd.to_datetime(["2024-01-01 12:00", "2024-01-05 00:00", "2024-01-02 09:30",
                                    "2024-01-04 00:00", None, "2024-01-03 09:00"]),
    })


def summary(windows: list[dict]) -> list[tuple]:
    return [(w["rows"], w["labelled"], w["pending"], w["metrics"]["accuracy"]["value"])
            for w in windows]


def test_with_every_label_known_each_day_counts_all_its_labelled_rows(rows):
    windows = rolling_windows(rows, "binary", CLASSES, size=1, unit="days")

    assert [(w["start"], w["end"]) for w in windows] == [
        ("2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"),
        ("2024-01-02T00:00:00Z", "2024-01-03T00:00:00Z"),
        ("2024-01-03T00:00:00Z", "2024-01-04T00:00:00Z"),
    ]
    assert summary(windows) == [(2, 2, 0, 1.0), (2, 2, 0, 0.5), (2, 1, 1, 1.0)]
    assert windows[0]["metric"] == "roc_auc" and windows[0]["value"] == 1.0
    assert windows[1]["value"] is None  # both labels "No": ROC-AUC is undefined


def test_replayed_at_each_window_end_only_labels_that_had_arrived_count(rows):
    windows = rolling_windows(rows, "binary", CLASSES, size=1, unit="days", as_of="window_end")

    # Day 1: row 1's label came on 01-05. Day 2: row 3's on 01-04. Day 3: row 5's at once.
    assert summary(windows) == [(2, 1, 1, 1.0), (2, 1, 1, 0.0), (2, 1, 1, 1.0)]


def test_row_windows_replayed_cut_labels_at_their_last_rows_time(rows):
    windows = rolling_windows(rows, "binary", CLASSES, size=2, unit="rows", as_of="window_end")

    assert [(w["start"], w["end"]) for w in windows][0] == (
        "2024-01-01T10:00:00Z", "2024-01-01T11:00:00Z")
    # Rows 0-1 closed at 11:00, before either label; row 5's label came with it (inclusive).
    assert summary(windows) == [(2, 0, 2, None), (2, 1, 1, 0.0), (2, 1, 1, 1.0)]


def test_as_of_a_date_counts_the_labels_known_by_then(rows):
    windows = rolling_windows(rows, "binary", CLASSES, size=3, step=3, as_of="2024-01-03")

    assert summary(windows) == [(3, 2, 1, 0.5), (3, 0, 3, None)]


def test_the_latest_window_is_always_full_and_steps_count_back_from_it(rows):
    windows = rolling_windows(rows, "binary", CLASSES, size=4, step=3)

    assert [w["rows"] for w in windows] == [3, 4]
    assert windows[-1]["end"] == "2024-01-03T09:00:00Z"


def test_overlapping_day_windows(rows):
    windows = rolling_windows(rows, "binary", CLASSES, size=2, step=1, unit="days")
    assert [w["rows"] for w in windows] == [2, 4, 4]
    assert windows[2]["value"] == 1.0  # rows 2, 3, 5 labelled: P(Yes) ranks 'Yes' above both 'No'


def test_accuracy_has_a_wilson_band():
    labelled = pd.DataFrame({"prediction": ["Yes"] * 10, "label": ["Yes"] * 8 + ["No"] * 2,
                             "proba_Yes": [0.9] * 10, "proba_No": [0.1] * 10})
    accuracy = window_metrics(labelled, "binary", CLASSES)["metrics"]["accuracy"]
    # Wilson 95 % interval for 8 of 10: 0.490 to 0.943.
    assert accuracy["value"] == 0.8
    assert (accuracy["low"], accuracy["high"]) == pytest.approx((0.4902, 0.9433), abs=1e-4)


def test_roc_auc_band_follows_hanley_and_mcneil():
    rng = np.random.default_rng(0)
    truth = rng.random(400) < 0.3
    score = np.clip(truth * 0.3 + rng.random(400) * 0.7, 0, 1)
    labelled = pd.DataFrame({"label": np.where(truth, "Yes", "No"), "proba_Yes": score,
                             "prediction": np.where(score > 0.5, "Yes", "No")})
    auc = window_metrics(labelled, "binary", CLASSES)
    assert auc["low"] < auc["value"] < auc["high"]
    assert 0.03 < (auc["high"] - auc["low"]) / 2 < 0.07  # ~1.96 × SE for n = 400


def test_regression_windows_report_r2_and_mae_with_bands():
    rng = np.random.default_rng(1)
    truth = rng.normal(50, 10, 300)
    frame = pd.DataFrame({"time": pd.date_range("2024-01-01", periods=300, freq="h"),
                          "prediction": truth + rng.normal(0, 2, 300), "label": truth})

    window = rolling_windows(frame, "regression", [], size=300)[0]

    assert window["metric"] == "r2" and window["low"] < window["value"] < window["high"]
    mae = window["metrics"]["mae"]
    assert mae["value"] == pytest.approx(1.6, abs=0.2) and mae["low"] < mae["value"] < mae["high"]


def test_multiclass_windows_report_balanced_accuracy():
    labelled = pd.DataFrame({"label": ["a", "a", "b", "b", "c", "c"],
                             "prediction": ["a", "a", "b", "a", "c", "a"]})
    scored = window_metrics(labelled, "multiclass", ["a", "b", "c"])
    assert scored["metric"] == "balanced_accuracy"
    assert scored["value"] == pytest.approx((1 + 0.5 + 0.5) / 3)
    assert scored["metrics"]["accuracy"]["value"] == pytest.approx(4 / 6)


def test_no_rows_no_windows():
    assert rolling_windows(pd.DataFrame(), "binary", CLASSES, size=10) == []


def test_a_window_needs_a_positive_size(rows):
    with pytest.raises(ValueError, match="at least 1"):
        rolling_windows(rows, "binary", CLASSES, size=0)
