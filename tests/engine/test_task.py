"""Task detection from the target's values, and refusing targets that cannot work as asked."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.errors import TargetError
from engine.task import check_target, class_counts, class_labels, detect_task

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def _manifest() -> list[dict]:
    path = DATASETS / "manifest.json"
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))


def _read(relative: str) -> pd.DataFrame:
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"dataset {path} is not available")
    return pd.read_csv(path)


# --- detect_task -----------------------------------------------------------------------------


@pytest.mark.parametrize("entry", _manifest(), ids=lambda e: e["name"])
def test_detect_task_matches_the_manifest_for_every_clean_dataset(entry):
    frame = _read(entry["file"])
    guess = detect_task(frame[entry["target"]])
    assert guess.task == entry["task"], guess.reason
    assert guess.reason.startswith(entry["target"])
    if entry["task"] == "regression":
        assert guess.classes == []
    else:
        assert len(guess.classes) == entry["n_classes"]
        assert guess.classes == sorted(guess.classes)


def test_detect_task_reason_gives_the_values_and_their_shares():
    churn = pd.Series(["No"] * 73 + ["Yes"] * 27, name="Churn")
    guess = detect_task(churn)
    assert guess.task == "binary"
    assert guess.reason == (
        "Churn has 2 values (No 73 %, Yes 27 %): a yes/no question, so binary classification."
    )
    assert guess.classes == ["No", "Yes"]


def test_detect_task_zero_one_integers_are_binary_with_string_classes():
    guess = detect_task(pd.Series([0, 1, 1, 0, 0], name="survived"))
    assert guess.task == "binary"
    assert guess.classes == ["0", "1"]


def test_detect_task_few_whole_numbers_are_multiclass_but_says_it_could_be_regression():
    rating = pd.Series(np.tile([1, 2, 3, 4, 5], 100), name="rating")
    guess = detect_task(rating)
    assert guess.task == "multiclass"
    assert guess.classes == ["1", "2", "3", "4", "5"]
    assert "could also be regression; change it if" in guess.reason


def test_detect_task_whole_numbers_with_many_values_are_regression():
    assert detect_task(pd.Series(np.arange(1000) % 30, name="count")).task == "regression"
    # few distinct values, but too many per row to be classes
    assert detect_task(pd.Series([1, 2, 3, 4] * 10, name="small")).task == "regression"


def test_detect_task_measured_numbers_are_regression_with_range_in_reason():
    guess = detect_task(pd.Series([7.25, 71.2833, 8.05, 53.1], name="fare"))
    assert guess.task == "regression"
    assert "from 7.25 to 71.3" in guess.reason


def test_detect_task_text_with_three_values_is_multiclass_with_sorted_classes():
    guess = detect_task(pd.Series(["b", "a", "c", "a", None], name="grade", dtype="str"))
    assert guess.task == "multiclass"
    assert guess.classes == ["a", "b", "c"]


def test_detect_task_booleans_are_binary():
    guess = detect_task(pd.Series([True, False, True], name="paid"))
    assert guess.task == "binary"
    assert guess.classes == ["False", "True"]


def test_detect_task_ignores_missing_target_values():
    guess = detect_task(pd.Series([1.0, np.nan, 0.0, np.nan, 1.0], name="y"))
    assert guess.task == "binary"
    assert guess.classes == ["0", "1"]


def test_detect_task_refuses_a_target_without_values_or_with_one_value():
    with pytest.raises(TargetError, match="Every value of y is missing"):
        detect_task(pd.Series([np.nan, np.nan], name="y"))
    with pytest.raises(TargetError, match="only one value"):
        detect_task(pd.Series(["Yes"] * 5, name="y"))


# --- check_target ----------------------------------------------------------------------------


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame(
        {
            "Churn": ["Yes", "No", None, "No"] * 30,
            "MonthlyCharges": rng.normal(60, 20, 120).round(2),
            "grade": ["a", "b", "c"] * 40,
            "same": ["x"] * 120,
            "empty": [np.nan] * 120,
            "rare": ["common"] * 119 + ["once"],
        }
    )


def test_check_target_returns_the_series_as_is_with_missing_values(frame):
    target = check_target(frame, "Churn", "binary")
    pd.testing.assert_series_equal(target, frame["Churn"])
    assert target.isna().sum() == 30


def test_check_target_names_close_columns_when_the_target_does_not_exist(frame):
    with pytest.raises(TargetError) as raised:
        check_target(frame, "churn", "binary")
    assert "no column named 'churn'" in raised.value.message
    assert "'Churn'" in raised.value.hint
    with pytest.raises(TargetError) as raised:
        check_target(frame, "Chrun", "binary")
    assert "'Churn'" in raised.value.hint
    with pytest.raises(TargetError) as raised:
        check_target(frame, "zzz", "binary")
    assert "The columns are" in raised.value.hint


def test_check_target_refuses_a_target_with_every_value_missing(frame):
    with pytest.raises(TargetError, match="Every value of empty is missing") as raised:
        check_target(frame, "empty", "regression")
    assert raised.value.hint


def test_check_target_refuses_a_target_with_one_class(frame):
    with pytest.raises(TargetError, match="only one value") as raised:
        check_target(frame, "same", "binary")
    assert "at least two different values" in raised.value.hint


def test_check_target_refuses_regression_on_text_values(frame):
    with pytest.raises(TargetError) as raised:
        check_target(frame, "grade", "regression")
    assert "has text values like 'a'" in raised.value.message
    assert "Choose classification or pick another column" in raised.value.hint.replace(",", "")


def test_check_target_accepts_regression_on_numbers_written_as_text():
    frame = pd.DataFrame({"price": ["1.5", "2.25", None, "10"]})
    target = check_target(frame, "price", "regression")
    assert target.tolist()[:2] == [1.5, 2.25]


def test_check_target_refuses_classification_of_a_continuous_number(frame):
    with pytest.raises(TargetError, match="not a few classes") as raised:
        check_target(frame, "MonthlyCharges", "multiclass")
    assert "regression" in raised.value.hint


def test_check_target_refuses_binary_on_three_classes(frame):
    with pytest.raises(TargetError, match="3 classes"):
        check_target(frame, "grade", "binary")
    assert check_target(frame, "grade", "multiclass") is not None


def test_check_target_allows_a_class_with_a_single_row(frame):
    target = check_target(frame, "rare", "binary")
    assert (target == "once").sum() == 1


def test_check_target_detects_the_task_for_auto(frame):
    assert check_target(frame, "grade", "auto").equals(frame["grade"])


def test_check_target_on_real_targets_returns_them():
    telco = _read("clean/telco_churn.csv")
    assert check_target(telco, "Churn", "binary").equals(telco["Churn"])
    abalone = _read("clean/abalone.csv")
    assert check_target(abalone, "Rings", "regression").equals(abalone["Rings"])
    assert check_target(abalone, "Rings", "multiclass").equals(abalone["Rings"])


@pytest.mark.parametrize("values", [
    pd.Series([" yes", "no", "yes", None, "no ", "yes"], dtype="str").dropna(),
    pd.Series([1, 0, 1, 1, 2]),
    pd.Series([1.0, 2.5, 1.0]),
    pd.Series([True, False, True]),
    pd.Series(pd.array([3, 1, 3, None], dtype="Int64")).dropna(),
    pd.Series(["b", "a", "b", "a"], index=[7, 3, 9, 1], name="label"),
], ids=["stripped text", "integers", "decimals", "booleans", "nullable integers", "ties"])
def test_class_counts_are_the_labels_counted(values):
    labels = class_labels(values)
    assert labels.index.equals(values.index) and labels.name == values.name
    counts = class_counts(values)
    assert counts.to_dict() == labels.value_counts().to_dict()
    assert list(counts) == sorted(counts, reverse=True)


def test_class_labels_read_one_and_one_point_zero_as_the_same_class():
    values = pd.Series([1, "1", 1.0, " a"], dtype=object)
    assert class_labels(values).tolist() == ["1", "1", "1", "a"]
    assert class_counts(values).to_dict() == {"1": 3, "a": 1}


def test_class_counts_put_the_first_seen_label_first_on_a_tie():
    assert list(class_counts(pd.Series(["b", "a", "a", "b"])).index) == ["b", "a"]
