"""The importer: real messy files, encodings, delimiters, cleaning rules and every user error."""

from __future__ import annotations

import codecs

import numpy as np
import pandas as pd
import pytest
from pandas.api.types import is_numeric_dtype

from engine.errors import DataError
from engine.importer import SUPPORTED_SUFFIXES, ImportedTable, read_table, sniff_text
from engine.spec import DataSource
from tests.engine.importer_cases import (
    ACCENTED_CITIES,
    ACCENTED_NAMES,
    ACCENTED_TEXT,
    raw_file,
    write_bytes,
    write_text,
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
# The real files in shared/datasets/raw/
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shape", "fmt"),
    [
        ("telco_churn.csv", (7043, 21), "csv"),
        ("titanic.csv", (891, 11), "csv"),
        ("bank_marketing.csv", (4521, 17), "csv"),
        ("taxis.csv", (6433, 14), "csv"),
        ("diamonds.csv", (53940, 10), "csv"),
        ("adult_train_noheader.csv", (32561, 15), "csv"),
        ("credit_g.arff", (1000, 21), "arff"),
        ("hypothyroid.arff", (3772, 30), "arff"),
    ],
)
def test_read_table_imports_every_raw_dataset_with_its_shape(name, shape, fmt):
    table = read_table(raw_file(name))
    assert table.frame.shape == shape
    assert table.format == fmt
    assert table.source.path.endswith(name)
    _assert_clean_frame(table)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in table.frame.dtypes)


def test_read_table_reads_telco_total_charges_as_float_with_11_missing():
    table = read_table(raw_file("telco_churn.csv"))
    frame = table.frame
    assert frame["TotalCharges"].dtype == np.float64
    assert frame["TotalCharges"].isna().sum() == 11
    assert frame["MonthlyCharges"].dtype == np.float64
    assert frame["tenure"].dtype == np.int64
    assert _is_text(frame["customerID"])
    assert set(frame["Churn"].unique()) == {"Yes", "No"}  # Yes/No stays text
    assert any("11 blank cells in TotalCharges" in w for w in table.warnings)
    assert table.source == DataSource(table.source.path, None, ",", "utf-8", ".")


def test_read_table_detects_the_semicolon_in_bank_marketing():
    table = read_table(raw_file("bank_marketing.csv"))
    assert table.source.delimiter == ";"
    assert table.frame.shape[1] == 17
    assert list(table.frame.columns[:3]) == ["age", "job", "marital"]
    assert table.frame["age"].dtype == np.int64
    assert _is_text(table.frame["job"])
    assert (table.frame["poutcome"] == "unknown").any()  # 'unknown' is a category, not missing


def test_read_table_names_adult_columns_and_reads_question_marks_as_missing():
    table = read_table(raw_file("adult_train_noheader.csv"))
    frame = table.frame
    assert list(frame.columns) == [f"column_{i}" for i in range(1, 16)]
    assert any("no header row" in w for w in table.warnings)
    assert frame["column_1"].dtype == np.int64  # age
    assert frame.loc[0, "column_2"] == "State-gov"  # space after the comma is gone
    text_columns = [c for c in frame.columns if _is_text(frame[c])]
    assert len(text_columns) == 9
    for c in text_columns:
        assert not (frame[c] == "?").any()
        assert not frame[c].dropna().str.startswith(" ").any()
    assert frame["column_2"].isna().sum() == 1836
    assert set(frame["column_15"].unique()) == {"<=50K", ">50K"}


def test_read_table_reads_credit_g_arff_with_nominal_as_text():
    table = read_table(raw_file("credit_g.arff"))
    frame = table.frame
    assert frame.shape == (1000, 21)
    assert table.format == "arff"
    assert is_numeric_dtype(frame["duration"]) and is_numeric_dtype(frame["credit_amount"])
    assert _is_text(frame["checking_status"]) and _is_text(frame["class"])
    assert set(frame["class"].unique()) == {"good", "bad"}
    assert (frame["other_parties"] == "none").sum() > 0  # a declared category, not missing


def test_read_table_reads_hypothyroid_arff_with_question_marks_missing():
    table = read_table(raw_file("hypothyroid.arff"))
    frame = table.frame
    assert frame.shape == (3772, 30)
    assert frame["TBG"].isna().all()
    assert frame["TSH"].dtype == np.float64 and frame["TSH"].isna().sum() > 0
    assert _is_text(frame["sex"]) and not (frame["sex"] == "?").any()
    assert (frame["Class"] == "secondary_hypothyroid").sum() == 2
    assert any("TBG" in w and "empty" in w for w in table.warnings)


