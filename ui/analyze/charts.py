"""A themed pyqtgraph plot for the Analyze view's charts: calm, read-only, light or dark.

Imports pyqtgraph, so the tabs import this module only when they first draw a chart (app
start-up stays fast, as with ui/widgets/live_chart.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QPalette

from ui.widgets.palette import accent, baseline_colours, is_dark, series_colours

AXIS_FONT_PT = 9


class ThemedPlot(pg.PlotWidget):
    """A PlotWidget with the theme's colours; ``redraw`` is called again when they change."""

    def __init__(self, object_name: str, parent=None, redraw: Callable[[], None] | None = None,
                 axis_items: dict | None = None) -> None:
        super().__init__(parent, axisItems=axis_items)
        self.clear = self.getPlotItem().clear  # PlotWidget hides clear(); keep the plot's
        self.setObjectName(object_name)
        self.setAccessibleName(object_name)
        self.redraw = redraw
        self.setMinimumHeight(200)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)  # a chart to read; the threshold line moves
        plot.showGrid(x=False, y=True, alpha=0.15)
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)
        self._themed = True
        self.apply_palette()

    # --- colours --------------------------------------------------------------------------
    def accent(self) -> QColor:
        return accent(self.palette())

    def greys(self) -> tuple[str, ...]:
        return baseline_colours(self.palette())

    def series(self) -> tuple[str, ...]:
        return series_colours(self.palette())

    def text_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def muted_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.PlaceholderText)

    def dark(self) -> bool:
        return is_dark(self.palette())

    def apply_palette(self) -> None:
        palette = self.palette()
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        plot = self.getPlotItem()
        font = self.font()
        font.setPointSize(AXIS_FONT_PT)
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(self.text_colour()))
            axis.setStyle(tickFont=font)
            axis.label.setDefaultTextColor(self.text_colour())
        if self.redraw is not None:
            self.redraw()

    def set_labels(self, left: str, bottom: str) -> None:
        style = {"color": self.text_colour().name(), "font-size": f"{AXIS_FONT_PT + 1}pt"}
        plot = self.getPlotItem()
        plot.setLabel("left", left, **style)
        plot.setLabel("bottom", bottom, **style)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_themed", False):
            self.apply_palette()  # follow the light/dark switch
        super().changeEvent(event)


class MoneyAxis(pg.AxisItem):
    """Tick labels as short money ("$60k", "−$1.2M") while ``currency`` is set."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)
        self.currency: str | None = None

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        if self.currency is None:
            return super().tickStrings(values, scale, spacing)
        return [short_money(v, self.currency) for v in values]


def short_money(value: float, currency: str = "$") -> str:
    sign = "−" if value < 0 else ""
    amount = abs(value)
    for limit, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if amount >= limit:
            text = f"{amount / limit:.1f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        text = f"{amount:.0f}"
    return f"{sign}{currency}{text}" if len(currency) <= 1 else f"{sign}{text} {currency}"


def tinted(colour: QColor | str, alpha: int) -> QColor:
    tint = QColor(colour)
    tint.setAlpha(alpha)
    return tint
