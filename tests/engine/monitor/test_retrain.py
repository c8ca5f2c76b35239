"""Repeat: a retrain makes a challenger; champion and challenger meet on the same new rows."""

from __future__ import annotations

import pytest

from engine.errors import DataError
from engine.monitor.retrain import compare_champion_challenger, retrain
from engine.spec import RunSpec
from tests.engine.helpers import churn_like


def test_a_retrain_creates_a_challenger_with_the_same_recipe(trained):
    store, champion = trained
    project = store.project(champion.project_id)
    store.set_stage(champion.id, "production")

    result = retrain(store, project, churn_like(400, seed=21), triggers=[{"kind": "schedule"}])

    challenger = store.model_version(result["challenger_id"])
    assert challenger.stage == "staging" and challenger.run_id == result["run_id"]
    assert (result["champion_id"], result["reference_rows"], result["new_rows"]) == (champion.id, 600, 400)
    assert not result["promoted"] and store.model_version(champion.id).stage == "production"
    old, new = store.run(champion.run_id).spec, store.run(result["run_id"]).spec
    assert RunSpec.from_dict(new).recipe == RunSpec.from_dict(old).recipe
    assert new["candidates"] == old["candidates"] == ["linear"]
    event = next(e for e in store.events(project.id) if e.kind == "retrain")
    assert (event.entity, event.entity_id) == ("run", result["run_id"])
    assert event.data["triggers"] == [{"kind": "schedule"}] and event.data["champion"] == champion.id
    comparison = result["comparison"]
    assert comparison["rows"] > 0 and comparison["metric"] == "roc_auc"
    assert comparison["champion"]["model_id"] == champion.id
    assert comparison["difference"] == pytest.approx(
        comparison["challenger"]["metrics"]["value"] - comparison["champion"]["metrics"]["value"])


def test_auto_promote_puts_a_challenger_that_wins_by_the_margin_in_production(trained):
    store, champion = trained
    project = store.project(champion.project_id)

    result = retrain(store, project, churn_like(400, seed=22), auto_promote=True, margin=-1.0)

    assert result["promoted"]
    assert store.production_model_version(project.id).id == result["challenger_id"]


def test_champion_and_challenger_are_scored_on_the_same_rows(trained):
    store, model = trained
    recent = churn_like(200, seed=23)

    comparison = compare_champion_challenger(store, model, model, recent)

    assert comparison["difference"] == 0 and comparison["better"] == "tie"
    assert comparison["words"].startswith("On 200 recent labelled rows neither model trained on")


def test_new_data_without_answers_is_refused_in_words(trained):
    store, model = trained
    unlabelled = churn_like(50, seed=24).drop(columns="Churn")
    with pytest.raises(DataError, match="no 'Churn' column"):
        retrain(store, store.project(model.project_id), unlabelled)
