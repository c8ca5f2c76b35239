"""The labelling session and the Annotate view's words: plain Python, no window."""

from __future__ import annotations

from ui.annotate.session import LabelSession
from ui.annotate.words import change, counter, guess_words, offer_words, value_text, verdict


def test_labels_and_skips_move_on_and_backspace_takes_the_last_one_back():
    session = LabelSession([7, 3, 9, 1])
    session.label("Yes")
    session.label("No")
    session.skip()
    assert session.current() == 1 and session.counts() == (2, 1, 1)

    assert session.undo() == 9  # the skip is taken back: row 9 is current again
    assert session.current() == 9 and session.counts() == (2, 0, 2)
    assert session.changes() == [{"row": 7, "label": "Yes"}, {"row": 3, "label": "No"}]


def test_saved_labels_can_no_longer_be_taken_back_in_the_session():
    session = LabelSession([7, 3, 9])
    session.label("Yes")
    session.label("No")
    session.mark_saved([7, 3])
    assert session.changes() == [] and session.counts() == (2, 0, 1)
    assert session.undo() is None and session.current() == 9


def test_discard_forgets_unsaved_labels_and_revisit_brings_skipped_rows_back():
    session = LabelSession([7, 3, 9])
    session.label("Yes")
    session.skip()
    session.label("No")
    assert session.current() is None
    session.discard()
    assert session.current() == 7 and session.counts() == (0, 1, 2)
    session.label("Yes")
    session.label("No")
    assert session.current() is None
    session.revisit_skipped()
    assert session.current() == 3 and session.counts() == (2, 0, 1)


def test_the_words_of_the_label_tab():
    assert counter(12, 3, 488) == "12 labelled · 3 skipped · 488 left"
    assert guess_words(("Yes", 0.723)) == ("Model's guess: Yes", "72% sure · press Enter to accept it")
    assert guess_words(None)[0] == "No guess for this row"
    assert [value_text(v) for v in (3.0, 29.85, float("nan"), None, "Yes", 12345.0)] == [
        "3", "29.85", "—", "—", "Yes", "12,345"]


def test_the_retrain_words_compare_before_and_after():
    assert change(0.812, 0.834) == "+0.022" and change(0.834, 0.812) == "−0.022"
    assert change(0.8, 0.8) == "no change" and change(None, 0.8) == ""
    assert "better" in verdict("roc_auc", 0.812, 0.834, False)
    assert "ROC-AUC 0.812 → 0.834 (+0.022)" in verdict("roc_auc", 0.812, 0.834, False)
    assert "barely moved" in verdict("roc_auc", 0.812, 0.814, False)
    assert "enough to make a difference" in offer_words(24, 3)
    assert offer_words(2, 3).startswith("2 labels changed since run #3 was trained.")