def test_read_table_keeps_quoted_commas_in_titanic_names_and_warns_about_ticket():
    table = read_table(raw_file("titanic.csv"))
    frame = table.frame
    assert frame.loc[0, "name"] == "Braund, Mr. Owen Harris"
    assert frame["cabin"].isna().sum() == 687
    assert _is_text(frame["ticket"])
    assert any("'ticket'" in w and "kept as text" in w for w in table.warnings)


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", ACCENTED_TEXT.encode("utf-8")),
        ("utf-8-sig", ACCENTED_TEXT.encode("utf-8-sig")),
        ("utf-16", ACCENTED_TEXT.encode("utf-16")),
        ("utf-16", codecs.BOM_UTF16_BE + ACCENTED_TEXT.encode("utf-16-be")),
        ("utf-16-le", ACCENTED_TEXT.encode("utf-16-le")),
        ("cp1252", ACCENTED_TEXT.encode("cp1252")),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "utf-16-le-no-bom", "cp1252"],
)
def test_read_table_detects_each_encoding_and_keeps_accents(tmp_path, encoding, data):
    table = read_table(write_bytes(tmp_path, "people.csv", data))
    assert list(table.frame.columns) == ["name", "city", "score"]
    assert table.frame["name"].tolist() == ACCENTED_NAMES
    assert table.frame["city"].tolist() == ACCENTED_CITIES
    assert table.frame["score"].tolist() == [1.5, 2.0, 3.25]
    assert table.source.encoding == encoding
    fell_back = any("not valid UTF-8" in w for w in table.warnings)
    assert fell_back == (encoding == "cp1252")


def test_read_table_falls_back_to_cp1252_when_bad_bytes_come_after_the_sample(tmp_path):
    data = ("word,n\n" + "plain,1\n" * 12000).encode() + "Crème,2\n".encode("cp1252")
    table = read_table(write_bytes(tmp_path, "late.csv", data))
    assert table.source.encoding == "cp1252"
    assert table.frame["word"].iloc[-1] == "Crème"
    assert any("cp1252" in w for w in table.warnings)


def test_read_table_uses_an_explicit_encoding_over_detection(tmp_path):
    path = write_bytes(tmp_path, "people.csv", ACCENTED_TEXT.encode("cp1252"))
    table = read_table(DataSource(str(path), encoding="latin-1"))
    assert table.frame["city"].tolist() == ACCENTED_CITIES
    assert table.warnings == []


def test_read_table_rejects_an_explicit_encoding_that_does_not_fit(tmp_path):
    path = write_bytes(tmp_path, "people.csv", ACCENTED_TEXT.encode("cp1252"))
    with pytest.raises(DataError, match="cannot be read as utf-8") as err:
        read_table(DataSource(str(path), encoding="utf-8"))
    assert "encoding" in err.value.hint


def test_read_table_rejects_an_unknown_encoding_name(tmp_path):
    path = write_text(tmp_path, "a.csv", "a,b\n1,2\n")
    with pytest.raises(DataError, match="not an encoding"):
        read_table(DataSource(str(path), encoding="klingon-8"))


# --------------------------------------------------------------------------------------------
# Delimiters, decimals, headers, overrides
# --------------------------------------------------------------------------------------------


def test_read_table_reads_semicolons_with_decimal_commas(tmp_path):
    text = "Produkt;Preis;Menge\nÄpfel;1,5;3\nBirnen;2,25;10\nKiwi;0,8;7\n"
    table = read_table(write_text(tmp_path, "de.csv", text))
    assert table.source.delimiter == ";"
    assert table.source.decimal == ","
    assert table.frame["Preis"].tolist() == [1.5, 2.25, 0.8]
    assert table.frame["Menge"].dtype == np.int64


def test_read_table_reads_decimal_commas_with_dot_thousands_in_text_columns(tmp_path):
    text = "k;betrag\na;1.234,5\nb;NA\nc;7,25\n"
    table = read_table(write_text(tmp_path, "de.csv", text))
    assert table.source.decimal == ","
    assert table.frame["betrag"].tolist()[0] == 1234.5
    assert np.isnan(table.frame["betrag"].iloc[1])
    assert table.frame["betrag"].iloc[2] == 7.25


