"""Recording annotations: a new dataset version per batch, who/when/old/new kept, exact undo."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from engine.annotate.record import annotate, current_version, read_version, undo_annotations
from engine.errors import UserError
from tests.engine.annotate.conftest import store_frame


def frame_sha256(frame: pd.DataFrame) -> str:
    """A fingerprint of a frame's values, dtypes, column names and order."""
    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    digest.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode())
    return digest.hexdigest()


@pytest.fixture
def first(store, churn):
    return store_frame(store, churn)


def test_annotate_writes_a_new_version_whose_parent_is_the_annotated_one(store, first):
    new = annotate(store, first.id, "Churn", [{"row": 3, "label": "Yes"}, {"row": 5, "label": None}],
                   user="ana", note="checked by phone")

    assert new.id != first.id and new.parent_id == first.id
    assert (new.rows, new.project_id, new.source_name) == (first.rows, first.project_id, "churn.csv")
    frame = read_version(store, new)
    assert frame.loc[3, "Churn"] == "Yes" and pd.isna(frame.loc[5, "Churn"])
    assert current_version(store, first.project_id) == new
    assert new.profile["target"] == "Churn"


def test_each_changed_label_is_stored_with_who_when_old_and_new(store, first, churn):
    old_label = churn.loc[5, "Churn"]
    new = annotate(store, first.id, "Churn", [{"row": 3, "label": "Yes"}, {"row": 5, "label": None}],
                   user="ana", note="checked by phone")

    stored = store.annotations(first.id)
    assert [(a.row_key, a.old_label, a.new_label) for a in stored] == [
        (3, None, "Yes"), (5, old_label, None)]
    assert all(a.user == "ana" and a.note == "checked by phone" and a.at.endswith("Z")
               for a in stored)
    assert {a.result_version_id for a in stored} == {new.id} and len({a.batch for a in stored}) == 1
    assert store.events(first.project_id)[0].kind == "annotations_applied"


def test_undo_restores_the_previous_version_exactly(store, first):
    before = frame_sha256(read_version(store, first))
    new = annotate(store, first.id, "Churn", [{"row": 3, "label": "No"}, {"row": 0, "label": None}])
    assert frame_sha256(read_version(store, new)) != before

    back = undo_annotations(store, new.id)

    assert back == first  # the same version, its file untouched: nothing new was made
    assert frame_sha256(read_version(store, back)) == before
    assert current_version(store, first.project_id) == first
    assert len(store.dataset_versions(first.project_id)) == 2
    assert all(a.undone_at is not None for a in store.annotations_into(new.id))


def test_two_undos_walk_back_two_batches_and_a_third_has_nothing_to_undo(store, first):
    second = annotate(store, first.id, "Churn", [{"row": 3, "label": "No"}])
    third = annotate(store, second.id, "Churn", [{"row": 10, "label": "Yes"}])

    assert undo_annotations(store, third.id) == second
    assert undo_annotations(store, second.id) == first
    with pytest.raises(UserError, match="nothing to undo"):
        undo_annotations(store, first.id)


def test_applying_a_batch_again_after_undo_brings_back_the_same_version(store, first):
    changes = [{"row": 3, "label": "No"}]
    new = annotate(store, first.id, "Churn", changes)
    undo_annotations(store, new.id)

    again = annotate(store, first.id, "Churn", changes)

    assert again.id == new.id and current_version(store, first.project_id) == new
    assert [a.undone_at is None for a in store.annotations_into(new.id)] == [False, True]


def test_annotations_that_change_nothing_are_left_out_and_a_batch_of_only_those_refused(
        store, first, churn):
    same = {"row": 0, "label": str(churn.loc[0, "Churn"])}
    new = annotate(store, first.id, "Churn", [same, {"row": 3, "label": "Yes"}])
    assert [a.row_key for a in store.annotations_into(new.id)] == [3]

    with pytest.raises(UserError, match="None of the 1 annotation"):
        annotate(store, new.id, "Churn", [same])


def test_only_the_current_version_can_be_annotated_or_undone(store, first):
    second = annotate(store, first.id, "Churn", [{"row": 3, "label": "No"}])
    third = annotate(store, second.id, "Churn", [{"row": 10, "label": "Yes"}])

    with pytest.raises(UserError, match=f"version {first.id} is not current: version {third.id}"):
        annotate(store, first.id, "Churn", [{"row": 50, "label": "No"}])
    with pytest.raises(UserError, match="Only the most recent batch"):
        undo_annotations(store, second.id)


def test_a_project_without_data_has_no_current_version_in_words(store):
    project = store.create_project("empty")
    with pytest.raises(UserError, match="has no data yet"):
        current_version(store, project.id)
