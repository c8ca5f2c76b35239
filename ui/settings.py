"""What the app remembers between sessions: recent files, workspace, geometry, appearance.

A thin typed layer over QSettings, so the rest of the UI never spells keys or converts types.
Tests hand in their own QSettings (an INI file under tmp_path) and never touch the user's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "FirstWin"
APPLICATION = "FirstWin"
MAX_RECENT = 8
APPEARANCES = ("system", "light", "dark")


class AppSettings:
    """Typed access to the app's QSettings (``QSettings()`` of the running app by default)."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        # The organisation/application names set in run_app() decide where QSettings() lives.
        self.qsettings = qsettings if qsettings is not None else QSettings(ORGANIZATION, APPLICATION)

    @classmethod
    def at(cls, ini_file: str | Path) -> AppSettings:
        """Settings kept in one INI file (tests, portable installs)."""
        return cls(QSettings(str(ini_file), QSettings.Format.IniFormat))

    # --- recent data files ------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Recently opened data files, newest first, only those that still exist."""
        files = self._list("recent/files")
        return [f for f in files if Path(f).exists()]

    def add_recent_file(self, path: str | Path) -> list[str]:
        """Put ``path`` first in the recent files (no duplicates, at most MAX_RECENT)."""
        path = str(Path(path).expanduser().resolve())
        files = [path, *(f for f in self._list("recent/files") if f != path)][:MAX_RECENT]
        self.qsettings.setValue("recent/files", files)
        return files

    def clear_recent_files(self) -> None:
        self.qsettings.remove("recent/files")

    # --- recently opened projects (home lists these first) -----------------------------------
    def recent_projects(self, workspace: Path) -> list[int]:
        """Ids of projects opened lately in ``workspace``, newest first."""
        return [int(i) for i in self._list(self._projects_key(workspace)) if str(i).isdigit()]

    def add_recent_project(self, workspace: Path, project_id: int) -> None:
        key = self._projects_key(workspace)
        ids = [project_id, *(i for i in self.recent_projects(workspace) if i != project_id)]
        self.qsettings.setValue(key, [str(i) for i in ids[:MAX_RECENT]])

    # --- workspace and appearance -----------------------------------------------------------
    def workspace(self) -> Path | None:
        """The workspace chosen in Preferences, if any (None: the default one)."""
        value = self.qsettings.value("workspace", "", type=str)
        return Path(value) if value else None

    def set_workspace(self, folder: str | Path | None) -> None:
        if folder is None:
            self.qsettings.remove("workspace")
        else:
            self.qsettings.setValue("workspace", str(Path(folder).expanduser().resolve()))

    def appearance(self) -> str:
        value = self.qsettings.value("appearance", "system", type=str)
        return value if value in APPEARANCES else "system"

    def set_appearance(self, value: str) -> None:
        if value not in APPEARANCES:
            raise ValueError(f"appearance is one of {APPEARANCES}, not {value!r}")
        self.qsettings.setValue("appearance", value)

    # --- window geometry --------------------------------------------------------------------
    def geometry(self) -> QByteArray | None:
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)

    def window_state(self) -> QByteArray | None:
        value = self.qsettings.value("window/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, state: QByteArray) -> None:
        self.qsettings.setValue("window/state", state)

    def sync(self) -> None:
        self.qsettings.sync()

    # --- helpers ----------------------------------------------------------------------------
    def _list(self, key: str) -> list[str]:
        # QSettings returns a str for a one-element list in INI files, a list otherwise.
        value = self.qsettings.value(key, [])
        if value is None:
            return []
        if isinstance(value, str):
            return [value] if value else []
        return [str(v) for v in value]

    @staticmethod
    def _projects_key(workspace: Path) -> str:
        # One list per workspace: project ids are only unique inside their database.
        # (hashlib, not hash(): str hashes change from one process to the next.)
        digest = hashlib.sha1(str(Path(workspace).resolve()).encode()).hexdigest()[:12]
        return f"recent/projects/{digest}"
