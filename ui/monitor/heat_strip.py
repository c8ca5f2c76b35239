"""Chart 3: the drift heat-strip, columns × batches.

A cell's colour is how far the column moved in that batch, in alarm thresholds (the engine's
statistic divided by its threshold at the batch's size): pale below 1, orange past it, deep
vermillion at twice or more. Alarms are outlined; clicking a cell asks for its words.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem

from ui.monitor.board import PREDICTION, Board
from ui.monitor.chart_box import ChartBox

ROW_PX = 17  # a row tall enough for its name
MIN_CELL_PX = 3  # narrower batches are not outlined: the colour alone says "alarm"
LEVELS = (0.0, 2.0)  # statistic / threshold: 1 is the alarm line, 2 and more the deepest colour
# Sequential light → pale blue below the line, then Okabe–Ito orange → vermillion past it.
COLOURS = {False: ("#f1f4f7", "#a9cbe3", "#E69F00", "#D55E00"),
           True: ("#2a2f36", "#2f5877", "#E69F00", "#D55E00")}


def colour_map(dark: bool) -> pg.ColorMap:
    return pg.ColorMap([0.0, 0.4999, 0.5, 1.0], list(COLOURS[dark]))


def runs(cells: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Alarm cells merged along each row into (first batch, row, batches): one outline per
    streak, so a long drift is one shape to read and one path to draw, not a thousand."""
    merged: list[list[int]] = []
    for i, j in sorted(cells, key=lambda cell: (cell[1], cell[0])):
        last = merged[-1] if merged else None
        if last is not None and last[1] == j and last[0] + last[2] == i:
            last[2] += 1
        else:
            merged.append([i, j, 1])
    return [tuple(run) for run in merged]


def row_label(feature: str) -> str:
    return "predictions" if feature == PREDICTION else feature


class HeatStrip(ChartBox):
    """Emits ``cellClicked(batch_index, feature)`` for a click on a measured cell."""

    cellClicked = Signal(int, str)

    def __init__(self, parent=None) -> None:
        super().__init__("monitorDriftStrip", parent=parent)
        self.features: list[str] = []
        plot = self.plot.getPlotItem()
        plot.invertY(True)
        plot.showGrid(x=False, y=False)
        self.image = pg.ImageItem()
        plot.addItem(self.image)
        self.outlines = QGraphicsPathItem()
        self.outlines.setZValue(5)
        plot.addItem(self.outlines)
        self.selection = QGraphicsRectItem()
        self.selection.setZValue(6)
        self.selection.hide()
        plot.addItem(self.selection)
        self.selected: tuple[int, str] | None = None
        self.plot.scene().sigMouseClicked.connect(self._on_click)

    def draw(self, board: Board) -> None:
        plot = self.plot.getPlotItem()
        self.features = board.features()
        values = board.heat(self.features)
        count, rows = values.shape
        self.image.setVisible(count > 0 and rows > 0)
        if count and rows:
            lut = colour_map(self.plot.dark()).getLookupTable(nPts=256, alpha=True)
            self.image.setImage(np.clip(values, *LEVELS), levels=LEVELS, lut=lut, autoLevels=False)
            self.image.setRect(QRectF(0, 0, count, rows))
        path = QPainterPath()
        wide = self.plot.getPlotItem().getViewBox().width() / max(count, 1) >= MIN_CELL_PX
        for i, j, width in runs(board.alarm_cells(self.features)) if wide else ():
            path.addRect(QRectF(i, j, width, 1))  # too narrow to see, outlines would only cost
        pen = pg.mkPen(self.plot.text_colour(), width=1.6)  # seen on orange and on vermillion
        pen.setCosmetic(True)
        self.outlines.setPath(path)
        self.outlines.setPen(pen)
        if self.changed("features", tuple(self.features)):
            ticks = [(j + 0.5, row_label(f)) for j, f in enumerate(self.features)]
            plot.getAxis("left").setTicks([ticks, []])
            plot.setYRange(0, max(rows, 1), padding=0)
            self.plot.setFixedHeight(ROW_PX * max(rows, 3) + 8)
        shown = board.feature_count()
        more = f" ({len(self.features) - 1} of {shown} columns)" if shown > len(self.features) - 1 else ""
        palette = COLOURS[self.plot.dark()]
        legend = [self.swatch(palette[1], "moved within chance"), self.swatch(palette[2], "past the alarm line"),
                  self.swatch(palette[3], "2× past it"),
                  self.swatch(self.plot.text_colour(), "alarm: click to read", "▢")]
        self.set_title(f"Drift from the training data{more}", legend)
        self._restore_selection(board)
        self.mark_retrains(board)

    # --- selection --------------------------------------------------------------------------
    def select(self, batch_index: int, feature: str) -> None:
        """Outline one cell (the one whose words the side panel shows)."""
        self.selected = (batch_index, feature)
        if self.board is not None:
            self._restore_selection(self.board)

    def clear_selection(self) -> None:
        self.selected = None
        self.selection.hide()

    def cell_centre(self, batch_index: int, feature: str) -> tuple[float, float]:
        """Where a cell is in the plot's coordinates (for tests and automation)."""
        return batch_index + 0.5, self.features.index(feature) + 0.5

    def _restore_selection(self, board: Board) -> None:
        if self.selected is None or self.selected[1] not in self.features:
            self.selection.hide()
            return
        i, feature = self.selected
        self.selection.setRect(QRectF(i, self.features.index(feature), 1, 1))
        pen = pg.mkPen(self.plot.accent(), width=4)
        pen.setCosmetic(True)
        self.selection.setPen(pen)
        self.selection.show()

    def _on_click(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self.board is None:
            return
        box = self.plot.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = box.mapSceneToView(event.scenePos())
        i, j = math.floor(point.x()), math.floor(point.y())
        if 0 <= j < len(self.features) and self.board.entry(i, self.features[j]) is not None:
            event.accept()
            self.cellClicked.emit(i, self.features[j])
