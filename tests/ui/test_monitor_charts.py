"""The Monitor charts and their data without a store: a million scored rows are drawn
downsampled and clipped to the view, and the board says what each chart shows."""

from __future__ import annotations

import numpy as np
import pytest

from ui.monitor.board import PREDICTION, BatchPoint, Board, moving_mean, row_positions
from ui.monitor.words import batch_labels, status_line, triggers_words, when

MILLION = 1_000_000


def entry(statistic: float, threshold: float = 0.1, alarm: bool = False, words: str = "") -> dict:
    return {"statistic": statistic, "threshold": threshold, "alarm": alarm, "drifted": alarm,
            "statistic_name": "ks", "words": words or "looks as in training.", "chart": {}}


def board_of(sizes: list[int], entries: list[dict] | None = None, days: bool = True) -> Board:
    points = tuple(
        BatchPoint(id=i + 1, at=f"2026-03-{i % 28 + 1:02d}T{0 if days else i % 24:02d}:00:00Z"
                   if days else f"2026-03-01T{i % 24:02d}:{i % 60:02d}:00Z",
                   created_at="2026-05-01T00:00:00Z", source=f"batch{i}.csv", rows=n, labelled=0,
                   model_id=1, mean=0.3, low=0.1, high=0.6,
                   entries=(entries or [{}])[i % len(entries or [{}])])
        for i, n in enumerate(sizes))
    rng = np.random.default_rng(0)
    row_x = row_positions(sizes)
    return Board(project_id=1, project="Big", task="binary", metric="roc_auc",
                 classes=("No", "Yes"), batches=points, row_x=row_x,
                 row_y=moving_mean(rng.random(len(row_x)), 200), smoothing=200)


def test_a_million_rows_are_drawn_downsampled_and_clipped_to_the_view(qtbot):
    from ui.monitor.charts import MonitorCharts

    charts = MonitorCharts()
    qtbot.addWidget(charts)
    charts.resize(1000, 800)
    charts.show()
    qtbot.waitExposed(charts)
    board = board_of([1000] * 1000, [{"tenure": entry(0.05)}])

    charts.show_board(board)

    curve = charts.prediction.rows_curve
    assert len(curve.xData) == MILLION - board.smoothing + 1  # every row is kept ...
    assert curve.opts["autoDownsample"] and curve.opts["downsampleMethod"] == "peak"
    assert curve.opts["clipToView"]
    shown_x, _ = curve.getData()
    width = charts.prediction.plot.getPlotItem().getViewBox().width()
    assert len(shown_x) < 12 * width < 12_000  # ... and only a few points per pixel are drawn
    assert charts.prediction.plot.getPlotItem().downsampleMode() == (1, True, "peak")
    assert charts.heat.image.image.shape == (1000, 1)


def test_a_moving_mean_averages_each_value_with_the_ones_before_it():
    assert moving_mean(np.array([1.0, 2.0, 3.0, 4.0]), 2).tolist() == [1.0, 1.5, 2.5, 3.5]
    assert moving_mean(np.array([]), 3).tolist() == []


def test_rows_sit_evenly_inside_their_batch_whatever_its_size():
    assert row_positions([2, 4]).tolist() == [0.25, 0.75, 1.125, 1.375, 1.625, 1.875]


def test_the_heat_strip_puts_the_prediction_first_then_alarms_then_the_most_moved():
    board = board_of([10, 10], [
        {PREDICTION: entry(0.05), "a": entry(0.02), "b": entry(0.09), "c": entry(0.03)},
        {PREDICTION: entry(0.05), "a": entry(0.15, alarm=True, words="a shifted.")},
    ])
    assert board.features() == [PREDICTION, "a", "b", "c"]
    assert board.features(limit=2) == [PREDICTION, "a", "b"]
    heat = board.heat(["a", "b"])
    assert heat[1, 0] == pytest.approx(1.5) and np.isnan(heat[1, 1])  # b not measured then
    assert board.alarm_cells(["a", "b"]) == [(1, 0)]
    assert board.alarm_batches() == [1]


def test_the_words_say_how_many_batches_and_alarms_there_are():
    board = board_of([300, 100], [{"a": entry(0.02)}, {"a": entry(0.2, alarm=True)}])
    assert status_line(board) == ("2 batches  ·  400 rows scored, 0 with answers  ·  "
                                  "latest on 2 Mar 2026: 1 alarm")
    assert batch_labels(board) == ["1 Mar", "2 Mar"]
    assert when("2026-03-02T14:05:00Z").endswith("14:05")
    assert triggers_words({"fired": [], "notes": []})[0].startswith("No trigger fired")
