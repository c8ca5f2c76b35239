"""Monitoring batches: rows scored by a model version, kept as one Parquet artifact each.

A batch row says who scored what and when (``at``: the batch's time, which may be earlier
than ``created_at`` when history is loaded); ``summary`` holds what was measured then (drift,
prediction shares, metrics). Late labels replace the artifact with a labelled copy
(``update_batch_rows``); artifacts are content-addressed, so the old file is never changed.
"""

from __future__ import annotations

from storage import rows as conv
from storage.base import StoreBase
from storage.entities import Batch, StoredFile
from storage.errors import StoreError


class BatchesMixin(StoreBase):
    """Store methods for monitoring batches.

    Relies on ``Store`` for ``project`` and ``model_version``.
    """

    def add_batch(
        self,
        project_id: int,
        model_id: int,
        file: StoredFile,
        *,
        source_name: str,
        rows: int,
        labelled: int,
        summary: dict,
        at: str | None = None,
    ) -> Batch:
        """Record a batch whose scored rows are already in the workspace as ``file``."""
        with self.transaction():
            self.project(project_id)
            if self.model_version(model_id).project_id != project_id:
                raise StoreError(f"model version {model_id} belongs to another project")
            self._require_file(file)
            now = conv.utc_now()
            batch_id = self._insert(
                "batches",
                {
                    "project_id": project_id,
                    "model_version_id": model_id,
                    "source_name": source_name,
                    "rows": int(rows),
                    "labelled": int(labelled),
                    "at": at or now,
                    "artifact_path": file.path,
                    "sha256": file.sha256,
                    "summary_json": conv.to_json(summary),
                    "created_at": now,
                    "updated_at": now,
                },
            )
            return self.batch(batch_id)

    def batch(self, batch_id: int) -> Batch:
        """The batch with this id; NotFound if there is none."""
        return _batch(self._one("batches", batch_id, "batch"))

    def batches(self, project_id: int, model_id: int | None = None) -> list[Batch]:
        """A project's batches (of one model version, if given), oldest first by their time."""
        sql, args = "SELECT * FROM batches WHERE project_id = ?", [project_id]
        if model_id is not None:
            sql += " AND model_version_id = ?"
            args.append(model_id)
        return [_batch(row) for row in self._rows(sql + " ORDER BY at, id", args)]

    def latest_batch(self, project_id: int) -> Batch | None:
        """The project's newest batch by its time, if any."""
        found = self._rows(
            "SELECT * FROM batches WHERE project_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            [project_id],
        )
        return _batch(found[0]) if found else None

    def update_batch_rows(
        self, batch_id: int, file: StoredFile, *, labelled: int, summary: dict
    ) -> Batch:
        """Point a batch at a new copy of its rows (late labels joined) and its new summary."""
        with self.transaction():
            self.batch(batch_id)
            self._require_file(file)
            self._db["batches"].update(batch_id, {
                "artifact_path": file.path,
                "sha256": file.sha256,
                "labelled": int(labelled),
                "summary_json": conv.to_json(summary),
                "updated_at": conv.utc_now(),
            })
            return self.batch(batch_id)


def _batch(row: dict) -> Batch:
    return Batch(
        id=row["id"],
        project_id=row["project_id"],
        model_version_id=row["model_version_id"],
        source_name=row["source_name"],
        rows=row["rows"],
        labelled=row["labelled"],
        at=row["at"],
        artifact_path=row["artifact_path"],
        sha256=row["sha256"],
        summary=conv.from_json(row["summary_json"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
