"""The side panel's small chart: one column's values in training beside the selected batch's.

Bars are the share of rows per bin (reference quantile ranges for numbers, the common values
for categories, plus "new" values never seen in training).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ui.analyze.charts import ThemedPlot, tinted
from ui.monitor.chart_box import swatch
from ui.widgets.palette import WARNING

MAX_BINS = 12
BIN_PX = 24  # two bars and a gap per bin
LABEL_CHARS = 12


def short(label: str) -> str:
    text = str(label)
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


class DriftBars(ThemedPlot):
    """``show_entry(entry)``: grey bars for training, coloured ones for the batch."""

    def __init__(self, parent=None) -> None:
        super().__init__("monitorDriftBars", parent)
        self.entry: dict | None = None
        self.setMinimumHeight(120)
        plot = self.getPlotItem()
        plot.invertY(True)  # the first bin on top, read like a list
        plot.showGrid(x=True, y=False, alpha=0.15)
        plot.setLabel("bottom", "share of rows")
        self.redraw = self._draw

    def show_entry(self, entry: dict | None) -> None:
        self.entry = entry
        self._draw()

    def legend(self) -> list[str]:
        colour = WARNING if (self.entry or {}).get("alarm") else self.accent()
        return [swatch(self.greys()[0], "training"), swatch(colour, "this batch")]

    def _draw(self) -> None:
        plot = self.getPlotItem()
        plot.clear()
        chart = (self.entry or {}).get("chart") or {}
        bins = list(chart.get("bins", []))[:MAX_BINS]
        if not bins:
            return
        before = np.array(chart["reference"][: len(bins)], dtype=float)
        after = np.array(chart["batch"][: len(bins)], dtype=float)
        y = np.arange(len(bins), dtype=float)
        colour = WARNING if self.entry.get("alarm") else self.accent()
        for shares, offset, brush in ((before, -0.19, tinted(self.greys()[0], 200)),
                                      (after, 0.19, colour)):
            drawn = shares > 0  # an empty bin gets no bar, not a sliver at zero
            plot.addItem(pg.BarGraphItem(x0=0, y=y[drawn] + offset, width=shares[drawn],
                                         height=0.36, brush=pg.mkBrush(brush), pen=pg.mkPen(None)))
        plot.getAxis("left").setTicks([[(i, short(b)) for i, b in enumerate(bins)]])
        plot.setYRange(-0.6, len(bins) - 0.4, padding=0)
        self.setFixedHeight(BIN_PX * len(bins) + 56)
        plot.setXRange(0, max(0.05, float(max(before.max(), after.max()))) * 1.08, padding=0)
