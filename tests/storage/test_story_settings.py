"""The presenter's story settings: one JSON per project, kept across reopening."""

from __future__ import annotations

import pytest

from storage import NotFound, Store, StoreError


def test_story_settings_are_empty_until_saved(store, project):
    assert store.story_settings(project.id) == {}


def test_set_story_settings_replaces_the_whole_dict_and_survives_reopening(tmp_path):
    with Store.open(tmp_path) as store:
        project = store.create_project("churn")
        store.set_story_settings(project.id, {"hidden": ["data"], "monthly_volume": 5000})
        saved = store.set_story_settings(project.id, {"headlines": {"value": "Worth it."}})
    with Store.open(tmp_path) as store:
        assert store.story_settings(project.id) == saved == {"headlines": {"value": "Worth it."}}


def test_story_settings_are_per_project(store, project):
    other = store.create_project("other")
    store.set_story_settings(project.id, {"hidden": ["drivers"]})
    assert store.story_settings(other.id) == {}


def test_story_settings_keep_unicode_text(store, project):
    store.set_story_settings(project.id, {"headlines": {"question": "Qui va résilier ? – 30 €"}})
    assert store.story_settings(project.id)["headlines"]["question"] == "Qui va résilier ? – 30 €"


def test_story_settings_of_a_missing_project_are_not_found(store):
    with pytest.raises(NotFound):
        store.story_settings(999)
    with pytest.raises(NotFound):
        store.set_story_settings(999, {})


def test_story_settings_must_be_a_dict(store, project):
    with pytest.raises(StoreError, match="dict"):
        store.set_story_settings(project.id, ["hidden"])
