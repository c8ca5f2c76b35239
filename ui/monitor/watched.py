"""Which model the Monitor view watches, and its scores at training time. Qt- and pandas-free.

New batches are scored with the production model, else the project's best; the metric chart
draws the watched model's score on rows held back at training (and its no-ML baseline's).
"""

from __future__ import annotations

from storage import ModelVersion, Store


def watched_model(store: Store, project_id: int) -> ModelVersion | None:
    """The model new batches are scored with: the production one, else the project's best."""
    return store.production_model_version(project_id) or store.best_model_version(project_id)


def model_facts(model: ModelVersion | None) -> dict | None:
    """The watched model in brief, with its scores at training time (held-back rows first)."""
    if model is None:
        return None
    baseline = model.details.get("baseline") or {}
    training = model.holdout_score if model.holdout_score is not None else model.cv_score
    base = baseline.get("holdout_score")
    return {"id": model.id, "name": model.name, "stage": model.stage, "metric": model.metric,
            "task": model.details.get("task"), "target": model.details["schema"]["target"],
            "training": training, "baseline": base if base is not None else baseline.get("cv_score"),
            "baseline_name": baseline.get("name", "No ML")}
