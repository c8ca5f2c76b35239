"""The Annotate view's numbers in words. Qt-free, so they are tested without a window."""

from __future__ import annotations

import math

from ui.analyze.words import metric_name

MISSING = "—"
MAX_VALUE_CHARS = 400  # a cell longer than this is cut (a free-text column can be huge)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def counter(labelled: int, skipped: int, left: int) -> str:
    """"12 labelled · 3 skipped · 488 left"."""
    return f"{labelled:,} labelled · {skipped:,} skipped · {left:,} left"


def pool_words(summary: dict, target: str, version_id: int) -> str:
    """"7,043 rows · 6,990 labelled · 53 without a Churn value · data version 4"."""
    return (f"{summary['rows']:,} rows · {summary['labelled']:,} labelled · "
            f"{summary['unlabelled']:,} without a {target} value · data version {version_id}")


def guess_words(suggestion: tuple[str, float] | None) -> tuple[str, str]:
    """(headline, detail) for the model's guess on the current row."""
    if suggestion is None:
        return "No guess for this row", "Pick the class with its number key."
    label, confidence = suggestion
    return f"Model's guess: {label}", f"{confidence:.0%} sure · press Enter to accept it"


def value_text(value) -> str:
    """A cell as text: whole numbers without ".0", short decimals, "—" when missing."""
    if value is None:
        return MISSING
    if isinstance(value, float):
        if math.isnan(value):
            return MISSING
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
        return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    text = str(value)
    if text in ("nan", "NaT", "<NA>", "None"):
        return MISSING
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def pending_words(count: int) -> str:
    if not count:
        return "No unsaved changes."
    return f"{plural(count, 'change')} not saved yet: they are kept only in this window."


def save_button_text(count: int) -> str:
    return f"Save {plural(count, 'label')}" if count else "Save labels"


def saved_words(changed: int, version_id: int) -> str:
    return f"Saved {plural(changed, 'label change')} as data version {version_id}."


def offer_words(since: int, run_id: int | None) -> str:
    """Why retraining is worth it now."""
    run = f"run #{run_id}" if run_id else "the last run"
    text = f"{plural(since, 'label')} changed since {run} was trained."
    if since >= 20:
        return text + " That is enough to make a difference: retrain and compare."
    return text + " Retrain to see whether the model gets better."


def score(value: float | None) -> str:
    return MISSING if value is None or not math.isfinite(value) else f"{value:.3f}"


def change(before: float | None, after: float | None) -> str:
    """"+0.021", "−0.004", "no change" or "" when either is missing."""
    if before is None or after is None or not (math.isfinite(before) and math.isfinite(after)):
        return ""
    delta = after - before
    if abs(delta) < 0.0005:
        return "no change"
    return f"{'+' if delta > 0 else '−'}{abs(delta):.3f}"


def verdict(metric: str, before: float | None, after: float | None, cancelled: bool) -> str:
    """One sentence on the cross-validated score, higher being better for every run metric."""
    name = metric_name(metric)
    if cancelled:
        return "The run was stopped; the finished models are kept. Scores are of those only."
    if before is None or after is None:
        return f"No {name} to compare: a run has no finished model."
    delta = after - before
    if abs(delta) < 0.005:
        return (f"{name} barely moved ({change(before, after)}). The new labels did not change "
                "much yet; more of them, or other columns, may.")
    direction = "better" if delta > 0 else "worse"
    return (f"The new best model is {direction} in cross-validation: {name} "
            f"{score(before)} → {score(after)} ({change(before, after)}). Each run is measured "
            "on its own rows, so treat small differences as noise.")
