"""A story chart (engine.story's "bars" and "line" kinds) drawn big with pyqtgraph.

Imports pyqtgraph: demo pages import this module only when they draw (start-up stays fast).
Every bar and marker carries its number, so colours (Okabe–Ito) are never the only cue.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer

from engine.report_svg import nice_ticks, short_number
from ui.analyze.charts import MoneyAxis, ThemedPlot, short_money
from ui.demo.style import MUTED, ROLE_COLOURS, TEXT

REPLAY_MS = 140


def _colour(role: str | None) -> str:
    return ROLE_COLOURS.get(role or "neutral", ROLE_COLOURS["neutral"])


class StoryChart(ThemedPlot):
    """One chart dict, redrawn at ``font_px``; ``replay()`` draws a line point by point."""

    def __init__(self, parent=None) -> None:
        self.chart: dict | None = None
        self.font_px = 22
        self.shown = None  # how many line points to draw (None: all)
        self.money_axis = MoneyAxis("left")
        super().__init__("demoChart", parent, redraw=self._draw, axis_items={"left": self.money_axis})
        self.setMinimumHeight(120)
        self.getPlotItem().setContentsMargins(4, 4, 12, 4)
        # The legend has its own row under the plot, so it never covers the curve.
        self._legend = pg.LegendItem(colCount=1, verSpacing=-4)
        self.getPlotItem().layout.addItem(self._legend, 4, 1)
        self._replay = QTimer(self)
        self._replay.setInterval(REPLAY_MS)
        self._replay.timeout.connect(self._step)

    def set_chart(self, chart: dict | None, font_px: int | None = None) -> None:
        self.chart = chart
        if font_px:
            self.font_px = font_px
        self.apply_palette()

    def apply_palette(self) -> None:
        super().apply_palette()
        font = self.font()
        font.setPixelSize(getattr(self, "font_px", 22))
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            # Our ticks are few and round: never let pyqtgraph drop one it thinks is crowded.
            plot.getAxis(side).setStyle(tickFont=font, tickTextOffset=8, hideOverlappingLabels=False)
        self._draw()

    # --- replay -----------------------------------------------------------------------------
    def replay(self) -> None:
        """Draw a line chart's points one by one (the monitoring page's live replay)."""
        if self.chart and self.chart["kind"] == "line" and len(self.chart["x"]) > 1:
            self.shown = 1
            self._draw()
            self._replay.start()

    def _step(self) -> None:
        self.shown = (self.shown or 0) + 1
        if self.shown >= len(self.chart["x"]):
            self.shown = None
            self._replay.stop()
        self._draw()

    # --- drawing ----------------------------------------------------------------------------
    def _label(self, text: str, colour: str = TEXT, bold: bool = True, anchor=(0.5, 1.0),
               fill: str | None = None):
        weight = "700" if bold else "400"
        return pg.TextItem(html=f'<span style="color:{colour}; font-size:{self.font_px}px; '
                                f'font-weight:{weight}">{text}</span>', anchor=anchor,
                           fill=pg.mkBrush(fill) if fill else None)

    def _draw(self) -> None:
        chart = getattr(self, "chart", None)
        plot = self.getPlotItem()
        plot.clear()
        for side in ("left", "bottom"):
            plot.showAxis(side)
            plot.getAxis(side).setTicks(None)
            plot.setLabel(side, "")
        self.money_axis.currency = None
        legend = getattr(self, "_legend", None)
        if legend is not None:
            legend.clear()
        if not chart:
            return
        if chart["kind"] == "line":
            self._line(plot, chart)
        elif chart.get("horizontal"):
            self._hbars(plot, chart)
        else:
            self._bars(plot, chart)

    def _axis_label(self, side: str, text: str) -> None:
        style = {"color": MUTED, "font-size": f"{self.font_px}px"}
        self.getPlotItem().setLabel(side, text, **style)

    def _bars(self, plot, chart: dict) -> None:
        plot.showGrid(x=False, y=False)
        bars = chart["bars"]
        values = [b["value"] or 0.0 for b in bars]
        xs = list(range(len(bars)))
        plot.addItem(pg.BarGraphItem(x=xs, height=values, width=0.56, pen=pg.mkPen(None),
                                     brushes=[pg.mkBrush(_colour(b.get("role"))) for b in bars]))
        for x, bar, value in zip(xs, bars, values, strict=True):
            label = self._label(bar["text"], anchor=(0.5, 1.0) if value >= 0 else (0.5, 0.0))
            label.setPos(x, value)
            plot.addItem(label)
        plot.hideAxis("left")
        plot.getAxis("bottom").setTicks([[(x, b["label"]) for x, b in zip(xs, bars, strict=True)]])
        self._axis_label("bottom", chart.get("axis", ""))
        low, high = min(values + [0.0]), max(values + [0.0])
        span = (high - low) or 1.0
        plot.setYRange(low - (span * 0.2 if low < 0 else 0), high + span * 0.2, padding=0)
        plot.setXRange(-0.6, len(bars) - 0.4, padding=0)

    def _hbars(self, plot, chart: dict) -> None:
        """Horizontal bars, biggest on top; signed values grow left or right of zero."""
        plot.showGrid(x=False, y=False)
        bars = chart["bars"]
        n = len(bars)
        ys = [n - 1 - i for i in range(n)]
        values = [b["value"] or 0.0 for b in bars]
        plot.addItem(pg.BarGraphItem(x0=[min(v, 0.0) for v in values], y=ys, height=0.6,
                                     width=[abs(v) for v in values], pen=pg.mkPen(None),
                                     brushes=[pg.mkBrush(_colour(b.get("role"))) for b in bars]))
        for y, bar, value in zip(ys, bars, values, strict=True):
            text = f"&nbsp;{bar['text']}&nbsp;"
            note = self._label(text, anchor=(0.0, 0.5) if value >= 0 else (1.0, 0.5))
            note.setPos(value, y)
            plot.addItem(note)
        low, high = min(values + [0.0]), max(values + [0.0])
        if low < 0:
            plot.addItem(pg.InfiniteLine(pos=0.0, angle=90, pen=pg.mkPen(MUTED, width=2)))
        plot.hideAxis("bottom")
        plot.getAxis("left").setTicks([[(y, b["label"]) for y, b in zip(ys, bars, strict=True)]])
        span = (high - low) or 1.0
        plot.setXRange(low - span * (0.3 if low < 0 else 0), high + span * 0.3, padding=0)
        plot.setYRange(-0.6, n - 0.4, padding=0)

    def _line(self, plot, chart: dict) -> None:
        shown = self.shown or len(chart["x"])
        xs = chart["x"][:shown]
        if chart.get("money"):
            self.money_axis.currency = chart.get("currency", "$")
        self._legend.clear()
        self._legend.setLabelTextSize(f"{self.font_px}px")
        self._legend.setLabelTextColor(TEXT)
        for level in chart.get("levels", []):
            if level.get("value") is None:
                continue
            style = Qt.PenStyle.DotLine if level.get("role") == "baseline2" else Qt.PenStyle.DashLine
            pen = pg.mkPen(_colour(level.get("role")), width=3, style=style)
            plot.addItem(pg.InfiniteLine(pos=level["value"], angle=0, pen=pen))
            self._legend.addItem(pg.PlotDataItem([], [], pen=pen), self._level_words(chart, level))
        dots = len(chart["x"]) <= 24  # a few batches: each one is a dot on the line
        for series in chart["series"]:
            colour = _colour(series.get("role"))
            item = plot.plot(xs, series["y"][:shown], antialias=True, connect="finite",
                             pen=pg.mkPen(colour, width=5), symbol="o" if dots else None,
                             symbolSize=self.font_px * 0.8, symbolBrush=colour,
                             symbolPen=pg.mkPen("w", width=2))
            self._legend.addItem(item, series["label"])
        if self.shown is None:
            self._markers(plot, chart)
        ticks = chart.get("x_ticks")
        if ticks:
            plot.getAxis("bottom").setTicks([list(enumerate(ticks))])
        self._axis_label("bottom", chart.get("x_label", ""))
        ys = [y for s in chart["series"] for y in s["y"] if y is not None]
        ys += [lv["value"] for lv in chart.get("levels", []) if lv.get("value") is not None]
        low, high = min(ys), max(ys)
        pad = (high - low) * 0.12 or 1.0
        plot.setYRange(low - pad, high + pad, padding=0)
        # Round ticks of our own: with large type pyqtgraph's automatic ones thin out to one.
        money, currency = chart.get("money", False), chart.get("currency", "$")
        plot.getAxis("left").setTicks([[(v, short_number(v, money, currency))
                                        for v in nice_ticks(low - pad, high + pad, 4)
                                        if low - pad <= v <= high + pad]])
        plot.showGrid(x=False, y=True, alpha=0.15)
        # Named ticks (batch dates) sit on the ends: leave room for their words.
        margin = 0.4 if ticks else 0.03 * ((max(chart["x"]) - min(chart["x"])) or 1)
        plot.setXRange(min(chart["x"]) - margin, max(chart["x"]) + margin, padding=0)

    @staticmethod
    def _level_words(chart: dict, level: dict) -> str:
        """"No ML: acting on every case ($45k)"."""
        if chart.get("money"):
            return f"{level['label']} ({short_money(level['value'], chart.get('currency', '$'))})"
        return f"{level['label']} ({level['value']:.3g})"

    def _markers(self, plot, chart: dict) -> None:
        xs = chart["x"]
        middle = (min(xs) + max(xs)) / 2
        for i, marker in enumerate(chart.get("markers", [])):
            colour = _colour(marker.get("role"))
            plot.addItem(pg.ScatterPlotItem([marker["x"]], [marker["y"]], size=self.font_px,
                                            brush=pg.mkBrush(colour), pen=pg.mkPen("w", width=2)))
            left = marker["x"] < middle
            label = self._label(marker["label"], colour, fill="#ffffffd9",
                                anchor=(0.0 if left else 1.0, 1.3 if i % 2 == 0 else -0.3))
            label.setPos(marker["x"], marker["y"])
            plot.addItem(label)
