"""Hostile data files: each one is either imported correctly or refused with a UserError in words.

The files come from ``tests/resilience/hostile_files.py`` (written by code into tmp_path). Every
case is listed here exactly once: in ``REFUSED`` with what the message must say, or in
``IMPORTED`` with a check of the imported table. Any other exception fails the test.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from engine.errors import UserError
from engine.importer import ImportedTable, read_table
from tests.resilience import hostile_files
from tests.resilience.hostile_files import LONG_CELL_CHARS, MANY_ROWS, NAMES, TABLE_ROWS
from tests.resilience.messages import assert_readable

# --------------------------------------------------------------------------------------------
# Refused: the message must match this pattern (case-insensitive) and read as words.
# --------------------------------------------------------------------------------------------

REFUSED: dict[str, str] = {
    "csv_cut_inside_quoted_field": r"quote .* never closed",
    "utf8_bom_and_nothing_else": r"only blank space",
    "shift_jis_detected": r"not text in any encoding",
    "utf8_file_read_as_wrong_explicit_encoding": r"cannot be read as shift_jis",
    "utf16_chosen_by_hand_for_a_file_without_bom": r"cannot be read as utf-16: .*byte-order mark",
    "unknown_encoding_name": r"'klingon-8' is not an encoding",
    "nul_bytes_inside_csv": r"not a text file .*binary",
    "binary_garbage_named_csv": r"not a text file",
    "workbook_named_csv": r"looks like a zip archive",
    "header_only": r"no data rows",
    "header_and_blank_lines_only": r"no data rows",
    "zero_bytes": r"empty \(0 bytes\)",
    "only_whitespace": r"only blank space",
    "quote_never_closed": r"quote .* near line 6 .* never closed",
    "csv_with_mostly_ragged_rows": r"could not be split into columns|fields where the table has",
    "duplicate_headers": r"'name' \(columns 2, 3\)",
    "xlsx_that_is_a_zip_of_junk": r"not a readable Excel workbook",
    "xlsx_that_is_csv_text": r"not a readable Excel workbook",
    "xlsx_that_is_an_old_xls": r"not a readable Excel workbook",
    "xlsx_with_a_damaged_compressed_sheet": r"not a readable Excel workbook: it is damaged",
    "xlsx_with_an_encrypted_zip_member": r"not a readable Excel workbook: it is encrypted",
    "xlsx_with_malformed_sheet_xml": r"not a readable Excel workbook",
    "xlsx_with_an_xml_entity_bomb": r"not a readable Excel workbook",
    "xlsx_chart_sheet_chosen_by_name": r"sheet 'Chart' .* holds a chart",
    "xlsx_only_empty_sheets": r"every sheet .* is empty",
    "xlsx_header_row_only": r"no data rows",
    "parquet_truncated": r"not a readable Parquet file",
    "parquet_with_text_that_is_not_utf8": r"not a readable Parquet file",
    "parquet_with_no_rows": r"no data rows",
    "arff_with_bad_header": r"could not be read as an ARFF file|not a valid ARFF file",
    "arff_without_data_rows": r"no data rows",
    "arff_relational_attribute": r"relational",
    "arff_undeclared_value_with_a_percent_sign": r"50% not found .* line 5",
    "a_directory": r"is a folder, not a file",
    "a_missing_path": r"does not exist",
    "a_path_without_read_permission": r"cannot be opened",
    "an_unsupported_suffix": r"cannot read '\.json' files",
}

# What the hint must mention, where the way out is specific.
HINTS: dict[str, str] = {
    "shift_jis_detected": "encoding",
    "workbook_named_csv": ".xlsx",
    "xlsx_that_is_csv_text": ".csv",
    "xlsx_that_is_an_old_xls": ".xls",
    "xlsx_chart_sheet_chosen_by_name": "'Data'",
    "duplicate_headers": "Rename",
}

# --------------------------------------------------------------------------------------------
# Imported: a check of the table.
# --------------------------------------------------------------------------------------------

Check = Callable[[ImportedTable], None]
IMPORTED: dict[str, Check] = {}

# Cases whose import is known to be wrong (not a crash): the check states the right result.
KNOWN_WRONG: dict[str, str] = {}


def imports(*case_ids: str) -> Callable[[Check], Check]:
    """Register ``check`` as the expected import of these cases."""

    def register(check: Check) -> Check:
        for case_id in case_ids:
            assert case_id not in IMPORTED, case_id
            IMPORTED[case_id] = check
        return check

    return register


def _names(rows: int = TABLE_ROWS) -> list[str]:
    return [NAMES[i % len(NAMES)] for i in range(rows)]


def _is_good_table(table: ImportedTable, rows: int = TABLE_ROWS) -> None:
    """The small good table of hostile_files.table_text, read right."""
    frame = table.frame
    assert list(frame.columns) == ["id", "name", "score"]
    assert frame.shape == (rows, 3)
    assert frame["id"].dtype == np.int64
    assert frame["id"].tolist() == list(range(1, rows + 1))
    assert frame["name"].tolist() == _names(rows)
    assert frame["score"].tolist() == [i * 0.5 + 0.25 for i in range(rows)]


imports(
    "utf16_le_with_bom",
    "utf16_be_with_bom",
    "utf16_le_without_bom",
    "utf8_with_bom",
    "utf32_with_bom",
    "mixed_crlf_lf_cr_line_endings",
    "first_line_only_delimiters",
)(_is_good_table)


@imports("csv_cut_mid_row")
def _cut_row_is_padded(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (20, 3)
    assert frame["id"].iloc[-1] == 20 and frame["name"].iloc[-1] == NAMES[19 % len(NAMES)]
    assert pd.isna(frame["score"].iloc[-1])


@imports("csv_cut_mid_multibyte_char")
def _cut_char_keeps_the_accents(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (TABLE_ROWS, 3)
    assert frame["name"].tolist()[:-1] == _names()[:-1]


@imports("cp1252_with_accents")
def _cp1252(table: ImportedTable) -> None:
    assert table.frame["name"].tolist() == ["René€"] + _names()[1:]
    assert table.source.encoding == "cp1252"
    assert any("Windows-1252" in w for w in table.warnings)


@imports("latin1_with_accents")
def _latin1(table: ImportedTable) -> None:
    assert table.frame["name"].tolist() == [n.replace("Zoë", "Zoÿ") for n in _names()]


@imports("shift_jis_chosen_by_hand")
def _shift_jis(table: ImportedTable) -> None:
    frame = table.frame
    assert list(frame.columns) == ["品名", "都市", "価格"]
    assert frame["都市"].tolist() == ["東京", "大阪", "京都"]
    assert frame["価格"].tolist() == [120, 80, 300]


@imports("gbk_chosen_by_hand")
def _gbk(table: ImportedTable) -> None:
    frame = table.frame
    assert list(frame.columns) == ["名称", "城市", "价格"]
    assert frame["价格"].tolist() == [12.5, 8.0, 30.0]


@imports("invalid_utf8_surrogate_bytes")
def _surrogates(table: ImportedTable) -> None:
    assert table.frame.shape == (2, 2)
    assert table.frame["name"].iloc[1] == "ef"
    assert any("not valid UTF-8" in w for w in table.warnings)


@imports("form_feed_line", "dos_end_of_file_mark")
def _five_good_rows(table: ImportedTable) -> None:
    _is_good_table(table, rows=5)


@imports("ten_thousand_columns")
def _wide(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (5, hostile_files.WIDE_COLUMNS)
    assert frame.columns[-1] == f"c{hostile_files.WIDE_COLUMNS - 1}"
    assert frame["c9999"].tolist() == [(i * 7 + 9999) % 10 for i in range(5)]


@imports("one_column")
def _one_column(table: ImportedTable) -> None:
    assert list(table.frame.columns) == ["value"]
    assert table.frame["value"].tolist() == list(range(50))


@imports("hundred_thousand_rows_two_columns")
def _many_rows(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (MANY_ROWS, 2)
    assert frame["key"].dtype == np.int64 and frame["key"].iloc[-1] == MANY_ROWS - 1
    assert frame["group"].iloc[-1] == (MANY_ROWS - 1) % 7


@imports("single_cell_of_five_megabytes")
def _long_cell(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (2, 2)
    assert len(frame["text"].iloc[0]) == LONG_CELL_CHARS
    assert frame["text"].iloc[1] == "short"


@imports("many_blank_lines_between_rows")
def _blank_lines(table: ImportedTable) -> None:
    assert table.frame["b"].tolist() == [i * 2 for i in range(20)]


@imports("tsv_with_ragged_rows")
def _ragged(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (299, 3)
    assert frame["score"].isna().sum() == 30  # the short rows, padded
    assert any("line 151" in w for w in table.warnings)  # the long row, skipped


@imports("trailing_delimiter_on_every_line")
def _trailing_delimiters(table: ImportedTable) -> None:
    _is_good_table(table, rows=10)
    assert table.source.delimiter == ";"


@imports("every_line_one_quoted_field")
def _quoted_lines(table: ImportedTable) -> None:
    # Quotes around the whole line make it one field: the commas are inside the value.
    assert list(table.frame.columns) == ["id,name,score"]
    assert table.frame.iloc[0, 0] == "1,René,0.25"


@imports("blank_headers")
def _blank_headers(table: ImportedTable) -> None:
    assert list(table.frame.columns) == ["id", "column_2", "column_3"]
    assert table.frame["column_2"].tolist() == _names()


@imports("emoji_headers")
def _emoji_headers(table: ImportedTable) -> None:
    assert list(table.frame.columns) == ["🆔", "👤 name", "⭐"]
    assert table.frame["⭐"].iloc[0] == 0.25


@imports("quoted_thousands_separators")
def _thousands(table: ImportedTable) -> None:
    assert table.frame["amount"].tolist() == [i * 1000 + 234.5 for i in range(1, 31)]


@imports("semicolons_with_decimal_commas_and_dot_thousands")
def _euro_numbers(table: ImportedTable) -> None:
    frame = table.frame
    assert (table.source.delimiter, table.source.decimal) == (";", ",")
    assert frame["amount"].tolist() == [i * 1000 + 234.5 for i in range(1, 31)]
    assert frame["rate"].tolist() == [i + 0.75 for i in range(1, 31)]


@imports("dates_in_three_formats")
def _dates(table: ImportedTable) -> None:
    # Date text stays text in CSV files: the profiler recognises each format later.
    frame = table.frame
    assert frame.shape == (28, 4)
    assert frame.iloc[0, :3].tolist() == ["2024-01-01", "01/01/2024", "Jan 1 2024"]
    assert frame["n"].tolist() == list(range(1, 29))


@imports("huge_numbers_inf_and_nan_strings")
def _huge_numbers(table: ImportedTable) -> None:
    x = table.frame["x"]
    assert x.dtype == np.float64
    assert x.iloc[:5].tolist() == [1e308, -1e308, math.inf, math.inf, -math.inf]
    assert x.iloc[[5, 7]].isna().all()  # "nan" and "NaN" are missing markers
    assert x.iloc[8] == pytest.approx(1.2345678901234568e29)
    assert x.iloc[11] == 42.0


@imports("integers_too_big_for_int64")
def _big_ints(table: ImportedTable) -> None:
    assert table.frame["x"].iloc[0] == pytest.approx(1e25)


@imports("missing_markers_only_column")
def _markers(table: ImportedTable) -> None:
    assert table.frame["nothing"].isna().all()
    assert any("'nothing' is empty" in w for w in table.warnings)


@imports("xlsx_formulas_without_cached_values")
def _formulas(table: ImportedTable) -> None:
    # openpyxl stores no cached results, so the formula cells are missing, not "=A2+B2".
    frame = table.frame
    assert frame.shape == (20, 3)
    assert frame["a"].tolist() == list(range(20))
    assert frame["sum"].isna().all()


@imports("xlsx_empty_sheet_then_data")
def _second_sheet(table: ImportedTable) -> None:
    assert table.source.sheet == "Data"
    assert table.frame["name"].tolist() == _names(10)


@imports("xlsx_with_a_chart_sheet_first")
def _chart_sheet_skipped(table: ImportedTable) -> None:
    assert table.source.sheet == "Data"
    assert table.frame["sales"].tolist() == [100 + i * 5 for i in range(12)]


@imports("xlsx_with_a_stray_cell_far_right_and_down")
def _stray_cell(table: ImportedTable) -> None:
    frame = table.frame
    assert frame.shape == (11, 3)
    assert frame["name"].tolist()[:10] == _names(10)
    assert frame["column_3"].tolist()[-1] == "oops"


@imports("parquet_with_list_and_struct_columns")
def _nested(table: ImportedTable) -> None:
    frame = table.frame
    assert frame["tags"].iloc[0] == "[1, 2]" and pd.isna(frame["tags"].iloc[2])
    assert frame["info"].iloc[0] == '{"a": 0, "b": "0"}'
    assert any("JSON" in w for w in table.warnings)


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


def _running_as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _param(case_id: str):
    marks = []
    if case_id in KNOWN_WRONG:
        reason = KNOWN_WRONG[case_id]
        marks.append(pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason))
    if case_id == "a_path_without_read_permission" and (_running_as_root() or os.name == "nt"):
        marks.append(pytest.mark.skip(reason="root (and Windows) ignore file permissions"))
    return pytest.param(case_id, id=case_id, marks=marks)


def test_every_hostile_case_has_exactly_one_expected_outcome():
    refused, imported = set(REFUSED), set(IMPORTED)
    assert not refused & imported
    assert refused | imported == set(hostile_files.CASES)
    assert len(hostile_files.CASES) >= 40


@pytest.mark.parametrize("case_id", [_param(c) for c in hostile_files.CASES if c in REFUSED])
def test_hostile_file_is_refused_with_a_message_in_words(case_id, tmp_path):
    target = hostile_files.build(case_id, tmp_path / "in")
    with pytest.raises(UserError) as caught:
        read_table(target)
    assert_readable(caught.value)
    assert caught.match(f"(?is){REFUSED[case_id]}")
    if case_id in HINTS:
        assert HINTS[case_id] in caught.value.hint


@pytest.mark.parametrize("case_id", [_param(c) for c in hostile_files.CASES if c in IMPORTED])
def test_hostile_file_is_imported_correctly(case_id, tmp_path):
    table = read_table(hostile_files.build(case_id, tmp_path / "in"))
    frame = table.frame
    assert frame.columns.is_unique
    assert all(isinstance(c, str) and c and c == c.strip() for c in frame.columns)
    assert isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0
    IMPORTED[case_id](table)
