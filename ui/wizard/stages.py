"""The wizard's stages: plain functions that run in a StageWorker, never on the GUI thread.

No Qt here. Each takes a reporter and returns a plain result for the pages to draw. The engine
is imported inside the functions so opening the wizard does not import pandas or
scikit-learn on the GUI thread (FACTS.md: start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.reporter import ChildReporter, Reporter
from engine.spec import DataSource, Recipe, RunSpec

MAX_CHART_CLASSES = 12
HISTOGRAM_BINS = 30


@dataclass
class LoadedData:
    """A data file read and profiled (without a target yet)."""

    frame: Any  # pandas.DataFrame
    source: DataSource  # with the delimiter / encoding actually used
    format: str
    warnings: list[str]
    profile: Any  # engine.profile.Profile


@dataclass
class CandidateInfo:
    key: str
    name: str
    is_baseline: bool


@dataclass
class TargetAnalysis:
    """The target checked against its task: task, reason, profile, proposed recipe, chart data."""

    target: str
    task: str
    detected_task: str
    reason: str
    classes: list[str]
    majority: str | None
    profile: Any
    recipe: Recipe
    warnings: list[str]
    chart_labels: list[str] = field(default_factory=list)  # classes, most common first
    chart_counts: list[int] = field(default_factory=list)
    histogram_edges: list[float] = field(default_factory=list)
    candidates: dict[str, CandidateInfo] = field(default_factory=dict)
    budgets: dict[str, tuple[list[str], int]] = field(default_factory=dict)  # keys, folds
    metric_words: str = "score"


@dataclass
class ValueStats:
    """Holdout outcomes per 1,000 cases, for putting a price on the best model and no ML."""

    kind: str  # "binary" or "regression"
    positive: str = ""
    n_holdout: int = 0
    model: dict[str, float] = field(default_factory=dict)  # tp/fp/fn/tn per 1,000, or mae
    baseline: dict[str, float] = field(default_factory=dict)


@dataclass
class TrainingSummary:
    """A finished (or cancelled) run and what the results page needs to speak about it."""

    outcome: Any  # engine.runner.RunOutcome, or its RunDigest from a child process
    metric_words: str
    value_stats: ValueStats | None
    model_keys: dict[int, str]  # model id -> candidate key


def load_data(source: DataSource, reporter: Reporter) -> LoadedData:
    """Read the file (0–60 %) and profile its columns (60–100 %)."""
    from engine.importer import read_table
    from engine.profile import profile_frame

    imported = read_table(source, ChildReporter(reporter, 0.0, 0.6))
    profile = profile_frame(imported.frame, reporter=ChildReporter(reporter, 0.6, 1.0))
    return LoadedData(imported.frame, imported.source, imported.format, list(imported.warnings), profile)


def analyse_target(frame: Any, target: str, task_choice: str, reporter: Reporter) -> TargetAnalysis:
    """Detect (or check) the task, profile with the target (leak checks), propose a recipe."""
    import numpy as np

    from engine.candidates import BUDGET_CANDIDATES, CANDIDATES, display_name, race_plan
    from engine.profile import profile_frame
    from engine.recipe import propose_recipe
    from engine.scoring import METRIC_WORDS, PRIMARY_METRIC
    from engine.task import check_target, class_counts, detect_task

    reporter.progress(0.0, f"Looking at {target}")
    labelled = frame[target].dropna()
    guess = detect_task(frame[target], target)
    task = guess.task if task_choice == "auto" else task_choice
    check_target(frame, target, task)  # a TargetError says why this task cannot work
    reason = guess.reason if task == guess.task else (
        f"You chose {_task_words(task)}; FirstWin would have guessed {_task_words(guess.task)}. "
        + guess.reason
    )
    profile = profile_frame(frame, target, ChildReporter(reporter, 0.05, 0.9), task)
    recipe = propose_recipe(profile, target, task)
    analysis = TargetAnalysis(
        target=target, task=task, detected_task=guess.task, reason=reason, classes=[],
        majority=None, profile=profile, recipe=recipe, warnings=_profile_warnings(profile, target),
        metric_words=METRIC_WORDS[PRIMARY_METRIC[task]],
    )
    if task == "regression":
        import pandas as pd

        values = pd.to_numeric(labelled, errors="coerce").to_numpy(dtype=float)
        values = values[np.isfinite(values)]
        counts, edges = np.histogram(values, bins=HISTOGRAM_BINS)
        analysis.chart_counts, analysis.histogram_edges = counts.tolist(), edges.tolist()
    else:
        counts = class_counts(labelled)
        analysis.classes = sorted(counts.index.tolist())
        analysis.majority = str(counts.index[0])
        top = counts.iloc[:MAX_CHART_CLASSES]
        analysis.chart_labels = [str(v) for v in top.index]
        analysis.chart_counts = [int(n) for n in top.to_numpy()]
        if len(counts) > MAX_CHART_CLASSES:
            analysis.chart_labels.append(f"{len(counts) - MAX_CHART_CLASSES} others")
            analysis.chart_counts.append(int(counts.iloc[MAX_CHART_CLASSES:].sum()))
    # Candidate names and budgets come from here (not the GUI thread): importing
    # engine.candidates loads scikit-learn, which would stall the window for a second.
    for key, candidate in CANDIDATES.items():
        name = display_name(candidate, task, analysis.majority)
        analysis.candidates[key] = CandidateInfo(key, name, candidate.is_baseline)
    expected_train = int(len(labelled) * 0.8)  # the default holdout keeps 20 % aside
    for budget in BUDGET_CANDIDATES:
        racers, folds = race_plan(budget, expected_train)
        analysis.budgets[budget] = ([c.key for c in racers], folds)
    reporter.progress(1.0, "Target checked")
    return analysis


def train(store: Any, frame: Any, spec: RunSpec, source_name: str, reporter: Reporter,
          compute: Any = None) -> TrainingSummary:
    """Train and store one run, then count the best model's holdout outcomes for the money talk.

    ``compute`` (an engine.compute.ComputeChoice) says where the fits run; None: the workspace's
    choice.
    """
    from engine.runner import run_frame
    from engine.scoring import METRIC_WORDS

    outcome = run_frame(store, frame, spec, reporter, source_name=source_name, compute=compute)
    stats = None
    try:
        stats = value_stats(outcome)
    except Exception as error:  # noqa: BLE001 - the run is stored; only the money estimate is lost
        reporter.log(f"Could not work out the value per 1,000 cases: {error}", "warning")
    keys = {m.id: str((m.details or {}).get("key", "")) for m in outcome.models}
    return TrainingSummary(outcome, METRIC_WORDS.get(outcome.training.metric, outcome.training.metric),
                           stats, keys)


def train_in_child(workspace: str, frame: Any, spec: RunSpec, source_name: str, compute: Any,
                   reporter: Reporter) -> TrainingSummary:
    """``train`` for a child process (StageWorker.start_in_process): it opens its own store.

    ``compute``: a ComputeChoice, or None for the workspace's choice.
    """
    from storage import Store

    with Store.open(workspace) as store:
        summary = train(store, frame, spec, source_name, reporter, compute)
    # The result is pickled home and unpickled while holding the GIL: send the digest (scores
    # and stored models), whose classes import nothing heavy, so the window does not hitch at
    # the end (engine/run_digest.py). value_stats has used the fitted models already.
    return replace(summary, outcome=summary.outcome.digest())


def value_stats(outcome: Any) -> ValueStats | None:
    """Holdout outcomes of the best model and of the majority baseline, per 1,000 cases.

    Binary: true/false positives/negatives at the model's default threshold. Regression: the
    mean absolute error. None for multiclass, or when there is no holdout or no model.
    """
    training, plan = outcome.training, outcome.plan
    best, baseline = training.best, training.baseline
    holdout = plan.split.holdout
    if best is None or baseline is None or len(holdout) == 0:
        return None
    if training.task == "regression":
        return ValueStats("regression", n_holdout=len(holdout),
                          model={"mae": float(best.holdout_metrics.get("mae", float("nan")))},
                          baseline={"mae": float(baseline.holdout_metrics.get("mae", float("nan")))})
    if training.task != "binary":
        return None
    features = plan.features.iloc[holdout]
    truth = plan.y.iloc[holdout].to_numpy()
    positive = training.classes[1]  # the engine scores ROC-AUC with classes[1] as "yes"
    return ValueStats("binary", positive=positive, n_holdout=len(holdout),
                      model=_confusion(best.model.predict(features), truth, positive),
                      baseline=_confusion(baseline.model.predict(features), truth, positive))


@dataclass
class LabelSuggestions:
    """The unlabelled rows in the order to label them, and the quick model's guess for each."""

    order: list[int]
    suggestions: dict[int, tuple[str, float]]  # row key: (label, probability)
    reason: str = ""  # why there are no suggestions (empty when there are)


