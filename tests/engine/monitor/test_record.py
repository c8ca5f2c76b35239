"""Scoring and keeping batches, late labels, and the monitor's report over the store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from engine.analysis.record import evaluate_model_version
from engine.errors import DataError, UserError
from engine.monitor.record import attach_labels, batch_rows, score_batch
from engine.monitor.report import monitor_report, project_triggers
from engine.runner import run_frame
from engine.spec import RunSpec
from storage import Store
from tests.engine.helpers import churn_like


def new_rows(n: int, seed: int, first_id: int = 1000):
    frame = churn_like(n, seed=seed)
    frame.insert(0, "customer", range(first_id, first_id + n))
    return frame


def test_a_scored_batch_keeps_its_rows_summary_and_drift(trained):
    store, model = trained
    frame = new_rows(200, seed=3).drop(columns="Churn")

    result = score_batch(store, model, frame, id_col="customer", at="2026-03-01T09:00:00",
                         source_name="march.csv")

    batch = store.batch(result["batch_id"])
    assert (batch.rows, batch.labelled, batch.source_name) == (200, 0, "march.csv")
    assert batch.at == result["at"] == "2026-03-01T09:00:00Z"
    rows = batch_rows(store, batch)
    assert rows["row_id"].tolist()[:2] == ["1000", "1001"]
    assert rows["label"].isna().all()
    assert {e["feature"] for e in result["drift"]["features"]} == {"tenure", "Contract", "MonthlyCharges"}
    assert result["alarms"] == [] and result["drift"]["prediction"] is not None
    assert batch.summary["columns"] == {"id": "customer", "time": None, "label": None}
    assert json.loads(json.dumps(result, allow_nan=False)) == result


def test_labels_in_the_batch_file_are_kept_and_scored(trained):
    store, model = trained
    result = score_batch(store, model, new_rows(300, seed=4))

    assert result["labelled"] == 300
    assert result["metrics"]["metric"] == "roc_auc" and result["metrics"]["value"] > 0.7


def test_a_shifted_batch_raises_an_alarm_event(trained):
    store, model = trained
    frame = new_rows(300, seed=5)
    frame["tenure"] = frame["tenure"] // 4

    result = score_batch(store, model, frame)

    assert result["alarms"] == ["tenure"]
    event = next(e for e in store.events(model.project_id) if e.kind == "alarm")
    assert event.entity_id == result["batch_id"] and "tenure shifted" in event.message


def test_a_drifting_column_the_model_ignores_does_not_alarm(trained):
    store, model = trained
    evaluate_model_version(store, model)  # kept importance: MonthlyCharges is noise, share 0
    frame = new_rows(300, seed=6)
    frame["MonthlyCharges"] = frame["MonthlyCharges"] * 3

    result = score_batch(store, model, frame)

    charges = next(e for e in result["drift"]["features"] if e["feature"] == "MonthlyCharges")
    assert charges["drifted"] and not charges["alarm"] and charges["importance"] == 0
    assert result["alarms"] == []


def test_late_labels_join_to_earlier_predictions_by_id(trained):
    store, model = trained
    truth = new_rows(100, seed=7)
    first = score_batch(store, model, truth.iloc[:60].drop(columns="Churn"), id_col="customer")
    second = score_batch(store, model, truth.iloc[60:].drop(columns="Churn"), id_col="customer")
    project = store.project(model.project_id)
    arrived = truth[["customer", "Churn"]].iloc[40:90].copy()
    arrived.loc[len(arrived) + 500] = [99999, "Yes"]  # an id that was never scored

    result = attach_labels(store, project, arrived, "customer", "Churn", at="2026-04-01")

    assert (result["labels"], result["matched"], result["new"]) == (51, 50, 50)
    assert (result["unmatched"], result["unmatched_examples"]) == (1, ["99999"])
    assert result["batches"] == [first["batch_id"], second["batch_id"]]
    rows = batch_rows(store, store.batch(first["batch_id"]))
    expected = truth.set_index(truth["customer"].astype(str))["Churn"]
    joined = rows[rows["label"].notna()]
    assert joined["row_id"].tolist() == [str(i) for i in range(1040, 1060)]
    assert (joined["label"] == expected[joined["row_id"]].to_numpy()).all()
    assert store.batch(second["batch_id"]).labelled == 30
    assert store.batch(first["batch_id"]).summary["metrics"] is not None
    assert any(e.kind == "labels_attached" for e in store.events(project.id))


def test_labels_need_a_batch_scored_with_ids(trained):
    store, model = trained
    score_batch(store, model, new_rows(30, seed=13).drop(columns="Churn"))
    with pytest.raises(UserError, match="scored with an id column"):
        attach_labels(store, store.project(model.project_id), new_rows(30, seed=13),
                      "customer", "Churn")


def test_a_repeated_id_is_refused_in_words(trained):
    store, model = trained
    frame = new_rows(50, seed=8)
    frame.loc[3, "customer"] = 1000
    with pytest.raises(DataError, match="same id on more than one row"):
        score_batch(store, model, frame, id_col="customer")


def test_the_monitor_report_has_batches_windows_drift_and_alarms(trained):
    store, model = trained
    score_batch(store, model, new_rows(200, seed=9), at="2026-03-01")
    shifted = new_rows(200, seed=10)
    shifted["tenure"] = shifted["tenure"] // 4
    last = score_batch(store, model, shifted, at="2026-03-02")

    report = monitor_report(store, store.project(model.project_id), window=100)

    assert [b["batch_id"] for b in report["batches"]][-1] == last["batch_id"]
    assert [w["rows"] for w in report["windows"]] == [100, 100, 100, 100]
    assert report["metric"] == "roc_auc" and report["model_id"] == model.id
    assert {e["feature"] for e in report["drift"]} == {"tenure", "Contract", "MonthlyCharges"}
    assert [a["feature"] for a in report["alarms"]][0] == "tenure"
    assert json.loads(json.dumps(report, allow_nan=False)) == report


def test_triggers_fire_on_a_floor_and_a_schedule_and_are_kept(trained):
    store, model = trained
    score_batch(store, model, new_rows(200, seed=11))
    project = store.project(model.project_id)

    quiet = project_triggers(store, project, floor=0.5, max_days=30)
    later = datetime.now(UTC) + timedelta(days=31)
    loud = project_triggers(store, project, floor=0.99, max_days=30, now=later)

    assert quiet["fired"] == []
    assert [t["kind"] for t in loud["fired"]] == ["performance", "schedule"]
    assert "below the floor of 0.99" in loud["fired"][0]["reason"]
    assert [e.kind for e in store.events(project.id)].count("trigger") == 1


@pytest.mark.parametrize(("target", "task", "metric", "signal"), [
    ("MonthlyCharges", "regression", "r2", "value"),
    ("Contract", "multiclass", "balanced_accuracy", "class"),
])
def test_regression_and_multiclass_models_are_monitored_too(tmp_path, target, task, metric, signal):
    with Store.open(tmp_path / "ws") as store:
        spec = RunSpec(project="P", target=target, task=task, budget="quick", candidates=["linear"])
        model = run_frame(store, churn_like(400), spec).best_model
        batch = new_rows(200, seed=12)

        result = score_batch(store, model, batch.drop(columns=target), id_col="customer")
        attach_labels(store, store.project(model.project_id), batch, "customer", target)
        report = monitor_report(store, store.project(model.project_id), window=100)

    assert result["drift"]["prediction"]["summary"]["reference"]["signal"] == signal
    assert report["metric"] == metric
    assert sum(w["labelled"] for w in report["windows"]) == batch[target].notna().sum()
    assert json.loads(json.dumps(report, allow_nan=False)) == report
