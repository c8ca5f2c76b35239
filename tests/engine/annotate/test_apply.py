"""Applying annotations: a new frame with the labels set, every row in its place."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.annotate.apply import apply_annotations
from engine.errors import UserError


def test_labels_are_set_and_removed_by_row_position_leaving_the_input_alone():
    frame = pd.DataFrame({"x": [1, 2, 3, 4], "y": ["Yes", "No", None, "No"]}, index=[7, 8, 9, 5])

    new = apply_annotations(frame, "y", [{"row": 2, "label": "Yes"}, {"row": 0, "label": None}])

    assert new["y"].tolist()[1:] == ["No", "Yes", "No"] and pd.isna(new["y"].iloc[0])
    assert frame["y"].tolist()[:2] == ["Yes", "No"] and pd.isna(frame["y"].iloc[2])
    assert new["x"].equals(frame["x"]) and list(new.index) == list(frame.index)


def test_a_number_target_stays_numbers_while_the_labels_are_numbers():
    frame = pd.DataFrame({"y": [1, 0, 1]})
    assert apply_annotations(frame, "y", [{"row": 2, "label": "0"}])["y"].tolist() == [1, 0, 0]
    assert apply_annotations(frame, "y", [{"row": 2, "label": "0"}])["y"].dtype == "int64"
    cleared = apply_annotations(frame, "y", [{"row": 1, "label": None}])["y"]
    assert cleared.dtype == "float64" and cleared.isna().tolist() == [False, True, False]


def test_a_text_label_in_a_number_target_keeps_the_other_labels_as_the_trainer_reads_them():
    frame = pd.DataFrame({"y": [1.0, np.nan, 0.0]})
    new = apply_annotations(frame, "y", [{"row": 1, "label": "maybe"}])
    assert new["y"].tolist() == ["1", "maybe", "0"]


def test_a_yes_no_target_takes_true_and_false():
    frame = pd.DataFrame({"y": [True, False]})
    new = apply_annotations(frame, "y", [{"row": 1, "label": "true"}])
    assert new["y"].tolist() == [True, True] and new["y"].dtype == bool


@pytest.mark.parametrize("annotations, words", [
    ([{"row": 4, "label": "Yes"}], "names row 4, but the data has rows 0 to 2"),
    ([{"row": -1, "label": "Yes"}], "names row -1"),
    ([{"row": 1, "label": "Yes"}, {"row": 1, "label": "No"}], "Row 1 is annotated more than once"),
    ([{"row": "1", "label": "Yes"}], "not a whole number"),
    ([{"row": 1, "label": 3}], "not text"),
    ([{"label": "Yes"}], "not of the form"),
])
def test_malformed_annotations_are_refused_in_words(annotations, words):
    frame = pd.DataFrame({"y": ["a", "b", None]})
    with pytest.raises(UserError, match=words):
        apply_annotations(frame, "y", annotations)
