"""Rough training-time estimates, and the words for elapsed and remaining time. No Qt.

Per-fit costs were measured on the Telco sample (7,043 rows, 19 columns) on a 2-core laptop
class machine (thorough budget: 55 s) and scale with rows × columns. They are honest only
as an order of magnitude, and the page says so; during a run, the remaining time comes from
the run's own progress instead.
"""

from __future__ import annotations

# Seconds per fit (with its scoring) at 10,000 rows × 20 columns.
FIT_SECONDS = {
    "baseline": 0.15, "one_rule": 0.2, "linear": 0.55, "small_tree": 0.2, "forest": 3.4,
    "forest_big": 9.0, "extra_trees": 3.9, "boosting": 0.9, "boosting_deep": 1.1,
    "boosting_slow": 1.1,
}
OVERHEAD_SECONDS = 3.0  # planning, profiling, storing the models
FOREST_ROW_CAP = 20_000  # forests sample at most this many rows per tree (engine.candidates)


def estimate_seconds(keys: list[str], folds: int, rows: int, columns: int) -> float:
    """Expected seconds for ``keys`` with ``folds``-fold CV plus the final fit of each."""
    columns = max(columns, 1)
    total = OVERHEAD_SECONDS
    for key in keys:
        effective_rows = min(rows, FOREST_ROW_CAP) if "forest" in key or "trees" in key else rows
        per_fit = FIT_SECONDS.get(key, 1.0) * (effective_rows / 10_000) * (columns / 20)
        total += per_fit * (folds + 1)
    return total


def duration_words(seconds: float) -> str:
    """"under 10 s", "about 40 s", "about 3 min", "about 1 h 20 min"."""
    if seconds < 10:
        return "under 10 s"
    if seconds < 60:
        return f"about {int(round(seconds, -1))} s"
    if seconds < 3600:
        return f"about {max(1, round(seconds / 60))} min"
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"about {hours} h {minutes} min" if minutes else f"about {hours} h"


def clock(seconds: float) -> str:
    """Elapsed time as m:ss (or h:mm:ss)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def remaining_seconds(elapsed: float, fraction: float, fallback: float) -> float:
    """Time left from the run's own pace; the upfront estimate until there is a pace to go on."""
    if fraction < 0.05 or elapsed < 1.0:
        return max(fallback - elapsed, 0.0)
    return elapsed * (1.0 - fraction) / fraction
