"""The learning-curve chart: an iterative model's holdout score after each iteration.

The engine reports ``iter/<candidate>/<metric>`` once a boosting model's final fit is done
(engine/learning_curve.py); this is LiveChart with iterations on the x axis instead of folds.
"""

from __future__ import annotations

from ui.widgets.live_chart import LiveChart


class IterationChart(LiveChart):
    """Score per iteration for each candidate that can tell (gradient boosting)."""

    METRIC_PREFIX = "iter"
    X_LABEL = "Iteration (trees added so far)"
    EMPTY_TEXT = "Gradient boosting's score per iteration appears here once its final fit is done."

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("iterationChart")
        self.setAccessibleName("iterationChart")

    def _set_x_ticks(self, axis) -> None:
        pass  # hundreds of iterations: let pyqtgraph choose the ticks

    def _x(self, step: int) -> float:
        return step  # the engine counts iterations from 1 already

    def _fit_x_range(self) -> None:
        last = max((max(s.points) for s in self._series.values() if s.points), default=1)
        self._set_x_range(0, max(last, 2), 0.02)

    def _style(self, series, colour_index: int) -> dict:
        style = super()._style(series, colour_index)
        style["symbol"] = None  # dozens of points per line: a line reads better than dots
        return style
