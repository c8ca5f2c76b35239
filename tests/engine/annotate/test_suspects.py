"""Suspect labels: out-of-fold doubt about each given label, most suspicious first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine.annotate.suspects import suspect_labels
from engine.errors import TargetError
from engine.reporter import Cancelled, RecordingReporter
from tests.engine.annotate.conftest import flip_labels
from tests.engine.helpers import churn_like

ROWS = 3000


def recall_of_flipped(frame: pd.DataFrame, target: str, seed: int = 0) -> float:
    """Share of the flipped rows found in the top 10 % of suspects (5 % of labels flipped)."""
    noisy, flipped = flip_labels(frame, target, 0.05, seed)
    ranked = suspect_labels(noisy, target, seed=seed)
    top = {entry["row"] for entry in ranked[: len(ranked) // 10]}
    return len(top & flipped) / len(flipped)


@pytest.mark.parametrize("name, target", [("adult.csv", "class"), ("bank_marketing.csv", "y")])
def test_half_of_randomly_flipped_labels_are_in_the_top_tenth_of_suspects(datasets, name, target):
    frame = pd.read_csv(datasets / "clean" / name).sample(ROWS, random_state=0)
    recall = recall_of_flipped(frame.reset_index(drop=True), target)
    assert recall >= 0.5, f"only {recall:.0%} of the flipped labels were among the top 10 %"


def test_entries_name_the_row_the_labels_and_the_doubt_most_suspicious_first(churn):
    ranked = suspect_labels(churn, "Churn")

    assert len(ranked) == len(churn) - 3  # the unlabelled rows are not judged
    assert {3, 10, 50}.isdisjoint(entry["row"] for entry in ranked)
    first = ranked[0]
    assert set(first) == {"row", "given", "suggested", "suspicion", "confidence"}
    assert first["given"] == churn.loc[first["row"], "Churn"]
    assert {first["given"], first["suggested"]} <= {"Yes", "No"}
    doubts = [entry["suspicion"] for entry in ranked]
    assert doubts == sorted(doubts, reverse=True)
    assert all(0.0 <= e["suspicion"] <= 1.0 and 0.5 <= e["confidence"] <= 1.0 for e in ranked)


def test_a_label_contradicting_an_obvious_rule_is_the_top_suspect():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=400), rng.normal(size=400)
    frame = pd.DataFrame({"a": a, "b": b, "label": np.where(a + b > 0, "good", "bad")})
    wrong = int(np.argmax(a + b))  # the clearest "good" of all, labelled "bad"
    frame.loc[wrong, "label"] = "bad"

    [top] = suspect_labels(frame, "label", top=1)

    assert (top["row"], top["given"], top["suggested"]) == (wrong, "bad", "good")
    assert top["suspicion"] == top["confidence"] > 0.9  # two classes: doubt is the other's share


def test_the_same_seed_gives_the_same_ranking(churn):
    assert suspect_labels(churn, "Churn", seed=3, top=20) == suspect_labels(churn, "Churn", seed=3, top=20)


def test_a_regression_target_is_refused_in_words():
    frame = churn_like(100)
    frame["charges"] = frame["MonthlyCharges"].fillna(50) * 1.37
    with pytest.raises(TargetError, match="needs classes.*regression") as caught:
        suspect_labels(frame, "charges")
    assert "Pick a target with a few classes" in caught.value.hint


def test_progress_is_reported_per_fold_and_cancel_stops_between_folds(churn):
    reporter = RecordingReporter()
    suspect_labels(churn, "Churn", folds=4, reporter=reporter)
    messages = [message for _, message in reporter.progress_events]
    assert [m for m in messages if m.startswith("Checking labels")] == [
        f"Checking labels: part {n} of 4" for n in range(1, 5)]
    assert reporter.progress_events[-1][0] == 1.0

    class CancelAfterFirstFold(RecordingReporter):
        def on_progress(self, fraction, message):
            super().on_progress(fraction, message)
            if message == "Checking labels: part 2 of 4":
                self.cancel()

    with pytest.raises(Cancelled):
        suspect_labels(churn, "Churn", folds=4, reporter=CancelAfterFirstFold())


def test_a_class_with_a_single_row_is_judged_without_failing(churn):
    frame = churn.copy()
    frame.loc[7, "Churn"] = "Maybe"

    ranked = suspect_labels(frame, "Churn")

    maybe = next(entry for entry in ranked if entry["row"] == 7)
    assert maybe["given"] == "Maybe" and maybe["suspicion"] == 1.0  # no other row vouches for it
