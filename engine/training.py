"""Train the candidates against the no-ML baselines: k-fold CV, a final fit, a holdout check.

``train_candidates`` is pure: a frame and a prepared plan in, fitted models and scores out.
It reports through the reporter and stops cleanly between folds and candidates on cancel,
keeping every candidate that finished.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.ensemble import VotingClassifier, VotingRegressor
from sklearn.preprocessing import LabelEncoder
from sklearn.utils import Bunch

from engine.candidates import Candidate, display_name
from engine.reporter import Cancelled, Reporter
from engine.scoring import (
    PRIMARY_METRIC,
    is_classification,
    model_output,
    primary_score,
    secondary_scores,
)
from engine.validation import Split

# A blend must beat the best single model by this much (CV) to be worth its extra weight.
BLEND_MIN_GAIN = 0.001


@dataclass
class CandidateResult:
    """What one candidate achieved. ``model`` is fitted on the training part (not the holdout)."""

    key: str
    name: str
    is_baseline: bool
    algorithm: str
    params: dict
    fold_scores: list[float] = field(default_factory=list)
    cv_score: float | None = None
    cv_std: float | None = None
    holdout_score: float | None = None
    holdout_metrics: dict = field(default_factory=dict)
    fit_seconds: float = 0.0
    cv_seconds: float = 0.0
    model: object | None = None
    oof_output: np.ndarray | None = None
    status: str = "finished"
    error: str = ""


@dataclass
class TrainingResult:
    """Every candidate's result, best first, with the baseline's for comparison."""

    task: str
    target: str
    metric: str
    classes: list[str]
    results: list[CandidateResult]
    warnings: list[str]
    n_train: int
    n_holdout: int
    n_folds: int
    cancelled: bool = False

    @property
    def finished(self) -> list[CandidateResult]:
        return [r for r in self.results if r.status == "finished" and r.model is not None]

    @property
    def best(self) -> CandidateResult | None:
        finished = self.finished
        return finished[0] if finished else None

    @property
    def baseline(self) -> CandidateResult | None:
        return next((r for r in self.finished if r.key == "baseline"), None)


def train_candidates(
    features: pd.DataFrame,
    y: pd.Series,
    task: str,
    classes: list[str],
    candidates: list[tuple[Candidate, object]],
    split: Split,
    reporter: Reporter,
) -> TrainingResult:
    """Cross-validate, fit and holdout-check each (candidate, unfitted pipeline) in order.

    ``features`` is the prepared model input (``engine.model_contract.prepare_features``);
    ``y`` holds class labels as strings, or numbers for regression.
    """
    labels = y.to_numpy()
    train_x, train_y = features.iloc[split.train], labels[split.train]
    hold_x, hold_y = features.iloc[split.holdout], labels[split.holdout]
    majority = pd.Series(train_y).mode().iloc[0] if is_classification(task) else None
    units_per_candidate = len(split.folds) + 1
    total_units = units_per_candidate * len(candidates) + 1
    done_units = 0
    results: list[CandidateResult] = []
    cancelled = False
    metric = PRIMARY_METRIC[task]

    try:
        for candidate, pipeline in candidates:
            reporter.check_cancelled()
            name = display_name(candidate, task, majority)
            result = CandidateResult(
                key=candidate.key,
                name=name,
                is_baseline=candidate.is_baseline,
                algorithm=type(pipeline.named_steps["model"]).__name__,
                params=_plain_params(pipeline.named_steps["model"]),
            )
            results.append(result)
            try:
                for fold_index, fold in enumerate(split.folds):
                    reporter.check_cancelled()
                    reporter.progress(
                        done_units / total_units,
                        f"{name}: fold {fold_index + 1} of {len(split.folds)}",
                    )
                    _run_fold(pipeline, fold, fold_index, train_x, train_y, task, classes, result, reporter)
                    done_units += 1
                reporter.check_cancelled()
                reporter.progress(done_units / total_units, f"{name}: final fit")
                _final_fit(pipeline, train_x, train_y, hold_x, hold_y, task, classes, result, reporter)
                done_units += 1
                reporter.log(_describe(result, metric))
            except Cancelled:
                result.status = "cancelled"
                result.model = None
                raise
            except Exception as error:  # noqa: BLE001 - one candidate failing must not end the race
                if candidate.key == "baseline":
                    raise
                result.status = "failed"
                result.error = f"{type(error).__name__}: {error}"
                result.model = None
                reporter.log(f"{name} failed and was skipped: {result.error}", "warning")
                done_units = units_per_candidate * len(results)
        blend = _blend(results, train_x, train_y, hold_x, hold_y, task, classes, split, reporter)
        if blend is not None:
            results.append(blend)
    except Cancelled:
        cancelled = True
        reporter.log("Stopped on request; finished candidates are kept.", "warning")

    reporter.progress(1.0, "done")
    ranked = sorted(results, key=_rank_key)
    return TrainingResult(
        task=task,
        target=str(y.name),
        metric=metric,
        classes=classes,
        results=ranked,
        warnings=list(split.warnings),
        n_train=len(split.train),
        n_holdout=len(split.holdout),
        n_folds=len(split.folds),
        cancelled=cancelled,
    )


def _run_fold(pipeline, fold, fold_index, train_x, train_y, task, classes, result, reporter):
    fit_rows, test_rows = fold
    started = time.perf_counter()
    model = clone(pipeline).fit(train_x.iloc[fit_rows], train_y[fit_rows])
    output = model_output(model, train_x.iloc[test_rows], task, classes)
    result.cv_seconds += time.perf_counter() - started
    if result.oof_output is None:
        shape = (len(train_y), len(classes)) if is_classification(task) else (len(train_y),)
        result.oof_output = np.full(shape, np.nan)
    result.oof_output[test_rows] = output
    score = primary_score(task, train_y[test_rows], output, classes)
    result.fold_scores.append(score)
    reporter.metric(f"cv/{result.key}/{PRIMARY_METRIC[task]}", score, fold_index)
    scores = np.array(result.fold_scores, dtype=float)
    result.cv_score = float(np.nanmean(scores)) if np.isfinite(scores).any() else None
    result.cv_std = float(np.nanstd(scores)) if np.isfinite(scores).any() else None


def _final_fit(pipeline, train_x, train_y, hold_x, hold_y, task, classes, result, reporter):
    started = time.perf_counter()
    model = clone(pipeline).fit(train_x, train_y)
    result.fit_seconds = time.perf_counter() - started
    result.model = model
    reporter.metric(f"fit_seconds/{result.key}", result.fit_seconds, 0)
    if len(hold_y):
        output = model_output(model, hold_x, task, classes)
        result.holdout_score = primary_score(task, hold_y, output, classes)
        result.holdout_metrics = secondary_scores(task, hold_y, output, classes)
        reporter.metric(f"holdout/{result.key}/{PRIMARY_METRIC[task]}", result.holdout_score, 0)


def _blend(results, train_x, train_y, hold_x, hold_y, task, classes, split, reporter):
    """Average the top models' outputs if that beats the best single model out of fold."""
    contenders = sorted(
        (r for r in results if r.status == "finished" and not r.is_baseline and r.cv_score is not None),
        key=lambda r: -r.cv_score,
    )
    if len(contenders) < 2:
        return None
    best_single = contenders[0].cv_score
    best_members, best_score, best_folds = None, best_single + BLEND_MIN_GAIN, None
    for size in (2, 3):
        members = contenders[:size]
        if len(members) < size:
            break
        folds = [
            primary_score(task, train_y[test], np.mean([m.oof_output[test] for m in members], axis=0), classes)
            for _, test in split.folds
        ]
        score = float(np.nanmean(folds))
        if score > best_score:
            best_members, best_score, best_folds = members, score, folds
    if best_members is None:
        return None
    names = " + ".join(m.name for m in best_members)
    blend = _prefit_blend([(m.key, m.model) for m in best_members], task)
    result = CandidateResult(
        key="blend",
        name=f"Blend of {names}",
        is_baseline=False,
        algorithm=type(blend).__name__,
        params={"members": [m.key for m in best_members]},
        fold_scores=best_folds,
        cv_score=best_score,
        cv_std=float(np.nanstd(best_folds)),
        cv_seconds=sum(m.cv_seconds for m in best_members),
        fit_seconds=sum(m.fit_seconds for m in best_members),
        model=blend,
    )
    for index, score in enumerate(best_folds):
        reporter.metric(f"cv/blend/{PRIMARY_METRIC[task]}", score, index)
    result.oof_output = np.mean([m.oof_output for m in best_members], axis=0)
    if len(hold_y):
        output = model_output(blend, hold_x, task, classes)
        result.holdout_score = primary_score(task, hold_y, output, classes)
        result.holdout_metrics = secondary_scores(task, hold_y, output, classes)
        reporter.metric(f"holdout/blend/{PRIMARY_METRIC[task]}", result.holdout_score, 0)
    reporter.log(_describe(result, PRIMARY_METRIC[task]))
    return result


