"""Colours shared by the charts and tables: the Okabe–Ito palette, safe for colour-blind eyes.

One accent colour marks what matters (the theme's, via the palette's Link role, so it suits
light and dark); greys mark the no-ML baselines. Dark backgrounds get the lighter variants.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

ACCENT = "#0072B2"  # Okabe–Ito blue: the accent when the palette says nothing better
# The candidates' colours, in order (yellow last: it is faint on white).
SERIES_COLOURS = ("#E69F00", "#0072B2", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
SERIES_COLOURS_DARK = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#F0E442", "#FFFFFF", "#0072B2")
# The baselines: the most-common-answer baseline first, then the one-feature rule.
BASELINE_COLOURS = ("#6E6E6E", "#9A9A9A")
BASELINE_COLOURS_DARK = ("#B4B4B4", "#8C8C8C")
WARNING = "#D55E00"  # Okabe–Ito vermillion: problems in words


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def accent(palette: QPalette) -> QColor:
    """The theme's accent (its link colour), or Okabe–Ito blue on a default palette."""
    link = palette.color(QPalette.ColorRole.Link)
    default_link = QPalette().color(QPalette.ColorRole.Link)
    return QColor(ACCENT) if link == default_link and not is_dark(palette) else link


def series_colours(palette: QPalette) -> tuple[str, ...]:
    return SERIES_COLOURS_DARK if is_dark(palette) else SERIES_COLOURS


def baseline_colours(palette: QPalette) -> tuple[str, ...]:
    return BASELINE_COLOURS_DARK if is_dark(palette) else BASELINE_COLOURS
