"""The model registry: stages (candidate → staging → production → archived) and lineage.

The store keeps the rules that must hold whoever writes (one production version per project,
an audit event per change); this module turns requests into those writes with messages in
words, and gathers a model version's lineage for the GUI and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from engine.errors import UserError
from storage import DatasetVersion, Event, ModelVersion, NotFound, Project, Run, Store
from storage.model_versions import STAGES


@dataclass(frozen=True)
class Promotion:
    """A stage change: the model as it is now, where it came from, and what it replaced."""

    model: ModelVersion
    previous_stage: str
    replaced: ModelVersion | None = None

    def summary(self) -> str:
        """One sentence for the user."""
        if self.previous_stage == self.model.stage:
            return f"Model {self.model.id} ({self.model.name}) is already in {self.model.stage}."
        text = (f"Model {self.model.id} ({self.model.name}) moved from {self.previous_stage} "
                f"to {self.model.stage}.")
        if self.replaced is not None:
            text += (f" Model {self.replaced.id} ({self.replaced.name}) left production and "
                     "is archived.")
        return text


def promote(
    store: Store, model: ModelVersion, stage: str, *, note: str = "", user: str = ""
) -> Promotion:
    """Move ``model`` to ``stage``; production archives the project's previous production model."""
    if stage not in STAGES:
        raise UserError(f"{stage!r} is not a stage.", f"Choose one of: {', '.join(STAGES)}.")
    before = store.production_model_version(model.project_id)
    moved = store.set_stage(model.id, stage, user=user, note=note.strip())
    replaced = None
    if stage == "production" and before is not None and before.id != model.id:
        replaced = store.model_version(before.id)
    return Promotion(moved, model.stage, replaced)


@dataclass(frozen=True)
class Lineage:
    """Where a model version came from: its project, run, spec, data, and stage history."""

    model: ModelVersion
    project: Project
    run: Run
    dataset: DatasetVersion | None
    parents: list[DatasetVersion] = field(default_factory=list)  # oldest first
    history: list[Event] = field(default_factory=list)  # stage changes and exports, oldest first

    @property
    def spec(self) -> dict:
        return self.run.spec

    def to_dict(self) -> dict:
        """Plain values, for ``--json`` and the project view."""
        data = self.dataset
        return {
            "model": {"id": self.model.id, "name": self.model.name, "stage": self.model.stage,
                      "metric": self.model.metric, "cv_score": self.model.cv_score,
                      "holdout_score": self.model.holdout_score,
                      "created_at": self.model.created_at},
            "project": {"id": self.project.id, "name": self.project.name},
            "run": {"id": self.run.id, "status": self.run.status,
                    "started_at": self.run.started_at, "budget": self.spec.get("budget"),
                    "target": self.spec.get("target"), "task": self.spec.get("task")},
            "dataset": None if data is None else {
                "id": data.id, "source_name": data.source_name, "rows": data.rows,
                "columns": data.columns, "sha256": data.sha256, "created_at": data.created_at,
                "parents": [p.id for p in self.parents]},
            "history": [{"at": e.at, "user": e.user, "kind": e.kind, "message": e.message,
                         "data": e.data} for e in self.history],
        }


def lineage(store: Store, model: ModelVersion) -> Lineage:
    """The lineage of ``model``; a dataset version that is gone shows as None."""
    run = store.run(model.run_id)
    dataset_id = model.details.get("dataset_version_id") or run.dataset_version_id
    dataset = None
    parents: list[DatasetVersion] = []
    if dataset_id is not None:
        try:
            dataset = store.dataset_version(dataset_id)
            parent_id = dataset.parent_id
            while parent_id is not None and len(parents) < 100:
                parent = store.dataset_version(parent_id)
                parents.insert(0, parent)
                parent_id = parent.parent_id
        except NotFound:
            pass
    return Lineage(model, store.project(model.project_id), run, dataset, parents,
                   store.events_about("model_version", model.id))
