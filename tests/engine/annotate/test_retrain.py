"""Retraining after labelling: the run is recorded on the labelled version, never on a copy."""

from __future__ import annotations

import pytest

from engine.annotate.record import annotate, current_version, undo_annotations
from engine.annotate.retrain import last_trained_run, retrain_on_current_version
from engine.errors import UserError
from engine.runner import run_frame
from engine.spec import RunSpec
from tests.engine.annotate.conftest import with_unlabelled
from tests.engine.helpers import churn_like

SPEC = RunSpec(project="Churn", target="Churn", budget="quick", candidates=["linear"])


@pytest.fixture
def trained(store):
    frame = with_unlabelled(churn_like(300, seed=2), "Churn", list(range(40)))
    outcome = run_frame(store, frame, SPEC, source_name="churn.csv")
    return outcome.run


def test_retraining_records_the_run_on_the_labelled_version_and_keeps_undo_possible(store, trained):
    first = current_version(store, trained.project_id)
    labelled = annotate(store, first.id, "Churn", [{"row": i, "label": "Yes" if i % 3 else "No"}
                                                  for i in range(40)])

    retrain_on_current_version(store, trained.project_id)

    assert [v.id for v in store.dataset_versions(trained.project_id)] == [first.id, labelled.id]
    assert current_version(store, trained.project_id) == labelled
    new_run = store.runs(trained.project_id)[0]
    assert new_run.id != trained.id and new_run.dataset_version_id == labelled.id
    assert new_run.spec["candidates"] == ["linear"] and new_run.spec["target"] == "Churn"
    assert undo_annotations(store, labelled.id) == first  # the batch is still the last thing


def test_the_result_holds_both_runs_best_scores_beside_their_baselines(store, trained):
    first = current_version(store, trained.project_id)
    annotate(store, first.id, "Churn", [{"row": i, "label": "No"} for i in range(40)])

    result = retrain_on_current_version(store, trained.project_id)

    assert result.metric == "roc_auc" and not result.cancelled
    assert result.before.run_id == trained.id and result.after.run_id != trained.id
    assert result.before.rows == 260 and result.after.rows == 300  # the 40 new labels count
    for score in (result.before, result.after):
        assert score.cv_score is not None and score.holdout_score is not None
        assert score.baseline_name.startswith("No ML: always") and score.baseline_cv == 0.5


def test_a_project_without_a_finished_run_cannot_be_retrained(store):
    project = store.create_project("Empty")
    with pytest.raises(UserError, match="no finished run"):
        last_trained_run(store, project.id)
