"""Training races candidates against the no-ML baselines, and stops cleanly on cancel."""

import numpy as np
import pandas as pd
import pytest

from engine.candidates import CANDIDATES, Candidate, candidates_for
from engine.reporter import RecordingReporter
from engine.spec import Validation
from engine.training import train_candidates
from engine.validation import make_split
from tests.engine.helpers import churn_like, prepared


def _race(frame, target, task, keys, reporter=None, folds=3):
    features, y, classes, schema, recipe = prepared(frame, target, task)
    split = make_split(frame, y, task, Validation(folds=folds), seed=0)
    candidates = [(c, c.build(schema, recipe, task, len(split.train), 0))
                  for c in candidates_for("quick", keys)]
    return train_candidates(features, y, task, classes, candidates, split,
                            reporter or RecordingReporter())


def test_baselines_always_race_first_even_when_not_requested():
    keys = [c.key for c in candidates_for("standard", ["boosting"])]
    assert keys[:2] == ["baseline", "one_rule"]
    assert "boosting" in keys


def test_unknown_candidate_is_a_user_error_listing_the_choices():
    from engine.errors import UserError

    with pytest.raises(UserError, match="Choose from"):
        candidates_for("quick", ["neural_net"])


def test_models_beat_the_no_ml_baseline_on_learnable_data():
    result = _race(churn_like(), "Churn", "binary", ["linear"])
    baseline = result.baseline
    assert baseline is not None and baseline.name == "No ML: always 'No'"
    assert baseline.cv_score == pytest.approx(0.5)
    assert result.best.key in ("linear", "one_rule")
    assert result.best.cv_score > 0.75
    assert all(len(r.fold_scores) == 3 for r in result.finished)
    assert all(r.holdout_score is not None for r in result.finished)


def test_regression_baseline_predicts_the_mean():
    frame = churn_like()
    frame["target"] = frame["tenure"] * 2.0 + np.random.default_rng(1).normal(0, 5, len(frame))
    frame = frame.drop(columns=["Churn"])
    result = _race(frame, "target", "regression", ["linear"])
    assert result.metric == "r2"
    assert result.baseline.cv_score < 0.05
    assert result.best.cv_score > 0.9


def test_cancel_between_folds_keeps_finished_candidates_only():
    reporter = RecordingReporter(cancel_after_metrics=5)  # 3 folds + fit + holdout of the baseline
    result = _race(churn_like(), "Churn", "binary", ["linear", "boosting"], reporter)
    assert result.cancelled
    assert [r.key for r in result.finished] == ["baseline"]
    assert len(result.results) == 1  # the next candidate never started


def test_a_failing_candidate_is_skipped_and_the_race_goes_on():
    from sklearn.base import BaseEstimator, ClassifierMixin

    class Broken(ClassifierMixin, BaseEstimator):
        def fit(self, X, y):
            raise RuntimeError("boom")

    def build(schema, recipe, task, n_rows, seed):
        from sklearn.pipeline import Pipeline

        pipeline = CANDIDATES["linear"].build(schema, recipe, task, n_rows, seed)
        return Pipeline([("clean", pipeline.named_steps["clean"]), ("model", Broken())])

    features, y, classes, schema, recipe = prepared(churn_like(), "Churn", "binary")
    split = make_split(features, y, "binary", Validation(folds=3), seed=0)
    broken = Candidate("broken", "Broken", False, build)
    candidates = [(c, c.build(schema, recipe, "binary", len(split.train), 0))
                  for c in [CANDIDATES["baseline"], broken, CANDIDATES["linear"]]]
    reporter = RecordingReporter()
    result = train_candidates(features, y, "binary", classes, candidates, split, reporter)
    failed = [r for r in result.results if r.status == "failed"]
    assert [r.key for r in failed] == ["broken"] and "boom" in failed[0].error
    assert {r.key for r in result.finished} == {"baseline", "linear"}
    assert any("Broken failed" in message for _, message in reporter.logs)


def test_rare_class_is_warned_about_and_scored_without_crashing():
    frame = churn_like(300)
    frame.loc[:2, "Churn"] = "Maybe"  # a class of three rows
    features, y, classes, schema, recipe = prepared(frame, "Churn", "multiclass")
    split = make_split(frame, y, "multiclass", Validation(folds=5), seed=0)
    assert any("'Maybe'" in w for w in split.warnings)
    candidates = [(c, c.build(schema, recipe, "multiclass", len(split.train), 0))
                  for c in candidates_for("quick", ["linear"])]
    result = train_candidates(features, y, "multiclass", classes, candidates, split,
                              RecordingReporter())
    assert result.best.oof_output.shape == (len(split.train), 3)


def test_progress_is_monotonic_and_metrics_carry_fold_steps():
    reporter = RecordingReporter()
    _race(churn_like(), "Churn", "binary", ["linear"], reporter)
    fractions = [f for f, _ in reporter.progress_events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    steps = [m.step for m in reporter.metrics if m.key == "cv/linear/roc_auc"]
    assert steps == [0, 1, 2]


def test_too_few_rows_is_a_clear_data_error():
    from engine.errors import DataError

    frame = churn_like(8)
    with pytest.raises(DataError, match="at least"):
        make_split(frame, frame["Churn"], "binary", Validation(), 0)


def test_same_seed_gives_the_same_scores():
    first = _race(churn_like(), "Churn", "binary", ["boosting"])
    second = _race(churn_like(), "Churn", "binary", ["boosting"])
    assert [r.cv_score for r in first.results] == [r.cv_score for r in second.results]
    assert isinstance(first.results[0].oof_output, np.ndarray)
    assert isinstance(pd.Series(first.results[0].fold_scores).mean(), float)


def test_blend_averages_its_fitted_members_without_refitting(tmp_path):
    from engine.blend import prefit_blend
    from engine.model_io import load_model, model_to_bytes

    features, y, classes, schema, recipe = prepared(churn_like(), "Churn", "binary")
    members = [(k, CANDIDATES[k].build(schema, recipe, "binary", len(y), 0).fit(features, y))
               for k in ("linear", "small_tree")]
    blend = prefit_blend(members, "binary")
    expected = np.mean([m.predict_proba(features) for _, m in members], axis=0)
    np.testing.assert_allclose(blend.predict_proba(features), expected)
    assert list(blend.classes_) == ["No", "Yes"]
    assert set(blend.predict(features)) <= {"No", "Yes"}
    path = tmp_path / "blend.skops"
    path.write_bytes(model_to_bytes(blend))
    np.testing.assert_allclose(load_model(path).predict_proba(features), expected)


def test_regression_blend_averages_predictions():
    from engine.blend import prefit_blend

    frame = churn_like().drop(columns=["Churn"])
    frame["target"] = frame["tenure"] * 1.5
    features, y, classes, schema, recipe = prepared(frame, "target", "regression")
    members = [(k, CANDIDATES[k].build(schema, recipe, "regression", len(y), 0).fit(features, y))
               for k in ("linear", "small_tree")]
    expected = np.mean([m.predict(features) for _, m in members], axis=0)
    np.testing.assert_allclose(prefit_blend(members, "regression").predict(features), expected)
