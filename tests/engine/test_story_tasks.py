"""Stories of other kinds of questions (numbers, several classes), told from gathered sources."""

from __future__ import annotations

from engine.spec import ValueMatrix
from engine.story import normalise, story_from
from engine.story.sources import StorySources
from storage import ModelVersion, Project, Run


def sources(evaluation: dict, value: ValueMatrix | None = None, batches=None) -> StorySources:
    project = Project(1, "Shells", "How old is this abalone?", {}, "", "")
    model = ModelVersion(
        id=4, project_id=1, run_id=1, name="Gradient boosting", algorithm="x", params={},
        metric=evaluation["metric"], cv_score=0.5, cv_std=0.01, holdout_score=0.55,
        fit_seconds=1.0, is_baseline=False, rank=1, artifact_path="", sha256="",
        library_versions={}, details={"n_train": 200, "n_holdout": 50, "schema": {"columns": []}},
        stage="production", created_at="2026-01-01T00:00:00Z",
    )
    run = Run(1, 1, None, "train", "finished", {}, {}, None, None, None, None)
    return StorySources(project, model, run, [model], None, evaluation, value or ValueMatrix(),
                        normalise({}), "", batches)


def regression() -> dict:
    return {
        "task": "regression", "target": "Rings", "classes": [], "metric": "r2",
        "metrics": {"r2": 0.55, "mae": 1.5}, "baseline_metrics": {"r2": 0.0, "mae": 2.4},
        "rows": {"holdout": 50}, "baseline_name": "No ML: the average",
        "value": {"currency": "€", "has_values": True,
                  "cost": {"model_per_1000": 1500.0, "baseline_per_1000": 2400.0,
                           "saving_per_1000": 900.0}},
        "importance": [{"feature": "Shell weight", "mean": 0.2, "std": 0.01, "share": 0.7}],
        "dependence": {"Shell weight": {"feature": "Shell weight", "kind": "numeric",
                                        "grid": [0.1, 0.3, 0.5], "average": [7.0, 10.0, 12.0],
                                        "output": "predicted Rings"}},
        "drivers_text": ["Shell weight matters most: it carries 70 % of what the model uses. "
                         "The higher Shell weight is, the higher Rings."],
        "slices": [], "warnings": [], "threshold_curve": [],
    }


def multiclass() -> dict:
    return {
        "task": "multiclass", "target": "kind", "classes": ["a", "b", "c"],
        "metric": "balanced_accuracy", "rows": {"holdout": 30}, "baseline_name": "No ML",
        "metrics": {"balanced_accuracy": 0.7, "accuracy": 0.74},
        "baseline_metrics": {"balanced_accuracy": 0.33, "accuracy": 0.4},
        "per_class": {"a": {"recall": 0.7}, "b": {"recall": 0.9}, "c": {"recall": 0.5}},
        "value": {"currency": "$", "has_values": False}, "importance": [], "dependence": {},
        "drivers_text": [], "slices": [], "warnings": [], "threshold_curve": [],
    }


def pages(story: dict) -> dict:
    return {page["key"]: page for page in story["pages"]}


def test_a_regression_story_compares_typical_errors_and_their_cost():
    story = pages(story_from(sources(regression(), ValueMatrix(cost_per_unit_error=1.0,
                                                                currency="€"))))

    assert story["versus"]["headline"] == (
        "The model is typically off by 1.5 in Rings; always guessing the average is off by 2.4.")
    assert story["value"]["headline"] == (
        "Its smaller errors save €900 per 1,000 cases against guessing the average.")
    assert story["question"]["figures"][0]["value"] == "−€1"


def test_a_regression_story_reads_a_numeric_driver_as_a_what_if():
    story = pages(story_from(sources(regression())))
    assert story["whatif"]["points"] == [
        "What if Shell weight were 0.5 rather than 0.1? The average predicted Rings goes from "
        "7.00 to 12.00."]
    assert story["whatif"]["chart"]["kind"] == "line"


def test_a_multiclass_story_counts_right_answers_per_100_cases():
    story = pages(story_from(sources(multiclass())))

    assert story["versus"]["headline"] == "The model gets 74 of every 100 cases right; without ML, 40."
    assert story["value"]["headline"].startswith("Money per decision needs a yes/no question")
    assert story["drivers"]["chart"] is None


class Batch:
    def __init__(self, at: str, rows: int, value: float | None, alarms: int = 0) -> None:
        self.at, self.rows, self.labelled = at, rows, rows if value is not None else 0
        self.summary = {"metrics": {"value": value} if value is not None else None,
                        "drift": {"alarms": [{"feature": "x"}] * alarms}}


def test_a_monitored_model_shows_its_score_batch_by_batch_against_the_holdout():
    batches = [Batch("2026-01-05T00:00:00Z", 400, 0.52), Batch("2026-02-05T00:00:00Z", 380, 0.49,
                                                                   alarms=1)]
    page = pages(story_from(sources(regression(), batches=batches)))["monitoring"]

    assert page["status"] == "monitored"
    assert page["headline"] == "Watched on 2 batches (780 cases) since 2026-01-05: 1 alarm so far."
    assert page["chart"]["series"][0]["y"] == [0.52, 0.49]
    assert page["chart"]["x_ticks"] == ["2026-01-05", "2026-02-05"]
