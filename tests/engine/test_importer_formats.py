"""The importer: Excel, Parquet and ARFF, progress and cancel, and fuzzing."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.errors import DataError
from engine.importer import ImportedTable, read_table
from engine.reporter import Cancelled, RecordingReporter
from engine.spec import DataSource
from tests.engine.importer_cases import (
    set_cached_values,
    write_text,
    write_workbook,
)


def _is_text(col: pd.Series) -> bool:
    return isinstance(col.dtype, pd.StringDtype)


def _assert_clean_frame(table: ImportedTable) -> None:
    frame = table.frame
    assert isinstance(frame.index, pd.RangeIndex)
    assert frame.index.start == 0
    assert all(isinstance(c, str) and c == c.strip() and c for c in frame.columns)
    assert frame.columns.is_unique



# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------


def test_read_table_reads_the_first_non_empty_sheet_or_the_chosen_one(tmp_path):
    path = write_workbook(
        tmp_path,
        "book.xlsx",
        {
            "Notes": [],
            "Sales": [["region", "amount"], ["north", 10], ["south", "1,200"]],
            "Costs": [[None], ["item", "cost"], ["pens", 2.5]],
        },
    )
    first = read_table(path)
    assert first.format == "excel"
    assert first.source.sheet == "Sales"
    assert first.frame["amount"].tolist() == [10, 1200]
    chosen = read_table(DataSource(str(path), sheet="Costs"))
    assert chosen.source.sheet == "Costs"
    assert list(chosen.frame.columns) == ["item", "cost"]  # the blank first row is skipped
    assert chosen.frame["cost"].tolist() == [2.5]


def test_read_table_reads_the_cached_values_of_formula_cells(tmp_path):
    path = write_workbook(tmp_path, "f.xlsx", {"S": [["a", "b"], [1, "=A2*10"], [2, "=A3*10"]]})
    set_cached_values(path, {"B2": 10, "B3": 20})
    frame = read_table(path).frame
    assert frame["b"].tolist() == [10, 20]


def test_read_table_matches_a_sheet_name_regardless_of_case(tmp_path):
    path = write_workbook(tmp_path, "book.xlsx", {"Sales": [["a"], [1]], "Costs": [["b"], [2]]})
    assert read_table(DataSource(str(path), sheet="costs")).source.sheet == "Costs"


def test_read_table_rejects_an_unknown_sheet_and_lists_the_sheets(tmp_path):
    path = write_workbook(tmp_path, "book.xlsx", {"One": [["a"], [1]], "Two": [["b"], [2]]})
    with pytest.raises(DataError, match="no sheet named 'Three'") as err:
        read_table(DataSource(str(path), sheet="Three"))
    assert "'One'" in err.value.hint and "'Two'" in err.value.hint


def test_read_table_rejects_an_empty_sheet(tmp_path):
    path = write_workbook(tmp_path, "book.xlsx", {"Blank": [], "Data": [["a"], [1]]})
    with pytest.raises(DataError, match="Sheet 'Blank' .* is empty"):
        read_table(DataSource(str(path), sheet="Blank"))
    only_blank = write_workbook(tmp_path, "blank.xlsx", {"Blank": []})
    with pytest.raises(DataError, match="Every sheet .* is empty"):
        read_table(only_blank)


def test_read_table_rejects_duplicate_headers_in_a_sheet(tmp_path):
    path = write_workbook(tmp_path, "book.xlsx", {"S": [["x", "x"], [1, 2]]})
    with pytest.raises(DataError, match="'x'"):
        read_table(path)


def test_read_table_reads_excel_markers_and_mixed_cells(tmp_path):
    path = write_workbook(
        tmp_path, "book.xlsx", {"S": [["n", "kind"], [1, "a"], ["?", "b"], [3, "?"], [4, "a"]]}
    )
    frame = read_table(path).frame
    assert frame["n"].dtype == np.float64
    assert frame["n"].isna().tolist() == [False, True, False, False]
    assert frame["kind"].isna().tolist() == [False, False, True, False]


def test_read_table_rejects_a_text_file_saved_as_xlsx(tmp_path):
    with pytest.raises(DataError, match="not a readable Excel workbook") as err:
        read_table(write_text(tmp_path, "t.xlsx", "a,b\n1,2\n"))
    assert ".csv" in err.value.hint


# --------------------------------------------------------------------------------------------
# Parquet and ARFF
# --------------------------------------------------------------------------------------------


def test_read_table_reads_parquet_and_turns_nested_columns_into_json_text(tmp_path):
    table_in = pa.table(
        {
            "id": [1, 2, 3],
            "score": [0.5, None, 2.0],
            "tags": [[1, 2], None, []],
            "info": [{"a": 1}, {"a": 2}, None],
            "colour": pa.array(["red", "blue", "red"]).dictionary_encode(),
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table_in, path)
    table = read_table(path)
    frame = table.frame
    assert table.format == "parquet"
    assert frame["id"].dtype == np.int64
    assert frame["tags"].tolist()[0] == "[1, 2]" and pd.isna(frame["tags"].iloc[1])
    assert frame["info"].tolist()[0] == '{"a": 1}'
    assert frame["colour"].dtype == "str"
    assert any("'tags', 'info'" in w and "JSON" in w for w in table.warnings)


def test_read_table_rejects_a_broken_parquet_file(tmp_path):
    with pytest.raises(DataError, match="not a readable Parquet file"):
        read_table(write_text(tmp_path, "t.parquet", "a,b\n1,2\n"))


def test_read_table_reads_arff_dates_and_quoted_values(tmp_path):
    text = (
        "@relation t\n@attribute when date 'yyyy-MM-dd'\n@attribute 'x y' numeric\n"
        "@attribute kind {a, 'b c'}\n@data\n2020-01-02,1.5,'b c'\n?,?,a\n"
    )
    frame = read_table(write_text(tmp_path, "t.arff", text)).frame
    assert frame["when"].iloc[0] == pd.Timestamp("2020-01-02")
    assert frame["x y"].isna().tolist() == [False, True]
    assert frame["kind"].tolist() == ["b c", "a"]


def test_read_table_rejects_a_malformed_arff_file_with_its_line(tmp_path):
    text = "@relation t\n@attribute kind {a, b}\n@data\na\nz\n"
    with pytest.raises(DataError, match="line 5"):
        read_table(write_text(tmp_path, "t.arff", text))


# --------------------------------------------------------------------------------------------
# Progress, cancelling and robustness
# --------------------------------------------------------------------------------------------


def test_read_table_reports_progress_steps_up_to_done(tmp_path):
    reporter = RecordingReporter()
    read_table(write_text(tmp_path, "t.csv", "a,b\n1,2\n"), reporter)
    fractions = [f for f, _ in reporter.progress_events]
    assert len(fractions) >= 3
    assert fractions == sorted(fractions) and fractions[-1] == 1.0


def test_read_table_stops_when_cancelled(tmp_path):
    reporter = RecordingReporter()
    reporter.cancel()
    with pytest.raises(Cancelled):
        read_table(write_text(tmp_path, "t.csv", "a,b\n1,2\n"), reporter)


_CSV_ALPHABET = st.sampled_from(list("ab1 2.,;\t|\"'?-\n\r\\xé€$%") + ["NA", "\x00", "1,5"])


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(_CSV_ALPHABET, max_size=80).map("".join),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)
def test_read_table_returns_a_table_or_raises_data_error_for_any_small_csv(
    tmp_path, text, encoding
):
    path = tmp_path / "fuzz.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        table = read_table(path)
    except DataError as exc:
        assert exc.message
        return
    assert isinstance(table, ImportedTable)
    _assert_clean_frame(table)
    assert len(table.frame) >= 1