def _rank_key(result: CandidateResult) -> tuple:
    usable = result.status == "finished" and result.model is not None and result.cv_score is not None
    return (not usable, -(result.cv_score if usable else 0.0), result.is_baseline)


def _describe(result: CandidateResult, metric: str) -> str:
    cv = "n/a" if result.cv_score is None else f"{result.cv_score:.4f} ± {result.cv_std or 0:.4f}"
    hold = "" if result.holdout_score is None else f", holdout {result.holdout_score:.4f}"
    return f"{result.name}: CV {metric} {cv}{hold} (fit {result.fit_seconds:.2f} s)"


def _plain_params(estimator) -> dict:
    """Estimator parameters that are plain JSON values."""
    plain = {}
    for key, value in estimator.get_params(deep=False).items():
        if isinstance(value, (bool, int, float, str)) or value is None:
            plain[key] = value
        elif isinstance(value, (list, tuple)) and all(isinstance(v, (bool, int, float, str)) for v in value):
            plain[key] = list(value)
    return plain


def _prefit_blend(members: list[tuple[str, object]], task: str):
    """A soft-voting blend of models that are already fitted, without fitting them again.

    scikit-learn's Voting estimators only fit their own clones; setting the fitted attributes
    directly reuses the members' final fits. Members were fitted on the class labels
    themselves, so their probability columns follow their sorted ``classes_`` like ``le_``.
    Round-trip and prediction tests in tests/engine/test_training.py pin this down.
    """
    if is_classification(task):
        blend = VotingClassifier(members, voting="soft")
        # The members' own classes: a class seen only in the holdout is not among them.
        blend.le_ = LabelEncoder().fit(np.asarray(members[0][1].classes_, dtype=object))
        blend.classes_ = blend.le_.classes_
    else:
        blend = VotingRegressor(members)
    blend.estimators_ = [model for _, model in members]
    blend.named_estimators_ = Bunch(**dict(members))
    return blend
