"""The four Monitor charts stacked on one shared batch axis.

``show_board(board)`` redraws them all at once; the view calls it from its redraw timer, so
batches arriving in a burst cost one redraw.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui.monitor.board import Board
from ui.monitor.event_track import EventTrack
from ui.monitor.heat_strip import HeatStrip
from ui.monitor.metric_chart import MetricChart
from ui.monitor.prediction_chart import PredictionChart
from ui.names import name as set_name


class MonitorCharts(QWidget):
    """Emits ``cellClicked(batch_index, feature)`` and ``alarmClicked(batch_index)``."""

    cellClicked = Signal(int, str)
    alarmClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        set_name(self, "monitorCharts")
        self.board: Board | None = None
        self.prediction = PredictionChart()
        self.performance = MetricChart()
        self.heat = HeatStrip()
        self.track = EventTrack()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for chart, stretch in ((self.prediction, 1), (self.performance, 1), (self.heat, 0), (self.track, 0)):
            layout.addWidget(chart, stretch)
        for chart in (self.prediction, self.performance, self.heat):
            plot = chart.plot.getPlotItem()
            plot.setXLink(self.track.plot.getPlotItem())
            plot.getAxis("bottom").setStyle(showValues=False)
            plot.getAxis("bottom").setHeight(6)
        self.heat.cellClicked.connect(self.cellClicked)
        self.track.alarmClicked.connect(self.alarmClicked)

    def charts(self) -> tuple:
        return self.prediction, self.performance, self.heat, self.track

    def show_board(self, board: Board) -> None:
        self.board = board
        for chart in self.charts():
            chart.show_board(board)
        self.track.plot.getPlotItem().setXRange(0, max(len(board.batches), 1), padding=0)

    def select(self, batch_index: int, feature: str | None) -> None:
        """Outline the cell whose words are shown (none: clear the outline)."""
        if feature is None:
            self.heat.clear_selection()
        else:
            self.heat.select(batch_index, feature)
