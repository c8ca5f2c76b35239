"""The main window: how tests and tools create it, menus and shortcuts, settings, drag-and-drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu

from tests.ui import main_window_support as support
from ui.app import create_main_window
from ui.main_window import DATA_SUFFIXES, MainWindow, PocRequest, load_wizard_class
from ui.settings import AppSettings


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def settings(tmp_path) -> AppSettings:
    return AppSettings.at(tmp_path / "settings.ini")


@pytest.fixture
def window(qapp, workspace, tmp_path, monkeypatch):
    win = support.open_window(workspace, tmp_path / "settings.ini", monkeypatch)
    yield win
    support.dispose(win)


def test_create_main_window_returns_an_unshown_window_on_the_workspace(window, workspace):
    assert isinstance(window, MainWindow)
    assert not window.isVisible()
    assert window.store.workspace == workspace.resolve()
    assert str(workspace.resolve()) in window.workspace_label.text()


def test_ui_package_exposes_create_main_window_lazily():
    import ui

    assert ui.create_main_window is create_main_window


@pytest.mark.parametrize(
    ("name", "shortcut"),
    [
        ("newProjectAction", "Ctrl+N"),
        ("openDataAction", "Ctrl+O"),
        ("quitAction", "Ctrl+Q"),
        ("preferencesAction", "Ctrl+,"),
        ("homeAction", "Ctrl+Shift+H"),
        ("aboutAction", None),
    ],
)
def test_menu_actions_have_stable_object_names_and_shortcuts(window, name, shortcut):
    action = window.findChild(QAction, name)
    assert action is not None, name
    if shortcut:
        assert action.shortcut() == QKeySequence(shortcut)
    menus = {a.menu().objectName() for a in window.menuBar().actions() if a.menu()}
    assert {"fileMenu", "editMenu", "viewMenu", "helpMenu"} <= menus


def test_new_project_action_requests_an_empty_poc(window, qtbot):
    with qtbot.waitSignal(window.pocRequested, timeout=1000) as blocker:
        window.findChild(QAction, "newProjectAction").trigger()
    assert blocker.args == [PocRequest()]


def test_opened_data_files_are_remembered_in_recent_files(window, settings, tmp_path, qtbot):
    data = tmp_path / "sales.csv"
    data.write_text("a,b\n1,2\n", encoding="utf-8")
    with qtbot.waitSignal(window.pocRequested, timeout=1000) as blocker:
        window.open_data_file(str(data))
    assert blocker.args[0].data_path == str(data)
    assert AppSettings.at(tmp_path / "settings.ini").recent_files() == [str(data.resolve())]
    recent = window.findChild(QMenu, "recentMenu")
    recent.aboutToShow.emit()
    assert [a.data() for a in recent.actions() if a.data()] == [str(data.resolve())]


def test_recent_files_put_the_newest_first_without_duplicates(settings, tmp_path):
    files = []
    for name in ("a.csv", "b.csv", "a.csv"):
        path = tmp_path / name
        path.write_text("x\n1\n", encoding="utf-8")
        files = settings.add_recent_file(path)
    assert [Path(f).name for f in files] == ["a.csv", "b.csv"]


def _drop_event(paths: list[Path], kind=QDropEvent):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    if kind is QDragEnterEvent:
        return kind(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier), mime
    return kind(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                Qt.KeyboardModifier.NoModifier), mime


def test_dropping_a_data_file_on_the_window_starts_a_poc_with_it(window, tmp_path, qtbot):
    data = tmp_path / "customers.xlsx"
    data.write_bytes(b"")
    enter, _ = _drop_event([tmp_path / "notes.txt.bak", data], QDragEnterEvent)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop, _mime = _drop_event([data])
    with qtbot.waitSignal(window.pocRequested, timeout=1000) as blocker:
        window.dropEvent(drop)
    assert blocker.args[0].data_path == str(data)


def test_dragging_something_that_is_not_a_data_file_is_refused(window, tmp_path):
    enter, _mime = _drop_event([tmp_path / "photo.png"], QDragEnterEvent)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_accepted_data_suffixes_match_the_importer():
    from engine.importer import SUPPORTED_SUFFIXES

    assert set(DATA_SUFFIXES) == set(SUPPORTED_SUFFIXES)


def test_window_geometry_is_saved_on_close_and_restored(qtbot, workspace, tmp_path):
    first = support.open_window(workspace, tmp_path / "s.ini")
    # Inside the 800 × 600 offscreen screen and above the window's minimum width (the project
    # view's header buttons need about 700 px).
    first.resize(760, 520)
    first.show()
    qtbot.waitExposed(first)
    support.dispose(first)  # closes it, which saves the geometry
    assert AppSettings.at(tmp_path / "s.ini").geometry() is not None
    second = support.open_window(workspace, tmp_path / "s.ini")
    try:
        assert (second.width(), second.height()) == (760, 520)
    finally:
        support.dispose(second)


def test_closing_the_window_closes_its_dialogs_first(window, qtbot):
    about = window.open_about()
    prefs = window.open_preferences()
    window.show()
    qtbot.waitExposed(window)
    assert about.isVisible() and prefs.isVisible()
    assert window.close()
    assert not about.isVisible() and not prefs.isVisible()


def test_a_dialog_that_refuses_to_close_keeps_the_window_open(window, qtbot):
    class Busy(QDialog):
        def closeEvent(self, event):  # like the wizard when the user keeps a run going
            event.ignore()

    busy = Busy(window)
    window.show()
    busy.show()
    qtbot.waitExposed(window)
    assert not window.close()
    assert window.isVisible()
    busy.hide()


def test_preferences_show_the_workspace_and_switch_to_another(window, tmp_path, qtbot, settings):
    dialog = window.open_preferences()
    assert dialog.workspace_edit.text() == str(window.store.workspace)
    other = tmp_path / "other-workspace"
    dialog.set_folder(str(other))
    with qtbot.waitSignal(dialog.workspaceChosen, timeout=1000):
        dialog.accept()
    assert window.store.workspace == other.resolve()
    assert settings.workspace() == other.resolve()
    assert str(other.resolve()) in window.workspace_label.text()


def test_about_names_the_version_and_the_log_file(window):
    dialog = window.open_about()
    text = " ".join(label.text() for label in dialog.findChildren(type(window.workspace_label)))
    assert "Version" in text and "firstwin.log" in text


def test_new_poc_opens_the_wizard_when_it_exists(qtbot, workspace, tmp_path):
    if load_wizard_class() is None:
        pytest.skip("the New-POC wizard is not in this tree yet")
    window = support.open_window(workspace, tmp_path / "settings.ini")
    try:
        window.show()
        window.new_poc()
        qtbot.waitUntil(lambda: window.wizard is not None and window.wizard.isVisible(), timeout=3000)
        assert window.wizard.objectName() == "pocWizard"
        assert window.wizard.parent() is window  # closing the window closes it too
    finally:
        support.dispose(window)