def suggest_labels(frame: Any, target: str, classes: list[str], seed: int,
                   reporter: Reporter) -> LabelSuggestions:
    """Fit the quick label model on the labelled rows; order the pool, most uncertain first."""
    from engine.annotate.active import labelling_order, pool_probabilities
    from engine.annotate.pool import unlabelled_positions
    from engine.errors import UserError

    pool = unlabelled_positions(frame, target)
    proba, reason = None, ""
    if pool:
        reporter.progress(0.1, "Training a quick model to suggest labels")
        try:
            proba = pool_probabilities(frame, target, seed=seed)
        except UserError as error:
            reason = f"No suggestions: {error.message}"
    reporter.check_cancelled()
    reporter.progress(0.9, "Ordering the rows, most uncertain first")
    order = labelling_order(pool, proba, seed=seed)
    suggestions: dict[int, tuple[str, float]] = {}
    if proba is not None and proba.shape[1] == len(classes):
        best = proba.argmax(axis=1)
        suggestions = {row: (classes[best[i]], float(proba[i, best[i]]))
                       for i, row in enumerate(pool)}
    elif proba is not None:
        reason = "No suggestions: the quick model saw other classes than the page shows."
    reporter.progress(1.0, "Suggestions ready")
    return LabelSuggestions(order, suggestions, reason)


