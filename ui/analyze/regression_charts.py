"""Charts of a number-predicting model's errors. Imports pyqtgraph: loaded on first use."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from ui.analyze.charts import ThemedPlot, tinted


class ResidualScatter(ThemedPlot):
    """Truth − prediction against the prediction; a good model scatters evenly around 0."""

    def __init__(self, parent=None) -> None:
        self.points: dict = {}
        self.target = "value"
        super().__init__("residualChart", parent, redraw=self._draw)

    def set_points(self, points: dict, target: str) -> None:
        self.points, self.target = points, target
        self._draw()

    def _draw(self) -> None:
        plot = self.getPlotItem()
        plot.clear()
        plot.setTitle("Errors against predictions", color=self.text_colour().name(), size="10pt")
        self.set_labels("True − predicted", f"Predicted {getattr(self, 'target', 'value')}")
        points = getattr(self, "points", {})
        xs, ys = points.get("predicted") or [], points.get("residual") or []
        if not xs:
            return
        accent = self.accent()
        plot.addItem(pg.ScatterPlotItem(xs, ys, size=5, pen=pg.mkPen(None),
                                        brush=pg.mkBrush(tinted(accent, 120))))
        plot.addItem(pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(self.greys()[0], width=1.5,
                                                                   style=Qt.PenStyle.DashLine)))


class ErrorHistogram(ThemedPlot):
    """How many rows have each size of error."""

    def __init__(self, parent=None) -> None:
        self.histogram: dict = {}
        super().__init__("errorHistogram", parent, redraw=self._draw)

    def set_histogram(self, histogram: dict) -> None:
        self.histogram = histogram
        self._draw()

    def _draw(self) -> None:
        plot = self.getPlotItem()
        plot.clear()
        plot.setTitle("How the errors spread", color=self.text_colour().name(), size="10pt")
        self.set_labels("Rows", "True − predicted")
        histogram = getattr(self, "histogram", {})
        edges, counts = histogram.get("edges") or [], histogram.get("counts") or []
        if len(edges) != len(counts) + 1 or not counts:
            return
        centres = [(a + b) / 2 for a, b in zip(edges[:-1], edges[1:], strict=True)]
        width = (edges[1] - edges[0]) * 0.92
        plot.addItem(pg.BarGraphItem(x=centres, height=counts, width=width,
                                     brush=pg.mkBrush(tinted(self.accent(), 200)),
                                     pen=pg.mkPen(None)))
        plot.addItem(pg.InfiniteLine(pos=0, angle=90, pen=pg.mkPen(self.greys()[0], width=1.5,
                                                                    style=Qt.PenStyle.DashLine)))
