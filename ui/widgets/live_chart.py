"""The live training chart: each candidate's score per cross-validation fold, the no-ML
baselines as dashed reference lines.

Points go into plain buffers (``add_point``); a ~15 Hz timer redraws only when something
changed, so a burst of metrics costs one redraw (FACTS.md: redraw on a timer, not per signal).
``load_from_metrics`` redraws a past run from the store alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette

from ui.widgets.palette import baseline_colours, series_colours

REDRAW_MS = 66  # ~15 Hz
EMPTY_TEXT = "Scores appear here fold by fold once training starts."
# The engine's no-ML baselines (engine.candidates marks them is_baseline); a test keeps the
# two lists equal, so importing scikit-learn is not needed to draw a chart.
BASELINE_KEYS = ("baseline", "one_rule")


@dataclass
class Series:
    """One candidate's buffer and its curve."""

    key: str
    name: str
    baseline: bool
    points: dict[int, float] = field(default_factory=dict)  # fold index (0-based) -> score
    curve: pg.PlotDataItem | None = None
    changed: bool = True  # points arrived since its curve was last drawn


class LiveChart(pg.PlotWidget):
    """Scores per fold and candidate; the legend names them in words."""

    METRIC_PREFIX = "cv"  # which stored metrics (``cv/<candidate>/<metric>``) it redraws
    X_LABEL = "Cross-validation fold"
    EMPTY_TEXT = EMPTY_TEXT

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # PlotWidget copies PlotItem.clear onto each instance, hiding a method named clear;
        # this chart's clear() must forget its buffers and legend too.
        self.clear = self.clear_series
        self.setObjectName("liveChart")
        self.setAccessibleName("liveChart")
        self.setMinimumHeight(220)
        self._series: dict[str, Series] = {}
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._redraw)
        plot = self.getPlotItem()
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.setMouseEnabled(x=False, y=False)  # a chart to read, not to fiddle with
        plot.showGrid(x=False, y=True, alpha=0.15)
        self._set_x_ticks(plot.getAxis("bottom"))
        plot.getAxis("left").enableAutoSIPrefix(False)  # scores are 0.84, never "840 (x0.001)"
        # The legend sits in its own row under the plot, so it never hides a line.
        self._legend = pg.LegendItem(colCount=3, labelTextSize="9pt", horSpacing=16)
        plot.layout.addItem(self._legend, 4, 1)
        # The empty state says what will appear, instead of bare axes.
        self._placeholder = pg.TextItem(self.EMPTY_TEXT, anchor=(0.5, 0.5))
        plot.addItem(self._placeholder, ignoreBounds=True)
        self._show_placeholder(True)
        self.set_metric("score")
        self._apply_palette()

    # --- feeding -----------------------------------------------------------------------
    def set_metric(self, words: str) -> None:
        """Name the y axis after the metric, in words (for example "ROC-AUC")."""
        plot = self.getPlotItem()
        plot.setLabel("left", f"{words} (higher is better)")
        plot.setLabel("bottom", self.X_LABEL)

    def add_point(self, key: str, name: str, fold: int, score: float,
                  baseline: bool | None = None) -> None:
        """Buffer one fold's score (fold is 0-based); the timer draws it."""
        series = self._series.get(key)
        if series is None:
            is_baseline = key in BASELINE_KEYS if baseline is None else baseline
            series = Series(key, name, is_baseline)
            self._series[key] = series
        elif name and name != series.name:
            series.name = name
            if series.curve is not None:
                self._rebuild_legend()
        series.points[int(fold)] = float(score)
        series.changed = True
        self._show_placeholder(False)
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def rename(self, key: str, name: str) -> None:
        """Give a series its final name (the blend is only named when the run ends)."""
        series = self._series.get(key)
        if series is not None and name and name != series.name:
            series.name = name
            self._rebuild_legend()

    def clear_series(self) -> None:
        """Forget every series (a new run starts). Also reachable as ``clear()``."""
        self._timer.stop()
        for series in self._series.values():
            if series.curve is not None:
                self.getPlotItem().removeItem(series.curve)
        self._series.clear()
        self._legend.clear()
        self._dirty = False
        self._show_placeholder(True)

    def load_from_metrics(self, metrics: Iterable, models: Iterable | None = None) -> None:
        """Redraw a stored run: ``metrics`` are storage ``Metric`` rows of the run.

        ``models`` (the run's ``ModelVersion`` rows) give the candidates their names.
        """
        names: dict[str, tuple[str, bool]] = {}
        for model in models or ():
            key = (model.details or {}).get("key")
            if key:
                names[key] = (model.name, bool(model.is_baseline))
        self.clear_series()
        for metric in metrics:
            parts = metric.key.split("/")
            if parts[0] != self.METRIC_PREFIX or len(parts) != 3:
                continue
            key = parts[1]
            name, baseline = names.get(key, (_plain_key(key), key in BASELINE_KEYS))
            self.add_point(key, name, metric.step, metric.value, baseline)
        self.flush()

    def flush(self) -> None:
        """Draw now instead of at the next timer tick (for replay, tests and screenshots)."""
        self._redraw()

    def series(self) -> dict[str, Series]:
        return dict(self._series)

    # --- drawing -----------------------------------------------------------------------
    def _redraw(self) -> None:
        self._timer.stop()
        if not self._dirty:
            return
        self._dirty = False
        plot = self.getPlotItem()
        colour_index = 0
        for series in self._series.values():
            if series.curve is None:
                series.curve = plot.plot([], [], **self._style(series, colour_index))
                self._legend.addItem(series.curve, series.name)
            if not series.baseline:
                colour_index += 1
            if series.changed:  # pyqtgraph's setData costs milliseconds: only where new points are
                series.changed = False
                steps = sorted(series.points)
                series.curve.setData([self._x(step) for step in steps],
                                     [series.points[step] for step in steps])
        self._fit_x_range()

    # --- what the x axis means (IterationChart overrides these) -----------------------------
    def _set_x_ticks(self, axis) -> None:
        axis.setTickSpacing(1, 1)

    def _x(self, step: int) -> float:
        return step + 1  # people count folds from 1

    def _fit_x_range(self) -> None:
        longest = max((len(s.points) for s in self._series.values()), default=1)
        self._set_x_range(0.8, max(longest, 2) + 0.2, 0)

    def _set_x_range(self, low: float, high: float, padding: float) -> None:
        """setXRange, skipped when the range is what it was (it re-lays the axes out)."""
        wanted = (low, high, padding)
        if wanted != getattr(self, "_x_range", None):
            self._x_range = wanted
            self.getPlotItem().setXRange(low, high, padding=padding)

    def _style(self, series: Series, colour_index: int) -> dict:
        if series.baseline:
            position = BASELINE_KEYS.index(series.key) if series.key in BASELINE_KEYS else 0
            greys = baseline_colours(self.palette())
            colour = QColor(greys[position % len(greys)])
            style = Qt.PenStyle.DashLine if position == 0 else Qt.PenStyle.DashDotLine
            pen = pg.mkPen(colour, width=2, style=style)
            return dict(pen=pen, symbol=None, antialias=True)
        colours = series_colours(self.palette())
        colour = QColor(colours[colour_index % len(colours)])
        return dict(pen=pg.mkPen(colour, width=2.5), symbol="o", symbolSize=7,
                    symbolBrush=colour, symbolPen=pg.mkPen(colour), antialias=True)

    def _show_placeholder(self, empty: bool) -> None:
        self._placeholder.setVisible(empty)
        if empty:
            plot = self.getPlotItem()
            self._x_range = None
            plot.setXRange(0.8, 3.2, padding=0)
            plot.setYRange(0.0, 1.0, padding=0)
            self._placeholder.setPos(2.0, 0.5)

    def _rebuild_legend(self) -> None:
        self._legend.clear()
        for series in self._series.values():
            if series.curve is not None:
                self._legend.addItem(series.curve, series.name)

    def _apply_palette(self) -> None:
        palette = self.palette()
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
        self._legend.setLabelTextColor(text)
        self._placeholder.setColor(palette.color(QPalette.ColorRole.PlaceholderText))
        self._restyle()

    def _restyle(self) -> None:
        """Re-colour existing curves (a light/dark switch changes the palette's variants)."""
        colour_index = 0
        for series in self._series.values():
            if series.curve is not None:
                style = self._style(series, colour_index)
                series.curve.setPen(style["pen"])
                if style.get("symbol"):
                    series.curve.setSymbolBrush(style["symbolBrush"])
                    series.curve.setSymbolPen(style["symbolPen"])
            if not series.baseline:
                colour_index += 1

    def changeEvent(self, event: QEvent) -> None:
        # PlotWidget's own constructor changes the palette before this one has its legend.
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_legend"):
            self._apply_palette()  # follow the light/dark switch
        super().changeEvent(event)


def _plain_key(key: str) -> str:
    return key.replace("_", " ").capitalize()
