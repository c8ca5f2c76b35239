"""Monitoring batches: scored rows kept as a Parquet artifact, with a summary and late labels."""

from __future__ import annotations

import pytest

from storage import Batch, NotFound, StoredFile, StoreError, migrations


@pytest.fixture
def model(store, project, make_model):
    run = store.start_run(project.id, {})
    return make_model(project.id, run.id)


def put_rows(store, content: bytes = b"PAR1 rows") -> StoredFile:
    return store.put_bytes(content, "artifacts", ".parquet")


def test_batches_arrive_with_migration_5_right_after_annotations():
    names = [getattr(step, "__name__", "sql") for step in migrations.MIGRATIONS]
    assert names.index("_v4_annotations") == 3
    assert names.index("_v5_batches") == 4  # MIGRATIONS[n - 1] makes version n


def test_add_batch_keeps_its_rows_file_summary_and_time(store, project, model):
    file = put_rows(store)
    batch = store.add_batch(
        project.id, model.id, file, source_name="june.csv", rows=120, labelled=0,
        summary={"drift": {"alarms": ["tenure"]}}, at="2026-06-30T12:00:00Z",
    )

    assert isinstance(batch, Batch)
    assert (batch.project_id, batch.model_version_id, batch.source_name) == (project.id, model.id, "june.csv")
    assert (batch.rows, batch.labelled, batch.at) == (120, 0, "2026-06-30T12:00:00Z")
    assert (batch.artifact_path, batch.sha256) == (file.path, file.sha256)
    assert batch.summary == {"drift": {"alarms": ["tenure"]}}
    assert store.batch(batch.id) == batch


def test_a_batch_without_a_time_is_timed_now(store, project, model):
    batch = store.add_batch(project.id, model.id, put_rows(store), source_name="x", rows=1,
                            labelled=0, summary={})
    assert batch.at == batch.created_at


def test_batches_are_listed_oldest_first_by_their_own_time(store, project, model, make_model):
    other = make_model(project.id, model.run_id, rank=2, name="tree")
    late = store.add_batch(project.id, model.id, put_rows(store, b"a"), source_name="late",
                           rows=1, labelled=0, summary={}, at="2026-07-02T00:00:00Z")
    early = store.add_batch(project.id, other.id, put_rows(store, b"b"), source_name="early",
                            rows=1, labelled=0, summary={}, at="2026-07-01T00:00:00Z")

    assert [b.id for b in store.batches(project.id)] == [early.id, late.id]
    assert [b.id for b in store.batches(project.id, model_id=model.id)] == [late.id]
    assert store.latest_batch(project.id) == late


def test_latest_batch_is_none_for_a_project_without_batches(store, project):
    assert store.latest_batch(project.id) is None
    assert store.batches(project.id) == []


def test_update_batch_rows_points_at_the_labelled_copy(store, project, model):
    batch = store.add_batch(project.id, model.id, put_rows(store, b"old"), source_name="x",
                            rows=10, labelled=0, summary={"labelled": 0})
    labelled = put_rows(store, b"new, with labels")

    updated = store.update_batch_rows(batch.id, labelled, labelled=7, summary={"labelled": 7})

    assert (updated.artifact_path, updated.labelled, updated.summary) == (labelled.path, 7, {"labelled": 7})
    assert updated.created_at == batch.created_at
    assert store.path_of(batch.artifact_path).is_file()  # the old copy is left alone


def test_a_batch_needs_its_file_in_the_workspace(store, project, model):
    ghost = StoredFile(path="artifacts/" + "b" * 64, sha256="b" * 64, size=3)
    with pytest.raises(StoreError, match="not in the workspace"):
        store.add_batch(project.id, model.id, ghost, source_name="x", rows=1, labelled=0, summary={})


def test_a_batch_of_another_projects_model_is_refused(store, project, model):
    other = store.create_project("other")
    with pytest.raises(StoreError, match="another project"):
        store.add_batch(other.id, model.id, put_rows(store), source_name="x", rows=1,
                        labelled=0, summary={})


def test_an_unknown_batch_is_not_found(store):
    with pytest.raises(NotFound, match="no batch with id 9"):
        store.batch(9)
