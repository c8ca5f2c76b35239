"""Workspace settings: one JSON value per key, kept across reopening, replaced on save."""

from __future__ import annotations

import pytest

from storage import Store, StoreError


def test_a_setting_never_saved_gives_the_default(tmp_path):
    with Store.open(tmp_path / "ws") as store:
        assert store.setting("compute") is None
        assert store.setting("compute", {"mode": "local"}) == {"mode": "local"}


def test_a_saved_setting_survives_reopening_and_is_replaced_whole(tmp_path):
    with Store.open(tmp_path / "ws") as store:
        store.set_setting("compute", {"mode": "dask", "address": "tcp://h:8786"})
    with Store.open(tmp_path / "ws") as store:
        assert store.setting("compute") == {"mode": "dask", "address": "tcp://h:8786"}
        assert store.set_setting("compute", {"mode": "local"}) == {"mode": "local"}
        assert store.setting("compute") == {"mode": "local"}


def test_a_setting_needs_a_name(tmp_path):
    with Store.open(tmp_path / "ws") as store, pytest.raises(StoreError, match="needs a name"):
        store.set_setting(" ", 1)
