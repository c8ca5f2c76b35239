"""Where work runs: addresses as people type them, and which choice wins."""

from __future__ import annotations

import pytest

from engine.compute import ComputeChoice, normalise_address, resolve_choice


@pytest.mark.parametrize(("typed", "address"), [
    ("myhost", "tcp://myhost:8786"),
    (" myhost:9000 ", "tcp://myhost:9000"),
    ("tcp://10.0.0.5", "tcp://10.0.0.5:8786"),
    ("tls://10.0.0.5:8787", "tls://10.0.0.5:8787"),
    ("[::1]", "tcp://[::1]:8786"),
    ("", ""),
])
def test_an_address_gets_the_scheme_and_the_default_port_when_left_out(typed, address):
    assert normalise_address(typed) == address


def test_a_flag_beats_the_environment_which_beats_the_workspace():
    stored = {"mode": "dask", "address": "tcp://saved:8786"}
    env = {"FIRSTWIN_CLUSTER": "fromenv"}
    assert resolve_choice(stored, environ={}) == ComputeChoice("dask", "tcp://saved:8786")
    assert resolve_choice(stored, environ=env) == ComputeChoice("dask", "tcp://fromenv:8786")
    assert resolve_choice(stored, environ={"FIRSTWIN_CLUSTER": "local"}).uses_cluster is False
    assert resolve_choice(stored, address="flag", environ=env).address == "tcp://flag:8786"
    assert resolve_choice(stored, address="flag", local=True, environ=env) == ComputeChoice.local()


@pytest.mark.parametrize("stored", [None, "dask", {"mode": "dask"}, {"mode": "dask", "address": ""},
                                    {"mode": "weird", "address": "h"}, [1, 2]])
def test_a_missing_or_malformed_setting_means_this_computer(stored):
    assert resolve_choice(stored, environ={}).uses_cluster is False


def test_the_address_is_kept_while_the_mode_is_local():
    choice = ComputeChoice.from_setting({"mode": "local", "address": "h"})
    assert choice == ComputeChoice("local", "tcp://h:8786") and not choice.uses_cluster
    assert ComputeChoice.from_setting(choice.to_setting()) == choice
    assert choice.describe() == "this computer"
    assert ComputeChoice.cluster("h").describe() == "the Dask cluster at tcp://h:8786"
