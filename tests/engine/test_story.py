"""The story of a project: eight pages of plain data from its model, evaluation, data and card."""

from __future__ import annotations

import json

import pytest

from engine.errors import UserError
from engine.story import PAGE_KEYS, build_story, save_settings, visible_pages
from storage import Store
from tests.engine import story_support as support


@pytest.fixture
def store(tmp_path):
    with Store.open(support.story_workspace(tmp_path)) as opened:
        yield opened


@pytest.fixture
def project(store):
    return store.project_by_name(support.PROJECT)


def pages_of(story: dict) -> dict:
    return {page["key"]: page for page in story["pages"]}


def test_story_tells_eight_pages_in_order_each_with_a_title_and_headline(store, project):
    story = build_story(store, project.id)

    assert [p["key"] for p in story["pages"]] == list(PAGE_KEYS)
    assert [p["number"] for p in story["pages"]] == list(range(1, 9))
    assert all(p["title"] and p["headline"] and not p["hidden"] for p in story["pages"])
    assert story["model"]["id"] == store.best_model_version(project.id).id
    json.dumps(story, allow_nan=False)  # plain data, safe to keep or send


def test_question_page_states_the_question_and_what_answers_are_worth(store, project):
    page = pages_of(build_story(store, project.id))["question"]

    assert page["headline"] == support.QUESTION
    values = [f["value"] for f in page["figures"]]
    assert values[:3] == ["$300", "−$40", "−$120"]
    assert any(f["label"] == "Perfect answers" for f in page["figures"])


def test_versus_page_compares_no_ml_with_the_model_in_money(store, project):
    story = build_story(store, project.id)
    page = pages_of(story)["versus"]
    evaluation = _evaluation(store, project)

    labels = [f["label"] for f in page["figures"]]
    assert labels == ["Without ML", "With the model", "Difference"]
    assert all(f["value"].startswith(("$", "−$")) for f in page["figures"])
    assert [b["role"] for b in page["chart"]["bars"]] == ["baseline", "accent"]
    best_no_ml = evaluation["value"]["no_ml"]["best_per_1000"]
    assert page["chart"]["bars"][0]["value"] == pytest.approx(best_no_ml)
    assert story["money_unit"] == "per 1,000 cases"


def test_a_monthly_volume_turns_money_per_1000_cases_into_money_per_month(store, project):
    per_1000 = pages_of(build_story(store, project.id))["versus"]["chart"]["bars"][1]["value"]
    save_settings(store, project.id, {"monthly_volume": 2500})

    story = build_story(store, project.id)

    assert story["money_unit"] == "a month"
    assert pages_of(story)["versus"]["chart"]["bars"][1]["value"] == pytest.approx(per_1000 * 2.5)
    assert "a month" in pages_of(story)["value"]["headline"]


def test_value_page_draws_the_profit_curve_with_the_chosen_and_best_points(store, project):
    chart = pages_of(build_story(store, project.id))["value"]["chart"]

    assert chart["kind"] == "line" and chart["money"]
    assert len(chart["x"]) == len(chart["series"][0]["y"]) == 101
    assert [m["label"].split(" (")[0] for m in chart["markers"]] == ["Chosen", "Most valuable"]
    assert [lv["role"] for lv in chart["levels"]] == ["baseline", "baseline2"]


def test_at_the_most_valuable_threshold_the_value_page_marks_one_point(store, project):
    model = store.best_model_version(project.id)
    store.set_threshold(model.id, _evaluation(store, project)["best_threshold"])

    page = pages_of(build_story(store, project.id))["value"]

    assert [m["label"].split(" (")[0] for m in page["chart"]["markers"]] == [
        "Chosen, the most valuable"]
    assert "its most valuable point" in page["headline"]


def test_drivers_page_names_the_evaluations_top_driver_first(store, project):
    story = build_story(store, project.id)
    top = _evaluation(store, project)["importance"][0]["feature"]

    page = pages_of(story)["drivers"]
    assert page["headline"].startswith(top)
    assert page["chart"]["bars"][0]["label"] == top


def test_whatif_page_names_the_model_to_load_live(store, project):
    page = pages_of(build_story(store, project.id))["whatif"]
    assert page["model_id"] == store.best_model_version(project.id).id
    assert page["points"] and page["points"][0].startswith("What if")


def test_monitoring_page_without_batches_says_how_the_model_will_be_watched(store, project):
    page = pages_of(build_story(store, project.id))["monitoring"]

    assert page["status"] == "not_monitored"
    assert page["headline"] == "Not monitored yet: here is how it will be watched."
    assert any("rolling windows" in point for point in page["points"])


def test_next_page_lists_steps_and_the_model_cards_limits(store, project):
    page = pages_of(build_story(store, project.id))["next"]

    steps, risks = page["sections"]
    assert steps["title"] == "Next steps" and risks["title"] == "Risks and limits"
    assert any("production" in step for step in steps["points"])
    assert any("Monitor it on new data" in risk for risk in risks["points"])


def test_hidden_pages_and_edited_headlines_are_honoured(store, project):
    save_settings(store, project.id, {"hidden": ["data", "monitoring"],
                                      "headlines": {"value": "Worth a pilot."}})

    story = build_story(store, project.id)

    pages = pages_of(story)
    assert pages["data"]["hidden"] and pages["monitoring"]["hidden"]
    assert [p["key"] for p in visible_pages(story)] == [
        "question", "versus", "value", "drivers", "whatif", "next"]
    assert pages["value"]["headline"] == "Worth a pilot." and pages["value"]["edited"]
    assert pages["value"]["default_headline"] != "Worth a pilot."


def test_story_is_about_the_production_model_when_there_is_one(store, project):
    best = store.best_model_version(project.id)
    other = next(m for m in store.model_versions(project.id) if m.id != best.id and not m.is_baseline)
    store.set_stage(other.id, "production")

    story = build_story(store, project.id)

    assert story["model"]["id"] == other.id and story["model"]["stage"] == "production"


def test_without_money_values_the_model_is_measured_in_cases_found(store, project):
    store.update_project(project.id, value={})

    pages = pages_of(build_story(store, project.id))

    assert pages["versus"]["headline"].startswith("Of every 100 “Yes” cases, the model finds")
    assert pages["value"]["headline"].startswith("Enter what a right and a wrong answer are worth")
    assert pages["question"]["figures"] == []


def test_a_project_without_a_trained_model_has_no_story(store):
    empty = store.create_project("Nothing yet")
    with pytest.raises(UserError, match="no trained model yet"):
        build_story(store, empty.id)


def _evaluation(store, project) -> dict:
    from engine.analysis.record import stored_evaluation

    return stored_evaluation(store, store.best_model_version(project.id))


def test_a_monitored_model_shows_its_batches_score_against_the_holdout(store, project):
    import pandas as pd

    from engine.monitor.record import score_batch

    model = store.best_model_version(project.id)
    rows = pd.read_csv(support.SAMPLE)
    for start, day in ((600, "2026-01-05"), (900, "2026-02-05")):
        score_batch(store, model, rows.iloc[start:start + 300].reset_index(drop=True),
                    at=day, source_name=f"batch-{day}.csv")

    page = pages_of(build_story(store, project.id))["monitoring"]

    assert page["status"] == "monitored"
    assert page["headline"].startswith("Watched on 2 batches (600 cases) since 2026-01-05")
    assert page["chart"]["x_ticks"] == ["2026-01-05", "2026-02-05"]
    assert all(0.5 < score <= 1 for score in page["chart"]["series"][0]["y"])
