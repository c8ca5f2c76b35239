"""The Monitor view on a real workspace: two scored batches (the second with a shifted tenure)
drawn on four charts, an alarm explained in words on a click, the empty state, and scoring a
file through the dialog, all on the view's workers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

from storage import Store
from tests.ui import main_window_support as support
from tests.ui import monitor_support as monitoring


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def store(tmp_path):
    with Store.open(monitoring.monitored_workspace(tmp_path)) as opened:
        yield opened


@pytest.fixture
def view(qtbot, store):
    created = monitoring.open_view(qtbot, store)
    yield created
    created.stop()


def click_at(qtbot, chart, x: float, y: float) -> None:
    """A real left click on a chart, at plot coordinates (x, y)."""
    box = chart.plot.getPlotItem().getViewBox()
    point = chart.plot.mapFromScene(box.mapViewToScene(QPointF(x, y)))
    QTest.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_every_chart_shows_the_kept_batches(view, store):
    board = view.board
    assert [b.source for b in board.batches] == [monitoring.STEADY, monitoring.SHIFTED]
    assert view.pages.currentWidget() is view.dashboard
    charts = view.charts
    x, means = charts.prediction.mean.getData()
    assert list(x) == [0.5, 1.5] and all(0 < m < 1 for m in means)
    assert len(board.row_y) == 800  # every scored row, smoothed; the first means too short to draw
    assert len(charts.prediction.rows_curve.xData) == 800 - board.smoothing + 1
    assert charts.heat.image.image.shape == (2, len(charts.heat.features))
    assert charts.heat.features[0] == "(prediction)"
    _, values, _, _ = charts.performance.points(board)
    assert len(values) >= 1 and all(0.5 < v <= 1 for v in values)  # the files held the answers
    assert charts.performance.training.isVisible() and charts.performance.baseline.isVisible()
    assert "Watching model" in view.header.model_label.text()
    assert view.header.status_label.text().startswith("2 batches")


def test_the_shifted_column_is_an_alarm_cell_and_a_click_explains_it(qtbot, view):
    heat = view.charts.heat
    tenure = heat.features.index("tenure")
    assert (1, tenure) in view.board.alarm_cells(heat.features)
    assert (0, tenure) not in view.board.alarm_cells(heat.features)

    with qtbot.waitSignal(heat.cellClicked, timeout=2000) as clicked:
        click_at(qtbot, heat, *heat.cell_centre(1, "tenure"))

    assert clicked.args == [1, "tenure"]
    words = view.board.entry(1, "tenure")["words"]
    assert words.startswith("tenure shifted") and view.side.words_text() == words
    assert "Kolmogorov" in view.side.numbers.text()
    assert view.side.bars is not None and view.side.bars.isVisible()
    assert heat.selection.isVisible()


def test_clicking_an_alarm_marker_explains_that_batchs_worst_alarm(qtbot, view):
    track = view.charts.track
    assert track.marker_positions() == [1.5]  # only the shifted batch raised alarms

    with qtbot.waitSignal(track.alarmClicked, timeout=2000):
        click_at(qtbot, track, 1.5, 0.4)

    worst = view.board.batches[1].alarms[0]
    assert view.side.words_text() == view.board.entry(1, worst)["words"]


def test_the_selection_survives_a_reload_with_another_window(qtbot, view):
    view.select(1, "tenure")
    view.header.size_box.setValue(200)  # a new window size reloads the board
    qtbot.waitUntil(lambda: view.board.window["size"] == 200, timeout=monitoring.WAIT_MS)
    assert len(view.board.windows) == 4
    assert view.side.words_text().startswith("tenure shifted")


def test_a_project_without_batches_says_how_to_start(qtbot, tmp_path):
    with Store.open(support.trained_workspace(tmp_path)) as store:
        view = monitoring.open_view(qtbot, store)
        assert view.board.is_empty()
        assert view.pages.currentWidget() is view.empty
        assert view.empty.how.text().startswith("Monitoring watches the model after it ships")
        assert f"score '{support.PROJECT}:best'" in view.empty.command.text()
        assert view.empty.score_button.isEnabled() and view.empty.replay_button.isEnabled()
        assert not view.header.attach_button.isEnabled()  # nothing scored to attach answers to
        view.stop()


def test_a_project_without_a_model_cannot_score(qtbot, workspace):
    with Store.open(workspace) as store:
        store.create_project("Fresh")
        view = monitoring.open_view(qtbot, store, "Fresh")
        assert view.board.is_empty() and view.board.model is None
        assert not view.empty.score_button.isEnabled()
        assert not view.header.score_button.isEnabled()
        assert "train one" in view.header.model_label.text()
        view.stop()


def test_score_a_file_keeps_a_batch_and_draws_it(qtbot, view, tmp_path):
    path = monitoring.write_rows(tmp_path / "april.csv", 1400, 1600)
    view.tasks.read("score", str(path))
    qtbot.waitUntil(lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible(),
                    timeout=monitoring.WAIT_MS)
    dialog = view.tasks.dialog
    assert dialog.boxes["label"].currentData() == "Churn"  # the model's answer column
    assert dialog.boxes["id"].currentData() == "customerID"
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: len(view.board.batches) == 3, timeout=monitoring.WAIT_MS)
    monitoring.wait_idle(qtbot, view)
    assert view.board.batches[-1].source == "april.csv"
    assert "200 rows of april.csv" in view.header.message.plain_text()


def test_check_triggers_names_the_drift_in_words(qtbot, view):
    view.header.triggers_button.click()
    qtbot.waitUntil(lambda: view.side.triggers.isVisible(), timeout=monitoring.WAIT_MS)
    text = view.side.triggers.text()
    assert "drifted (tenure" in text and "Performance floor" in text
    assert view.side.triggers_heading.text() == "Retrain suggested"


def test_late_labels_are_joined_by_row_id_through_the_dialog(qtbot, view, store, tmp_path):
    from engine.monitor.record import score_batch

    unlabelled = monitoring.telco_rows(1400, 1600).drop(columns="Churn")
    score_batch(store, store.best_model_version(view.project_id), unlabelled,
                id_col="customerID", at="2026-03-16", source_name="unlabelled.csv")
    answers = monitoring.write_rows(tmp_path / "answers.csv", 1400, 1600)

    view.tasks.read("attach", str(answers))
    qtbot.waitUntil(lambda: view.tasks.dialog is not None and view.tasks.dialog.isVisible(),
                    timeout=monitoring.WAIT_MS)
    dialog = view.tasks.dialog
    assert (dialog.boxes["id"].currentData(), dialog.boxes["label"].currentData()) == (
        "customerID", "Churn")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: view.board.batches[-1].labelled == 200, timeout=monitoring.WAIT_MS)
    assert view.header.message.plain_text().startswith("200 answers read: 200 new")
