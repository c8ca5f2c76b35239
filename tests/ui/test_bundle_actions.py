"""File ▸ Share project… writes a .firstwin bundle; File ▸ Open shared project… imports one."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui import main_window_support as support
from ui.bundle_actions import bundle_path


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def window(qapp, tmp_path, monkeypatch):
    win = support.open_window(support.trained_workspace(tmp_path), tmp_path / "settings.ini", monkeypatch)
    yield win
    support.dispose(win)


@pytest.fixture
def other_window(qapp, tmp_path, monkeypatch):
    win = support.open_window(tmp_path / "teammate-workspace", tmp_path / "other.ini", monkeypatch)
    yield win
    support.dispose(win)


def _wait_idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.bundles.is_busy(), timeout=60_000)
    qtbot.wait(50)  # the worker's end signal is delivered in the GUI thread


def test_share_is_enabled_only_while_a_project_is_open(window):
    assert not window.share_action.isEnabled()
    window.open_project(window.store.project_by_name(support.PROJECT).id)
    assert window.share_action.isEnabled()
    window.show_home()
    assert not window.share_action.isEnabled()


def test_bundle_path_adds_the_suffix_only_when_missing(tmp_path):
    assert bundle_path(str(tmp_path / "churn")).name == "churn.firstwin"
    assert bundle_path(str(tmp_path / "churn.firstwin")).name == "churn.firstwin"


def test_share_writes_a_bundle_that_another_workspace_opens(qtbot, window, other_window, tmp_path):
    window.open_project(window.store.project_by_name(support.PROJECT).id)
    out = tmp_path / "churn.firstwin"
    assert window.bundles.share_to(window.project_view.project, out)
    _wait_idle(qtbot, window)
    assert zipfile.is_zipfile(out)
    assert "Shared project 'Churn 600'" in window.statusBar().currentMessage()

    assert other_window.store.project_by_name(support.PROJECT) is None
    assert other_window.bundles.open_from(str(out))
    _wait_idle(qtbot, other_window)
    imported = other_window.store.project_by_name(support.PROJECT)
    assert imported is not None
    assert other_window.pages.currentWidget() is other_window.project_view
    assert other_window.project_view.project.id == imported.id
    assert other_window.project_view.models_table.rowCount() > 0
    assert other_window.statusBar().currentMessage().startswith("Imported project 'Churn 600'")

    # The same bundle again adds nothing, and says so in words.
    other_window.bundles.open_from(str(out))
    _wait_idle(qtbot, other_window)
    assert other_window.statusBar().currentMessage().startswith("Nothing new")


def test_opening_a_file_that_is_not_a_bundle_is_refused_in_words(qtbot, other_window, tmp_path):
    fake = tmp_path / "notes.firstwin"
    fake.write_text("not a zip", encoding="utf-8")
    other_window.bundles.open_from(str(fake))
    _wait_idle(qtbot, other_window)
    box = other_window.bundles.error_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert box.objectName() == "errorDialog"
    assert box.text() and "Something went wrong" not in box.windowTitle()
    assert other_window.store.projects() == []
    assert other_window.pages.currentWidget() is other_window.home
    box.close()


def test_file_dialogs_open_window_modal_without_exec(window):
    window.bundles_choose_file()
    dialog = window.bundles.dialog
    assert dialog.objectName() == "openBundleDialog" and dialog.isVisible()
    dialog.reject()
    window.open_project(window.store.project_by_name(support.PROJECT).id)
    window.share_project()
    dialog = window.bundles.dialog
    assert dialog.objectName() == "shareFileDialog" and dialog.isVisible()
    assert dialog.selectedFiles()[0].endswith("Churn 600.firstwin")
    dialog.reject()
