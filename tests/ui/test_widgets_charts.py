"""LiveChart and TargetChart: buffered, timer-driven drawing; baselines look different."""

from __future__ import annotations

from PySide6.QtCore import Qt

from engine.candidates import CANDIDATES
from storage import Metric
from ui.widgets.live_chart import BASELINE_KEYS, REDRAW_MS, LiveChart
from ui.widgets.target_chart import TargetChart


def test_live_chart_has_its_automation_name(qtbot):
    chart = LiveChart()
    qtbot.addWidget(chart)
    assert chart.objectName() == chart.accessibleName() == "liveChart"


def test_the_chart_knows_the_same_baselines_as_the_engine():
    assert set(BASELINE_KEYS) == {k for k, c in CANDIDATES.items() if c.is_baseline}


def test_points_are_buffered_and_drawn_by_the_timer(qtbot):
    chart = LiveChart()
    qtbot.addWidget(chart)
    for fold, score in enumerate([0.80, 0.82, 0.81]):
        chart.add_point("linear", "Linear model", fold, score)
    series = chart.series()["linear"]
    assert series.curve is None  # nothing drawn per point
    qtbot.waitUntil(lambda: series.curve is not None, timeout=10 * REDRAW_MS + 5000)
    xs, ys = series.curve.getData()
    assert list(xs) == [1, 2, 3]  # folds count from 1 on screen
    assert list(ys) == [0.80, 0.82, 0.81]


def test_baselines_are_dashed_and_candidates_solid(qtbot):
    chart = LiveChart()
    qtbot.addWidget(chart)
    chart.add_point("baseline", "No ML: always 'No'", 0, 0.5)
    chart.add_point("one_rule", "One-feature rule", 0, 0.7)
    chart.add_point("linear", "Linear model", 0, 0.8)
    chart.flush()
    style = {k: s.curve.opts["pen"].style() for k, s in chart.series().items()}
    assert style["baseline"] == Qt.PenStyle.DashLine
    assert style["one_rule"] == Qt.PenStyle.DashDotLine
    assert style["linear"] == Qt.PenStyle.SolidLine
    legend = [label.text for _, label in chart._legend.items]
    assert legend == ["No ML: always 'No'", "One-feature rule", "Linear model"]


def test_a_past_run_is_redrawn_from_stored_metrics(qtbot):
    chart = LiveChart()
    qtbot.addWidget(chart)
    chart.add_point("old", "Old run", 0, 0.1)
    metrics = [Metric(1, "cv/baseline/roc_auc", 0, 0.5, 0.0), Metric(1, "cv/linear/roc_auc", 0, 0.8, 0.0),
               Metric(1, "cv/linear/roc_auc", 1, 0.9, 0.0), Metric(1, "fit_seconds/linear", 0, 0.3, 0.0)]
    chart.load_from_metrics(metrics)
    series = chart.series()
    assert set(series) == {"baseline", "linear"}
    assert series["baseline"].baseline and not series["linear"].baseline
    assert list(series["linear"].curve.getData()[1]) == [0.8, 0.9]


def test_a_series_can_get_its_final_name(qtbot):
    chart = LiveChart()
    qtbot.addWidget(chart)
    chart.add_point("blend", "Blend of the best models", 0, 0.85)
    chart.flush()
    chart.rename("blend", "Blend of Linear model + Gradient boosting")
    assert [label.text for _, label in chart._legend.items] == ["Blend of Linear model + Gradient boosting"]


def test_clear_forgets_every_series_and_the_empty_state_returns(qtbot):
    chart = LiveChart()
    qtbot.addWidget(chart)
    assert chart._placeholder.isVisible()  # an empty chart says what will appear
    chart.add_point("linear", "Linear model", 0, 0.8)
    chart.flush()
    assert not chart._placeholder.isVisible()
    chart.clear()
    assert chart.series() == {}
    assert chart._legend.items == []
    assert chart._placeholder.isVisible()


def test_target_chart_draws_class_bars_with_shares_and_a_histogram(qtbot):
    chart = TargetChart()
    qtbot.addWidget(chart)
    chart.show_classes(["No", "Yes"], [73, 27])
    assert chart.kind == "classes"
    shares = [item.textItem.toPlainText() for item in chart._items[1:]]
    assert shares == ["73 %", "27 %"]
    chart.show_histogram([0.0, 1.0, 2.0], [5, 7], "tenure")
    assert chart.kind == "histogram" and len(chart._items) == 1
    chart.clear_chart()
    assert chart.kind == "" and chart._items == []
