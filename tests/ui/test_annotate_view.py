"""The Annotate view on a trained workspace whose data has 60 rows without a Churn value:
labelling with the keys, one batch saved and undone, suspect labels, leaving with unsaved
labels, and the way in from the project view."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from engine.annotate.record import read_version
from storage import Store
from tests.ui import annotate_support
from tests.ui import main_window_support as support
from ui.annotate.annotate_view import AnnotateView

WAIT_MS = annotate_support.WAIT_MS


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def store(tmp_path):
    with Store.open(annotate_support.gaps_workspace(tmp_path)) as opened:
        yield opened


@pytest.fixture
def project_id(store):
    return store.project_by_name(annotate_support.PROJECT).id


@pytest.fixture
def view(qtbot, store, project_id):
    created = AnnotateView()
    qtbot.addWidget(created)
    created.resize(1440, 900)
    created.show()
    created.show_project(store, project_id)
    qtbot.waitUntil(lambda: created.loaded is not None and not created.is_busy(), timeout=WAIT_MS)
    yield created
    created.stop()


def press(qtbot, view, *keys) -> None:
    for key in keys:
        qtbot.keyClick(view.label_tab, key)


def label_a_few(qtbot, view) -> list[int]:
    """1, 2, Enter, Backspace, s: two labels kept, the third taken back and skipped."""
    order = view.loaded.order
    press(qtbot, view, "1", "2", Qt.Key.Key_Return, Qt.Key.Key_Backspace, "s")
    return order


def test_opening_shows_the_pool_and_the_most_uncertain_row_with_the_models_guess(view):
    assert view.header.subtitle.text() == (
        "600 rows · 540 labelled · 60 without a Churn value · data version 1")
    assert view.label_tab.counter.text() == "0 labelled · 0 skipped · 60 left"
    assert view.label_tab.buttons.classes == ["No", "Yes"]
    assert [b.keycap.text() for b in view.label_tab.buttons.class_buttons] == ["1", "2"]
    first = view.loaded.order[0]
    assert view.label_tab.session.current() == first and first % annotate_support.BLANK_EVERY == 0
    assert view.label_tab.form.caption.text() == f"Row {first:,}"
    guess, sure = view.loaded.suggestions[first]
    assert view.label_tab.buttons.guess.text() == f"Model's guess: {guess}"
    assert f"{sure:.0%} sure" in view.label_tab.buttons.guess_detail.text()
    values = {label.objectName(): label.text() for label in view.label_tab.form.value_labels}
    assert "rowValue_Churn" not in values and values["rowValue_customerID"]


def test_keys_label_skip_and_take_back_in_memory_only(qtbot, view, store, project_id):
    order = label_a_few(qtbot, view)

    assert view.label_tab.counter.text() == "2 labelled · 1 skipped · 57 left"
    assert view.pending_changes() == [{"row": order[0], "label": "No"},
                                      {"row": order[1], "label": "Yes"}]
    assert view.label_tab.session.skipped == {order[2]}
    assert view.label_tab.session.current() == order[3]
    assert view.save_bar.save_button.text() == "Save 2 labels"
    assert store.current_dataset_version(project_id).id == 1  # nothing written per keystroke


def test_save_stores_one_batch_as_a_new_version_and_undo_brings_the_old_one_back(
        qtbot, view, store, project_id):
    order = label_a_few(qtbot, view)
    view.save_bar.save_button.click()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)

    new = store.current_dataset_version(project_id)
    assert new.id == 2 and new.parent_id == 1
    batch = store.annotations_into(new.id)
    assert {(a.row_key, a.old_label, a.new_label) for a in batch} == {
        (order[0], None, "No"), (order[1], None, "Yes")}
    frame = read_version(store, new)
    assert frame.loc[order[0], "Churn"] == "No" and frame["Churn"].isna().sum() == 58
    assert view.pending_changes() == [] and view.save_bar.status.text() == (
        "Saved 2 label changes as data version 2.")
    assert view.header.subtitle.text().startswith("600 rows · 542 labelled · 58 without")
    assert view.label_tab.counter.text() == "2 labelled · 1 skipped · 57 left"  # same session
    assert view.retrain_panel.isVisible() and view.retrain_panel.retrain_button.isEnabled()
    assert view.retrain_panel.offer.text().startswith("2 labels changed since run #1")

    assert view.save_bar.undo_button.isEnabled()
    view.save_bar.undo_button.click()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)
    assert store.current_dataset_version(project_id).id == 1
    assert view.loaded.data.version.id == 1 and not view.retrain_panel.isVisible()
    assert view.label_tab.counter.text() == "0 labelled · 0 skipped · 60 left"
    assert "back to data version 1" in view.save_bar.status.text()


def test_suspect_labels_fill_the_table_and_accepting_queues_a_change(qtbot, view, store, project_id):
    tab = view.show_tab("suspects")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 540, timeout=WAIT_MS)
    entries = tab.model.entries
    assert [e["suspicion"] for e in entries] == sorted((e["suspicion"] for e in entries),
                                                       reverse=True)
    assert tab.model.headerData(0, Qt.Orientation.Horizontal) == "Row"
    assert tab.model.headerData(5, Qt.Orientation.Horizontal) == "customerID"
    assert tab.selected_index() == 0

    tab.accept_button.click()
    first = entries[0]
    assert view.pending_changes() == [{"row": first["row"], "label": first["suggested"]}]
    assert tab.model.decision_text(first) == f"→ {first['suggested']} (not saved)"
    assert tab.selected_index() == 1  # on to the next doubtful row
    tab.keep_button.click()
    assert tab.selected_index() == 2 and len(view.pending_changes()) == 1

    view.save()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)
    [stored] = store.annotations_into(store.current_dataset_version(project_id).id)
    assert (stored.row_key, stored.old_label, stored.new_label) == (
        first["row"], first["given"], first["suggested"])
    assert tab.model.decision_text(first) == f"✓ saved as {first['suggested']}"


def test_going_back_with_unsaved_labels_asks_and_discard_forgets_them(qtbot, view):
    press(qtbot, view, "1")
    with qtbot.assertNotEmitted(view.backRequested):
        view.header.back_button.click()
    dialog = view.findChild(QMessageBox, "unsavedLabelsDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    discard = next(b for b in dialog.buttons() if b.text() == "Discard them")
    with qtbot.waitSignal(view.backRequested, timeout=1000):
        discard.click()
    assert view.pending_count() == 0


def test_going_back_with_unsaved_labels_can_save_them_first(qtbot, view, store, project_id):
    press(qtbot, view, "2", "1")
    view.request_back()
    dialog = view.findChild(QMessageBox, "unsavedLabelsDialog")
    save = next(b for b in dialog.buttons() if b.text() == "Save 2 labels")
    with qtbot.waitSignal(view.backRequested, timeout=WAIT_MS):
        save.click()
    assert len(store.annotations_into(store.current_dataset_version(project_id).id)) == 2


@pytest.fixture
def window(qapp, tmp_path, monkeypatch):
    win = support.open_window(annotate_support.gaps_workspace(tmp_path), tmp_path / "settings.ini",
                              monkeypatch)
    win.open_project(win.store.project_by_name(annotate_support.PROJECT).id)
    yield win
    support.dispose(win)


def test_the_project_views_annotate_button_opens_the_view_and_a_save_marks_the_stage(
        qtbot, window):
    strip = window.project_view.stage_strip
    assert strip.states()["Annotate"] == "optional" and strip.states()["Analyze"] == "next"
    window.project_view.annotate_button.click()
    view = window.annotate_view
    assert window.pages.currentWidget() is view
    qtbot.waitUntil(lambda: view.loaded is not None and not view.is_busy(), timeout=WAIT_MS)
    press(qtbot, view, "1")
    view.save()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)
    view.header.back_button.click()
    assert window.pages.currentWidget() is window.project_view
    assert strip.states()["Annotate"] == "done"


def test_closing_the_window_with_unsaved_labels_asks_first(qtbot, window):
    window.show()
    window.project_view.annotate_button.click()
    view = window.annotate_view
    qtbot.waitUntil(lambda: view.loaded is not None and not view.is_busy(), timeout=WAIT_MS)
    press(qtbot, view, "2")
    assert not window.close()
    dialog = view.findChild(QMessageBox, "unsavedLabelsDialog")
    assert dialog.isVisible() and window.isVisible()
    discard = next(b for b in dialog.buttons() if b.text() == "Discard them")
    discard.click()
    assert not window.isVisible()
