"""``build_story``: a project told as eight pages of plain data, with the presenter's edits."""

from __future__ import annotations

from datetime import UTC, datetime

from engine.reporter import Reporter
from engine.story.appendix import build_appendix
from engine.story.page_data import data_page, question_page
from engine.story.page_drivers import drivers_page, whatif_page
from engine.story.page_next import monitoring_page, next_page
from engine.story.page_value import value_page, versus_page
from engine.story.settings import PAGE_KEYS, PAGE_TITLES
from engine.story.sources import StorySources, gather
from engine.story.words import Money
from storage import Store

STORY_VERSION = 1


def build_story(store: Store, project_id: int, reporter: Reporter | None = None) -> dict:
    """The project's story: its production (or best) model's evaluation, data and card as pages.

    Evaluates the model first if no evaluation is kept (seconds); everything else is a few
    small reads. The result is JSON-safe; see ``engine.story`` for its shape.
    """
    reporter = reporter or Reporter()
    src = gather(store, project_id, reporter)
    reporter.progress(0.92, "Writing the story")
    story = story_from(src)
    reporter.progress(1.0, "Story ready")
    return story


def story_from(src: StorySources) -> dict:
    """The story told from already gathered sources (pure: no store access)."""
    settings = src.settings
    money = Money(src.value.currency, settings["monthly_volume"])
    raw_pages = [
        question_page(src, money), data_page(src), versus_page(src, money),
        value_page(src, money), drivers_page(src), whatif_page(src), monitoring_page(src),
        next_page(src),
    ]
    pages = [_with_edits(number, content, settings)
             for number, content in enumerate(raw_pages, start=1)]
    model = src.model
    return {
        "version": STORY_VERSION,
        "generated_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "project": {"id": src.project.id, "name": src.project.name,
                    "question": src.project.question},
        "model": {"id": model.id, "name": model.name, "algorithm": model.algorithm,
                  "stage": model.stage, "run_id": model.run_id, "created_at": model.created_at,
                  "baseline_name": src.evaluation.get("baseline_name") or ""},
        "task": src.task,
        "target": src.evaluation["target"],
        "currency": money.currency,
        "monthly_volume": money.volume,
        "money_unit": money.unit,
        "settings": settings,
        "pages": pages,
        "appendix": build_appendix(src, raw_pages[PAGE_KEYS.index("monitoring")]),
    }


def _with_edits(number: int, content: dict, settings: dict) -> dict:
    key = content["key"]
    edited = settings["headlines"].get(key)
    default = content["headline"][:1].upper() + content["headline"][1:]  # "tenure matters…"
    return {
        **content,
        "number": number,
        "title": PAGE_TITLES[key],
        "default_headline": default,
        "headline": edited or default,
        "edited": edited is not None,
        "hidden": key in settings["hidden"],
    }


def visible_pages(story: dict) -> list[dict]:
    """The pages the presenter did not hide, in order."""
    return [p for p in story["pages"] if not p["hidden"]]


def apply_settings(story: dict, settings: dict) -> dict:
    """The story with other presenter edits (headlines, hidden pages), without rebuilding.

    The monthly volume changes the money on several pages: rebuild the story for that.
    """
    pages = [_with_edits(p["number"], {**p, "headline": p["default_headline"]}, settings)
             for p in story["pages"]]
    return {**story, "settings": settings, "pages": pages}
