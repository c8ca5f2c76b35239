"""Chart 4: the time axis itself, with alarms as markers and retrains as labelled lines.

It carries the batch labels for all four charts (their x axes are linked to it). Clicking a
marker asks for that batch's alarms in words.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal

from ui.monitor.board import Board
from ui.monitor.chart_box import BatchAxis, ChartBox
from ui.monitor.words import batch_labels, feature_name
from ui.widgets.palette import WARNING

MARKER = "t"  # a downward triangle: "look here"
MARKER_Y = 0.4  # below the retrain lines' labels


class EventTrack(ChartBox):
    """Emits ``alarmClicked(batch_index)`` for a click on an alarm marker."""

    alarmClicked = Signal(int)

    def __init__(self, parent=None) -> None:
        self.axis = BatchAxis()
        super().__init__("monitorEventTrack", axis_items={"bottom": self.axis}, parent=parent)
        plot = self.plot.getPlotItem()
        plot.showGrid(x=False, y=False)
        plot.setYRange(0, 1, padding=0)
        plot.getAxis("left").setTicks([[(MARKER_Y, "alarms")], []])
        self.markers = pg.ScatterPlotItem(hoverable=True, tip=self._tip)
        self.markers.sigClicked.connect(self._on_click)
        plot.addItem(self.markers)
        self.plot.setFixedHeight(72)

    def draw(self, board: Board) -> None:
        plot = self.plot.getPlotItem()
        labels = batch_labels(board)
        if self.changed("labels", labels):
            self.axis.set_labels(labels)
        alarming = board.alarm_batches()
        self.markers.setData(
            x=np.array(alarming, dtype=float) + 0.5, y=np.full(len(alarming), MARKER_Y),
            data=alarming, symbol=MARKER, size=15, brush=pg.mkBrush(WARNING),
            pen=pg.mkPen(self.plot.palette().color(self.plot.backgroundRole()), width=1),
            hoverSize=19, hoverBrush=pg.mkBrush(WARNING))
        self.markers.setCursor(Qt.CursorShape.PointingHandCursor)
        plot.setYRange(0, 1, padding=0)
        legend = [self.swatch(WARNING, "batch with an alarm: click to read", "▼")]
        if board.retrains:
            legend.append(self.swatch(self.plot.text_colour(), "retrain", "╎"))
        self.set_title("Alarms and retrains, oldest batch first", legend)
        self.mark_retrains(board, labelled=True)
        self.board = board

    def marker_positions(self) -> list[float]:
        """x of each alarm marker (for tests and automation)."""
        x, _ = self.markers.getData()
        return [float(v) for v in x]

    def _tip(self, x, y, data) -> str:
        if self.board is None or not 0 <= int(data) < len(self.board.batches):
            return ""
        batch = self.board.batches[int(data)]
        names = ", ".join(feature_name(n) for n in batch.alarms)
        return f"{batch.source}: {names}"

    def _on_click(self, _item, points, _event=None) -> None:
        if len(points):
            self.alarmClicked.emit(int(points[0].data()))
