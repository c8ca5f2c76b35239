"""The presenter's edits: normalised on the way in and out, so a story never breaks on them."""

from __future__ import annotations

import pytest

from engine.errors import UserError
from engine.story import normalise, with_headline, with_hidden, with_monthly_volume


def test_normalise_fills_defaults_for_missing_or_foreign_settings():
    empty = {"hidden": [], "headlines": {}, "monthly_volume": None}
    assert normalise(None) == empty
    assert normalise({"theme": "dark"}) == empty
    assert normalise(["not", "a", "dict"]) == empty


def test_normalise_drops_unknown_pages_empty_headlines_and_impossible_volumes():
    raw = {"hidden": ["data", "slide-9", 3], "headlines": {"value": "  Worth it.  ", "drivers": " ",
                                                            "nope": "x"},
           "monthly_volume": -5}
    assert normalise(raw) == {"hidden": ["data"], "headlines": {"value": "Worth it."},
                              "monthly_volume": None}


def test_hidden_pages_keep_the_storys_order():
    assert normalise({"hidden": ["next", "question", "data"]})["hidden"] == ["question", "data", "next"]


def test_with_hidden_hides_and_shows_a_page():
    settings = with_hidden({}, "drivers", True)
    assert settings["hidden"] == ["drivers"]
    assert with_hidden(settings, "drivers", False)["hidden"] == []


def test_with_headline_sets_and_an_empty_text_restores_the_default():
    settings = with_headline({}, "value", "Worth $40k a month.")
    assert settings["headlines"] == {"value": "Worth $40k a month."}
    assert with_headline(settings, "value", "")["headlines"] == {}


def test_with_headline_refuses_a_page_the_story_does_not_have():
    with pytest.raises(ValueError, match="not a story page"):
        with_headline({}, "appendix", "x")


def test_with_monthly_volume_accepts_a_positive_number_or_none():
    assert with_monthly_volume({}, 5000)["monthly_volume"] == 5000.0
    assert with_monthly_volume({"monthly_volume": 10}, None)["monthly_volume"] is None
    with pytest.raises(UserError, match="cases per month"):
        with_monthly_volume({}, 0)
