"""Validation: a seeded holdout, then k folds; grouped and time-ordered where the spec says."""

import numpy as np
import pandas as pd
import pytest

from engine.errors import DataError
from engine.spec import Validation
from engine.validation import make_split


def _frame(rows=200):
    rng = np.random.default_rng(0)
    return pd.DataFrame({
        "customer": rng.integers(0, 40, rows).astype(str),
        "when": pd.date_range("2024-01-01", periods=rows, freq="D").astype(str)[rng.permutation(rows)],
        "y": rng.choice(["a", "b"], rows, p=[0.7, 0.3]),
    })


def test_kfold_split_is_stratified_disjoint_and_seeded():
    frame = _frame()
    split = make_split(frame, frame["y"], "binary", Validation(folds=4), seed=3)
    again = make_split(frame, frame["y"], "binary", Validation(folds=4), seed=3)
    assert np.array_equal(split.train, again.train)
    assert not set(split.train) & set(split.holdout)
    assert len(split.holdout) == 40 and len(split.folds) == 4
    share = (frame["y"].iloc[split.holdout] == "b").mean()
    assert abs(share - (frame["y"] == "b").mean()) < 0.03


def test_group_split_never_puts_one_customer_on_both_sides():
    frame = _frame()
    split = make_split(frame, frame["y"], "binary",
                       Validation(scheme="group", group_column="customer", folds=3), seed=0)
    groups = frame["customer"].to_numpy()
    assert not set(groups[split.train]) & set(groups[split.holdout])
    for fit, test in split.folds:
        train_groups = groups[split.train]
        assert not set(train_groups[fit]) & set(train_groups[test])


def test_time_split_holds_out_the_newest_rows_and_folds_look_forward():
    frame = _frame()
    split = make_split(frame, frame["y"], "binary",
                       Validation(scheme="time", time_column="when", folds=3), seed=0)
    stamps = pd.to_datetime(frame["when"])
    assert stamps.iloc[split.holdout].min() > stamps.iloc[split.train].max()
    train_stamps = stamps.iloc[split.train].to_numpy()
    for fit, test in split.folds:
        assert train_stamps[fit].max() < train_stamps[test].min()


def test_missing_group_column_is_a_clear_error():
    frame = _frame()
    with pytest.raises(DataError, match="group column"):
        make_split(frame, frame["y"], "binary",
                   Validation(scheme="group", group_column="store"), seed=0)


def test_a_class_with_one_row_is_named_and_the_split_still_works():
    frame = _frame()
    frame.loc[0, "y"] = "rare"
    split = make_split(frame, frame["y"], "multiclass", Validation(folds=5), seed=0)
    assert any("'rare'" in w and "single row" in w for w in split.warnings)
    assert len(split.folds) == 5
