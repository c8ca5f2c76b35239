"""Retrain with the new labels: a run in a child process on the labelled data version, shown
as the score before → after beside the no-ML baseline."""

from __future__ import annotations

import pytest

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


def test_retraining_after_a_save_shows_the_scores_before_and_after(qtbot, store):
    project_id = store.project_by_name(annotate_support.PROJECT).id
    view = AnnotateView()
    qtbot.addWidget(view)
    view.resize(1440, 900)
    view.show()
    view.show_project(store, project_id)
    qtbot.waitUntil(lambda: view.loaded is not None and not view.is_busy(), timeout=WAIT_MS)
    for _ in range(20):
        qtbot.keyClick(view.label_tab, "\r")  # Enter: accept the model's guess
    assert view.pending_count() == 20
    assert not view.retrain_panel.isVisible()  # nothing saved yet: nothing new to train on
    view.save()
    qtbot.waitUntil(lambda: not view.is_busy(), timeout=WAIT_MS)
    panel = view.retrain_panel
    assert panel.isVisible() and "enough to make a difference" in panel.offer.text()

    with qtbot.waitSignal(view.retrained, timeout=WAIT_MS):
        panel.retrain_button.click()
        assert panel.stop_button.isVisible()

    current = store.current_dataset_version(project_id)
    first, newest = store.runs(project_id)[-1], store.runs(project_id)[0]
    assert newest.id != first.id and newest.dataset_version_id == current.id
    assert len(store.dataset_versions(project_id)) == 2  # trained on the labelled version itself
    result = panel.result
    assert (result.before.run_id, result.after.run_id) == (first.id, newest.id)
    assert (result.before.rows, result.after.rows) == (540, 560)
    cells = [[cell.text() for cell in row] for row in panel.cells]
    assert cells[0][1:3] == [f"Before · run #{first.id}", f"After · run #{newest.id}"]
    assert cells[2][0] == "ROC-AUC, cross-validated"
    assert cells[2][1] == f"{result.before.cv_score:.3f}" and cells[2][2] == f"{result.after.cv_score:.3f}"
    assert cells[4][0] == "No ML, cross-validated" and cells[4][1] == "0.500"
    assert cells[5][1:] == ["540", "560", "+20"]
    assert "ROC-AUC" in panel.verdict.text()
    assert not panel.retrain_button.isVisible()  # trained on the data as it is now
    assert panel.offer.text().startswith(f"Run #{newest.id} trained on the data as it is now.")
    view.stop()
