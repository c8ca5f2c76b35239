"""Scored rows as kept for monitoring, their summary, and late labels joined by id."""

from __future__ import annotations

import pandas as pd
import pytest

from engine.monitor.batches import id_values, join_labels, labels_of, scored_rows, summarise

SCHEMA = {"task": "binary", "target": "Churn", "classes": ["No", "Yes"], "columns": []}
AT = pd.Timestamp("2026-03-01", tz="UTC")


def table(n: int = 4) -> pd.DataFrame:
    yes = [0.9, 0.2, 0.6, 0.1][:n]
    return pd.DataFrame({"prediction": ["Yes" if p >= 0.5 else "No" for p in yes],
                         "proba_No": [1 - p for p in yes], "proba_Yes": yes})


def test_ids_from_different_files_agree_as_text():
    assert id_values(pd.Series([12, 13])).tolist() == ["12", "13"]
    assert id_values(pd.Series([12.0, None])).tolist() == ["12", None]
    assert id_values(pd.Series([" 12", "A-7", ""])).tolist() == ["12", "A-7", None]


def test_labels_are_read_as_the_trainer_reads_them():
    assert labels_of(pd.Series([1, 0, None]), "binary").tolist() == ["1", "0", None]
    assert labels_of(pd.Series([" Yes", "No", ""]), "binary").tolist() == ["Yes", "No", None]
    assert labels_of(pd.Series(["1.5", "x"]), "regression").tolist()[0] == 1.5


def test_scored_rows_keep_ids_times_predictions_and_labels_with_their_arrival():
    times = pd.Series(pd.Timestamp("2026-02-01", tz="UTC"), index=range(4))
    rows = scored_rows(table(), times=times, labels=pd.Series(["Yes", None, "No", None]),
                       ids=pd.Series(["a", "b", "c", "d"]))

    assert list(rows.columns) == ["row_id", "time", "prediction", "proba_No", "proba_Yes",
                                  "label", "label_at"]
    assert rows["label_at"].notna().tolist() == [True, False, True, False]
    assert rows.loc[0, "label_at"] == rows.loc[0, "time"]


def test_summary_counts_labels_and_describes_the_predictions():
    times = pd.Series(pd.Timestamp("2026-02-01", tz="UTC"), index=range(4))
    rows = scored_rows(table(), times=times, labels=pd.Series(["Yes", "No", "No", None]))

    summary = summarise(rows, SCHEMA)

    assert (summary["rows"], summary["labelled"]) == (4, 3)
    assert summary["first_time"] == "2026-02-01T00:00:00Z"
    prediction = summary["prediction"]
    assert prediction["kind"] == "probability" and prediction["class_shares"] == {"No": 0.5, "Yes": 0.5}
    assert sum(prediction["histogram"]["counts"]) == 4 and len(prediction["histogram"]["edges"]) == 11
    assert summary["metrics"]["metrics"]["accuracy"]["value"] == pytest.approx(2 / 3)


def test_late_labels_join_by_id_and_a_changed_label_is_redated():
    times = pd.Series(pd.Timestamp("2026-02-01", tz="UTC"), index=range(4))
    rows = scored_rows(table(), times=times, labels=pd.Series(["Yes", None, None, None]),
                       ids=pd.Series(["a", "b", "c", "d"]))

    joined, counts = join_labels(rows, {"a": "Yes", "b": "No", "c": "Yes", "zz": "No"}, AT)

    assert joined["label"].tolist()[:3] == ["Yes", "No", "Yes"] and pd.isna(joined.loc[3, "label"])
    assert (counts["matched"], counts["new"], counts["changed"]) == (3, 2, 0)
    assert counts["ids"] == {"a", "b", "c"}  # "zz" matched nothing
    assert joined.loc[0, "label_at"] == rows.loc[0, "label_at"]  # unchanged label keeps its date
    assert joined.loc[1, "label_at"] == AT

    corrected, counts = join_labels(joined, {"c": "No"}, AT + pd.Timedelta(days=1))
    assert corrected.loc[2, "label"] == "No" and counts["changed"] == 1
    assert corrected.loc[2, "label_at"] == AT + pd.Timedelta(days=1)
