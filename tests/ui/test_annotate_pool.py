"""The Annotate view on projects made straight in the store: a 10,000-row pool that stays
cheap to move through, and class names spelled several ways that can be merged."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from engine.annotate.record import read_version
from storage import Store
from tests.engine.helpers import churn_like
from tests.ui import annotate_support
from tests.ui import main_window_support as support
from ui.annotate.annotate_view import AnnotateView

WAIT_MS = annotate_support.WAIT_MS


@pytest.fixture(autouse=True)
def private_qsettings(tmp_path):
    support.isolate_qsettings(tmp_path)


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "workspace") as opened:
        yield opened


def open_view(qtbot, store, project_id) -> AnnotateView:
    view = AnnotateView()
    qtbot.addWidget(view)
    view.resize(1440, 900)
    view.show()
    view.show_project(store, project_id)
    qtbot.waitUntil(lambda: view.loaded is not None and not view.is_busy(), timeout=WAIT_MS)
    return view


def test_a_10k_row_pool_moves_on_by_changing_texts_not_widgets(qtbot, store):
    frame = churn_like(11_000, seed=3)
    frame["Churn"] = frame["Churn"].astype(object)
    frame.loc[1_000:, "Churn"] = None  # 10,000 rows to label, 1,000 labelled ones to learn from
    view = open_view(qtbot, store, annotate_support.untrained_project(store, frame, "Churn", "Big"))
    tab = view.label_tab
    assert tab.counter.text() == "0 labelled · 0 skipped · 10,000 left"
    assert len(view.loaded.suggestions) == 10_000
    widgets = len(view.findChildren(QWidget))
    labels = list(tab.form.value_labels)
    builds = (tab.form.rebuilds, tab.buttons.rebuilds)

    for _ in range(150):
        qtbot.keyClick(tab, "1")
        qtbot.keyClick(tab, "s")

    assert tab.counter.text() == "150 labelled · 150 skipped · 9,700 left"
    assert (tab.form.rebuilds, tab.buttons.rebuilds) == builds == (1, 1)
    assert tab.form.value_labels == labels and len(view.findChildren(QWidget)) == widgets
    row = tab.session.current()
    assert tab.form.caption.text() == f"Row {row:,}"
    assert labels[0].text() == str(frame.loc[row, "tenure"])
    view.stop()


def test_spellings_of_one_class_are_proposed_and_merged_as_one_batch(qtbot, store):
    frame = churn_like(300, seed=4)
    frame["Churn"] = frame["Churn"].astype(object)
    frame.loc[frame.index % 15 == 0, "Churn"] = "yes "
    frame.loc[frame.index % 15 == 7, "Churn"] = None
    project_id = annotate_support.untrained_project(store, frame, "Churn", "Spellings")
    view = open_view(qtbot, store, project_id)
    assert view.label_tab.buttons.classes == ["No", "Yes", "yes"]
    assert "spellings of one another" in view.label_tab.message.plain_text()
    tab = view.show_tab("classes")
    assert len(tab.merge_buttons) == 1 and tab.merge_buttons[0].isVisible()
    assert tab.merge_buttons[0].text() == "Merge into “Yes” (20 rows)"
    assert "'yes '" in tab.proposals[0]["reason"]

    tab.merge_buttons[0].click()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)

    version = store.current_dataset_version(project_id)
    assert version.parent_id is not None and len(store.annotations_into(version.id)) == 20
    assert "yes " not in set(read_version(store, version)["Churn"].dropna())
    assert tab.merge_buttons == [] and tab.empty.isVisible()
    assert view.label_tab.buttons.classes == ["No", "Yes"]
    assert view.save_bar.undo_button.isEnabled()
    view.stop()


def test_a_number_target_says_why_rows_cannot_be_labelled_here(qtbot, store):
    frame = churn_like(200, seed=5).drop(columns="Churn")
    frame.loc[::10, "MonthlyCharges"] = None
    project_id = annotate_support.untrained_project(store, frame, "MonthlyCharges", "Charges")
    view = open_view(qtbot, store, project_id)
    assert view.loaded.task == "regression"
    assert "is a number (regression)" in view.label_tab.message.plain_text()
    assert view.label_tab.buttons.class_buttons == []
    assert not view.label_tab.buttons.accept_button.isEnabled()
    view.stop()
