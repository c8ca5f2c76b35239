"""Fits on a Dask cluster: every candidate × fold is a task, submitted at once.

The training part, the holdout and the folds are scattered to every worker once (broadcast:
scattered data has no recipe to rebuild it, so a copy on one worker would die with it); each
task gets them by reference. Earlier candidates get higher priority, so results arrive roughly in
the order ``engine.training`` records them, while later candidates keep idle workers busy.
A task whose worker dies is run again elsewhere by the scheduler (its ``allowed-failures``).
Cancelling (``close``) cancels every outstanding future. If the connection to the scheduler
is lost, ``outcomes`` raises ``ClusterLost``: the caller keeps the candidates that finished.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import CancelledError

from engine.compute.cluster import ClusterLost
from engine.fits import FitJob, FitOutcome, fit_final, fit_fold
from engine.reporter import Reporter

POLL_SECONDS = 0.1


class ClusterFits:
    """Submits every fit of ``pipelines`` on construction; ``outcomes`` hands them back."""

    def __init__(self, client, job: FitJob, pipelines: list) -> None:
        self.client = client
        tag = uuid.uuid4().hex[:8]
        try:
            train_x, train_y, holdout_x, folds = client.scatter(
                [job.train_x, job.train_y, job.holdout_x, job.folds], hash=False, broadcast=True)
            self.futures = [
                [
                    *(client.submit(fit_fold, pipeline, folds, fold, train_x, train_y, job.task,
                                    job.classes, key=f"firstwin-fit-{tag}-{index}-{fold}",
                                    priority=-index, pure=False)
                      for fold in range(len(job.folds))),
                    client.submit(fit_final, pipeline, train_x, train_y, holdout_x, job.task,
                                  job.classes, key=f"firstwin-fit-{tag}-{index}-final",
                                  priority=-index, pure=False),
                ]
                for index, pipeline in enumerate(pipelines)
            ]
        except (OSError, TimeoutError) as error:
            raise _lost(error) from None
        self._scattered = [train_x, train_y, holdout_x, folds]

    def outcomes(self, index: int, pipeline, reporter: Reporter,
                 side_by_side: bool) -> Iterator[FitOutcome]:
        """Candidate ``index``'s fold outcomes in fold order, then its final fit's.

        A task's own error (the candidate cannot fit this data) is raised as it is.
        """
        for future in self.futures[index]:
            while True:
                reporter.check_cancelled()
                try:
                    outcome = future.result(timeout=POLL_SECONDS)
                    break
                except TimeoutError:
                    if future.status == "cancelled" or self.client.status != "running":
                        raise _lost(None) from None
                except (CancelledError, OSError) as error:
                    raise _lost(error) from None
            yield outcome

    def close(self) -> None:
        """Cancel what has not finished, and let the scheduler forget every task and the
        scattered data (the results were taken already)."""
        every = [f for futures in self.futures for f in futures] + self._scattered
        try:
            if every and self.client.status == "running":
                self.client.cancel(every)
        except (OSError, TimeoutError):
            pass  # the cluster is gone: nothing is left to cancel
        self.futures = [[] for _ in self.futures]
        self._scattered = []


def _lost(error: BaseException | None) -> ClusterLost:
    reason = f" ({error})" if error else ""
    return ClusterLost(
        f"The connection to the Dask cluster was lost during the run{reason}.",
        "The models that had finished are kept with the failed run. Check the scheduler and "
        "train again, or run on this computer (Preferences → Compute, or --local).",
    )
