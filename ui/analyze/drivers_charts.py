"""The Drivers tab's charts: importance as horizontal bars (± spread), and one feature's
dependence (a line for numbers, bars for categories). Imports pyqtgraph: loaded on first use.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ui.analyze.charts import ThemedPlot, tinted

MAX_BARS = 12
MAX_LABEL = 28


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


class ImportanceChart(ThemedPlot):
    """How much the score drops when each feature is shuffled, biggest on top."""

    def __init__(self, parent=None) -> None:
        self.entries: list[dict] = []
        self.metric = "score"
        super().__init__("importanceChart", parent, redraw=self._draw)
        self.getPlotItem().showGrid(x=True, y=False, alpha=0.15)

    def set_importance(self, entries: list[dict], metric_words: str) -> None:
        self.entries = list(entries)[:MAX_BARS]
        self.metric = metric_words
        self._draw()

    def _draw(self) -> None:
        entries = getattr(self, "entries", [])
        plot = self.getPlotItem()
        plot.clear()
        self.set_labels("", f"Drop in {getattr(self, 'metric', 'score')} when the feature is shuffled")
        if not entries:
            return
        n = len(entries)
        ys = [n - 1 - i for i in range(n)]
        means = [max(e["mean"], 0.0) for e in entries]
        accent = self.accent()
        bars = pg.BarGraphItem(x0=[0.0] * n, y=ys, height=0.62, width=means,
                               brush=pg.mkBrush(tinted(accent, 210)), pen=pg.mkPen(None))
        plot.addItem(bars)
        stds = [e.get("std") or 0.0 for e in entries]
        errors = pg.ErrorBarItem(x=np.array(means), y=np.array(ys, dtype=float),
                                 left=np.array(stds), right=np.array(stds), beam=0.18,
                                 pen=pg.mkPen(self.text_colour(), width=1.2))
        plot.addItem(errors)
        for y, entry, mean in zip(ys, entries, means, strict=True):
            share = pg.TextItem(f"{entry.get('share', 0):.0%}", color=self.muted_colour(),
                                anchor=(0, 0.5))
            share.setPos(mean + (entry.get("std") or 0.0), y)
            plot.addItem(share)
        axis = plot.getAxis("left")
        axis.setTicks([[(y, _short(e["feature"])) for y, e in zip(ys, entries, strict=True)]])
        axis.setWidth(min(220, 14 + 7 * max(len(_short(e["feature"])) for e in entries)))
        right = max(m + s for m, s in zip(means, stds, strict=True)) or 1.0
        plot.setXRange(0.0, right * 1.18, padding=0)
        plot.setYRange(-0.6, n - 0.4, padding=0)


class DependenceChart(ThemedPlot):
    """The average prediction as one feature takes each value, all else as in the data."""

    def __init__(self, parent=None) -> None:
        self.curve: dict | None = None
        self._legend = None
        super().__init__("dependenceChart", parent, redraw=self._draw)
        self._legend = pg.LegendItem(colCount=4, labelTextSize="9pt", horSpacing=14)
        self.getPlotItem().layout.addItem(self._legend, 4, 1)

    def set_curve(self, curve: dict | None) -> None:
        self.curve = curve
        self._draw()

    def _draw(self) -> None:
        curve = getattr(self, "curve", None)
        plot = self.getPlotItem()
        plot.clear()
        plot.getAxis("bottom").setTicks(None)
        if not curve:
            return
        grid, average = list(curve["grid"]), curve["average"]
        self.set_labels(f"Average {curve['output']}", curve["feature"])
        series = average if isinstance(average, dict) else {"": average}
        colours = self.series()
        accent = self.accent()
        for k, values in enumerate(series.values()):
            colour = accent if len(series) == 1 else colours[k % len(colours)]
            if curve["kind"] == "numeric":
                plot.plot(grid, values, pen=pg.mkPen(colour, width=2.5), symbol="o",
                          symbolSize=6, symbolBrush=colour, symbolPen=pg.mkPen(colour),
                          antialias=True)
            else:
                width = 0.7 / len(series)
                xs = [i - 0.35 + width * (k + 0.5) for i in range(len(grid))]
                plot.addItem(pg.BarGraphItem(x=xs, height=values, width=width * 0.9,
                                             brush=pg.mkBrush(tinted(colour, 210)),
                                             pen=pg.mkPen(None)))
        if curve["kind"] != "numeric":
            plot.getAxis("bottom").setTicks([[(i, _short(str(g))) for i, g in enumerate(grid)]])
            plot.setXRange(-0.6, len(grid) - 0.4, padding=0)
        else:
            plot.enableAutoRange(x=True)
        values = [v for vs in series.values() for v in vs]
        if values:
            low = min(0.0, min(values)) if curve["kind"] != "numeric" else min(values)
            high = max(values)
            pad = (high - low) * 0.1 or abs(high) * 0.1 or 0.05
            plot.setYRange(low - (0 if curve["kind"] != "numeric" else pad), high + pad, padding=0)
        legend = self._legend
        if legend is not None:
            legend.clear()
            legend.setLabelTextColor(self.text_colour())
            if len(series) > 1:
                for k, label in enumerate(series):
                    colour = colours[k % len(colours)]
                    legend.addItem(pg.PlotDataItem([], [], pen=pg.mkPen(colour, width=6)), label)
