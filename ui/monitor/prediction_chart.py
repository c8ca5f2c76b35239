"""Chart 1: what the model predicts, batch after batch.

Yes / no and numbers: each batch's mean (yes-probability or predicted value) with the band
holding 10–90 % of its rows, the same mean on the training rows as a dashed line, and a thin
moving mean over every scored row (a million rows are peak-downsampled to the pixels shown).
Categories: each batch's predicted class shares, stacked.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ui.analyze.charts import tinted
from ui.monitor.board import Board
from ui.monitor.chart_box import ChartBox

SYMBOLS_UP_TO = 60  # batches; with more, dots would only blur the line


def steps(values: list[float | None]) -> tuple[np.ndarray, np.ndarray]:
    """A per-batch value as a step across the batch's whole width ``[i, i + 1)``."""
    y = np.array([np.nan if v is None else v for v in values], dtype=float)
    x = np.repeat(np.arange(len(y) + 1, dtype=float), 2)[1:-1]
    return x, np.repeat(y, 2)


class PredictionChart(ChartBox):
    """``draw(board)``; ``rows_curve`` is the per-row moving mean (the big series)."""

    def __init__(self, parent=None) -> None:
        super().__init__("monitorPredictionChart", parent=parent)
        plot = self.plot.getPlotItem()
        self.rows_curve = pg.PlotDataItem([], [])
        self.rows_curve.setDownsampling(auto=True, method="peak")
        self.rows_curve.setClipToView(True)
        self.low = pg.PlotCurveItem([], [])
        self.high = pg.PlotCurveItem([], [])
        self.band = pg.FillBetweenItem(self.low, self.high)
        self.mean = pg.PlotDataItem([], [])
        self.reference = pg.InfiniteLine(angle=0, movable=False)
        for item in (self.band, self.low, self.high, self.rows_curve, self.mean):
            plot.addItem(item)
        plot.addItem(self.reference, ignoreBounds=True)
        self._extra: list = []  # the stacked shares, redrawn each time

    def draw(self, board: Board) -> None:
        plot = self.plot.getPlotItem()
        for item in self._extra:
            plot.removeItem(item)
        self._extra = []
        categories = board.task == "multiclass"
        for item in (self.band, self.low, self.high, self.rows_curve, self.mean, self.reference):
            item.setVisible(not categories)
        if categories:
            self._draw_shares(board)
        else:
            self._draw_signal(board)
        self.mark_retrains(board)

    def _draw_signal(self, board: Board) -> None:
        accent = self.plot.accent()
        grey = self.plot.greys()[0]
        batches = board.batches
        x, low = steps([b.low for b in batches])
        _, high = steps([b.high for b in batches])
        self.low.setData(x, low, pen=pg.mkPen(None))
        self.high.setData(x, high, pen=pg.mkPen(None))
        self.band.setBrush(pg.mkBrush(tinted(accent, 55)))
        start = min(board.smoothing, len(board.row_y)) - 1  # a mean of fewer rows is noise
        self.rows_curve.setData(board.row_x[max(start, 0):], board.row_y[max(start, 0):],
                                pen=pg.mkPen(tinted(accent, 120), width=1))
        centres = np.arange(len(batches)) + 0.5
        means = np.array([np.nan if b.mean is None else b.mean for b in batches], dtype=float)
        dots = {"symbol": "o", "symbolSize": 6, "symbolBrush": accent,
                "symbolPen": pg.mkPen(accent)} if len(batches) <= SYMBOLS_UP_TO else {"symbol": None}
        self.mean.setData(centres, means, pen=pg.mkPen(accent, width=2.5), connect="finite", **dots)
        self.reference.setVisible(board.reference_mean is not None)
        if board.reference_mean is not None:
            self.reference.setPos(board.reference_mean)
            self.reference.setPen(pg.mkPen(grey, width=1.5, style=Qt.PenStyle.DashLine))
        plot = self.plot.getPlotItem()
        if board.task == "binary":
            positive = board.classes[1] if len(board.classes) > 1 else "yes"
            plot.setYRange(0.0, 1.0, padding=0.02)
            heading = f"What the model predicts: probability of {positive!r}"
            self.set_left_label("probability")
        else:
            plot.enableAutoRange(axis="y")
            heading = "What the model predicts: the predicted value"
            self.set_left_label("predicted value")
        legend = [self.swatch(accent, "mean per batch", "●"), self.swatch(tinted(accent, 90), "10–90 % of rows"),
                  self.swatch(tinted(accent, 160), f"moving mean of {board.smoothing} rows", "━"),
                  self.swatch(grey, "mean on the training rows", "╌")]
        self.set_title(heading, legend)

    def _draw_shares(self, board: Board) -> None:
        plot = self.plot.getPlotItem()
        colours = self.plot.series()
        bottom = np.zeros(len(board.batches))
        legend = []
        for index, label in enumerate(board.classes):
            shares = np.array([b.shares.get(label, 0.0) for b in board.batches], dtype=float)
            x, low = steps(list(bottom))
            _, high = steps(list(bottom + shares))
            lower, upper = pg.PlotCurveItem(x, low), pg.PlotCurveItem(x, high)
            colour = colours[index % len(colours)]
            fill = pg.FillBetweenItem(lower, upper, brush=pg.mkBrush(tinted(colour, 200)))
            for item in (lower, upper, fill):
                plot.addItem(item)
                self._extra.append(item)
            legend.append(self.swatch(colour, label))
            bottom = bottom + shares
        plot.setYRange(0.0, 1.0, padding=0.02)
        self.set_left_label("share of rows")
        self.set_title("What the model predicts: the share of each answer per batch", legend)
