"""Where work runs: on this computer (the default) or on a Dask cluster.

The choice is kept per workspace (``Store.setting("compute")``) as ``{"mode": "local" |
"dask", "address": "tcp://host:8786"}``; the address is kept even while the mode is local, so
switching back does not lose it. ``$FIRSTWIN_CLUSTER`` (an address, or ``local``) overrides the
workspace's choice, and a CLI flag overrides both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

CLUSTER_ENV = "FIRSTWIN_CLUSTER"
SETTING_KEY = "compute"
DEFAULT_PORT = 8786


@dataclass(frozen=True)
class ComputeChoice:
    """``mode`` is "local" or "dask"; ``address`` is the scheduler's, kept in either mode."""

    mode: str = "local"
    address: str = ""

    @property
    def uses_cluster(self) -> bool:
        return self.mode == "dask" and bool(self.address)

    @classmethod
    def local(cls, address: str = "") -> ComputeChoice:
        return cls("local", address)

    @classmethod
    def cluster(cls, address: str) -> ComputeChoice:
        return cls("dask", normalise_address(address))

    @classmethod
    def from_setting(cls, value: Any) -> ComputeChoice:
        """The stored JSON value; anything malformed means this computer."""
        if not isinstance(value, dict):
            return cls()
        address = normalise_address(str(value.get("address") or ""))
        mode = "dask" if value.get("mode") == "dask" and address else "local"
        return cls(mode, address)

    def to_setting(self) -> dict:
        return {"mode": self.mode, "address": self.address}

    def describe(self) -> str:
        return f"the Dask cluster at {self.address}" if self.uses_cluster else "this computer"


def normalise_address(address: str) -> str:
    """``host``, ``host:port`` or ``tcp://host:port`` as a scheduler address; "" stays ""."""
    address = address.strip()
    if not address:
        return ""
    if "://" not in address:
        address = f"tcp://{address}"
    scheme, rest = address.split("://", 1)
    if ":" not in rest.rsplit("]", 1)[-1]:
        rest = f"{rest}:{DEFAULT_PORT}"
    return f"{scheme}://{rest}"


def resolve_choice(stored: Any = None, *, address: str | None = None, local: bool = False,
                   environ: dict | None = None) -> ComputeChoice:
    """The choice in force: ``local`` (a flag) > ``address`` (a flag) > $FIRSTWIN_CLUSTER >
    the workspace's stored setting > this computer."""
    if local:
        return ComputeChoice.local()
    if address:
        return ComputeChoice.cluster(address)
    from_env = (os.environ if environ is None else environ).get(CLUSTER_ENV, "").strip()
    if from_env.lower() == "local":
        return ComputeChoice.local()
    if from_env:
        return ComputeChoice.cluster(from_env)
    return ComputeChoice.from_setting(stored)


def workspace_choice(store, **overrides) -> ComputeChoice:
    """``resolve_choice`` with the store's saved setting."""
    return resolve_choice(store.setting(SETTING_KEY), **overrides)
