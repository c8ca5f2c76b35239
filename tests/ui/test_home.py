"""The home page: the empty state's two invitations, and trained projects as cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from storage import Store
from tests.ui import main_window_support as support
from ui.home_page import HomePage
from ui.project_summary import format_when, next_stage, stage_reached, summarize
from ui.settings import AppSettings


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def settings(tmp_path) -> AppSettings:
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def empty_window(qapp, workspace, tmp_path, monkeypatch):
    win = support.open_window(workspace, tmp_path / "settings.ini", monkeypatch)
    yield win
    support.dispose(win)


@pytest.fixture
def trained_window(qapp, tmp_path, monkeypatch):
    win = support.open_window(support.trained_workspace(tmp_path), tmp_path / "settings.ini", monkeypatch)
    yield win
    support.dispose(win)


def test_an_empty_workspace_invites_a_new_poc_and_the_sample(empty_window, qtbot):
    home = empty_window.home
    assert home.is_empty_state() and home.cards == []
    new = home.findChild(QPushButton, "newProjectButton")
    sample = home.findChild(QPushButton, "openSampleButton")
    assert new.text() == "New proof of concept"
    assert sample.text() == "Open the sample project"
    with qtbot.waitSignal(empty_window.pocRequested, timeout=1000) as blocker:
        qtbot.mouseClick(sample, Qt.MouseButton.LeftButton)
    assert blocker.args[0].sample is True
    with qtbot.waitSignal(empty_window.pocRequested, timeout=1000) as blocker:
        qtbot.mouseClick(new, Qt.MouseButton.LeftButton)
    assert blocker.args[0].sample is False and blocker.args[0].data_path is None


def test_a_trained_project_is_listed_with_its_score_against_the_baseline(trained_window):
    home = trained_window.home
    assert not home.is_empty_state()
    [card] = home.cards
    assert card.name_label.text() == support.PROJECT
    score = card.score_label.text()
    assert score.startswith("ROC-AUC 0.") and "vs 0.500 without ML" in score
    texts = [label.text() for label in card.findChildren(type(card.name_label))]
    assert support.QUESTION in texts
    assert "Predicts: yes / no" in texts
    assert "Stage reached: Train" in texts
    assert any(t.startswith("Last run: today") for t in texts)


def test_clicking_a_card_opens_the_project_view(trained_window, qtbot):
    trained_window.show()
    qtbot.waitExposed(trained_window)
    card = trained_window.home.cards[0]
    qtbot.waitUntil(lambda: card.height() > 0)  # laid out, so the click lands inside it
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    assert trained_window.pages.currentWidget() is trained_window.project_view
    assert trained_window.project_view.name_label.text() == support.PROJECT


def test_enter_on_a_focused_card_opens_it_too(trained_window, qtbot):
    card = trained_window.home.cards[0]
    with qtbot.waitSignal(trained_window.home.projectActivated, timeout=1000) as blocker:
        qtbot.keyClick(card, Qt.Key.Key_Return)
    assert blocker.args == [card.summary.project.id]


def test_recently_opened_projects_come_first(qtbot, workspace, settings):
    with Store.open(workspace) as store:
        older = store.create_project("Older", "First question")
        store.create_project("Newer", "Second question")
        home = HomePage()
        qtbot.addWidget(home)
        home.refresh(store)
        assert [c.summary.project.name for c in home.cards] == ["Newer", "Older"]
        settings.add_recent_project(store.workspace, older.id)
        home.refresh(store, settings.recent_projects(store.workspace))
        assert [c.summary.project.name for c in home.cards] == ["Older", "Newer"]
        assert home.subtitle.text() == "2 projects, most recent first"


def test_a_project_without_runs_is_framed_and_says_so(qtbot, workspace):
    with Store.open(workspace) as store:
        project = store.create_project("Just framed")
        summary = summarize(store, project)
    assert summary.score is None and summary.runs == 0
    assert stage_reached(summary.done) == "Frame"
    assert next_stage(summary.done) == "Collect"


def test_stored_times_read_as_local_words():
    assert format_when(None) == "—"
    assert format_when("2020-03-04T12:00:00Z").endswith("Mar 2020")