def test_read_table_reads_tab_separated_files(tmp_path):
    text = "id\tcolour\tsize\n1\tred\t2.5\n2\tblue\t3\n"
    table = read_table(write_text(tmp_path, "t.tsv", text))
    assert table.source.delimiter == "\t"
    assert table.frame.shape == (2, 3)
    assert table.frame["size"].tolist() == [2.5, 3.0]


def test_read_table_reads_pipe_separated_txt_files(tmp_path):
    table = read_table(write_text(tmp_path, "t.txt", "a|b|c\n1|x|2\n3|y|4\n"))
    assert table.source.delimiter == "|"
    assert table.frame.shape == (2, 3)


def test_read_table_lets_an_explicit_delimiter_win_over_detection(tmp_path):
    path = write_text(tmp_path, "t.csv", "a,b;c\n1,2;3\n4,5;6\n7,8;9\n")
    assert read_table(path).source.delimiter == ","
    table = read_table(DataSource(str(path), delimiter=";"))
    assert list(table.frame.columns) == ["a,b", "c"]
    assert table.source.delimiter == ";"


def test_read_table_lets_an_explicit_decimal_win_over_detection(tmp_path):
    path = write_text(tmp_path, "t.csv", "x;y\n1,500;a\n2,250;b\n")
    assert read_table(path).frame["x"].tolist() == [1500, 2250]  # looks like thousands
    table = read_table(DataSource(str(path), decimal=","))
    assert table.frame["x"].tolist() == [1.5, 2.25]
    assert table.source.decimal == ","


def test_read_table_rejects_a_bad_explicit_delimiter_or_decimal(tmp_path):
    path = write_text(tmp_path, "t.csv", "a,b\n1,2\n")
    with pytest.raises(DataError, match="delimiter"):
        read_table(DataSource(str(path), delimiter="::"))
    with pytest.raises(DataError, match="decimal"):
        read_table(DataSource(str(path), decimal="#"))


def test_read_table_keeps_a_header_above_numeric_columns(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "age,income\n30,1000\n40,2000\n"))
    assert list(table.frame.columns) == ["age", "income"]
    assert not any("header" in w for w in table.warnings)


def test_read_table_assumes_a_header_when_every_column_is_text(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "red,big\nblue,small\ngreen,big\n"))
    assert list(table.frame.columns) == ["red", "big"]


def test_read_table_names_columns_when_the_first_row_is_data(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "1,red,2.5\n2,blue,3.5\n3,green,4.5\n"))
    assert list(table.frame.columns) == ["column_1", "column_2", "column_3"]
    assert table.frame.shape == (3, 3)
    assert any("column_1 to column_3" in w for w in table.warnings)


def test_sniff_text_reports_detected_settings(tmp_path):
    path = write_bytes(tmp_path, "de.csv", "a;b\n1,5;ä\n2,5;ö\n".encode("cp1252"))
    detected = sniff_text(path)
    assert detected == DataSource(str(path), None, ";", "cp1252", ",")


def test_sniff_text_rejects_a_missing_file(tmp_path):
    with pytest.raises(DataError, match="does not exist"):
        sniff_text(tmp_path / "gone.csv")


# --------------------------------------------------------------------------------------------
# Cleaning rules
# --------------------------------------------------------------------------------------------


def test_read_table_reads_markers_as_missing_in_numeric_columns(tmp_path):
    text = "id,value\n1,10\n2,?\n3,NA\n4,n/a\n5,-\n6,null\n7, \n8,12.5\n"
    table = read_table(write_text(tmp_path, "t.csv", text))
    values = table.frame["value"]
    assert values.dtype == np.float64
    assert values.isna().sum() == 6
    assert values.dropna().tolist() == [10.0, 12.5]
    assert any("'?' in value" in w for w in table.warnings)
    assert any("blank cell in value" in w for w in table.warnings)


def test_read_table_keeps_na_as_a_value_among_two_letter_codes(tmp_path):
    text = "region,n\nUS,1\nDE,2\nNA,3\nFR,4\n?,5\n"
    table = read_table(write_text(tmp_path, "t.csv", text))
    region = table.frame["region"]
    assert region.tolist()[:4] == ["US", "DE", "NA", "FR"]
    assert pd.isna(region.iloc[4])  # '?' does not look like a two-letter code
    assert any("'NA' in region was kept as a value" in w for w in table.warnings)


