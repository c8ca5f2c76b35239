"""Near-duplicate class names: spellings of one class are proposed for merging, others are not."""

from __future__ import annotations

import pandas as pd
import pytest

from engine.annotate.apply import apply_annotations
from engine.annotate.hygiene import merge_annotations, near_duplicate_classes


def test_spellings_of_yes_merge_into_the_most_frequent_one():
    labels = ["Yes"] * 40 + ["yes"] * 5 + ["Y "] * 2 + ["YES", "y"] + ["No"] * 30 + [None]

    [proposal] = near_duplicate_classes(labels)

    assert proposal["into"] == "Yes"
    assert proposal["merge"] == ["yes", "Y "] + sorted(["YES", "y"])
    assert proposal["rows"] == 9
    assert "other spellings of 'Yes'" in proposal["reason"]


@pytest.mark.parametrize("labels, into, merge", [
    (["No"] * 9 + ["no."] + ["NO!"], "No", ["NO!", "no."]),  # trailing punctuation
    (["true"] * 5 + ["T", "1"], "true", ["1", "T"]),  # yes/true/1 abbreviations
    (["0"] * 5 + ["0.0", "false"], "0", ["0.0", "false"]),
    (["Month-to-month"] * 5 + ["month_to_month"], "Month-to-month", ["month_to_month"]),
    (["Churned"] * 50 + ["Chruned"], "Churned", ["Chruned"]),  # a rare typing slip
    (["Approved"] * 50 + ["Aproved", "Approved "], "Approved", ["Approved ", "Aproved"]),
])
def test_case_spacing_punctuation_abbreviations_and_rare_slips_are_merged(labels, into, merge):
    [proposal] = near_duplicate_classes(labels)
    assert (proposal["into"], sorted(proposal["merge"])) == (into, sorted(merge))


@pytest.mark.parametrize("labels", [
    ["Male"] * 50 + ["Female"] * 40,
    ["<=50K"] * 50 + [">50K"] * 10,
    ["Type A"] * 50 + ["Type B"] * 3,  # one letter apart, but the letter is the whole name
    ["class1"] * 50 + ["class2"] * 3,  # digits are not slips
    ["Churned"] * 50 + ["Chruned"] * 20,  # as common as the other: a class, not a slip
    ["cat", "bat", "hat"],  # short names are too close to judge
    ["Yes", "No"],
    ["1", "0"],
])
def test_classes_that_only_look_alike_are_not_merged(labels):
    assert near_duplicate_classes(labels) == []


def test_a_merge_becomes_annotations_for_every_row_spelled_that_way():
    frame = pd.DataFrame({"x": range(5), "y": ["Yes", "yes", "No", "Y ", None]})
    [proposal] = near_duplicate_classes(frame["y"])

    changes = merge_annotations(frame, "y", proposal)

    assert changes == [{"row": 1, "label": "Yes"}, {"row": 3, "label": "Yes"}]
    assert apply_annotations(frame, "y", changes)["y"].tolist()[:4] == ["Yes", "Yes", "No", "Yes"]
