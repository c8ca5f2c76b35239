"""The presenter's edits to a story: hidden pages, edited headlines and the monthly volume.

Kept per project by the store (``story_settings``) as one small JSON::

    {"hidden": ["data"], "headlines": {"value": "Worth $40k a month."}, "monthly_volume": 5000}

``normalise`` is the one gate: unknown pages, empty headlines and impossible volumes are
dropped (the story then falls back to its own words), so a hand-edited or older JSON never
breaks a presentation.
"""

from __future__ import annotations

import math

from engine.errors import UserError
from storage import Store

PAGE_KEYS = ("question", "data", "versus", "value", "drivers", "whatif", "monitoring", "next")
PAGE_TITLES = {
    "question": "The question",
    "data": "The data",
    "versus": "No ML vs the model",
    "value": "What it is worth",
    "drivers": "What drives it",
    "whatif": "Try it",
    "monitoring": "Is it still working?",
    "next": "Next steps and risks",
}
MAX_HEADLINE = 300
MAX_VOLUME = 1e12


def normalise(raw: dict | None) -> dict:
    """Settings with only known keys and sensible values (defaults for the rest)."""
    raw = raw if isinstance(raw, dict) else {}
    hidden = [key for key in PAGE_KEYS if key in set(_strings(raw.get("hidden")))]
    headlines = {}
    for key, text in (raw.get("headlines") or {}).items() if isinstance(raw.get("headlines"), dict) else ():
        if key in PAGE_KEYS and isinstance(text, str) and text.strip():
            headlines[key] = text.strip()[:MAX_HEADLINE]
    return {"hidden": hidden, "headlines": headlines,
            "monthly_volume": _volume_or_none(raw.get("monthly_volume"))}


def with_hidden(settings: dict, key: str, hidden: bool) -> dict:
    """A copy of ``settings`` with page ``key`` hidden or shown."""
    _known(key)
    current = set(normalise(settings)["hidden"])
    current = current | {key} if hidden else current - {key}
    return normalise({**settings, "hidden": sorted(current)})


def with_headline(settings: dict, key: str, text: str | None) -> dict:
    """A copy of ``settings`` with page ``key``'s headline set (empty or None: the default)."""
    _known(key)
    headlines = dict(normalise(settings)["headlines"])
    if text and text.strip():
        headlines[key] = text.strip()
    else:
        headlines.pop(key, None)
    return normalise({**settings, "headlines": headlines})


def with_monthly_volume(settings: dict, volume: float | None) -> dict:
    """A copy of ``settings`` with the cases per month (None: not known)."""
    if volume is not None and _volume_or_none(volume) is None:
        raise UserError(
            f"{volume!r} is not a number of cases per month.",
            "Enter a positive number, such as 5000, or leave it empty.",
        )
    return normalise({**settings, "monthly_volume": volume})


def load_settings(store: Store, project_id: int) -> dict:
    """The project's story settings, normalised."""
    return normalise(store.story_settings(project_id))


def save_settings(store: Store, project_id: int, settings: dict) -> dict:
    """Store the project's story settings (normalised first); returns what was stored."""
    return normalise(store.set_story_settings(project_id, normalise(settings)))


def _known(key: str) -> None:
    if key not in PAGE_KEYS:
        raise ValueError(f"{key!r} is not a story page; pages are {', '.join(PAGE_KEYS)}")


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list | tuple) else []


def _volume_or_none(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    if not math.isfinite(number) or number <= 0 or number > MAX_VOLUME:
        return None
    return number
