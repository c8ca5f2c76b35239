"""A finished run's scores and stored models, in classes that import nothing heavy.

``engine.runner.RunOutcome`` holds the training plan, the fitted models and out-of-fold outputs,
and its module imports scikit-learn and skops. A run trained in a child process is sent home
pickled, and unpickling a RunOutcome in the window's process imports all of that while holding
the GIL (the window froze for 160 ms at the end of a run: benchmarks/gui_stall.py). The child
sends ``RunOutcome.digest()`` instead: the same attributes the pages read (``run``, ``models``,
``best_model``, ``leaderboard()``, ``training.finished`` / ``best`` / ``baseline`` ...), with
plain numbers in place of models.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.entities import ModelVersion, Run


class RankedResults:
    """``finished``, ``best`` and ``baseline`` of a race's ``results`` (best first).

    Shared by ``engine.training.TrainingResult`` and ``TrainingDigest``; each says what counts
    as finished (``_counts_as_finished``).
    """

    results: list

    @staticmethod
    def _counts_as_finished(result) -> bool:
        raise NotImplementedError

    @property
    def finished(self) -> list:
        return [r for r in self.results if self._counts_as_finished(r)]

    @property
    def best(self):
        finished = self.finished
        return finished[0] if finished else None

    @property
    def baseline(self):
        return next((r for r in self.finished if r.key == "baseline"), None)


class StoredModels:
    """``best_model`` and ``leaderboard()`` of a run's stored ``models`` (best first).

    Shared by ``engine.runner.RunOutcome`` and ``RunDigest``.
    """

    models: list[ModelVersion]

    @property
    def best_model(self) -> ModelVersion | None:
        return self.models[0] if self.models else None

    def leaderboard(self) -> list[dict]:
        """One row per stored model, best first, as the leaderboard tables show them."""
        return [
            {
                "model_id": m.id,
                "name": m.name,
                "cv_score": m.cv_score,
                "cv_std": m.cv_std,
                "holdout_score": m.holdout_score,
                "fit_seconds": round(m.fit_seconds, 3),
                "is_baseline": m.is_baseline,
            }
            for m in self.models
        ]


@dataclass
class ResultDigest:
    """One candidate's scores (``engine.training.CandidateResult`` without its model)."""

    key: str
    name: str
    is_baseline: bool
    algorithm: str
    finished: bool  # finished with a model, as CandidateResult counts it
    status: str = "finished"
    fold_scores: list[float] = field(default_factory=list)
    cv_score: float | None = None
    cv_std: float | None = None
    holdout_score: float | None = None
    holdout_metrics: dict = field(default_factory=dict)
    fit_seconds: float = 0.0
    error: str = ""


@dataclass
class TrainingDigest(RankedResults):
    """The race's results (``engine.training.TrainingResult`` without models or outputs)."""

    task: str
    target: str
    metric: str
    classes: list[str]
    results: list[ResultDigest]  # in the order the race ranked them, best first
    warnings: list[str]
    n_train: int
    n_holdout: int
    n_folds: int
    cancelled: bool = False

    @staticmethod
    def _counts_as_finished(result: ResultDigest) -> bool:
        return result.finished


@dataclass
class RunDigest(StoredModels):
    """A stored run and its models (``engine.runner.RunOutcome`` without the plan)."""

    run: Run
    project_name: str
    training: TrainingDigest
    models: list[ModelVersion]  # best first, as ranked
