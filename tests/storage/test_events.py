"""Events: the audit log."""

from __future__ import annotations

import getpass

import pytest

from storage import Event, StoreError


def test_add_event_records_everything_and_defaults_the_user(store, project):
    event = store.add_event(
        "note",
        "looked at the data",
        project_id=project.id,
        entity="project",
        entity_id=project.id,
        data={"columns": ["a"]},
    )
    assert isinstance(event, Event)
    assert (event.kind, event.message, event.entity, event.entity_id) == (
        "note",
        "looked at the data",
        "project",
        project.id,
    )
    assert event.data == {"columns": ["a"]}
    assert event.user == getpass.getuser()
    assert event.at.endswith("Z")


def test_add_event_without_a_project_or_data(store):
    event = store.add_event("startup", "FirstWin started", user="ci")
    assert (event.project_id, event.entity, event.entity_id, event.data, event.user) == (
        None,
        None,
        None,
        {},
        "ci",
    )


def test_the_user_is_unknown_when_the_system_cannot_say(store, monkeypatch):
    def no_user():
        raise OSError("no login name")

    monkeypatch.setattr(getpass, "getuser", no_user)
    assert store.add_event("x", "y").user == "unknown"


def test_events_are_newest_first_and_filter_by_project(store, project):
    other = store.create_project("other")
    first = store.add_event("a", "1", project_id=project.id)
    store.add_event("b", "2", project_id=other.id)
    third = store.add_event("c", "3", project_id=project.id)
    assert [e.id for e in store.events(project.id)] == [third.id, first.id]
    assert [e.message for e in store.events()] == ["3", "2", "1"]


def test_an_event_for_an_unknown_project_is_refused_by_the_foreign_key(store):
    with pytest.raises(StoreError, match="FOREIGN KEY"):
        store.add_event("x", "y", project_id=404)
    assert store.events() == []
