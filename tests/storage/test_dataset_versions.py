"""Dataset versions: recorded once per content and parent, listed per project."""

from __future__ import annotations

import pytest

from storage import NotFound, StoredFile, StoreError


def add(store, project_id, data=b"a\n1\n", **overrides):
    fields = {
        "source_name": "data.csv",
        "rows": 1,
        "columns": 1,
        "schema": {"a": "int"},
        "profile": {"a": {"mean": 1}},
    }
    fields.update(overrides)
    return store.add_dataset_version(
        project_id, store.put_bytes(data, "datasets", ".csv"), **fields
    )


def test_add_dataset_version_records_the_file_and_decodes_json(store, project):
    version = add(store, project.id, note="first upload")
    assert version.project_id == project.id
    assert version.parent_id is None
    assert (version.rows, version.columns, version.source_name) == (1, 1, "data.csv")
    assert version.schema == {"a": "int"}
    assert version.profile == {"a": {"mean": 1}}
    assert version.note == "first upload"
    assert store.path_of(version.path).is_file()
    assert store.dataset_version(version.id) == version


def test_schema_keeps_the_column_order_it_was_given(store, project):
    version = add(store, project.id, schema={"zip": "str", "age": "int", "bill": "float"})
    assert list(store.dataset_version(version.id).schema) == ["zip", "age", "bill"]


def test_the_same_content_and_parent_returns_the_existing_version(store, project):
    first = add(store, project.id)
    again = add(store, project.id, source_name="renamed.csv", note="again")
    assert again == first
    assert len(store.dataset_versions(project.id)) == 1


def test_the_same_content_with_another_parent_is_a_new_version(store, project):
    raw = add(store, project.id, data=b"raw\n")
    cleaned = add(store, project.id, data=b"clean\n", parent_id=raw.id)
    same_content_other_parent = add(store, project.id, data=b"raw\n", parent_id=cleaned.id)
    assert cleaned.parent_id == raw.id
    assert same_content_other_parent.id not in (raw.id, cleaned.id)
    assert [v.id for v in store.dataset_versions(project.id)] == [
        raw.id,
        cleaned.id,
        same_content_other_parent.id,
    ]


def test_the_same_content_in_another_project_is_a_separate_version(store, project):
    other = store.create_project("other")
    assert add(store, project.id).id != add(store, other.id).id
    assert len(store.dataset_versions(other.id)) == 1


def test_a_parent_from_another_project_is_refused(store, project):
    other = store.create_project("other")
    foreign = add(store, other.id)
    with pytest.raises(StoreError, match="another project"):
        add(store, project.id, data=b"x\n", parent_id=foreign.id)


def test_a_version_for_an_unknown_project_or_parent_raises_not_found(store, project):
    with pytest.raises(NotFound, match="project"):
        add(store, 999)
    with pytest.raises(NotFound, match="dataset version"):
        add(store, project.id, parent_id=999)


def test_a_file_that_is_not_in_the_workspace_is_refused(store, project):
    ghost = StoredFile(path="datasets/" + "0" * 64 + ".csv", sha256="0" * 64, size=3)
    with pytest.raises(StoreError, match="not in the workspace"):
        store.add_dataset_version(
            project.id, ghost, source_name="x", rows=1, columns=1, schema={}, profile={}
        )
    assert store.dataset_versions(project.id) == []


def test_dataset_version_of_an_unknown_id_raises_not_found(store):
    with pytest.raises(NotFound):
        store.dataset_version(7)
