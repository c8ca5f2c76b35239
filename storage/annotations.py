"""Annotations: changed labels, stored by batch together with the dataset version they made.

A batch applies to a project's *current* dataset version and makes a new one whose parent it
is (``add_annotations``). Undoing a batch (``undo_annotations``) marks its rows undone and
makes the parent current again; nothing is deleted and no file changes, so the parent's data
is back exactly. The current dataset version of a project is its newest version that is not
the result of undone annotations only (``current_dataset_version``).
"""

from __future__ import annotations

from collections.abc import Iterable

from storage import rows as conv
from storage.base import StoreBase
from storage.entities import Annotation, DatasetVersion, StoredFile
from storage.errors import StoreError

_LIVE_VERSIONS = """
    SELECT * FROM dataset_versions AS d
    WHERE d.project_id = ?
      AND (NOT EXISTS (SELECT 1 FROM annotations a WHERE a.result_version_id = d.id)
           OR EXISTS (SELECT 1 FROM annotations a
                      WHERE a.result_version_id = d.id AND a.undone_at IS NULL))
    ORDER BY d.id DESC LIMIT 1
"""


class AnnotationsMixin(StoreBase):
    """Store methods for annotations and the current dataset version.

    Relies on ``Store`` for ``dataset_version``, ``add_dataset_version`` and ``add_event``.
    """

    def add_annotations(
        self,
        dataset_version_id: int,
        file: StoredFile,
        changes: Iterable[tuple[int, str | None, str | None]],
        *,
        rows: int,
        columns: int,
        schema: dict,
        profile: dict,
        user: str = "",
        note: str = "",
    ) -> DatasetVersion:
        """Record one batch in one transaction: the new dataset version (stored as ``file``, its
        parent ``dataset_version_id``) and one row per ``(row_key, old_label, new_label)``.

        StoreError if there are no changes or ``dataset_version_id`` is not the current version.
        """
        values = [(int(key), _text(old), _text(new)) for key, old, new in changes]
        if not values:
            raise StoreError("a batch of annotations needs at least one change")
        with self.transaction():
            parent = self.dataset_version(dataset_version_id)
            self._require_current(parent)
            result = self.add_dataset_version(
                parent.project_id, file, source_name=parent.source_name, rows=rows,
                columns=columns, schema=schema, profile=profile, parent_id=parent.id,
                note=note or f"{len(values)} label(s) changed",
            )
            batch, at, who = conv.new_uuid(), conv.utc_now(), user or conv.current_user()
            self._conn.executemany(
                'INSERT INTO annotations (batch, dataset_version_id, result_version_id, row_key,'
                ' old_label, new_label, "user", at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
                [(batch, parent.id, result.id, key, old, new, who, at, note)
                 for key, old, new in values],
            )
            self.add_event(
                "annotations_applied",
                f"{len(values)} label(s) changed: dataset version {parent.id} → {result.id}",
                project_id=parent.project_id, entity="dataset_version", entity_id=result.id,
                data={"batch": batch, "from": parent.id, "changes": len(values), "note": note},
                user=who,
            )
            return result

    def annotations(self, dataset_version_id: int, *, undone: bool = True) -> list[Annotation]:
        """The annotations applied to a dataset version, oldest first (``undone=False``: live)."""
        return self._annotations("dataset_version_id", dataset_version_id, undone)

    def annotations_into(self, result_version_id: int, *, undone: bool = True) -> list[Annotation]:
        """The annotations that made a dataset version, oldest first."""
        return self._annotations("result_version_id", result_version_id, undone)

    def project_annotations(self, project_id: int) -> list[Annotation]:
        """Every annotation of a project, oldest first: its labelling history."""
        found = self._rows(
            "SELECT a.* FROM annotations a JOIN dataset_versions d ON d.id = a.result_version_id"
            " WHERE d.project_id = ? ORDER BY a.id",
            [project_id],
        )
        return [_annotation(row) for row in found]

    def has_annotations(self, project_id: int) -> bool:
        """Whether any batch of the project's labels is in effect (undone batches do not count)."""
        return bool(self._rows(
            "SELECT 1 FROM annotations a JOIN dataset_versions d ON d.id = a.result_version_id"
            " WHERE d.project_id = ? AND a.undone_at IS NULL LIMIT 1",
            [project_id],
        ))

    def current_dataset_version(self, project_id: int) -> DatasetVersion | None:
        """The project's newest dataset version not undone; None if it has none."""
        found = self._rows(_LIVE_VERSIONS, [project_id])
        return conv.dataset_version(found[0]) if found else None

    def undo_annotations(self, result_version_id: int, *, user: str = "") -> DatasetVersion:
        """Undo the live batch(es) that made ``result_version_id``; returns its parent, now current.

        StoreError unless the version is current and was made by annotations not yet undone.
        """
        with self.transaction():
            version = self.dataset_version(result_version_id)
            live = self.annotations_into(version.id, undone=False)
            if not live or version.parent_id is None:
                raise StoreError(f"dataset version {version.id} was not made by annotations that "
                                 "can still be undone")
            self._require_current(version)
            self._db.execute(
                "UPDATE annotations SET undone_at = ? WHERE result_version_id = ?"
                " AND undone_at IS NULL",
                [conv.utc_now(), version.id],
            )
            self.add_event(
                "annotations_undone",
                f"{len(live)} label change(s) undone: dataset version {version.id} → "
                f"{version.parent_id}",
                project_id=version.project_id, entity="dataset_version", entity_id=version.id,
                data={"batches": sorted({a.batch for a in live}), "to": version.parent_id},
                user=user or None,
            )
            return self.dataset_version(version.parent_id)

    def _require_current(self, version: DatasetVersion) -> None:
        current = self.current_dataset_version(version.project_id)
        if current is None or current.id != version.id:
            raise StoreError(
                f"dataset version {version.id} is not the current one of its project "
                f"({current.id if current else 'none'} is)"
            )

    def _annotations(self, column: str, version_id: int, undone: bool) -> list[Annotation]:
        sql = f"SELECT * FROM annotations WHERE {column} = ?"
        if not undone:
            sql += " AND undone_at IS NULL"
        return [_annotation(row) for row in self._rows(sql + " ORDER BY id", [version_id])]


def _text(label) -> str | None:
    return None if label is None else str(label)


def _annotation(row: dict) -> Annotation:
    return Annotation(
        id=row["id"],
        batch=row["batch"],
        dataset_version_id=row["dataset_version_id"],
        result_version_id=row["result_version_id"],
        row_key=row["row_key"],
        old_label=row["old_label"],
        new_label=row["new_label"],
        user=row["user"],
        at=row["at"],
        note=row["note"],
        undone_at=row["undone_at"],
    )