def test_read_table_reads_na_as_missing_among_words(tmp_path):
    text = "answer,n\nYes,1\nNo,2\nNA,3\nNone,4\n-,5\nYes,6\n"
    table = read_table(write_text(tmp_path, "t.csv", text))
    answer = table.frame["answer"]
    assert answer.isna().tolist() == [False, False, True, True, True, False]
    assert _is_text(answer)


def test_read_table_keeps_minus_signs_that_are_a_category(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "sign,n\n+,1\n-,2\n+,3\n"))
    assert table.frame["sign"].tolist() == ["+", "-", "+"]


def test_read_table_reads_numbers_with_thousands_separators(tmp_path):
    text = 'id,amount\n1,"1,234"\n2,"12,345,678"\n3,"7"\n4,"-2,000"\n'
    table = read_table(write_text(tmp_path, "t.csv", text))
    assert table.frame["amount"].tolist() == [1234, 12345678, 7, -2000]
    assert table.frame["amount"].dtype == np.int64
    assert any("thousands separators" in w for w in table.warnings)


def test_read_table_reads_thousands_separators_too_rare_to_be_sampled(tmp_path):
    values = [str(i % 900) for i in range(5000)]
    values[1001] = '"1,200"'
    values[4998] = '"12,345"'
    path = write_text(tmp_path, "t.csv", "amount\n" + "\n".join(values) + "\n")
    amount = read_table(path).frame["amount"]
    assert amount.dtype == np.int64
    assert amount.iloc[1001] == 1200 and amount.iloc[4998] == 12345

def test_read_table_reads_currency_and_percent_only_when_every_value_has_it(tmp_path):
    text = 'price,rate,mixed\n"$1,200.50",5%,$3\n$7,12.5%,4\n"-$3",0%,$5\n'
    table = read_table(write_text(tmp_path, "t.csv", text))
    assert table.frame["price"].tolist() == [1200.5, 7.0, -3.0]
    assert table.frame["rate"].tolist() == [5.0, 12.5, 0.0]
    assert _is_text(table.frame["mixed"])
    assert any("'mixed'" in w and "kept as text" in w for w in table.warnings)


def test_read_table_keeps_a_mostly_numeric_column_with_words_as_text_and_names_them(tmp_path):
    rows = "".join(f"{i},{i * 3}\n" for i in range(40)) + "40,unknown\n41,lots\n"
    table = read_table(write_text(tmp_path, "t.csv", "id,count\n" + rows))
    assert _is_text(table.frame["count"])
    warning = next(w for w in table.warnings if "'count'" in w)
    assert "'unknown'" in warning and "kept as text" in warning


def test_read_table_types_a_column_from_all_its_values_when_text_appears_only_far_down(tmp_path):
    # The C parser reads in chunks of about 260,000 rows here; this column is numbers in the
    # first chunk and text in the last, which a chunked read returns as mixed objects (and the
    # zip-code-like "05" as the number 5).
    text = "id,code\n" + "1,05\n" * 300_000 + "2,x\n"
    frame = read_table(write_text(tmp_path, "t.csv", text)).frame
    assert _is_text(frame["code"])
    assert frame["code"].iloc[0] == "05" and frame["code"].iloc[-1] == "x"
    assert frame["id"].dtype == np.int64


def test_read_table_strips_column_names_and_names_empty_ones(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", " a ,,c\n1,2,3\n"))
    assert list(table.frame.columns) == ["a", "column_2", "c"]


def test_read_table_drops_rows_that_are_entirely_empty(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "a,b\n1,2\n,\n\n?,NA\n3,4\n"))
    assert table.frame.shape == (2, 2)
    assert table.frame["a"].tolist() == [1, 3]
    assert table.frame["a"].dtype == np.int64
    assert any("Dropped 2 empty rows" in w for w in table.warnings)


def test_read_table_drops_unnamed_empty_columns_from_trailing_delimiters(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "a,b,\n1,2,\n3,4,\n"))
    assert list(table.frame.columns) == ["a", "b"]
    assert any("neither a name nor any value" in w for w in table.warnings)


def test_read_table_imports_a_file_with_one_data_row(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "a,b\n1,x\n"))
    assert table.frame.shape == (1, 2)
    assert table.frame["b"].tolist() == ["x"]


def test_read_table_keeps_text_as_str_dtype_not_category(tmp_path):
    rows = "".join(f"{i},{'Yes' if i % 2 else 'No'}\n" for i in range(50))
    table = read_table(write_text(tmp_path, "t.csv", "id,flag\n" + rows))
    assert table.frame["flag"].dtype == "str"


