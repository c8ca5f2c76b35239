"""A project told as a story for executives: eight pages of plain data (no Qt), offline.

``build_story(store, project_id)`` returns::

    {"version", "generated_at", "project": {id, name, question},
     "model": {id, name, algorithm, stage, run_id, created_at, baseline_name},
     "task", "target", "currency", "monthly_volume" (None: not entered),
     "money_unit" ("a month" or "per 1,000 cases"), "settings" (the presenter's edits),
     "pages": [page, ...],          # all eight, in order; hidden ones say so
     "appendix": {...}}             # the report's technical tables (engine.story.appendix)

Each page::

    {"key", "number", "title", "headline", "default_headline", "edited", "hidden",
     "points": [sentence, ...], "figures": [{"label", "value", "note"}, ...],
     "chart": None | {"kind": "bars", "bars": [{"label", "value", "text", "role"}], "axis",
                      "money", "horizontal"?}
                  | {"kind": "line", "x", "series": [{"label", "y", "role"}],
                     "levels": [{"label", "value", "role"}], "markers": [{"label", "x", "y",
                     "role"}], "x_label", "y_label", "money", "x_ticks"?},
     "sections": [{"title", "points"}], ...page-specific keys ("model_id", "status")}

Roles name colours, not hues: "accent" (the model), "baseline" (no ML), "best", "neutral".
Pages, by key: question, data, versus, value, drivers, whatif, monitoring, next.
"""

from engine.story.build import apply_settings, build_story, story_from, visible_pages
from engine.story.settings import (
    PAGE_KEYS,
    PAGE_TITLES,
    load_settings,
    normalise,
    save_settings,
    with_headline,
    with_hidden,
    with_monthly_volume,
)

__all__ = [
    "PAGE_KEYS",
    "PAGE_TITLES",
    "apply_settings",
    "build_story",
    "load_settings",
    "normalise",
    "save_settings",
    "story_from",
    "visible_pages",
    "with_headline",
    "with_hidden",
    "with_monthly_volume",
]
