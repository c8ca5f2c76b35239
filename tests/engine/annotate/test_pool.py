"""The unlabelled pool: rows with a missing target, named by their position."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.annotate.pool import labelled_positions, pool_summary, unlabelled_positions
from engine.errors import TargetError


def test_the_pool_is_the_positions_of_rows_without_a_target_value():
    frame = pd.DataFrame({"x": range(5), "y": ["a", None, "b", np.nan, " "]},
                         index=[10, 11, 12, 13, 14])  # the index plays no part: positions do

    assert unlabelled_positions(frame, "y") == [1, 3]
    assert labelled_positions(frame, "y") == [0, 2, 4]  # a blank text is a label, as in training
    assert pool_summary(frame, "y") == {"rows": 5, "labelled": 3, "unlabelled": 2}


def test_the_pool_of_an_unknown_column_is_refused_with_close_names():
    frame = pd.DataFrame({"Churn": ["Yes"]})
    with pytest.raises(TargetError, match="Did you mean 'Churn'"):
        unlabelled_positions(frame, "churn")
