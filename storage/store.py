"""The store: one workspace folder holding ``firstwin.db`` and content-addressed files.

It knows rows and files, nothing about Qt or ML, and hands out frozen dataclasses. Writes that
belong together run in one ``BEGIN IMMEDIATE`` transaction (see ``StoreBase.transaction``).
Runs and metrics live in ``runs.py``, model versions in ``model_versions.py``, annotations in
``annotations.py``, monitoring batches in ``batches.py``, moving a project between workspaces
in ``bundles.py``, the presenter's story settings in ``story_settings.py``, workspace-wide choices in
``workspace_settings.py``.

Events the store writes itself: ``run_interrupted`` (a run whose process died) and
``stage_changed`` (a model version moved between stages), ``threshold_changed``,
``annotations_applied`` and ``annotations_undone``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage import files, migrations
from storage import rows as conv
from storage.annotations import AnnotationsMixin
from storage.base import DB_NAME, StoreBase, is_busy, sqlite_error
from storage.batches import BatchesMixin
from storage.bundles import BundlesMixin
from storage.entities import DatasetVersion, Event, Project, StoredFile
from storage.errors import ProjectExists, StoreError
from storage.evaluations import EvaluationsMixin
from storage.model_versions import ModelVersionsMixin
from storage.runs import RunsMixin
from storage.story_settings import StorySettingsMixin
from storage.workspace_settings import WorkspaceSettingsMixin


class Store(
    RunsMixin, ModelVersionsMixin, EvaluationsMixin, AnnotationsMixin, BatchesMixin, BundlesMixin,
    StorySettingsMixin, WorkspaceSettingsMixin, StoreBase,
):
    """A FirstWin workspace. Create one with ``Store.open(path)``."""

    @classmethod
    def open(cls, workspace: str | Path) -> Store:
        """Open (creating if needed) a workspace, migrate it, and mark dead runs interrupted."""
        workspace = Path(workspace).expanduser().resolve()
        try:
            for folder in (workspace, *(workspace / kind for kind in files.KINDS)):
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot use {workspace} as a FirstWin workspace: {e}") from e
        db_path = workspace / DB_NAME
        conn = None
        try:
            conn = sqlite3.connect(db_path, timeout=10, check_same_thread=False)
            store = cls(workspace, conn)
            with store.transaction():
                migrations.apply(store._db)
            store.mark_interrupted_runs()
        except sqlite3.Error as e:
            if conn is not None:
                conn.close()
            if is_busy(e):
                raise sqlite_error(e, db_path) from e
            raise StoreError(f"{db_path} is not a FirstWin workspace database: {e}") from e
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return store

    # --- projects ---------------------------------------------------------------------------
    def create_project(self, name: str, question: str = "", value: dict | None = None) -> Project:
        """Create a project; ProjectExists if the name is taken."""
        name = _project_name(name)
        with self.transaction():
            if self.project_by_name(name) is not None:
                raise ProjectExists(f"a project named {name!r} already exists")
            now = conv.utc_now()
            project_id = self._insert(
                "projects",
                {
                    "name": name,
                    "question": question,
                    "value_json": conv.to_json(value or {}),
                    "created_at": now,
                    "updated_at": now,
                    "uuid": conv.new_uuid(),
                },
            )
            return self.project(project_id)

    def get_or_create_project(
        self, name: str, question: str = "", value: dict | None = None
    ) -> Project:
        """The project with this name, created with ``question`` and ``value`` if missing."""
        with self.transaction():
            existing = self.project_by_name(_project_name(name))
            return existing or self.create_project(name, question, value)

    def project(self, project_id: int) -> Project:
        """The project with this id; NotFound if there is none."""
        return conv.project(self._one("projects", project_id, "project"))

    def project_by_name(self, name: str) -> Project | None:
        """The project with this name, or None."""
        found = self._rows("SELECT * FROM projects WHERE name = ?", [name.strip()])
        return conv.project(found[0]) if found else None

    def projects(self) -> list[Project]:
        """All projects, most recently updated first."""
        found = self._rows("SELECT * FROM projects ORDER BY updated_at DESC, id DESC")
        return [conv.project(row) for row in found]

    def update_project(
        self, project_id: int, *, question: str | None = None, value: dict | None = None
    ) -> Project:
        """Change a project's question and/or value; None leaves a field as it is."""
        with self.transaction():
            self.project(project_id)
            changes = {"updated_at": conv.utc_now()}
            if question is not None:
                changes["question"] = question
            if value is not None:
                changes["value_json"] = conv.to_json(value)
            self._db["projects"].update(project_id, changes)
            return self.project(project_id)

    def _touch(self, project_id: int) -> None:
        self._db.execute(
            "UPDATE projects SET updated_at = ? WHERE id = ?", [conv.utc_now(), project_id]
        )

    # --- files ------------------------------------------------------------------------------
    def put_file(self, src: str | Path, kind: str, suffix: str = "") -> StoredFile:
        """Copy a file into ``datasets/`` or ``artifacts/`` under its sha256."""
        return files.put_file(self.workspace, src, kind, suffix)

    def put_bytes(self, data: bytes, kind: str, suffix: str = "") -> StoredFile:
        """Store bytes in ``datasets/`` or ``artifacts/`` under their sha256."""
        return files.put_bytes(self.workspace, data, kind, suffix)

    # --- dataset versions -------------------------------------------------------------------
    def add_dataset_version(
        self,
        project_id: int,
        file: StoredFile,
        *,
        source_name: str,
        rows: int,
        columns: int,
        schema: dict,
        profile: dict,
        parent_id: int | None = None,
        note: str = "",
    ) -> DatasetVersion:
        """Record a dataset version; the same file with the same parent returns the existing one."""
        with self.transaction():
            self.project(project_id)
            if parent_id is not None and self.dataset_version(parent_id).project_id != project_id:
                raise StoreError(f"dataset version {parent_id} belongs to another project")
            self._require_file(file)
            same = self._rows(
                "SELECT * FROM dataset_versions WHERE project_id = ? AND sha256 = ?"
                " AND parent_id IS ? ORDER BY id LIMIT 1",
                [project_id, file.sha256, parent_id],
            )
            if same:
                return conv.dataset_version(same[0])
            version_id = self._insert(
                "dataset_versions",
                {
                    "project_id": project_id,
                    "parent_id": parent_id,
                    "source_name": source_name,
                    "sha256": file.sha256,
                    "path": file.path,
                    "rows": int(rows),
                    "columns": int(columns),
                    "schema_json": conv.to_json(schema),
                    "profile_json": conv.to_json(profile),
                    "note": note,
                    "created_at": conv.utc_now(),
                },
            )
            self._touch(project_id)
            return self.dataset_version(version_id)

    def dataset_version(self, version_id: int) -> DatasetVersion:
        """The dataset version with this id; NotFound if there is none."""
        return conv.dataset_version(self._one("dataset_versions", version_id, "dataset version"))

    def dataset_versions(self, project_id: int) -> list[DatasetVersion]:
        """A project's dataset versions, oldest first."""
        found = self._rows(
            "SELECT * FROM dataset_versions WHERE project_id = ? ORDER BY id", [project_id]
        )
        return [conv.dataset_version(row) for row in found]

    # --- events -----------------------------------------------------------------------------
    def add_event(
        self,
        kind: str,
        message: str,
        *,
        project_id: int | None = None,
        entity: str | None = None,
        entity_id: int | None = None,
        data: dict | None = None,
        user: str | None = None,
    ) -> Event:
        """Append an event to the audit log; ``user`` defaults to the logged-in user."""
        with self.transaction():
            event_id = self._insert(
                "events",
                {
                    "project_id": project_id,
                    "at": conv.utc_now(),
                    "user": user or conv.current_user(),
                    "kind": kind,
                    "entity": entity,
                    "entity_id": entity_id,
                    "message": message,
                    "data_json": conv.to_json(data or {}),
                },
            )
            return conv.event(self._one("events", event_id, "event"))

    def events(self, project_id: int | None = None) -> list[Event]:
        """Events (of one project, or all), newest first."""
        if project_id is None:
            found = self._rows("SELECT * FROM events ORDER BY id DESC")
        else:
            found = self._rows(
                "SELECT * FROM events WHERE project_id = ? ORDER BY id DESC", [project_id]
            )
        return [conv.event(row) for row in found]

    def events_about(self, entity: str, entity_id: int) -> list[Event]:
        """The events about one row (e.g. a model version's stage changes), oldest first."""
        found = self._rows(
            "SELECT * FROM events WHERE entity = ? AND entity_id = ? ORDER BY id",
            [entity, entity_id],
        )
        return [conv.event(row) for row in found]


def _project_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise StoreError("a project needs a name")
    return name
