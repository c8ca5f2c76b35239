"""What the store says about a project, in the words the home page and project view show.

Qt-free on purpose: the loop stage a project reached, its best score against the no-ML
baseline, and dates in local time are plain functions over store rows, tested without a window.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from storage import ModelVersion, Project, Run, Store

# The loop from ARCHITECTURE.md, in order.
STAGES = ("Frame", "Collect", "Clean", "Annotate", "Train", "Analyze", "Ship", "Monitor")
# Stages this version can actually do; the others are shown as "coming later", never as done.
AVAILABLE = frozenset({"Frame", "Collect", "Clean", "Annotate", "Train", "Analyze", "Ship",
                       "Monitor"})
# Stages a project may skip: never proposed as the next step (labelling is only for data with
# missing or doubtful labels).
OPTIONAL = frozenset({"Annotate"})
# Runs whose models are real results (a cancelled run keeps the candidates that finished).
DONE_RUN_STATUSES = ("finished", "cancelled")

METRIC_WORDS = {
    "roc_auc": "ROC-AUC",
    "balanced_accuracy": "balanced accuracy",
    "accuracy": "accuracy",
    "r2": "R²",
    "mae": "mean absolute error",
    "rmse": "root mean squared error",
}
TASK_WORDS = {"binary": "yes / no", "multiclass": "categories", "regression": "number"}


@dataclass(frozen=True)
class Score:
    """A model's CV score next to its run's no-ML baseline."""

    metric: str
    best_name: str
    best: float | None
    best_is_baseline: bool
    baseline_name: str
    baseline: float | None

    def words(self) -> str:
        """E.g. "ROC-AUC 0.842 vs 0.500 without ML"."""
        label = METRIC_WORDS.get(self.metric, self.metric)
        if self.best is None:
            return f"{label}: no score"
        text = f"{label} {self.best:.3f}"
        if self.baseline is not None and not self.best_is_baseline:
            text += f" vs {self.baseline:.3f} without ML"
        elif self.best_is_baseline:
            text += " (no model beat the no-ML baseline)"
        return text


@dataclass(frozen=True)
class ProjectSummary:
    project: Project
    task: str | None
    score: Score | None
    runs: int
    last_run_at: str | None
    last_activity: str  # ISO; the home page sorts on it
    done: frozenset[str]

    @property
    def stage_reached(self) -> str:
        return stage_reached(self.done)


def summarize(store: Store, project: Project) -> ProjectSummary:
    """One project's summary from a handful of small store reads."""
    runs = store.runs(project.id)
    best = store.best_model_version(project.id)
    # The trained model knows the task for sure; otherwise the newest run that decided it.
    task = best.details.get("task") if best is not None else None
    if task is None:
        decided = (r.spec.get("task") for r in runs if r.spec.get("task") not in (None, "auto"))
        task = next(decided, None)
    last_run_at = runs[0].started_at if runs else None
    activity = max(filter(None, [project.updated_at, project.created_at, last_run_at]))
    return ProjectSummary(
        project=project,
        task=task,
        score=score_of(best),
        runs=len(runs),
        last_run_at=last_run_at,
        last_activity=activity,
        done=stages_done(store, project.id, runs),
    )


def score_of(model: ModelVersion | None) -> Score | None:
    """The best model's score and its run's baseline (``details["baseline"]``)."""
    if model is None:
        return None
    baseline = model.details.get("baseline") or {}
    return Score(
        metric=model.metric,
        best_name=model.name,
        best=model.cv_score,
        best_is_baseline=model.is_baseline,
        baseline_name=str(baseline.get("name", "No ML")),
        baseline=baseline.get("cv_score"),
    )


def stages_done(store: Store, project_id: int, runs: list[Run] | None = None) -> frozenset[str]:
    """The loop stages the store shows as done for a project (only stages this version has)."""
    done = {"Frame"}  # the project exists: the question is framed
    if store.dataset_versions(project_id):
        done |= {"Collect", "Clean"}  # a dataset version exists only after import + recipe
        if store.has_annotations(project_id):
            done.add("Annotate")
    runs = store.runs(project_id) if runs is None else runs
    if any(r.status in DONE_RUN_STATUSES for r in runs):
        models = store.model_versions(project_id=project_id)
        if models:
            done |= {"Collect", "Clean", "Train"}
            if store.has_evaluations(project_id):
                done.add("Analyze")
            if any(m.stage == "production" for m in models):
                done.add("Ship")
            if store.latest_batch(project_id) is not None:  # one row, not every batch's summary
                done.add("Monitor")
    return frozenset(done & AVAILABLE)


def stage_reached(done: frozenset[str] | set[str]) -> str:
    """The furthest stage done, in loop order."""
    reached = [stage for stage in STAGES if stage in done]
    return reached[-1] if reached else STAGES[0]


def next_stage(done: frozenset[str] | set[str]) -> str | None:
    """The first available, not optional stage after the furthest one done (None at the end)."""
    after = STAGES[STAGES.index(stage_reached(done)) + 1 :]
    return next((stage for stage in after
                 if stage in AVAILABLE and stage not in OPTIONAL and stage not in done), None)


def parse_time(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None


def format_when(iso: str | None, now: datetime | None = None) -> str:
    """A stored UTC time in local words: "today 14:05", "yesterday 09:12", "3 Nov 2026"."""
    when = parse_time(iso)
    if when is None:
        return "—"
    now = now or datetime.now(UTC).astimezone()
    days = (now.date() - when.date()).days
    if days == 0:
        return f"today {when:%H:%M}"
    if days == 1:
        return f"yesterday {when:%H:%M}"
    return f"{when.day} {when:%b %Y}"


def format_duration(run: Run) -> str:
    """A run's duration: "42 s", "3 min 05 s", or its state while it has no end."""
    start, end = parse_time(run.started_at), parse_time(run.ended_at)
    if start is None:
        return "—"
    if end is None:
        return "running" if run.status == "running" else "—"
    seconds = max(0, round((end - start).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
