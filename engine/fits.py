"""Run one candidate's fits (k folds and the final fit), one after another or side by side.

This is the local way to fit (``LocalFits``); ``engine.compute.cluster_fits`` sends the same
``fit_fold`` / ``fit_final`` calls to a Dask cluster instead.

Side by side, on worker threads, pays off where fitting releases the GIL and uses one core
(the linear model: 2.7x on adult); candidates say so themselves (``fits_side_by_side``). Native
thread pools (OpenMP, BLAS) are limited to one thread per fit while fits run side by side, so
two HistGradientBoosting fits do not fight over the same cores (FACTS.md: oversubscription).
On cancel, pending fits are dropped and the caller returns at once; a fit already running
finishes in the background and is thrown away.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.base import clone
from threadpoolctl import threadpool_limits

from engine.reporter import Reporter
from engine.scoring import model_output

JOBS_ENV = "FIRSTWIN_JOBS"


def worker_count() -> int:
    """Fits to run side by side: ``$FIRSTWIN_JOBS``, else the machine's cores (at most 4)."""
    configured = os.environ.get(JOBS_ENV, "").strip()
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return max(1, min(4, os.cpu_count() or 1))


@dataclass
class FitOutcome:
    """One finished fit: a fold (``fold`` is its index) or the final fit (``fold`` is None).

    A fold's model is not kept (only its out-of-fold output is used), so ``model`` is None.
    """

    fold: int | None
    model: object | None
    output: np.ndarray | None  # out-of-fold output for a fold, holdout output for the final fit
    seconds: float


@dataclass
class FitJob:
    """What every candidate's fits share: the folds, the training part and the holdout."""

    folds: list[tuple[np.ndarray, np.ndarray]]
    train_x: pd.DataFrame
    train_y: np.ndarray
    holdout_x: pd.DataFrame
    task: str
    classes: list[str]


def fit_fold(pipeline, folds, index: int, train_x: pd.DataFrame, train_y: np.ndarray,
             task: str, classes: list[str]) -> FitOutcome:
    """Fit a clone of ``pipeline`` on fold ``index``'s fitting rows; score its test rows."""
    fit_rows, test_rows = folds[index]
    started = time.perf_counter()
    model = clone(pipeline).fit(train_x.iloc[fit_rows], train_y[fit_rows])
    output = model_output(model, train_x.iloc[test_rows], task, classes)
    return FitOutcome(index, None, output, time.perf_counter() - started)


def fit_final(pipeline, train_x: pd.DataFrame, train_y: np.ndarray, holdout_x: pd.DataFrame,
              task: str, classes: list[str]) -> FitOutcome:
    """Fit a clone of ``pipeline`` on the whole training part; its holdout output if any."""
    started = time.perf_counter()
    model = clone(pipeline).fit(train_x, train_y)
    seconds = time.perf_counter() - started
    output = model_output(model, holdout_x, task, classes) if len(holdout_x) else None
    return FitOutcome(None, model, output, seconds)


class LocalFits:
    """Fits on this computer, candidate after candidate (see ``run_fits``)."""

    def __init__(self, job: FitJob, pipelines: list | None = None) -> None:
        self.job = job  # each candidate's pipeline comes with its ``outcomes`` call

    def outcomes(self, index: int, pipeline, reporter: Reporter,
                 side_by_side: bool) -> Iterator[FitOutcome]:
        """Candidate ``index``'s fold outcomes in fold order, then its final fit's."""
        return run_fits(pipeline, self.job, reporter, workers=None if side_by_side else 1)

    def close(self) -> None:
        """Nothing to release: ``run_fits`` cleans up after itself."""


def run_fits(pipeline, job: FitJob, reporter: Reporter, workers: int | None = None,
             ) -> Iterator[FitOutcome]:
    """Yield each fold's outcome in fold order, then the final fit's.

    Raises ``Cancelled`` (from ``reporter.check_cancelled``) between outcomes.
    """
    workers = worker_count() if workers is None else workers
    fold_args = (job.train_x, job.train_y, job.task, job.classes)

    def one_fold(index: int) -> FitOutcome:
        return fit_fold(pipeline, job.folds, index, *fold_args)

    def final() -> FitOutcome:
        return fit_final(pipeline, job.train_x, job.train_y, job.holdout_x, job.task, job.classes)

    if workers <= 1:
        for index in range(len(job.folds)):
            reporter.check_cancelled()
            yield one_fold(index)
        reporter.check_cancelled()
        yield final()
        return

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="firstwin-fit")
    limits = threadpool_limits(limits=1)
    try:
        futures: list[Future] = [pool.submit(one_fold, i) for i in range(len(job.folds))]
        futures.append(pool.submit(final))
        for future in futures:
            while True:
                reporter.check_cancelled()
                try:
                    outcome = future.result(timeout=0.1)
                    break
                except TimeoutError:
                    continue
            yield outcome
    finally:
        # Never wait for a running fit here: on cancel the caller must return at once.
        pool.shutdown(wait=False, cancel_futures=True)
        limits.restore_original_limits()
