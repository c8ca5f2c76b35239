"""Run one candidate's fits (k folds and the final fit), one after another or side by side.

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
    """One finished fit: a fold (``fold`` is its index) or the final fit (``fold`` is None)."""

    fold: int | None
    model: object
    output: np.ndarray | None  # out-of-fold output for a fold, holdout output for the final fit
    seconds: float


def run_fits(
    pipeline,
    folds: list[tuple[np.ndarray, np.ndarray]],
    train: tuple[pd.DataFrame, np.ndarray],
    holdout_x: pd.DataFrame,
    task: str,
    classes: list[str],
    reporter: Reporter,
    workers: int | None = None,
) -> Iterator[FitOutcome]:
    """Yield each fold's outcome in fold order, then the final fit's.

    Raises ``Cancelled`` (from ``reporter.check_cancelled``) between outcomes.
    """
    train_x, train_y = train
    workers = worker_count() if workers is None else workers

    def fit_fold(index: int) -> FitOutcome:
        fit_rows, test_rows = folds[index]
        started = time.perf_counter()
        model = clone(pipeline).fit(train_x.iloc[fit_rows], train_y[fit_rows])
        output = model_output(model, train_x.iloc[test_rows], task, classes)
        return FitOutcome(index, model, output, time.perf_counter() - started)

    def fit_final() -> FitOutcome:
        started = time.perf_counter()
        model = clone(pipeline).fit(train_x, train_y)
        seconds = time.perf_counter() - started
        output = model_output(model, holdout_x, task, classes) if len(holdout_x) else None
        return FitOutcome(None, model, output, seconds)

    if workers <= 1:
        for index in range(len(folds)):
            reporter.check_cancelled()
            yield fit_fold(index)
        reporter.check_cancelled()
        yield fit_final()
        return

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="firstwin-fit")
    limits = threadpool_limits(limits=1)
    try:
        futures: list[Future] = [pool.submit(fit_fold, i) for i in range(len(folds))]
        futures.append(pool.submit(fit_final))
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
