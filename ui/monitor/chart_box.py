"""What the Monitor charts share: a titled, themed plot on the common batch axis.

Imports pyqtgraph, so the view imports the charts only when it is built (start-up stays fast).
Every plot downsamples (peak) and clips to its view, so a million scored rows draw as fast as
a few thousand (FACTS.md: live charts).
"""

from __future__ import annotations

import math
from html import escape

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.analyze.charts import ThemedPlot
from ui.monitor.board import Board
from ui.names import name as set_name

AXIS_WIDTH = 124  # the same for every plot, so their x axes line up under each other
LABEL_PX = 74  # room one batch label needs on the bottom axis
NICE_STEPS = tuple(m * 10 ** e for e in range(7) for m in (1, 2, 5))


def swatch(colour: QColor | str, text: str, shape: str = "■",
           background: QColor | None = None) -> str:
    """A coloured mark and its words, for a legend inside a chart's title.

    Rich text has no transparency: a see-through colour is mixed with ``background`` first.
    """
    return (f"<span style='color:{opaque(colour, background).name()}'>{shape}</span>&nbsp;"
            f"{escape(text)}")


def opaque(colour: QColor | str, background: QColor | None = None) -> QColor:
    """``colour`` as it looks over ``background`` (white if not given)."""
    colour = QColor(colour)
    alpha = colour.alphaF()
    if alpha >= 1.0:
        return colour
    under = QColor(background or "#ffffff")
    mix = [alpha * a + (1 - alpha) * b for a, b in zip(colour.getRgbF()[:3], under.getRgbF()[:3],
                                                        strict=True)]
    return QColor.fromRgbF(*mix)


class BatchAxis(pg.AxisItem):
    """Batch ``i`` is labelled at ``i + 0.5``; labels thin out when there are many batches."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self.labels: list[str] = []
        self.enableAutoSIPrefix(False)

    def set_labels(self, labels: list[str]) -> None:
        self.labels = list(labels)
        self.picture = None
        self.update()

    def tickValues(self, minVal, maxVal, size):  # noqa: N802, N803 - pyqtgraph's names
        count = len(self.labels)
        if count == 0 or size <= 0:
            return []
        first = max(0, math.floor(minVal))
        last = min(count - 1, math.ceil(maxVal) - 1)
        room = max(1, int(size // LABEL_PX))
        visible = max(1, last - first + 1)
        step = next((s for s in NICE_STEPS if visible / s <= room), NICE_STEPS[-1])
        return [(float(step), [i + 0.5 for i in range(first, last + 1) if i % step == 0])]

    def tickStrings(self, values, scale, spacing):  # noqa: N802 - pyqtgraph's name
        return [self.labels[int(v)] if 0 <= int(v) < len(self.labels) else "" for v in values]


class ChartBox(QWidget):
    """A title line (with its legend) over a plot; ``draw(board)`` fills the plot."""

    def __init__(self, object_name: str, axis_items: dict | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.board: Board | None = None
        # What is on screen already: a replay redraws often, and while a worker holds the GIL
        # every Qt call costs, so unchanged titles, labels and lines are left alone.
        self._shown: dict[str, object] = {}
        self._retrain_lines: list[pg.InfiniteLine] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.title = QLabel()
        set_name(self.title, f"{object_name}Title")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.plot = ThemedPlot(object_name, axis_items=axis_items)
        self.plot.setMinimumHeight(90)
        item = self.plot.getPlotItem()
        item.getAxis("left").setWidth(AXIS_WIDTH)
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        item.showGrid(x=False, y=True, alpha=0.12)
        item.getViewBox().setDefaultPadding(0.02)
        self.plot.redraw = self.redraw  # after the first palette pass: nothing to draw yet
        layout.addWidget(self.plot, 1)

    def show_board(self, board: Board) -> None:
        self.board = board
        self.redraw()

    def redraw(self) -> None:
        if self.board is not None:
            self.draw(self.board)

    def draw(self, board: Board) -> None:  # pragma: no cover - every chart overrides it
        raise NotImplementedError

    def swatch(self, colour: QColor | str, text: str, shape: str = "■") -> str:
        """A legend entry as it looks on this plot's background."""
        return swatch(colour, text, shape, self.plot.palette().color(QPalette.ColorRole.Base))

    def changed(self, key: str, value) -> bool:
        """Whether ``value`` differs from what ``key`` showed last (and remember it)."""
        if self._shown.get(key, object()) == value:
            return False
        self._shown[key] = value
        return True

    def set_title(self, heading: str, legend: list[str]) -> None:
        muted = self.plot.muted_colour().name()
        parts = "&nbsp;&nbsp; ".join(legend)
        text = f"<b>{escape(heading)}</b>&nbsp;&nbsp; <span style='color:{muted}'>{parts}</span>"
        if self.changed("title", text):
            self.title.setText(text)

    def set_left_label(self, text: str) -> None:
        if self.changed("left", text):
            self.plot.getPlotItem().setLabel("left", text)

    def mark_retrains(self, board: Board, labelled: bool = False) -> None:
        """A dashed vertical line where each retrain happened."""
        colour = self.plot.muted_colour()
        if not self.changed("retrains", (board.retrains, colour.name(), self.plot.text_colour().name())):
            return
        for line in self._retrain_lines:
            self.plot.getPlotItem().removeItem(line)
        lines = self._retrain_lines = []
        for retrain in board.retrains:
            options = {}
            if labelled:
                options = {"label": f" retrained (run {retrain['run_id']})",
                           "labelOpts": {"position": 0.86, "color": self.plot.text_colour(),
                                         "anchors": [(0, 0.5), (0, 0.5)]}}
            line = pg.InfiniteLine(pos=retrain["x"], angle=90, movable=False,
                                   pen=pg.mkPen(colour, width=1.2, style=Qt.PenStyle.DashLine),
                                   **options)
            self.plot.getPlotItem().addItem(line, ignoreBounds=True)
            lines.append(line)
