"""Projects: create, look up, list, update."""

from __future__ import annotations

import dataclasses

import pytest

from storage import NotFound, Project, ProjectExists, StoreError, rows


@pytest.fixture
def clock(monkeypatch):
    """Control the store's clock: set ``clock.now`` to the timestamp the next write gets."""

    class Clock:
        now = "2026-11-27T17:20:00Z"

    monkeypatch.setattr(rows, "utc_now", lambda: Clock.now)
    return Clock


def test_create_project_strips_the_name_and_decodes_value(store):
    project = store.create_project("  churn  ", "Who leaves?", {"per_save": 40})
    assert isinstance(project, Project)
    assert (project.name, project.question, project.value) == (
        "churn",
        "Who leaves?",
        {"per_save": 40},
    )
    assert project.created_at == project.updated_at
    assert project.created_at.endswith("Z") and len(project.created_at) == len(
        "2026-11-27T17:20:00Z"
    )


def test_create_project_defaults_to_empty_question_and_value(store):
    project = store.create_project("bare")
    assert (project.question, project.value) == ("", {})


def test_create_project_with_a_taken_name_raises_project_exists(store, project):
    with pytest.raises(ProjectExists, match="churn"):
        store.create_project(" churn")
    assert len(store.projects()) == 1


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_create_project_with_an_empty_name_raises_store_error(store, name):
    with pytest.raises(StoreError, match="needs a name"):
        store.create_project(name)


def test_get_or_create_project_returns_the_existing_one_unchanged(store, project):
    again = store.get_or_create_project("churn", "another question", {"x": 1})
    assert again == project


def test_get_or_create_project_creates_a_missing_one(store):
    created = store.get_or_create_project(" fraud ", "Which claims are fake?")
    assert created.name == "fraud"
    assert store.project_by_name("fraud") == created


def test_project_by_id_and_not_found(store, project):
    assert store.project(project.id) == project
    with pytest.raises(NotFound, match="no project with id 999"):
        store.project(999)


def test_project_by_name_returns_none_for_an_unknown_name(store, project):
    assert store.project_by_name(" churn ") == project
    assert store.project_by_name("nope") is None


def test_projects_lists_most_recently_updated_first(store, clock):
    clock.now = "2026-11-27T10:00:00Z"
    a = store.create_project("a")
    clock.now = "2026-11-27T11:00:00Z"
    b = store.create_project("b")
    assert [p.name for p in store.projects()] == ["b", "a"]
    clock.now = "2026-11-27T12:00:00Z"
    store.update_project(a.id, question="now first")
    assert [p.id for p in store.projects()] == [a.id, b.id]


def test_update_project_changes_only_given_fields_and_touches_updated_at(store, clock):
    clock.now = "2026-11-27T10:00:00Z"
    project = store.create_project("churn", "old?", {"a": 1})
    clock.now = "2026-11-27T10:05:00Z"
    updated = store.update_project(project.id, value={"b": 2})
    assert (updated.question, updated.value) == ("old?", {"b": 2})
    assert (updated.created_at, updated.updated_at) == (
        "2026-11-27T10:00:00Z",
        "2026-11-27T10:05:00Z",
    )
    assert store.update_project(project.id, question="new?").question == "new?"


def test_update_project_of_an_unknown_id_raises_not_found(store):
    with pytest.raises(NotFound):
        store.update_project(42, question="?")


def test_projects_are_frozen(project):
    with pytest.raises(dataclasses.FrozenInstanceError):
        project.name = "other"
