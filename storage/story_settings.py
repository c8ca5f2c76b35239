"""The presenter's settings for a project's story (demo mode and reports): one JSON per project.

Storage keeps the JSON as given; what its keys mean (hidden pages, edited headlines, the monthly
volume) is ``engine.story.settings``'s business.
"""

from __future__ import annotations

from storage import rows as conv
from storage.base import StoreBase
from storage.errors import StoreError


class StorySettingsMixin(StoreBase):
    """Store methods for story settings. Relies on ``Store`` for ``project``."""

    def story_settings(self, project_id: int) -> dict:
        """The project's story settings; ``{}`` when none were saved. NotFound for no project."""
        self.project(project_id)
        found = self._rows(
            "SELECT settings_json FROM story_settings WHERE project_id = ?", [project_id]
        )
        return conv.from_json(found[0]["settings_json"]) if found else {}

    def set_story_settings(self, project_id: int, settings: dict) -> dict:
        """Replace the project's story settings with ``settings`` (a JSON-safe dict)."""
        if not isinstance(settings, dict):
            raise StoreError(f"story settings are a dict, not {type(settings).__name__}")
        with self.transaction():
            self.project(project_id)
            self._db.execute(
                "INSERT INTO story_settings (project_id, settings_json, updated_at)"
                " VALUES (?, ?, ?) ON CONFLICT(project_id) DO UPDATE SET"
                " settings_json = excluded.settings_json, updated_at = excluded.updated_at",
                [project_id, conv.to_json(settings), conv.utc_now()],
            )
            return self.story_settings(project_id)
