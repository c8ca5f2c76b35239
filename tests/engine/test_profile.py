"""The data profiler: kinds, counts, warnings with plain-words notes, leak suspects, speed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from engine.errors import TargetError
from engine.profile import ColumnProfile, Profile, profile_column, profile_frame
from engine.reporter import Cancelled, RecordingReporter

DATASETS = Path(__file__).resolve().parents[3] / "shared" / "datasets"


def _read(relative: str, **kwargs) -> pd.DataFrame:
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"dataset {path} is not available")
    return pd.read_csv(path, **kwargs)


@pytest.fixture(scope="module")
def telco() -> pd.DataFrame:
    frame = _read("raw/telco_churn.csv")
    frame["TotalCharges"] = pd.to_numeric(frame["TotalCharges"], errors="coerce")
    return frame


@pytest.fixture(scope="module")
def telco_profile(telco) -> Profile:
    return profile_frame(telco, "Churn")


@pytest.fixture(scope="module")
def taxis() -> pd.DataFrame:
    return _read("raw/taxis.csv")


@pytest.fixture(scope="module")
def taxis_profile(taxis) -> Profile:
    return profile_frame(taxis, "fare", task="regression")


@pytest.fixture(scope="module")
def titanic_profile() -> Profile:
    return profile_frame(_read("raw/titanic.csv"), "survived")


# --- kinds on real data ----------------------------------------------------------------------


def test_profile_marks_customer_id_as_identifier_with_a_drop_note(telco_profile):
    column = telco_profile.column("customerID")
    assert column.kind == "identifier"
    assert "identifier" in column.warnings
    assert column.note_for("identifier") == (
        "customerID looks like an ID (every value is different): drop it."
    )


def test_profile_marks_senior_citizen_zero_one_integers_as_boolean(telco_profile):
    column = telco_profile.column("SeniorCitizen")
    assert column.kind == "boolean"
    assert column.dtype == "int64"
    assert dict(column.top_values) == {"0": 5901, "1": 1142}


def test_profile_marks_contract_as_categorical_and_tenure_as_numeric(telco_profile):
    contract = telco_profile.column("Contract")
    assert contract.kind == "categorical"
    assert contract.distinct == 3
    assert contract.top_values[0] == ("Month-to-month", 3875)
    tenure = telco_profile.column("tenure")
    assert tenure.kind == "numeric"
    assert (tenure.min, tenure.max) == (0.0, 72.0)
    assert tenure.distinct == 73


def test_profile_marks_yes_no_text_columns_as_boolean(telco_profile):
    for name in ("Partner", "Dependents", "PhoneService", "PaperlessBilling", "Churn"):
        assert telco_profile.column(name).kind == "boolean", name


def test_profile_counts_the_blank_total_charges_as_missing(telco_profile):
    column = telco_profile.column("TotalCharges")
    assert column.kind == "numeric"
    assert column.missing == 11
    assert column.missing_share == pytest.approx(11 / 7043)


def test_profile_parses_taxis_pickup_and_dropoff_as_datetimes(taxis_profile):
    for name in ("pickup", "dropoff"):
        column = taxis_profile.column(name)
        assert column.kind == "datetime"
        assert "datetime" in column.warnings
        assert column.min is None and column.max is None
        note = column.note_for("datetime")
        assert "dates and times from 2019-02-28 to 2019-0" in note
        assert "day-of-week" in note


def test_profile_marks_titanic_name_and_ticket_as_free_text(titanic_profile):
    name = titanic_profile.column("name")
    assert name.kind == "text"
    assert any("free text" in note for note in name.notes)
    assert titanic_profile.column("ticket").kind == "text"


def test_profile_keeps_sparse_titanic_cabin_as_high_cardinality_category(titanic_profile):
    cabin = titanic_profile.column("cabin")
    assert cabin.kind == "categorical"
    assert "high_cardinality" in cabin.warnings
    assert cabin.missing == 687


def test_profile_does_not_read_month_names_or_plain_numbers_as_dates():
    bank = _read("raw/bank_marketing.csv", sep=";")
    assert profile_column(bank["month"]).kind == "categorical"
    years = pd.Series([str(2000 + i % 20) for i in range(200)], dtype="str", name="year")
    assert profile_column(years).kind != "datetime"
    grades = pd.Series(["11th", "7th-8th", "HS-grad", "9th", "10th"] * 40, name="education")
    assert profile_column(grades).kind == "categorical"


def test_profile_does_not_take_times_of_day_for_dates():
    times = pd.Series([f"{h:02d}:{m:02d}" for h in range(24) for m in (0, 15, 30)], name="at")
    assert profile_column(times).kind != "datetime"


def test_profile_reads_mixed_date_formats_and_already_parsed_datetimes():
    stamps = pd.date_range("2021-01-01", periods=300, freq="7h")
    mixed = pd.Series(
        [
            s.strftime("%d %B %Y %H:%M") if i % 2 else s.strftime("%Y/%m/%d %H:%M")
            for i, s in enumerate(stamps)
        ],
        name="seen",
    )
    column = profile_column(mixed)
    assert column.kind == "datetime"
    assert "from 2021-01-01 to 2021-03-29" in column.note_for("datetime")
    parsed = profile_column(pd.Series(stamps, name="when"))
    assert parsed.kind == "datetime"
    assert parsed.distinct == 300
    assert parsed.top_values[0] == ("2021-01-01 00:00:00", 1)


# --- kinds on small made-up columns ----------------------------------------------------------


def test_profile_numbers_other_than_zero_and_one_are_not_boolean():
    assert profile_column(pd.Series([1, 2] * 50, name="grade")).kind == "numeric"
    assert profile_column(pd.Series([0.0, 1.0, np.nan] * 30, name="flag")).kind == "boolean"


def test_profile_unique_integers_are_identifiers_but_floats_never_are():
    assert profile_column(pd.Series(np.arange(100), name="row")).kind == "identifier"
    floats = pd.Series(np.random.default_rng(0).normal(size=100), name="score")
    assert profile_column(floats).kind == "numeric"
    float_ids = pd.Series(np.arange(100, dtype=float), name="order_id")
    assert profile_column(float_ids).kind == "numeric"


def test_profile_id_like_name_makes_half_unique_values_an_identifier():
    values = [f"U{i // 2}" for i in range(100)]  # 50 % distinct
    assert profile_column(pd.Series(values, name="user_id")).kind == "identifier"
    assert profile_column(pd.Series(values, name="userId")).kind == "identifier"
    assert profile_column(pd.Series(values, name="paid")).kind == "categorical"
    column = profile_column(pd.Series(values, name="user_id"))
    assert column.note_for("identifier").startswith("user_id looks like an ID (its name")


def test_profile_flags_constant_and_all_missing_columns():
    frame = pd.DataFrame(
        {
            "country": ["NL"] * 50,
            "empty": [np.nan] * 50,
            "empty_text": pd.Series([None] * 50, dtype="str"),
            "x": np.arange(50) % 7,
        }
    )
    profile = profile_frame(frame)
    assert profile.column("country").warnings == ["constant"]
    assert "same value ('NL') in every row" in profile.column("country").notes[0]
    for name in ("empty", "empty_text"):
        column = profile.column(name)
        assert column.warnings == ["all_missing"]
        assert column.missing == 50 and column.distinct == 0
        assert column.mean is None
        assert column.notes == [f"{name} is empty (every value is missing): drop it."]
    assert profile.column("x").warnings == []


def test_profile_flags_a_column_that_is_mostly_missing():
    values = np.full(1000, np.nan)
    values[:30] = np.arange(30)
    column = profile_column(pd.Series(values, name="bonus"))
    assert "mostly_missing" in column.warnings
    assert column.note_for("mostly_missing").startswith("bonus is 97 % missing")


def test_profile_hypothyroid_tbg_is_all_missing_and_tbg_measured_constant():
    profile = profile_frame(_read("clean/hypothyroid.csv"), "Class")
    assert profile.column("TBG").warnings == ["all_missing"]
    assert profile.column("TBG measured").warnings == ["constant"]


def test_profile_top_values_are_strings_most_common_first_at_most_ten():
    values = pd.Series([f"v{i % 15}" for i in range(1000)] + ["v3"] * 40, name="code")
    column = profile_column(values)
    assert len(column.top_values) == 10
    assert column.top_values[0] == ("v3", 107)
    counts = [n for _, n in column.top_values]
    assert counts == sorted(counts, reverse=True)
    numbers = profile_column(pd.Series([1.5, 2.0, 2.0, np.nan], name="n"))
    assert numbers.top_values == [("2", 2), ("1.5", 1)]


def test_profile_numeric_summary_matches_pandas():
    rng = np.random.default_rng(1)
    values = pd.Series(rng.normal(45, 10, 5000), name="age")
    values[rng.random(5000) < 0.38] = np.nan
    column = profile_column(values)
    assert column.missing == int(values.isna().sum())
    assert column.distinct == values.nunique()
    assert column.min == pytest.approx(values.min())
    assert column.max == pytest.approx(values.max())
    assert column.mean == pytest.approx(values.mean())
    assert column.median == pytest.approx(values.median())


def test_profile_handles_object_nullable_category_and_bool_dtypes():
    frame = pd.DataFrame(
        {
            "text": pd.Series(["a", "b", None, "c"] * 10, dtype=object),
            "ints": pd.array([1, None, 3, 4] * 10, dtype="Int64"),
            "cat": pd.Categorical(["x", "y", "x", "y"] * 10, categories=["x", "y", "z"]),
            "flag": [True, False, True, True] * 10,
        }
    )
    profile = profile_frame(frame)
    assert profile.column("text").kind == "categorical"
    assert profile.column("text").missing == 10
    ints = profile.column("ints")
    assert ints.kind == "numeric" and ints.missing == 10 and ints.distinct == 3
    assert profile.column("cat").distinct == 2  # the unused category does not count
    flag = profile.column("flag")
    assert flag.kind == "boolean" and dict(flag.top_values) == {"True": 30, "False": 10}


def test_profile_of_an_empty_table_says_so():
    profile = profile_frame(pd.DataFrame({"a": pd.Series([], dtype=float), "b": []}))
    assert profile.rows == 0
    assert [c.distinct for c in profile.columns] == [0, 0]
    assert "no rows" in profile.warnings[0]


# --- the Profile object ----------------------------------------------------------------------


def test_profile_round_trips_through_json(taxis_profile):
    text = json.dumps(taxis_profile.to_dict())
    again = Profile.from_dict(json.loads(text))
    assert again == taxis_profile
    assert isinstance(again.columns[0], ColumnProfile)
    assert isinstance(again.column("color").top_values[0], tuple)


def test_profile_column_lookup_names_the_missing_column(telco_profile):
    with pytest.raises(KeyError, match="Churnn"):
        telco_profile.column("Churnn")


def test_profile_with_unknown_target_suggests_the_close_name(telco):
    with pytest.raises(TargetError) as raised:
        profile_frame(telco.head(50), "churn")
    assert "'Churn'" in raised.value.hint


def test_profile_reports_progress_per_column_and_finishes_at_one(telco):
    reporter = RecordingReporter()
    profile_frame(telco.head(500), "Churn", reporter)
    fractions = [f for f, _ in reporter.progress_events]
    assert len(fractions) > telco.shape[1]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert any("Contract" in message for _, message in reporter.progress_events)


def test_profile_stops_when_cancelled(telco):
    reporter = RecordingReporter()
    reporter.cancel()
    with pytest.raises(Cancelled):
        profile_frame(telco, "Churn", reporter)


def test_profile_on_threads_equals_the_profile_column_by_column(telco, monkeypatch):
    import engine.profile

    monkeypatch.setattr(engine.profile, "PARALLEL_MIN_CELLS", 10**12)
    serial = profile_frame(telco, "Churn").to_dict()
    monkeypatch.setattr(engine.profile, "PARALLEL_MIN_CELLS", 0)
    monkeypatch.setattr(engine.profile.os, "cpu_count", lambda: 4)
    reporter = RecordingReporter()
    threaded = profile_frame(telco, "Churn", reporter).to_dict()
    assert threaded == serial
    fractions = [f for f, _ in reporter.progress_events]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_profile_on_threads_stops_when_cancelled_part_way(telco, monkeypatch):
    import engine.profile

    monkeypatch.setattr(engine.profile, "PARALLEL_MIN_CELLS", 0)
    monkeypatch.setattr(engine.profile.os, "cpu_count", lambda: 2)

    class CancelAfterThree(RecordingReporter):
        def progress(self, fraction, message=""):
            super().progress(fraction, message)
            if len(self.progress_events) == 3:
                self.cancel()

    reporter = CancelAfterThree()
    with pytest.raises(Cancelled):
        profile_frame(telco, "Churn", reporter)
    assert len(reporter.progress_events) == 3


def test_profile_warns_about_rows_without_target():
    frame = pd.DataFrame({"x": np.arange(100.0), "y": [1.5, np.nan] * 50})
    profile = profile_frame(frame, "y", task="regression")
    assert any("y is missing in 50 rows" in w for w in profile.warnings)


# --- leak suspects ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "target"), [("telco_churn", "Churn"), ("adult", "class"), ("credit_g", "class")]
)
def test_profile_finds_no_leak_suspects_in_real_data(name, target):
    profile = profile_frame(_read(f"clean/{name}.csv"), target)
    assert profile.task == "binary"
    assert profile.leak_suspects() == []
    assert not any("leak" in w for w in profile.warnings)


def test_profile_flags_a_noisy_copy_of_a_class_target(telco):
    frame = telco.copy()
    rng = np.random.default_rng(0)
    flip = rng.random(len(frame)) < 0.01
    copy = frame["Churn"].where(~flip, frame["Churn"].map({"Yes": "No", "No": "Yes"}))
    frame["status_code"] = copy.map({"Yes": "S1", "No": "S0"})  # same information, new labels
    profile = profile_frame(frame, "Churn")
    assert profile.leak_suspects() == ["status_code"]
    note = profile.column("status_code").note_for("leak_suspect")
    assert "alone predicts Churn almost perfectly" in note
    assert any(w.startswith("Possible leak: status_code") for w in profile.warnings)


def test_profile_flags_a_noisy_copy_of_a_number_target():
    frame = _read("clean/abalone.csv")
    rng = np.random.default_rng(0)
    frame["age_estimate"] = frame["Rings"] * 1.5 + rng.normal(
        0, 0.01 * frame["Rings"].std(), len(frame)
    )
    profile = profile_frame(frame, "Rings", task="regression")
    assert profile.leak_suspects() == ["age_estimate"]


def test_profile_flags_taxis_total_as_a_leak_of_fare(taxis_profile):
    suspects = taxis_profile.leak_suspects()
    assert "total" in suspects
    assert "distance" not in suspects
    assert "fare" not in suspects  # the target itself is never a suspect
    assert "total" in taxis_profile.column("total").note_for("leak_suspect")


def test_profile_flags_a_column_named_after_the_target_but_not_a_word_inside_another():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "churn_flag": rng.integers(0, 2, 300),
            "workclass": rng.choice(["a", "b", "c"], 300),
            "noise": rng.normal(size=300),
            "Churn": rng.choice(["Yes", "No"], 300),
        }
    )
    assert profile_frame(frame, "Churn").leak_suspects() == ["churn_flag"]
    frame = frame.rename(columns={"Churn": "class", "churn_flag": "x"})
    assert profile_frame(frame, "class").leak_suspects() == []


def test_profile_flags_a_column_equal_to_the_target():
    rng = np.random.default_rng(0)
    target = rng.normal(size=400)
    copy = target.copy()
    copy[:5] = 0.0
    frame = pd.DataFrame({"measured": copy, "other": rng.normal(size=400), "y": target})
    profile = profile_frame(frame, "y", task="regression")
    assert profile.leak_suspects() == ["measured"]


def test_profile_flags_a_relabelled_copy_of_a_forty_class_target():
    rng = np.random.default_rng(0)
    classes = np.array([f"class {i}" for i in range(40)], dtype=object)
    target = rng.choice(classes, 4000)
    code = pd.Series(target).str.replace("class ", "K-", regex=False).to_numpy(dtype=object)
    noisy = rng.random(4000) < 0.01
    code[noisy] = rng.choice(code, noisy.sum())
    frame = pd.DataFrame({"code": code, "noise": rng.normal(size=4000), "y": target})
    profile = profile_frame(frame, "y")
    assert profile.task == "multiclass"
    assert profile.leak_suspects() == ["code"]


def test_profile_leak_check_on_a_many_class_target_stays_quick():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "area": rng.choice([f"a{i}" for i in range(3000)], 20_000),
            "x": rng.normal(size=20_000),
            "y": rng.integers(0, 5000, 20_000),
        }
    )
    started = time.perf_counter()
    profile = profile_frame(frame, "y", task="multiclass")
    assert time.perf_counter() - started < 3.0
    assert profile.leak_suspects() == []


def test_profile_leak_check_skips_identifiers():
    frame = pd.DataFrame({"order_id": np.arange(500), "y": np.arange(500) * 2.0 + 1})
    profile = profile_frame(frame, "y", task="regression")
    assert profile.column("order_id").kind == "identifier"
    assert profile.leak_suspects() == []


# --- speed -----------------------------------------------------------------------------------


def test_profile_of_300k_rows_and_20_columns_takes_well_under_five_seconds():
    n = 300_000
    rng = np.random.default_rng(0)
    columns: dict[str, object] = {f"num_{i}": rng.normal(size=n) for i in range(8)}
    columns.update({f"int_{i}": rng.integers(0, 1000, n) for i in range(4)})
    labels = np.array([f"category {i}" for i in range(40)], dtype=object)
    columns.update({f"cat_{i}": pd.array(rng.choice(labels, n), dtype="str") for i in range(6)})
    columns["flag"] = rng.random(n) < 0.3
    columns["y"] = rng.integers(0, 2, n)
    frame = pd.DataFrame(columns)
    started = time.perf_counter()
    profile = profile_frame(frame, "y")
    assert time.perf_counter() - started < 5.0  # about 0.5 s on 2 cores; generous for CI load
    assert len(profile.columns) == 20
