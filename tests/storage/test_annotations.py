"""Annotations in the store: batches with their dataset version, the current version, undo."""

from __future__ import annotations

import sqlite3

import pytest

from storage import Store, StoreError, migrations


def put_data(store, text: str):
    return store.put_bytes(text.encode(), "datasets", ".csv")


def label(store, version, changes, text: str, **extra):
    """Record a batch on ``version`` whose resulting data is ``text``."""
    return store.add_annotations(
        version.id, put_data(store, text), changes, rows=2, columns=2,
        schema={"age": "int", "left": "str"}, profile={}, **extra,
    )


def test_a_batch_adds_the_new_version_its_rows_and_an_event(store, dataset):
    changes = [(0, "0", "1"), (1, None, "0")]

    new = label(store, dataset, changes, "age,left\n31,1\n52,0\n", user="ana", note="phone")

    assert new.parent_id == dataset.id and new.note == "phone"
    stored = store.annotations(dataset.id)
    assert [(a.row_key, a.old_label, a.new_label) for a in stored] == changes
    assert {(a.user, a.note, a.result_version_id) for a in stored} == {("ana", "phone", new.id)}
    assert stored == store.annotations_into(new.id) == store.project_annotations(new.project_id)
    event = store.events(dataset.project_id)[0]
    assert (event.kind, event.entity_id, event.user, event.data["changes"]) == (
        "annotations_applied", new.id, "ana", 2)


def test_a_batch_that_fails_half_way_leaves_nothing_behind(store, dataset, monkeypatch):
    def broken(*args, **kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(store, "add_event", broken)
    with pytest.raises(StoreError, match="disk full"):
        label(store, dataset, [(0, "0", "1")], "age,left\n31,1\n52,1\n")

    assert store.dataset_versions(dataset.project_id) == [dataset]
    assert store.annotations(dataset.id) == []


def test_an_empty_batch_is_refused(store, dataset):
    with pytest.raises(StoreError, match="at least one change"):
        label(store, dataset, [], "age,left\n31,1\n52,1\n")


def test_the_current_version_is_the_newest_not_undone(store, project, dataset):
    assert store.current_dataset_version(store.create_project("empty").id) is None
    assert store.current_dataset_version(project.id) == dataset
    new = label(store, dataset, [(0, "0", "1")], "age,left\n31,1\n52,1\n")
    assert store.current_dataset_version(project.id) == new

    assert store.undo_annotations(new.id, user="bo") == dataset

    assert store.current_dataset_version(project.id) == dataset
    [undone] = store.annotations_into(new.id)
    assert undone.undone_at is not None and store.annotations_into(new.id, undone=False) == []
    assert store.events(project.id)[0].kind == "annotations_undone"
    assert store.events(project.id)[0].user == "bo"


def test_only_the_current_version_takes_a_batch_or_an_undo(store, dataset):
    second = label(store, dataset, [(0, "0", "1")], "age,left\n31,1\n52,1\n")
    label(store, second, [(1, "1", "0")], "age,left\n31,1\n52,0\n")

    with pytest.raises(StoreError, match="not the current one"):
        label(store, dataset, [(1, "1", "0")], "age,left\n31,0\n52,0\n")
    with pytest.raises(StoreError, match="not the current one"):
        store.undo_annotations(second.id)
    with pytest.raises(StoreError, match="not made by annotations"):
        store.undo_annotations(dataset.id)


def test_migration_4_adds_annotations_to_an_existing_workspace(tmp_path):
    conn = sqlite3.connect(tmp_path / "firstwin.db")
    conn.executescript(migrations.MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(tmp_path) as store:
        assert migrations.schema_version(store._db) == len(migrations.MIGRATIONS)
        assert "annotations" in store._db.table_names()


@pytest.fixture
def annotated(store, dataset):
    new = label(store, dataset, [(0, "0", "1")], "age,left\n31,1\n52,1\n", user="ana")
    return store.project_rows(dataset.project_id), new


def import_into(other: Store, store: Store, rows: dict):
    names = {r["path"] for r in rows["dataset_versions"]}
    stored = {name: other.put_file(store.path_of(name), "datasets") for name in names}
    return other.import_project_rows(rows, stored)


def test_a_bundle_carries_annotations_with_their_versions_once(store, annotated, tmp_path):
    rows, new = annotated
    assert [r["row_key"] for r in rows["annotations"]] == [0]
    with Store.open(tmp_path / "other") as other:
        result = import_into(other, store, rows)
        [copied] = other.project_annotations(result.project_id)
        first, second = other.dataset_versions(result.project_id)
        assert (copied.dataset_version_id, copied.result_version_id) == (first.id, second.id)
        assert (copied.user, copied.new_label, result.added["annotations"]) == ("ana", "1", 1)
        assert other.current_dataset_version(result.project_id) == second
        again = import_into(other, store, rows)
        assert again.added["annotations"] == 0 and len(other.project_annotations(result.project_id)) == 1


def test_a_bundle_from_before_annotations_is_still_accepted(store, annotated, tmp_path):
    rows, _ = annotated
    del rows["annotations"]
    with Store.open(tmp_path / "other") as other:
        result = import_into(other, store, rows)
        assert result.created and other.project_annotations(result.project_id) == []


def test_bundle_annotations_pointing_at_unknown_versions_are_refused(store, annotated):
    rows, _ = annotated
    rows["annotations"][0]["result_version_id"] = 999
    names = {r["path"] for r in rows["dataset_versions"]}
    with pytest.raises(StoreError, match="annotations.result_version_id = 999"):
        store.check_bundle_rows(rows, names)


def test_has_annotations_counts_live_batches_of_the_project_only(store, project, dataset):
    other = store.create_project("other")
    assert not store.has_annotations(project.id)
    new = label(store, dataset, [(0, "0", "1")], "age,left\n31,1\n52,1\n")
    assert store.has_annotations(project.id) and not store.has_annotations(other.id)
    store.undo_annotations(new.id)
    assert not store.has_annotations(project.id)
