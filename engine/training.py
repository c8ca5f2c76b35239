"""Train the candidates against the no-ML baselines: k-fold CV, a final fit, a holdout check.

``train_candidates`` is pure: a frame and a prepared plan in, fitted models and scores out.
It reports through the reporter and stops cleanly between folds and candidates on cancel,
keeping every candidate that finished.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from engine.blend import BLEND_MIN_GAIN, choose_blend, prefit_blend
from engine.candidates import Candidate, display_name
from engine.compute.cluster import ClusterLost
from engine.fits import FitJob, FitOutcome, LocalFits
from engine.learning_curve import staged_scores
from engine.reporter import Cancelled, Reporter
from engine.run_digest import RankedResults
from engine.scoring import (
    PRIMARY_METRIC,
    is_classification,
    model_output,
    primary_score,
    secondary_scores,
)
from engine.validation import Split


class FitSource(Protocol):
    """Where a run's fits happen (``LocalFits``, ``ClusterFits``)."""

    def outcomes(self, index: int, pipeline, reporter: Reporter,
                 side_by_side: bool) -> Iterator[FitOutcome]: ...

    def close(self) -> None: ...


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
class TrainingResult(RankedResults):
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
    lost: ClusterLost | None = None  # the cluster went away: the finished candidates are kept

    @staticmethod
    def _counts_as_finished(result: CandidateResult) -> bool:
        return result.status == "finished" and result.model is not None


def train_candidates(
    features: pd.DataFrame,
    y: pd.Series,
    task: str,
    classes: list[str],
    candidates: list[tuple[Candidate, object]],
    split: Split,
    reporter: Reporter,
    start_fits: Callable[[FitJob, list], FitSource] = LocalFits,
) -> TrainingResult:
    """Cross-validate, fit and holdout-check each (candidate, unfitted pipeline) in order.

    ``features`` is the prepared model input (``engine.model_contract.prepare_features``);
    ``y`` holds class labels as strings, or numbers for regression. ``start_fits(job,
    pipelines)`` decides where the fits run: on this computer (``LocalFits``) or on a Dask
    cluster (``engine.compute.cluster_fits.ClusterFits``); the scores are the same.
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
    lost = None
    job = FitJob(split.folds, train_x, train_y, hold_x, task, classes)
    fits = start_fits(job, [pipeline for _, pipeline in candidates])

    try:
        for index, (candidate, pipeline) in enumerate(candidates):
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
                outcomes = fits.outcomes(index, pipeline, reporter, candidate.fits_side_by_side)
                reporter.progress(done_units / total_units, f"{name}: fold 1 of {len(split.folds)}")
                for outcome in outcomes:
                    done_units += 1
                    if outcome.fold is None:
                        _record_final(outcome, hold_x, hold_y, task, classes, result, reporter)
                        continue
                    _record_fold(outcome, split, train_y, task, classes, result, reporter)
                    following = (
                        f"fold {outcome.fold + 2} of {len(split.folds)}"
                        if outcome.fold + 1 < len(split.folds) else "final fit"
                    )
                    reporter.progress(done_units / total_units, f"{name}: {following}")
                reporter.log(_describe(result, metric))
            except (Cancelled, ClusterLost):
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
    except ClusterLost as error:
        lost = error
        reporter.log(f"{error.message} Finished candidates are kept.", "error")
    finally:
        fits.close()

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
        lost=lost,
    )


def _record_fold(outcome: FitOutcome, split: Split, train_y, task, classes, result, reporter):
    test_rows = split.folds[outcome.fold][1]
    result.cv_seconds += outcome.seconds
    if result.oof_output is None:
        shape = (len(train_y), len(classes)) if is_classification(task) else (len(train_y),)
        result.oof_output = np.full(shape, np.nan)
    result.oof_output[test_rows] = outcome.output
    score = primary_score(task, train_y[test_rows], outcome.output, classes)
    result.fold_scores.append(score)
    reporter.metric(f"cv/{result.key}/{PRIMARY_METRIC[task]}", score, outcome.fold)
    scores = np.array(result.fold_scores, dtype=float)
    result.cv_score = float(np.nanmean(scores)) if np.isfinite(scores).any() else None
    result.cv_std = float(np.nanstd(scores)) if np.isfinite(scores).any() else None


def _record_final(outcome: FitOutcome, hold_x, hold_y, task, classes, result, reporter):
    result.model = outcome.model
    result.fit_seconds = outcome.seconds
    reporter.metric(f"fit_seconds/{result.key}", result.fit_seconds, 0)
    if outcome.output is not None:
        _record_holdout(outcome.output, hold_y, task, classes, result, reporter)
        for iteration, score in staged_scores(outcome.model, hold_x, hold_y, task, classes):
            reporter.metric(f"iter/{result.key}/{PRIMARY_METRIC[task]}", score, iteration)


def _record_holdout(output, hold_y, task, classes, result, reporter):
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
    chosen = choose_blend(
        [m.oof_output for m in contenders], train_y, split.folds, task, classes,
        contenders[0].cv_score + BLEND_MIN_GAIN,
    )
    if chosen is None:
        return None
    size, best_score, best_folds = chosen
    best_members = contenders[:size]
    names = " + ".join(m.name for m in best_members)
    blend = prefit_blend([(m.key, m.model) for m in best_members], task)
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
        _record_holdout(output, hold_y, task, classes, result, reporter)
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
