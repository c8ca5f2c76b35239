"""The project view: stage strip, runs, a run's models, its chart redrawn from the store, export."""

from __future__ import annotations

import pytest

from storage import Store
from tests.ui import main_window_support as support
from ui.project_view import ProjectView
from ui.stage_strip import StageStrip


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def window(qapp, tmp_path, monkeypatch):
    win = support.open_window(support.trained_workspace(tmp_path), tmp_path / "settings.ini", monkeypatch)
    win.open_project(win.store.project_by_name(support.PROJECT).id)
    yield win
    support.dispose(win)


def _column(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_opening_a_project_shows_its_name_question_and_stage(window):
    view = window.project_view
    assert window.pages.currentWidget() is view
    assert view.name_label.text() == support.PROJECT
    assert view.question_label.text() == support.QUESTION
    states = view.stage_strip.states()
    assert {s for s, state in states.items() if state == "done"} == {"Frame", "Collect", "Clean", "Train"}
    assert states["Analyze"] == "next"
    # Labelling is optional: never "next"; Monitor is done only once a batch is scored.
    assert states["Annotate"] == "optional"
    assert states["Monitor"] == "upcoming"


def test_the_runs_table_shows_the_run_with_best_and_baseline_scores(window):
    table = window.project_view.runs_table
    assert table.objectName() == "runsTable"
    assert table.rowCount() == 1
    run = window.store.runs(window.project_view.project.id)[0]
    assert _column(table, 0) == [f"#{run.id}"]
    assert _column(table, 1) == ["finished"]
    best = float(_column(table, 4)[0])
    baseline = float(_column(table, 5)[0])
    assert baseline == 0.5 and best > baseline
    assert window.project_view.selected_run().id == run.id


def test_the_models_table_lists_the_runs_models_by_rank_with_baselines_flagged(window):
    view = window.project_view
    table = view.models_table
    models = window.store.model_versions(run_id=view.selected_run().id)
    assert table.rowCount() == len(models) >= 3
    assert _column(table, 0) == [str(m.rank) for m in models]
    assert _column(table, 1) == [m.name for m in models]
    kinds = dict(zip(_column(table, 1), _column(table, 4), strict=True))
    assert kinds["No ML: always 'No'"] == "no-ML baseline"
    assert kinds[models[0].name] == ""
    assert "±" in _column(table, 2)[0]
    assert view.selected_model().id == models[0].id
    assert view.export_button.isEnabled()


def test_the_selected_runs_fold_scores_are_redrawn_from_the_store(window):
    chart = window.project_view.chart
    assert chart is not None and chart.objectName() == "runChart"
    series = chart.series()
    assert {"baseline", "linear"} <= set(series)
    assert len(series["linear"].points) == 3  # quick budget: 3 folds


def test_new_run_asks_for_the_wizard_with_the_last_spec(window, qtbot):
    with qtbot.waitSignal(window.pocRequested, timeout=1000) as blocker:
        window.project_view.new_run_button.click()
    request = blocker.args[0]
    assert request.spec["target"] == "Churn"
    assert request.data_path.endswith("churn600.csv")


def test_new_run_opens_the_wizard_prefilled_with_that_spec(window, monkeypatch):
    opened = []

    class FakeWizard:  # stands in for PocWizard: records how it was asked to open
        def __init__(self, store, parent, **options):
            opened.append(options)
            self.runFinished = type("S", (), {"connect": lambda self, slot: None})()
            self.analyzeRequested = self.runFinished

        def isVisible(self):
            return False

        def open(self):
            pass

    monkeypatch.setattr("ui.main_window.load_wizard_class", lambda: FakeWizard)
    window.project_view.new_run_button.click()
    [options] = opened
    assert options["spec"]["target"] == "Churn" and options["sample"] is False
    assert options["data_path"] == options["spec"]["data"]["path"]


def test_export_writes_the_package_off_the_gui_thread_and_lists_the_files(window, qtbot, tmp_path):
    target = tmp_path / "exports"
    target.mkdir()
    (target / "something-else.txt").write_text("keep me", encoding="utf-8")
    dialog = window.project_view.export_to(str(target))
    qtbot.waitUntil(lambda: dialog.result is not None or dialog.hint.isVisible(), timeout=60_000)
    assert dialog.result is not None, dialog.message.text()
    # A non-empty folder gets a new package folder inside it, never files mixed into it.
    assert dialog.folder.parent == target and (target / "something-else.txt").exists()
    files = [dialog.files.item(i).text() for i in range(dialog.files.count())]
    assert "MODEL_CARD.md" in files and "predict.py" in files
    assert "model.onnx" in dialog.hint.text()  # shipped, or why not: the export's notes
    assert dialog.open_button.isEnabled()
    dialog.close()


def test_back_returns_to_the_home_page(window):
    window.project_view.back_button.click()
    assert window.pages.currentWidget() is window.home


def test_a_project_without_runs_shows_empty_tables_and_no_export(qtbot, workspace):
    with Store.open(workspace) as store:
        project = store.create_project("Fresh")
        view = ProjectView()
        qtbot.addWidget(view)
        view.show_project(store, project.id)
        assert view.runs_table.rowCount() == 0 and view.models_table.rowCount() == 0
        assert not view.export_button.isEnabled()
        assert view.stage_strip.states()["Collect"] == "next"


def test_the_stage_strip_marks_ship_done_only_for_a_production_model(qtbot):
    strip = StageStrip()
    qtbot.addWidget(strip)
    strip.set_done({"Frame", "Collect", "Clean", "Train", "Ship", "Monitor"})
    assert strip.states()["Ship"] == "done"
    assert strip.states()["Monitor"] == "done"


def test_put_in_production_promotes_the_selected_model_and_records_it(window):
    view = window.project_view
    model = view.selected_model()
    assert view.promote_button.isEnabled()
    view.promote_button.click()
    store = view.store
    assert store.model_version(model.id).stage == "production"
    assert any(e.kind == "stage_changed" for e in store.events(model.project_id))
    assert view.selected_model().id == model.id
    assert not view.promote_button.isEnabled()  # already in production
    assert "production" in view.models_section.heading.text()
    stages = [view.models_table.item(row, 5).text() for row in range(view.models_table.rowCount())]
    assert stages.count("production") == 1


def test_analyze_opens_the_selected_models_analysis_and_back_returns(window, qtbot):
    view = window.project_view
    view.models_table.selectRow(1)
    model = view.selected_model()
    assert view.analyze_button.isEnabled()
    view.analyze_button.click()
    analysis = window.analyze_view
    assert window.pages.currentWidget() is analysis
    qtbot.waitUntil(lambda: analysis.current_evaluation() is not None, timeout=60_000)
    assert analysis.current_evaluation()["model_id"] == model.id
    analysis.backRequested.emit()
    assert window.pages.currentWidget() is view
    assert view.stage_strip.states()["Analyze"] == "done"


def test_the_learning_curves_of_boosting_are_redrawn_from_the_store(window):
    curves = window.project_view.iteration_chart.series()
    assert set(curves) == {"boosting"}
    steps = sorted(curves["boosting"].points)
    assert steps[0] == 1 and len(steps) > 1


def test_monitor_opens_the_projects_monitoring_and_back_returns(window, qtbot):
    view = window.project_view
    assert view.monitor_button.isEnabled()
    with qtbot.waitSignal(view.monitorRequested, timeout=1000) as blocker:
        view.monitor_button.click()
    assert blocker.args == [view.project.id]
    monitor = window.monitor_view
    assert window.pages.currentWidget() is monitor
    qtbot.waitUntil(lambda: monitor.board is not None, timeout=60_000)
    assert monitor.board.is_empty()  # nothing scored yet: the view says how to start
    monitor.header.back_button.click()
    assert window.pages.currentWidget() is view
    assert view.stage_strip.states()["Monitor"] == "upcoming"


def test_monitor_is_done_once_a_batch_is_scored(window):
    import pandas as pd

    from engine.monitor.record import score_batch
    from ui.project_summary import stages_done

    store, project = window.store, window.project_view.project
    rows = pd.read_csv(support.SAMPLE, nrows=700).iloc[600:]
    score_batch(store, store.best_model_version(project.id), rows, source_name="new.csv")
    assert "Monitor" in stages_done(store, project.id)
