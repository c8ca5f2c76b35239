"""Model versions and their stages (the part of Store that follows MLflow's model registry)."""

from __future__ import annotations

from storage import rows as conv
from storage.base import StoreBase
from storage.entities import ModelVersion, StoredFile
from storage.errors import StoreError

STAGES = ("candidate", "staging", "production", "archived")


class ModelVersionsMixin(StoreBase):
    """Store methods for model versions.

    Relies on ``Store`` for ``project``, ``run`` and ``add_event``.
    """

    def add_model_version(
        self,
        project_id: int,
        run_id: int,
        *,
        name: str,
        algorithm: str,
        params: dict,
        metric: str,
        cv_score: float | None,
        cv_std: float | None,
        holdout_score: float | None,
        fit_seconds: float,
        is_baseline: bool,
        rank: int,
        file: StoredFile,
        library_versions: dict,
        details: dict,
    ) -> ModelVersion:
        """Record a trained model whose artifact is already in the workspace, as a candidate."""
        with self.transaction():
            self.project(project_id)
            if self.run(run_id).project_id != project_id:
                raise StoreError(f"run {run_id} belongs to another project")
            self._require_file(file)
            model_id = self._insert(
                "model_versions",
                {
                    "project_id": project_id,
                    "run_id": run_id,
                    "name": name,
                    "algorithm": algorithm,
                    "params_json": conv.to_json(params),
                    "metric": metric,
                    "cv_score": _number(cv_score),
                    "cv_std": _number(cv_std),
                    "holdout_score": _number(holdout_score),
                    "fit_seconds": float(fit_seconds),
                    "is_baseline": int(bool(is_baseline)),
                    "rank": int(rank),
                    "artifact_path": file.path,
                    "sha256": file.sha256,
                    "library_versions_json": conv.to_json(library_versions),
                    "details_json": conv.to_json(details),
                    "stage": "candidate",
                    "created_at": conv.utc_now(),
                },
            )
            return self.model_version(model_id)

    def model_version(self, model_id: int) -> ModelVersion:
        """The model version with this id; NotFound if there is none."""
        return conv.model_version(self._one("model_versions", model_id, "model version"))

    def model_versions(
        self, project_id: int | None = None, run_id: int | None = None
    ) -> list[ModelVersion]:
        """Model versions (of a project and/or run), newest run first, then by rank."""
        where, args = [], []
        if project_id is not None:
            where.append("project_id = ?")
            args.append(project_id)
        if run_id is not None:
            where.append("run_id = ?")
            args.append(run_id)
        sql = "SELECT * FROM model_versions"
        if where:
            sql += " WHERE " + " AND ".join(where)
        found = self._rows(sql + ' ORDER BY run_id DESC, "rank", id', args)
        return [conv.model_version(row) for row in found]

    def best_model_version(self, project_id: int) -> ModelVersion | None:
        """The top-ranked model of the project's newest finished or cancelled run that has any."""
        found = self._rows(
            "SELECT m.* FROM model_versions m JOIN runs r ON r.id = m.run_id"
            " WHERE m.project_id = ? AND r.status IN ('finished', 'cancelled')"
            ' ORDER BY r.id DESC, m."rank", m.id LIMIT 1',
            [project_id],
        )
        return conv.model_version(found[0]) if found else None

    def set_stage(
        self, model_id: int, stage: str, *, user: str = "", note: str = ""
    ) -> ModelVersion:
        """Move a model version to another stage, with an event saying who and why.

        A project has at most one production version: promoting one archives the previous
        production version in the same transaction, with its own event.
        """
        if stage not in STAGES:
            raise StoreError(
                f"a model stage is one of {', '.join(STAGES)}; {stage!r} is none of these"
            )
        with self.transaction():
            model = self.model_version(model_id)
            if model.stage == stage:
                return model
            if stage == "production":
                for row in self._rows(
                    "SELECT id FROM model_versions WHERE project_id = ? AND stage = 'production'"
                    " AND id != ? ORDER BY id",
                    [model.project_id, model_id],
                ):
                    self._move(
                        self.model_version(row["id"]), "archived", user,
                        f"replaced in production by model {model_id}",
                    )
            self._move(model, stage, user, note)
            return self.model_version(model_id)

    def _move(self, model: ModelVersion, stage: str, user: str, note: str) -> None:
        self._db["model_versions"].update(model.id, {"stage": stage})
        message = f"model {model.id} ({model.name}) moved from {model.stage} to {stage}"
        self.add_event(
            "stage_changed",
            f"{message}: {note}" if note else message,
            project_id=model.project_id,
            entity="model_version",
            entity_id=model.id,
            data={"from": model.stage, "to": stage, "note": note},
            user=user or None,
        )

    def production_model_version(self, project_id: int) -> ModelVersion | None:
        """The project's production version, if it has one."""
        found = self._rows(
            "SELECT * FROM model_versions WHERE project_id = ? AND stage = 'production'"
            " ORDER BY id DESC LIMIT 1",
            [project_id],
        )
        return conv.model_version(found[0]) if found else None


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)
