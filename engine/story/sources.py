"""Everything a story is told from, read once: project, model, evaluation, data, run, card.

The model is the project's production version, else the best of its newest run. Its
evaluation is the kept one, or computed now (a few seconds) and kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.analysis.record import evaluate_model_version
from engine.errors import UserError
from engine.model_card import render_markdown
from engine.registry import decision_threshold
from engine.reporter import ChildReporter, Reporter
from engine.spec import ValueMatrix
from engine.story.settings import load_settings
from storage import DatasetVersion, ModelVersion, NotFound, Project, Run, Store


@dataclass
class StorySources:
    """The rows and the evaluation a story reads; plain data, no open handles."""

    project: Project
    model: ModelVersion
    run: Run
    models: list[ModelVersion]  # the model's run, ranked (baselines included)
    dataset: DatasetVersion | None
    evaluation: dict
    value: ValueMatrix
    settings: dict
    card_markdown: str
    batches: list | None  # None: this FirstWin cannot monitor yet; []: nothing scored yet

    @property
    def task(self) -> str:
        return self.evaluation["task"]

    @property
    def profile(self) -> dict:
        return self.dataset.profile if self.dataset is not None else {}


def story_model(store: Store, project_id: int) -> ModelVersion:
    """The model a story is about: production if there is one, else the best of the newest run."""
    model = store.production_model_version(project_id) or store.best_model_version(project_id)
    if model is None:
        name = store.project(project_id).name
        raise UserError(
            f"Project {name!r} has no trained model yet, so there is no story to tell.",
            "Train one first (New run… in the project, or main.py train).",
        )
    return model


def gather(store: Store, project_id: int, reporter: Reporter | None = None) -> StorySources:
    """Read (and evaluate, if needed) what the story of ``project_id`` needs."""
    reporter = reporter or Reporter()
    project = store.project(project_id)
    model = story_model(store, project_id)
    reporter.progress(0.05, "Reading the model's evaluation")
    evaluation = evaluate_model_version(store, model, ChildReporter(reporter, 0.05, 0.9))
    reporter.check_cancelled()
    dataset = _dataset(store, model)
    value = _value_matrix(project.value)
    card = ""
    if dataset is not None:
        card = render_markdown(project, dataset, model, threshold=decision_threshold(model))
    batches_of = getattr(store, "batches", None)
    return StorySources(
        project=project,
        model=model,
        run=store.run(model.run_id),
        models=store.model_versions(run_id=model.run_id),
        dataset=dataset,
        evaluation=evaluation,
        value=value,
        settings=load_settings(store, project_id),
        card_markdown=card,
        batches=None if batches_of is None else list(batches_of(project_id)),
    )


def _dataset(store: Store, model: ModelVersion) -> DatasetVersion | None:
    version_id = model.details.get("dataset_version_id")
    if version_id is None:
        return None
    try:
        return store.dataset_version(int(version_id))
    except NotFound:
        return None


def _value_matrix(raw: dict) -> ValueMatrix:
    known = {k: raw[k] for k in ValueMatrix.__dataclass_fields__ if k in (raw or {})}
    try:
        return ValueMatrix(**known)
    except TypeError:
        return ValueMatrix()
