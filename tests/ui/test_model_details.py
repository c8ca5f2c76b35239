"""A model's lineage in the project view, and moving it between stages from its right-click menu."""

from __future__ import annotations

import pytest

from tests.ui import main_window_support as support
from ui.model_details_dialog import ModelDetailsDialog


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def view(qapp, tmp_path, monkeypatch):
    win = support.open_window(support.trained_workspace(tmp_path), tmp_path / "settings.ini", monkeypatch)
    win.open_project(win.store.project_by_name(support.PROJECT).id)
    win.project_view.models_table.selectRow(0)
    yield win.project_view
    support.dispose(win)


def _menu_words(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_details_button_comes_first_among_the_model_actions(view):
    assert view.details_button.objectName() == "modelDetailsButton"
    assert view.details_button.isEnabled()
    row = view.models_section.layout().itemAt(0).layout()
    assert row.itemAt(1).widget() is view.details_button


def test_details_dialog_shows_the_dataset_the_run_and_an_empty_history(view):
    model = view.selected_model()
    dialog = view.show_details()
    assert isinstance(dialog, ModelDetailsDialog) and dialog.isVisible()
    data = dialog.text_of("Data it learned from")
    dataset = view.store.dataset_version(dialog.lineage.dataset.id)
    assert "churn600.csv" in data
    assert "600 rows" in data
    assert dataset.sha256[:12] in data
    run = dialog.text_of("How it was trained")
    assert f"#{model.run_id}" in run and "quick" in run and "Churn" in run and "yes/no" in run
    assert "No stage changes yet" in dialog.text_of("Stage history")
    dialog.close()


def test_history_lists_stage_moves_and_threshold_changes_with_their_notes(view):
    model = view.selected_model()
    view.move_selected_to("staging", "looks good on holdout")
    view.store.set_threshold(model.id, 0.35, note="fewer missed churners")
    history = view.show_details().text_of("Stage history")
    assert "Moved from candidate to staging" in history
    assert "looks good on holdout" in history
    assert "Decision threshold set to 0.35" in history
    assert "fewer missed churners" in history


def test_context_menu_offers_details_and_every_other_stage(view):
    menu = view.model_menu()
    assert _menu_words(menu) == ["Details…", "Move to staging", "Put in production", "Archive"]
    view.move_selected_to("production")
    words = _menu_words(view.model_menu())
    assert "Put in production" not in words and "Back to candidate" in words


def test_stage_move_from_the_menu_asks_a_note_records_it_and_keeps_the_selection(view):
    model = view.selected_model()
    menu = view.model_menu()
    staging = next(a for a in menu.actions() if a.objectName() == "moveToStagingAction")
    staging.trigger()  # opens the note dialog (window-modal, not exec)
    dialog = view.note_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("  try it on March data  ")
    dialog.accept()
    assert view.store.model_version(model.id).stage == "staging"
    event = view.store.events_about("model_version", model.id)[-1]
    assert event.kind == "stage_changed"
    assert event.data == {"from": "candidate", "to": "staging", "note": "try it on March data"}
    assert view.selected_model().id == model.id
    assert view.selected_model().stage == "staging"
    assert f"model {model.id} moved to staging" in view.models_section.heading.text()


def test_one_production_model_per_project_and_archive_and_back(view):
    first = view.selected_model()
    view.move_selected_to("production", "first")
    view.models_table.selectRow(1)
    second = view.selected_model()
    summary = view.move_selected_to("production")
    assert "left production and is archived" in summary
    assert view.store.model_version(first.id).stage == "archived"
    assert view.store.production_model_version(first.project_id).id == second.id
    view.move_selected_to("candidate", "")
    assert view.store.model_version(second.id).stage == "candidate"
    assert view.selected_model().id == second.id


def test_cancelling_the_note_dialog_moves_nothing(view):
    model = view.selected_model()
    dialog = view.ask_stage_note("archived")
    dialog.reject()
    assert view.store.model_version(model.id).stage == "candidate"


def test_right_click_on_the_models_table_pops_the_menu(view, qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QMenu

    table = view.models_table
    table.customContextMenuRequested.emit(QPoint(10, 10))
    menus = [m for m in view.findChildren(QMenu) if m.objectName() == "modelContextMenu"]
    assert menus and menus[-1].isVisible()
    menus[-1].close()
