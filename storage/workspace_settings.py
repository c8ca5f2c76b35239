"""Workspace settings: one JSON value per key, for choices that belong to the whole workspace.

Storage keeps the values as given; what a key means is the engine's business (``compute``:
``engine.compute.choice``). Settings stay with the workspace: project bundles do not carry them.
"""

from __future__ import annotations

from typing import Any

from storage import rows as conv
from storage.base import StoreBase
from storage.errors import StoreError


class WorkspaceSettingsMixin(StoreBase):
    """Store methods for workspace settings."""

    def setting(self, key: str, default: Any = None) -> Any:
        """The value saved under ``key``, or ``default`` when none was saved."""
        found = self._rows("SELECT value_json FROM workspace_settings WHERE key = ?", [key])
        return conv.from_json(found[0]["value_json"]) if found else default

    def set_setting(self, key: str, value: Any) -> Any:
        """Save ``value`` (JSON-safe) under ``key``, replacing what was there; returns it."""
        if not isinstance(key, str) or not key.strip():
            raise StoreError("a workspace setting needs a name")
        with self.transaction():
            self._db.execute(
                "INSERT INTO workspace_settings (key, value_json, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value_json = excluded.value_json,"
                " updated_at = excluded.updated_at",
                [key, conv.to_json(value), conv.utc_now()],
            )
        return self.setting(key)
