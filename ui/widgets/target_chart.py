"""What the target looks like: bars of the class balance, or a histogram of a number.

The counts are computed in a worker; this widget only draws them.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette

from ui.widgets.palette import accent

MAX_LABEL_CHARS = 14


class TargetChart(pg.PlotWidget):
    """A small, calm chart: bars for classes (with their shares), bars for histogram bins."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("targetChart")
        self.setAccessibleName("targetChart")
        self.setMinimumHeight(200)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)
        # No grid: it would stripe the bars, and the shares on top say the numbers anyway.
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)  # counts read as counts
        self._items: list = []
        self.kind = ""  # "classes", "histogram" or ""
        self._apply_palette()

    def clear_chart(self) -> None:
        plot = self.getPlotItem()
        for item in self._items:
            plot.removeItem(item)
        self._items = []
        self.kind = ""
        plot.getAxis("bottom").setTicks(None)

    def show_classes(self, labels: Sequence[str], counts: Sequence[int]) -> None:
        """One bar per class with its share on top, most common first."""
        self.clear_chart()
        self.kind = "classes"
        plot = self.getPlotItem()
        total = float(sum(counts)) or 1.0
        xs = list(range(len(counts)))
        bars = pg.BarGraphItem(x=xs, height=list(counts), width=0.6,
                               brush=pg.mkBrush(accent(self.palette())), pen=pg.mkPen(None))
        plot.addItem(bars)
        self._items.append(bars)
        text_colour = self.palette().color(QPalette.ColorRole.Text)
        for x, count in zip(xs, counts, strict=True):
            label = pg.TextItem(f"{100 * count / total:.0f} %", color=text_colour, anchor=(0.5, 1.0))
            label.setPos(x, count)
            plot.addItem(label)
            self._items.append(label)
        ticks = [(x, _short(str(name))) for x, name in zip(xs, labels, strict=True)]
        plot.getAxis("bottom").setTicks([ticks])
        plot.setLabel("bottom", "Class")
        plot.setLabel("left", "Rows")
        plot.setXRange(-0.6, len(xs) - 0.4, padding=0)
        plot.setYRange(0, max(counts, default=1) * 1.15, padding=0)

    def show_histogram(self, edges: Sequence[float], counts: Sequence[int], name: str = "") -> None:
        """Bars between consecutive ``edges`` (len(edges) == len(counts) + 1)."""
        self.clear_chart()
        self.kind = "histogram"
        plot = self.getPlotItem()
        x0 = list(edges[:-1])
        widths = [b - a for a, b in zip(edges[:-1], edges[1:], strict=True)]
        bars = pg.BarGraphItem(x0=x0, height=list(counts), width=widths,
                               brush=pg.mkBrush(accent(self.palette())), pen=pg.mkPen(self._base_colour(), width=1))
        plot.addItem(bars)
        self._items.append(bars)
        plot.setLabel("bottom", name or "Value")
        plot.setLabel("left", "Rows")
        plot.setXRange(edges[0], edges[-1], padding=0.02)
        plot.setYRange(0, max(counts, default=1) * 1.1, padding=0)

    def _base_colour(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def _apply_palette(self) -> None:
        palette = self.palette()
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(palette.color(QPalette.ColorRole.Text)))


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1] + "…"
