"""Present… and Report… in the project view: the story full screen, or saved as HTML or PDF."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from tests.engine import story_support
from tests.ui import main_window_support as support
from ui.project_view import ProjectView
from ui.report_saver import HTML_FILTER, PDF_FILTER, ReportSaver, report_path

WAIT_MS = 120_000


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def window(qapp, tmp_path, monkeypatch):
    workspace = story_support.story_workspace(tmp_path)
    win = support.open_window(workspace, tmp_path / "settings.ini", monkeypatch)
    win.open_project(win.store.project_by_name(support.PROJECT).id)
    yield win
    support.dispose(win)


def test_present_and_report_buttons_ask_for_the_open_projects_story(window, qtbot):
    view = ProjectView()
    qtbot.addWidget(view)
    project = window.project_view.project
    view.show_project(window.store, project.id)
    assert view.present_button.isEnabled() and view.report_button.isEnabled()
    for button, signal in ((view.present_button, view.presentRequested),
                           (view.report_button, view.reportRequested)):
        with qtbot.waitSignal(signal, timeout=1000) as asked:
            button.click()
        assert asked.args == [project.id]


def test_a_project_without_models_has_no_story_to_present(window, qtbot):
    view = ProjectView()
    qtbot.addWidget(view)
    view.show_project(window.store, window.store.create_project("Empty").id)
    assert not view.present_button.isEnabled() and not view.report_button.isEnabled()


def test_present_opens_the_story_full_screen_and_the_main_window_closes_it(window, qtbot):
    window.present_project(window.project_view.project.id)
    demo = window.demo_window
    assert demo.isVisible() and demo.isFullScreen()
    qtbot.waitUntil(lambda: demo.story is not None, timeout=WAIT_MS)
    assert demo.story["project"]["name"] == support.PROJECT
    demo.close()
    demo.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.demo_window = None


def test_the_report_saver_writes_the_chosen_file_on_a_worker(window, qtbot, tmp_path):
    project = window.project_view.project
    saver = ReportSaver(window.store.workspace, project.id, project.name, window)
    target = tmp_path / "story.html"
    with qtbot.waitSignal(saver.worker.finished, timeout=WAIT_MS):
        saver.save_to(target)
    assert "Technical appendix" in target.read_text(encoding="utf-8")


def test_a_chosen_report_file_gets_the_suffix_of_its_filter():
    assert report_path("/tmp/story", PDF_FILTER).name == "story.pdf"
    assert report_path("/tmp/story", HTML_FILTER).name == "story.html"
    assert report_path("/tmp/story.html", PDF_FILTER).name == "story.html"