def export(store: Any, model_id: int, folder: str, reporter: Reporter) -> Any:
    """Write the model package for ``model_id`` into ``folder`` (engine.export.ExportResult)."""
    from engine.export import export_model

    reporter.progress(0.1, "Writing the model package")
    result = export_model(store, store.model_version(model_id), Path(folder))
    reporter.progress(1.0, "Exported")
    return result


def _confusion(predicted: Any, truth: Any, positive: str) -> dict[str, float]:
    predicted = [str(p) == positive for p in predicted]
    actual = [str(t) == positive for t in truth]
    scale = 1000.0 / max(len(actual), 1)
    pairs = list(zip(predicted, actual, strict=True))
    return {
        "tp": scale * sum(p and a for p, a in pairs),
        "fp": scale * sum(p and not a for p, a in pairs),
        "fn": scale * sum(a and not p for p, a in pairs),
        "tn": scale * sum(not p and not a for p, a in pairs),
    }


def _profile_warnings(profile: Any, target: str) -> list[str]:
    """The profile's warnings in words: table-level first, then one line per column warning."""
    lines = list(profile.warnings)
    for column in profile.columns:
        for code in column.warnings:
            note = column.note_for(code)
            if not note:
                continue
            if column.name == target:
                note = f"{column.name} (the target): {note}"
            elif not note.startswith(column.name):  # most notes already name their column
                note = f"{column.name}: {note}"
            lines.append(note)
    return lines


def _task_words(task: str) -> str:
    return {"binary": "yes/no (binary)", "multiclass": "one of several classes (multiclass)",
            "regression": "a number (regression)"}.get(task, task)
