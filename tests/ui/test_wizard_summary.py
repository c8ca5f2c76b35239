"""The results summary and time estimates: plain words from measured numbers (no Qt needed)."""

from __future__ import annotations

from types import SimpleNamespace

from engine.spec import ValueMatrix
from ui.wizard.estimates import clock, duration_words, estimate_seconds, remaining_seconds
from ui.wizard.stages import TrainingSummary, ValueStats, _confusion
from ui.wizard.summary import summary_paragraphs


def result(name, cv, baseline=False, accuracy=None, holdout=None, std=0.002):
    return SimpleNamespace(name=name, cv_score=cv, cv_std=std, holdout_score=holdout,
                           is_baseline=baseline,
                           holdout_metrics={} if accuracy is None else {"accuracy": accuracy})


def summary(results, task="binary", stats=None, cancelled=False):
    finished = sorted(results, key=lambda r: -r.cv_score)
    baseline = next((r for r in finished if r.name.startswith("No ML")), None)
    training = SimpleNamespace(finished=finished, baseline=baseline, task=task, cancelled=cancelled,
                               n_holdout=200, n_folds=3)
    return TrainingSummary(SimpleNamespace(training=training), "ROC-AUC", stats, {})


CHURN = [result("No ML: always 'No'", 0.5, True, accuracy=0.73, holdout=0.5),
         result("One-feature rule", 0.72, True, accuracy=0.73, holdout=0.72),
         result("Linear model", 0.84, accuracy=0.80, holdout=0.85)]
VALUE = ValueMatrix(true_positive_value=100, false_positive_cost=20)


def test_the_best_model_is_compared_with_the_strongest_baseline():
    text = " ".join(summary_paragraphs(summary(CHURN), VALUE, skipped=False))
    assert text.startswith("The best model, Linear model, scores 0.84 ROC-AUC, against 0.72 for "
                           "“One-feature rule” without ML.")
    assert "scores 0.85" in text  # the holdout
    assert "right 80 % of the time" in text and "73 %" in text and "7 points more" in text


def test_nothing_beating_the_baseline_is_said_plainly():
    weak = [result("No ML: always 'No'", 0.5, True), result("One-feature rule", 0.70, True),
            result("Linear model", 0.702)]
    first = summary_paragraphs(summary(weak), VALUE, skipped=False)[0]
    assert first.startswith("No model beat the no-ML baseline.")


def test_value_per_thousand_cases_comes_from_holdout_counts():
    stats = ValueStats("binary", positive="Yes", n_holdout=200,
                       model={"tp": 150, "fp": 50, "fn": 100, "tn": 700},
                       baseline={"tp": 0, "fp": 0, "fn": 250, "tn": 750})
    text = summary_paragraphs(summary(CHURN, stats=stats), VALUE, skipped=False)[-1]
    # 150 × $100 − 50 × $20 = $14,000. Without ML, acting on all 250 "Yes" and 750 "No" cases
    # is worth 250 × $100 − 750 × $20 = $10,000, more than acting on none ($0).
    assert text.startswith("On 1,000 cases, acting on its “Yes” predictions would be worth about "
                           "$14,000, against $10,000 for the best choice without ML (treating "
                           "every case as “Yes”): a difference of about $4,000.")


def test_the_no_ml_value_is_acting_on_no_case_when_that_is_worth_more():
    stats = ValueStats("binary", positive="Yes", n_holdout=200,
                       model={"tp": 150, "fp": 50, "fn": 100, "tn": 700},
                       baseline={"tp": 0, "fp": 0, "fn": 50, "tn": 950})
    text = summary_paragraphs(summary(CHURN, stats=stats), VALUE, skipped=False)[-1]
    # Acting on everyone: 50 × $100 − 950 × $20 = −$14,000; acting on no one: $0.
    assert "against $0 for the best choice without ML (treating no case as “Yes”)" in text


def test_regression_value_is_the_cost_of_errors():
    stats = ValueStats("regression", n_holdout=200, model={"mae": 2.0}, baseline={"mae": 5.0})
    text = summary_paragraphs(summary(CHURN, task="regression", stats=stats),
                              ValueMatrix(cost_per_unit_error=3, currency="€"), skipped=False)[-1]
    assert "€6,000" in text and "€15,000" in text and "€9,000 saved" in text


def test_without_a_computable_value_the_summary_says_where_it_will_be():
    text = summary_paragraphs(summary(CHURN, task="multiclass"), VALUE, skipped=False)[-1]
    assert "Analyze" in text
    assert "no money figure" in summary_paragraphs(summary(CHURN), VALUE, skipped=True)[-1]


def test_a_stopped_run_says_so_first():
    first = summary_paragraphs(summary(CHURN, cancelled=True), VALUE, skipped=False)[0]
    assert first.startswith("Training was stopped early")


def test_confusion_counts_are_per_thousand_cases():
    counts = _confusion(["Yes", "No", "Yes", "No"], ["Yes", "Yes", "No", "No"], "Yes")
    assert counts == {"tp": 250.0, "fp": 250.0, "fn": 250.0, "tn": 250.0}


def test_estimates_grow_with_rows_and_budget_and_read_as_words():
    quick = estimate_seconds(["baseline", "one_rule", "linear", "boosting"], 3, 7000, 19)
    thorough = estimate_seconds(["baseline", "one_rule", "linear", "forest_big", "boosting"], 5, 7000, 19)
    bigger = estimate_seconds(["baseline", "one_rule", "linear", "boosting"], 3, 70_000, 19)
    assert quick < thorough and quick < bigger
    assert duration_words(5) == "under 10 s"
    assert duration_words(42) == "about 40 s"
    assert duration_words(185) == "about 3 min"
    assert clock(75) == "1:15" and clock(3725) == "1:02:05"


def test_remaining_time_follows_the_run_once_it_has_a_pace():
    assert remaining_seconds(elapsed=0.5, fraction=0.01, fallback=30) == 29.5
    assert remaining_seconds(elapsed=10, fraction=0.5, fallback=300) == 10
