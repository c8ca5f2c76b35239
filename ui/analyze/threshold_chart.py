"""Value per 1,000 rows against the decision threshold, with a line the user drags.

Without a value matrix it shows precision and recall instead. Imports pyqtgraph: the value
tab imports this module on first use.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from ui.analyze.charts import MoneyAxis, ThemedPlot, tinted
from ui.analyze.words import money


class ThresholdChart(ThemedPlot):
    """The curve, the no-ML levels, the best threshold and the draggable threshold line."""

    thresholdMoved = Signal(float)

    def __init__(self, parent=None) -> None:
        self._ready = False
        self.money_axis = MoneyAxis("left")
        super().__init__("thresholdChart", parent, redraw=self._draw,
                         axis_items={"left": self.money_axis})
        self.curve: list[dict] = []
        self.mode = "value"
        self.best: float | None = None
        self.levels: dict[str, float] = {}
        self.currency = "$"
        self._legend = pg.LegendItem(colCount=3, labelTextSize="9pt", horSpacing=16)
        self.getPlotItem().layout.addItem(self._legend, 4, 1)
        self.line = pg.InfiniteLine(pos=0.5, angle=90, movable=True, bounds=(0.0, 1.0),
                                    label="{value:.2f}",
                                    labelOpts={"position": 0.96, "movable": False,
                                               "anchors": [(0, 0.5), (0, 0.5)]})
        self.line.setZValue(20)
        self.line.setCursor(Qt.CursorShape.SizeHorCursor)
        self.line.sigPositionChanged.connect(self._moved)
        self._ready = True
        self._draw()

    def set_curve(self, curve: list[dict], mode: str, best: float | None,
                  levels: dict[str, float], currency: str) -> None:
        """Draw ``curve`` ("value": value per 1,000 rows; "rates": precision and recall)."""
        self.curve = sorted(curve, key=lambda e: e["threshold"])
        self.mode, self.best, self.levels, self.currency = mode, best, levels, currency
        self._draw()

    def set_threshold(self, threshold: float) -> None:
        """Move the line (as a drag would: thresholdMoved is emitted)."""
        self.line.setValue(float(threshold))

    def threshold(self) -> float:
        return float(self.line.value())

    # --- drawing --------------------------------------------------------------------------
    def _draw(self) -> None:
        if not self._ready:
            return
        plot = self.getPlotItem()
        plot.clear()
        self._legend.clear()
        self._legend.setLabelTextColor(self.text_colour())
        accent = self.accent()
        self.line.setPen(pg.mkPen(accent, width=3))
        self.line.setHoverPen(pg.mkPen(accent, width=5))
        self.line.label.setColor(accent)
        self.line.label.fill = pg.mkBrush(self.palette().base().color())
        plot.addItem(self.line)
        xs = [e["threshold"] for e in self.curve]
        self.money_axis.currency = self.currency if self.mode == "value" else None
        if self.mode == "value":
            self._draw_value(plot, xs, accent)
        else:
            self._draw_rates(plot, xs)
        plot.setXRange(0.0, 1.0, padding=0.02)

    def _draw_value(self, plot, xs, accent) -> None:
        self.set_labels("Value per 1,000 rows", "Decision threshold "
                        "(the model says yes from this probability)")
        ys = [e.get("value_per_1000") or 0.0 for e in self.curve]
        model = plot.plot(xs, ys, pen=pg.mkPen(accent, width=2.5), antialias=True)
        self._legend.addItem(model, "Model: value per 1,000 rows")
        greys = self.greys()
        for (key, words), grey, style in zip(
            (("everyone", "No ML: act on everyone"), ("no_one", "No ML: act on no one")),
            greys, (Qt.PenStyle.DashLine, Qt.PenStyle.DashDotLine), strict=True,
        ):
            if key not in self.levels:
                continue
            pen = pg.mkPen(grey, width=2, style=style)
            level = pg.InfiniteLine(pos=self.levels[key], angle=0, pen=pen)
            plot.addItem(level)
            self._legend.addItem(pg.PlotDataItem([], [], pen=pen),
                                 f"{words} ({money(self.levels[key], self.currency)})")
        zero = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen(tinted(self.text_colour(), 60), width=1))
        plot.addItem(zero)
        if self.best is not None and self.curve:
            at_best = min(self.curve, key=lambda e: abs(e["threshold"] - self.best))
            marker = pg.ScatterPlotItem(
                [at_best["threshold"]], [at_best.get("value_per_1000") or 0.0], symbol="d",
                size=13, brush=pg.mkBrush(accent), pen=pg.mkPen(self.palette().base().color(), width=1.5),
            )
            plot.addItem(marker)
            self._legend.addItem(marker, f"Most valuable threshold ({self.best:.2f})")
        self._fit_y(ys + list(self.levels.values()) + [0.0])

    def _draw_rates(self, plot, xs) -> None:
        self.set_labels("Share (0 to 1)", "Decision threshold "
                        "(the model says yes from this probability)")
        colours = self.series()
        for key, words, colour in (("precision", "Precision: right when it says yes", colours[1]),
                                   ("recall", "Recall: share of real yes it catches", colours[0])):
            ys = [e.get(key) if e.get(key) is not None else float("nan") for e in self.curve]
            item = plot.plot(xs, ys, pen=pg.mkPen(colour, width=2.5), antialias=True,
                             connect="finite")
            self._legend.addItem(item, words)
        shares = [e.get("flagged_share") or 0.0 for e in self.curve]
        grey = pg.mkPen(self.greys()[0], width=2, style=Qt.PenStyle.DashLine)
        item = plot.plot(xs, shares, pen=grey, antialias=True)
        self._legend.addItem(item, "Share of rows flagged")
        plot.setYRange(0.0, 1.02, padding=0)

    def _fit_y(self, values: list[float]) -> None:
        finite = [v for v in values if v == v]
        if not finite:
            return
        low, high = min(finite), max(finite)
        pad = max((high - low) * 0.08, 1.0)
        self.getPlotItem().setYRange(low - pad, high + pad, padding=0)

    def _moved(self) -> None:
        self.thresholdMoved.emit(self.threshold())
