"""Chart 2: how good the model still is, per rolling window, with its 95 % band.

Each window (of rows or days, counted back from the newest row) is drawn at its last row; only
rows whose answer is known count. Dashed lines: the model's score at training time (on rows
held back then) and the no-ML baseline's, so a drop reads against both.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from ui.analyze.charts import tinted
from ui.monitor.board import Board
from ui.monitor.chart_box import ChartBox
from ui.monitor.words import metric_words

BOUNDED = frozenset({"roc_auc", "balanced_accuracy", "accuracy"})  # scores within 0..1
ERROR_BARS_UP_TO = 40  # windows; with more, the shaded band says it better


def baseline_words(facts: dict) -> str:
    """"no ML (always 'No')" from the baseline's name "No ML: always 'No'"."""
    name = str(facts.get("baseline_name") or "")
    detail = name.split(":", 1)[1].strip() if name.lower().startswith("no ml:") else name
    return f"no ML ({detail})" if detail else "no ML"


class MetricChart(ChartBox):
    def __init__(self, parent=None) -> None:
        super().__init__("monitorMetricChart", parent=parent)
        plot = self.plot.getPlotItem()
        self.low = pg.PlotCurveItem([], [])
        self.high = pg.PlotCurveItem([], [])
        self.band = pg.FillBetweenItem(self.low, self.high)
        self.bars = pg.ErrorBarItem(x=np.zeros(0), y=np.zeros(0))
        self.line = pg.PlotDataItem([], [])
        self.line.setDownsampling(auto=True, method="peak")
        self.line.setClipToView(True)
        self.training = pg.InfiniteLine(angle=0, movable=False)
        self.baseline = pg.InfiniteLine(angle=0, movable=False)
        for item in (self.band, self.low, self.high, self.bars, self.line):
            plot.addItem(item)
        for item in (self.training, self.baseline):
            plot.addItem(item, ignoreBounds=True)
        self.placeholder = pg.TextItem(anchor=(0.5, 0.5))
        plot.addItem(self.placeholder, ignoreBounds=True)

    def points(self, board: Board) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """x, value, low, high of the windows that have a value."""
        shown = [w for w in board.windows if w.get("x") is not None and w.get("value") is not None]
        if len(shown) > 1 and shown[0]["rows"] < board.window["size"] / 2 and board.window["unit"] == "rows":
            shown = shown[1:]  # the oldest window is the remainder: its few rows are mostly noise
        x = np.array([w["x"] for w in shown], dtype=float)
        value = np.array([w["value"] for w in shown], dtype=float)
        low = np.array([w["value"] if w.get("low") is None else w["low"] for w in shown], dtype=float)
        high = np.array([w["value"] if w.get("high") is None else w["high"] for w in shown], dtype=float)
        return x, value, low, high

    def draw(self, board: Board) -> None:
        plot = self.plot.getPlotItem()
        accent, grey = self.plot.accent(), self.plot.greys()[0]
        x, value, low, high = self.points(board)
        self.low.setData(x, low, pen=pg.mkPen(None))
        self.high.setData(x, high, pen=pg.mkPen(None))
        self.band.setBrush(pg.mkBrush(tinted(accent, 55)))
        few = len(x) <= ERROR_BARS_UP_TO
        self.bars.setData(x=x if few else np.zeros(0), y=value if few else np.zeros(0),
                          top=(high - value) if few else None, bottom=(value - low) if few else None,
                          beam=0.0, pen=pg.mkPen(tinted(accent, 150), width=1.5))
        dots = {"symbol": "o", "symbolSize": 6, "symbolBrush": accent,
                "symbolPen": pg.mkPen(accent)} if few else {"symbol": None}
        self.line.setData(x, value, pen=pg.mkPen(accent, width=2.5), **dots)
        name = metric_words(board.metric)
        facts = board.model or {}
        references, known_keys = [], set()
        training = self.plot.series()[2]  # Okabe–Ito bluish green: apart from the accent's line
        for line, key, colour in ((self.training, "training", training), (self.baseline, "baseline", grey)):
            known = facts.get("metric") == board.metric and facts.get(key) is not None
            line.setVisible(known)
            if known:
                line.setPos(facts[key])
                line.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine))
                references.append(facts[key])
                known_keys.add(key)
        empty = len(x) == 0
        self.placeholder.setVisible(empty and not board.is_empty())
        self.placeholder.setColor(self.plot.muted_colour())
        if self.changed("placeholder", name):
            self.placeholder.setText(
                f"No answers yet: attach late labels, or score files that hold the answer column, "
                f"to follow the model's {name} here.")
        bottom, top, middle = self._y_range(board, low, high, references)
        self.placeholder.setPos(max(len(board.batches), 1) / 2, middle)
        plot.setYRange(bottom, top, padding=0)
        self.set_left_label(name)
        unit = board.window["unit"]
        step = board.window["step"]
        every = "" if step == board.window["size"] else f", every {step:,} {unit}"
        legend = [self.swatch(accent, f"per window of {board.window['size']:,} {unit}{every}", "●"),
                  self.swatch(tinted(accent, 90), "95 % band")]
        if "training" in known_keys:
            legend.append(self.swatch(training, f"at training {facts['training']:.3f}", "╌"))
        if "baseline" in known_keys:
            legend.append(self.swatch(grey, f"{baseline_words(facts)} {facts['baseline']:.3f}", "╌"))
        self.set_title(f"How good it still is: {name}", legend)
        self.mark_retrains(board)

    def _y_range(self, board: Board, low, high, references) -> tuple[float, float, float]:
        values = [*low.tolist(), *high.tolist(), *references]
        if not values:
            return 0.0, 1.0, 0.5
        bottom, top = min(values), max(values)
        pad = max(0.05, (top - bottom) * 0.1)
        bottom, top = bottom - pad, top + pad
        if board.metric in BOUNDED:
            bottom, top = max(0.0, bottom), min(1.0, top)
        return bottom, top, (bottom + top) / 2
