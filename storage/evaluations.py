"""Evaluations of model versions: one JSON artifact each, tagged with the evaluator's version."""

from __future__ import annotations

import json

from storage import rows as conv
from storage.base import StoreBase
from storage.entities import Evaluation, ModelVersion, StoredFile
from storage.errors import StoreError


class EvaluationsMixin(StoreBase):
    """Store methods for evaluations and the decision threshold they inform.

    Relies on ``Store`` for ``model_version`` and ``add_event``.
    """

    def add_evaluation(
        self, model_id: int, file: StoredFile, *, evaluator_version: int, seconds: float
    ) -> Evaluation:
        """Record an evaluation whose JSON artifact is already in the workspace."""
        with self.transaction():
            self.model_version(model_id)
            self._require_file(file)
            evaluation_id = self._insert(
                "evaluations",
                {
                    "model_version_id": model_id,
                    "evaluator_version": int(evaluator_version),
                    "artifact_path": file.path,
                    "sha256": file.sha256,
                    "seconds": float(seconds),
                    "created_at": conv.utc_now(),
                },
            )
        return _evaluation(self._one("evaluations", evaluation_id, "evaluation"))

    def latest_evaluation(self, model_id: int, evaluator_version: int) -> Evaluation | None:
        """The newest evaluation of a model written by this evaluator version, if any."""
        found = self._rows(
            "SELECT * FROM evaluations WHERE model_version_id = ? AND evaluator_version = ?"
            " ORDER BY id DESC LIMIT 1",
            [model_id, evaluator_version],
        )
        return _evaluation(found[0]) if found else None

    def has_evaluations(self, project_id: int) -> bool:
        """Whether any model version of the project has been evaluated."""
        return bool(self._rows(
            "SELECT 1 FROM evaluations e JOIN model_versions m ON m.id = e.model_version_id"
            " WHERE m.project_id = ? LIMIT 1",
            [project_id],
        ))

    def read_evaluation(self, evaluation: Evaluation) -> dict:
        """The evaluation's JSON; StoreError if the file is missing or damaged."""
        path = self.path_of(evaluation.artifact_path)
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise StoreError(f"the evaluation file {evaluation.artifact_path} cannot be read: {e}") from e

    def set_threshold(
        self, model_id: int, threshold: float, *, user: str = "", note: str = ""
    ) -> ModelVersion:
        """Set a binary model's decision threshold (used by predict and the package)."""
        if not 0.0 <= threshold <= 1.0:
            raise StoreError(f"a decision threshold is between 0 and 1, not {threshold}")
        with self.transaction():
            model = self.model_version(model_id)
            details = dict(model.details)
            previous = details.get("threshold")
            details["threshold"] = float(threshold)
            self._db["model_versions"].update(model_id, {"details_json": conv.to_json(details)})
            self.add_event(
                "threshold_changed",
                f"model {model_id} ({model.name}) decides yes from {threshold:.2f}",
                project_id=model.project_id,
                entity="model_version",
                entity_id=model_id,
                data={"from": previous, "to": float(threshold), "note": note},
                user=user or None,
            )
            return self.model_version(model_id)


def _evaluation(row: dict) -> Evaluation:
    return Evaluation(
        id=row["id"],
        model_version_id=row["model_version_id"],
        evaluator_version=row["evaluator_version"],
        artifact_path=row["artifact_path"],
        sha256=row["sha256"],
        seconds=row["seconds"],
        created_at=row["created_at"],
    )