def test_read_table_skips_a_few_rows_with_too_many_fields_and_says_which(tmp_path):
    rows = ["a,b"] + [f"{i},{i}" for i in range(300)]
    rows.insert(51, "x,y,z")
    table = read_table(write_text(tmp_path, "t.csv", "\n".join(rows) + "\n"))
    assert table.frame.shape == (300, 2)
    assert any("Skipped 1 row" in w and "line 52" in w for w in table.warnings)


def test_read_table_keeps_data_beyond_the_header_in_named_columns(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "a,b\n1,2,3\n4,5,6\n"))
    assert list(table.frame.columns) == ["a", "b", "column_3"]
    assert table.frame["column_3"].tolist() == [3, 6]
    assert any("header row names 2 columns" in w for w in table.warnings)


def test_read_table_pads_rows_with_fewer_fields_than_the_header(tmp_path):
    table = read_table(write_text(tmp_path, "t.csv", "a,b,c\n1,2,3\n4,5\n"))
    assert table.frame["c"].isna().tolist() == [False, True]


def test_read_table_skips_a_long_first_data_row_instead_of_cutting_every_row(tmp_path):
    rows = ["a,b", "1,2,oops"] + [f"{i},{i}" for i in range(200)]
    table = read_table(write_text(tmp_path, "t.csv", "\n".join(rows) + "\n"))
    assert table.frame.shape == (200, 2)
    assert any("Skipped 1 row" in w and "line 2" in w for w in table.warnings)


# --------------------------------------------------------------------------------------------
# Errors a user can cause
# --------------------------------------------------------------------------------------------


def test_read_table_rejects_a_missing_file(tmp_path):
    with pytest.raises(DataError, match="does not exist") as err:
        read_table(tmp_path / "nope.csv")
    assert err.value.hint


def test_read_table_rejects_an_unsupported_suffix_and_lists_the_supported_ones(tmp_path):
    path = write_text(tmp_path, "data.json", "{}")
    with pytest.raises(DataError, match="cannot read '.json' files") as err:
        read_table(path)
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in err.value.hint


@pytest.mark.parametrize("data", [b"", b"   \n\t\n  "], ids=["zero-bytes", "whitespace"])
def test_read_table_rejects_an_empty_file(tmp_path, data):
    with pytest.raises(DataError, match="empty|blank space"):
        read_table(write_bytes(tmp_path, "t.csv", data))


def test_read_table_rejects_a_header_without_data_rows(tmp_path):
    with pytest.raises(DataError, match="no data rows"):
        read_table(write_text(tmp_path, "t.csv", "a,b,c\n"))


def test_read_table_rejects_a_binary_file(tmp_path):
    with pytest.raises(DataError, match="not a text file"):
        read_table(write_bytes(tmp_path, "t.csv", bytes(range(256)) * 8))


def test_read_table_names_a_workbook_saved_under_a_csv_name(tmp_path):
    with pytest.raises(DataError, match="zip archive") as err:
        read_table(write_bytes(tmp_path, "t.csv", b"PK\x03\x04" + b"\x00" * 100))
    assert ".xlsx" in err.value.hint


def test_read_table_rejects_bytes_that_no_encoding_decodes(tmp_path):
    with pytest.raises(DataError, match="not text in any encoding"):
        read_table(write_bytes(tmp_path, "t.csv", b"\x81\x8d\x8f\x90\x9d\x01\x02" * 40))


def test_read_table_rejects_a_quote_that_is_never_closed_with_its_line(tmp_path):
    text = 'a,b\n1,x\n2,"never closed\n3,z\n4,w\n'
    with pytest.raises(DataError, match="near line 3") as err:
        read_table(write_text(tmp_path, "t.csv", text))
    assert "quote" in err.value.hint


def test_read_table_rejects_many_rows_with_inconsistent_field_counts(tmp_path):
    text = "a,b\n1,2\n3,4,5\n6,7\n8,9,10\n"
    with pytest.raises(DataError, match="Line 3 .* 3 fields where the table has 2 columns") as err:
        read_table(write_text(tmp_path, "t.csv", text))
    assert "delimiter" in err.value.hint


def test_read_table_rejects_duplicate_headers(tmp_path):
    with pytest.raises(DataError, match="'a' \\(columns 1, 3\\)") as err:
        read_table(write_text(tmp_path, "t.csv", "a,b, a \n1,2,3\n"))
    assert "Rename" in err.value.hint
