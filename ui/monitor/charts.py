"""The four Monitor charts stacked on one shared batch axis.

``show_board(board)`` redraws them all at once. The view's redraw timer calls
``show_board_in_steps(board)`` instead: one chart per pass of the event loop, so the window
draws and answers between charts (a whole board late in a replay took 40–60 ms of the GUI
thread, charts and their paints together). Batches arriving in a burst still cost one redraw,
and a newer board drops the steps left of the older one.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
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
        self._steps: list = []  # the charts show_board_in_steps has yet to draw
        self._x_end: int | None = None  # where the shared x axis ends now
        self._next_step = QTimer(self, singleShot=True, interval=0)
        self._next_step.timeout.connect(self._draw_next)

    def charts(self) -> tuple:
        return self.prediction, self.performance, self.heat, self.track

    def show_board(self, board: Board) -> None:
        """Draw every chart now."""
        self._steps = []
        self.board = board
        self._fit_x(board)
        for chart in self.charts():
            chart.show_board(board)

    def show_board_in_steps(self, board: Board, room_to_grow: bool = False) -> None:
        """Draw the shared x range and the first chart now, the others one per event-loop pass.

        ``room_to_grow`` (while batches keep arriving): the x axis ends at the next multiple of
        a round step rather than at the last batch, so it changes every few batches instead of
        with each one (a new range repaints all four charts' axes).
        """
        self.board = board
        self._fit_x(board, room_to_grow)
        self._steps = list(self.charts())
        self._draw_next()

    def is_drawing(self) -> bool:
        """Whether charts of the last board are still waiting for their step."""
        return bool(self._steps)

    def _draw_next(self) -> None:
        if not self._steps or self.board is None:
            return
        self._steps.pop(0).show_board(self.board)
        if self._steps:
            self._next_step.start()

    def _fit_x(self, board: Board, room_to_grow: bool = False) -> None:
        end = max(len(board.batches), 1)
        if room_to_grow:
            step = 5 if end <= 50 else 25 if end <= 500 else 100
            end = -(-end // step) * step
        if end != self._x_end:
            self._x_end = end
            self.track.plot.getPlotItem().setXRange(0, end, padding=0)

    def select(self, batch_index: int, feature: str | None) -> None:
        """Outline the cell whose words are shown (none: clear the outline)."""
        if feature is None:
            self.heat.clear_selection()
        else:
            self.heat.select(batch_index, feature)
