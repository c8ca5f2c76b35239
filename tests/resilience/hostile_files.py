"""A corpus of hostile data files, written by code into a folder (no binary fixtures committed).

Each case is a builder: ``build(case_id, folder)`` writes the file (or folder) and returns what
to hand to ``read_table``: a path, or a ``DataSource`` when the case sets an option by hand.
``CASES`` lists the ids; ``tests/resilience/test_hostile_inputs.py`` says what each must give.
"""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable
from pathlib import Path

from engine.spec import DataSource

Target = Path | DataSource
Builder = Callable[[Path], Target]

_BUILDERS: dict[str, Builder] = {}

# A small good table: an integer id, a name with accents, a score with decimals.
NAMES = ["René", "José", "Anaïs", "Zoë", "Jürgen", "Ådne", "Çelik", "Ñuño"]
TABLE_ROWS = 40
LONG_CELL_CHARS = 5 * 1024 * 1024
MANY_ROWS = 100_000
WIDE_COLUMNS = 10_000


def case(case_id: str) -> Callable[[Builder], Builder]:
    """Register a builder under ``case_id``."""

    def register(builder: Builder) -> Builder:
        assert case_id not in _BUILDERS, case_id
        _BUILDERS[case_id] = builder
        return builder

    return register


def build(case_id: str, folder: Path) -> Target:
    """Write the file for ``case_id`` into ``folder``; what to give ``read_table``."""
    folder.mkdir(parents=True, exist_ok=True)
    return _BUILDERS[case_id](folder)


def table_text(rows: int = TABLE_ROWS, delimiter: str = ",", newline: str = "\n") -> str:
    """The small good table as text."""
    lines = [delimiter.join(["id", "name", "score"])]
    for i in range(rows):
        lines.append(delimiter.join([str(i + 1), NAMES[i % len(NAMES)], f"{i * 0.5 + 0.25}"]))
    return newline.join(lines) + newline


def _write(folder: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(data.encode(encoding) if isinstance(data, str) else data)
    return path


def _workbook(folder: Path, name: str, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = folder / name
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# Truncated text files
# --------------------------------------------------------------------------------------------


@case("csv_cut_mid_row")
def _cut_mid_row(folder: Path) -> Target:
    text = table_text()
    row_20 = text.index("\n20,") + 1
    return _write(folder, "cut.csv", text[: row_20 + len("20,Ann")])


@case("csv_cut_mid_multibyte_char")
def _cut_mid_char(folder: Path) -> Target:
    data = table_text().encode("utf-8")
    last = data.rindex("Ñ".encode())  # a two-byte character near the end
    return _write(folder, "cut.csv", data[: last + 1])


@case("csv_cut_inside_quoted_field")
def _cut_in_quotes(folder: Path) -> Target:
    text = table_text() + '41,"Smith, J'
    return _write(folder, "cut.csv", text)


# --------------------------------------------------------------------------------------------
# Encodings
# --------------------------------------------------------------------------------------------


@case("cp1252_with_accents")
def _cp1252(folder: Path) -> Target:
    return _write(folder, "cp1252.csv", table_text().replace("René", "René€", 1), "cp1252")


@case("latin1_with_accents")
def _latin1(folder: Path) -> Target:
    # ÿ (0xFF) and the accents are Latin-1; no byte in 0x80-0x9F, so cp1252 decodes it the same.
    return _write(folder, "latin1.csv", table_text().replace("Zoë", "Zoÿ"), "latin-1")


@case("utf16_le_with_bom")
def _utf16_le(folder: Path) -> Target:
    return _write(folder, "u16le.csv", codecs.BOM_UTF16_LE + table_text().encode("utf-16-le"))


@case("utf16_be_with_bom")
def _utf16_be(folder: Path) -> Target:
    return _write(folder, "u16be.csv", codecs.BOM_UTF16_BE + table_text().encode("utf-16-be"))


@case("utf16_le_without_bom")
def _utf16_no_bom(folder: Path) -> Target:
    return _write(folder, "u16.csv", table_text().encode("utf-16-le"))


@case("utf8_with_bom")
def _utf8_bom(folder: Path) -> Target:
    return _write(folder, "bom.csv", codecs.BOM_UTF8 + table_text().encode("utf-8"))


@case("utf8_bom_and_nothing_else")
def _bom_only(folder: Path) -> Target:
    return _write(folder, "bom.csv", codecs.BOM_UTF8)


_JAPANESE = "品名,都市,価格\nりんご,東京,120\nみかん,大阪,80\nぶどう,京都,300\n"
_CHINESE = "名称,城市,价格\n苹果,北京,12.5\n橘子,上海,8\n葡萄,广州,30\n"


@case("shift_jis_detected")
def _shift_jis(folder: Path) -> Target:
    return _write(folder, "sjis.csv", _JAPANESE * 10, "shift_jis")


@case("shift_jis_chosen_by_hand")
def _shift_jis_explicit(folder: Path) -> Target:
    path = _write(folder, "sjis.csv", _JAPANESE, "shift_jis")
    return DataSource(str(path), encoding="shift_jis")


@case("gbk_chosen_by_hand")
def _gbk_explicit(folder: Path) -> Target:
    path = _write(folder, "gbk.csv", _CHINESE, "gbk")
    return DataSource(str(path), encoding="gbk")


@case("utf8_file_read_as_wrong_explicit_encoding")
def _wrong_explicit(folder: Path) -> Target:
    path = _write(folder, "u8.csv", _CHINESE, "utf-8")
    return DataSource(str(path), encoding="shift_jis")


@case("utf16_chosen_by_hand_for_a_file_without_bom")
def _utf16_explicit_no_bom(folder: Path) -> Target:
    # Python's "utf-16" codec needs a byte-order mark; "utf-16-le" would not.
    path = _write(folder, "u16.csv", table_text().encode("utf-16-le"))
    return DataSource(str(path), encoding="utf-16")


@case("unknown_encoding_name")
def _unknown_encoding(folder: Path) -> Target:
    return DataSource(str(_write(folder, "t.csv", table_text())), encoding="klingon-8")


@case("invalid_utf8_surrogate_bytes")
def _surrogates(folder: Path) -> Target:
    # An encoded surrogate (ED A0 80) is never valid UTF-8; cp1252 and Latin-1 still read it.
    return _write(folder, "s.csv", b"id,name\n1,ab\xed\xa0\x80cd\n2,ef\n")


@case("utf32_with_bom")
def _utf32(folder: Path) -> Target:
    return _write(folder, "u32.csv", table_text().encode("utf-32"))


# --------------------------------------------------------------------------------------------
# Bytes that are not (only) text
# --------------------------------------------------------------------------------------------


@case("nul_bytes_inside_csv")
def _nul_bytes(folder: Path) -> Target:
    text = table_text().encode("utf-8")
    middle = len(text) // 2
    return _write(folder, "nul.csv", text[:middle] + b"\x00\x00" + text[middle:])


@case("binary_garbage_named_csv")
def _garbage_csv(folder: Path) -> Target:
    rng = random.Random(7)
    return _write(folder, "garbage.csv", bytes(rng.randrange(256) for _ in range(20_000)))


@case("workbook_named_csv")
def _xlsx_as_csv(folder: Path) -> Target:
    path = _workbook(folder, "book.xlsx", {"Data": [["a", "b"], [1, 2]]})
    return path.rename(folder / "book.csv")


@case("form_feed_line")
def _form_feed(folder: Path) -> Target:
    return _write(folder, "ff.csv", table_text(5).replace("\n", "\r\n") + "\x0c\r\n")


@case("dos_end_of_file_mark")
def _dos_eof(folder: Path) -> Target:
    # Old DOS tools end text files with Ctrl-Z (0x1A).
    return _write(folder, "dos.csv", table_text(5).replace("\n", "\r\n") + "\x1a")


# --------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------


@case("ten_thousand_columns")
def _wide(folder: Path) -> Target:
    header = ",".join(f"c{j}" for j in range(WIDE_COLUMNS))
    rows = [",".join(str((i * 7 + j) % 10) for j in range(WIDE_COLUMNS)) for i in range(5)]
    return _write(folder, "wide.csv", "\n".join([header, *rows]) + "\n")


@case("one_column")
def _one_column(folder: Path) -> Target:
    return _write(folder, "one.csv", "value\n" + "".join(f"{i}\n" for i in range(50)))


@case("hundred_thousand_rows_two_columns")
def _many_rows(folder: Path) -> Target:
    body = "".join(f"{i},{i % 7}\n" for i in range(MANY_ROWS))
    return _write(folder, "long.csv", "key,group\n" + body)


@case("single_cell_of_five_megabytes")
def _long_cell(folder: Path) -> Target:
    return _write(folder, "cell.csv", "id,text\n1," + "x" * LONG_CELL_CHARS + "\n2,short\n")


@case("header_only")
def _header_only(folder: Path) -> Target:
    return _write(folder, "header.csv", "id,name,score\n")


@case("header_and_blank_lines_only")
def _header_blank(folder: Path) -> Target:
    return _write(folder, "header.csv", "id,name,score\n\n,,\n \n,,\n")


@case("zero_bytes")
def _zero_bytes(folder: Path) -> Target:
    return _write(folder, "empty.csv", b"")


@case("only_whitespace")
def _whitespace(folder: Path) -> Target:
    return _write(folder, "blank.csv", "  \n\t\n\r\n   \n")


@case("many_blank_lines_between_rows")
def _blank_lines(folder: Path) -> Target:
    return _write(folder, "gaps.csv", "a,b\n" + "\n\n\n".join(f"{i},{i * 2}" for i in range(20)))


# --------------------------------------------------------------------------------------------
# Quotes, delimiters and line endings
# --------------------------------------------------------------------------------------------


@case("quote_never_closed")
def _unclosed(folder: Path) -> Target:
    lines = table_text().splitlines()
    lines[5] = '5,"never closed,1.5'
    return _write(folder, "quote.csv", "\n".join(lines) + "\n")


@case("mixed_crlf_lf_cr_line_endings")
def _mixed_endings(folder: Path) -> Target:
    endings = ["\r\n", "\n", "\r"]
    lines = table_text().splitlines()
    text = "".join(line + endings[i % 3] for i, line in enumerate(lines))
    return _write(folder, "mixed.csv", text)


@case("tsv_with_ragged_rows")
def _ragged(folder: Path) -> Target:
    lines = ["id\tname\tscore"]
    for i in range(300):
        row = [str(i), NAMES[i % len(NAMES)], str(i / 4)]
        if i % 10 == 3:
            row = row[:2]  # short rows are padded
        lines.append("\t".join(row))
    lines[150] += "\tstray\textra"  # one long row is skipped with a warning
    return _write(folder, "ragged.tsv", "\n".join(lines) + "\n")


@case("csv_with_mostly_ragged_rows")
def _very_ragged(folder: Path) -> Target:
    rng = random.Random(3)
    widths = [rng.choice([3, 5]) for _ in range(60)]
    lines = ["a,b,c"] + [",".join("x" * rng.randrange(1, 3) for _ in range(w)) for w in widths]
    return _write(folder, "ragged.csv", "\n".join(lines) + "\n")


@case("trailing_delimiter_on_every_line")
def _trailing_delims(folder: Path) -> Target:
    return _write(folder, "t.csv", table_text(10, ";").replace("\n", ";\n"))


@case("first_line_only_delimiters")
def _delimiter_line_on_top(folder: Path) -> Target:
    # A spreadsheet's empty top row, saved as CSV.
    return _write(folder, "top.csv", ",,\n" + table_text())


@case("every_line_one_quoted_field")
def _quoted_lines(folder: Path) -> Target:
    return _write(folder, "q.csv", "".join(f'"{line}"\n' for line in table_text(10).splitlines()))


# --------------------------------------------------------------------------------------------
# Headers
# --------------------------------------------------------------------------------------------


@case("duplicate_headers")
def _duplicate_headers(folder: Path) -> Target:
    return _write(folder, "dup.csv", table_text().replace("id,name,score", "id,name,name", 1))


@case("blank_headers")
def _blank_headers(folder: Path) -> Target:
    return _write(folder, "blank.csv", table_text().replace("id,name,score", "id,,  ", 1))


@case("emoji_headers")
def _emoji_headers(folder: Path) -> Target:
    text = table_text().replace("id,name,score", "🆔,👤 name,⭐", 1)
    return _write(folder, "emoji.csv", text)


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------


@case("quoted_thousands_separators")
def _thousands(folder: Path) -> Target:
    rows = "".join(f'{i},"{i},234.5"\n' for i in range(1, 31))
    return _write(folder, "k.csv", "id,amount\n" + rows)


@case("semicolons_with_decimal_commas_and_dot_thousands")
def _euro_numbers(folder: Path) -> Target:
    rows = "".join(f"{i};{i}.234,5;{i},75\n" for i in range(1, 31))
    return _write(folder, "eu.csv", "id;amount;rate\n" + rows)


@case("dates_in_three_formats")
def _dates(folder: Path) -> Target:
    rows = "".join(
        f"2024-01-{d:02d},{d:02d}/01/2024,Jan {d} 2024,{d}\n" for d in range(1, 29)
    )
    return _write(folder, "dates.csv", "iso,day_first,words,n\n" + rows)


@case("huge_numbers_inf_and_nan_strings")
def _wide_numbers(folder: Path) -> Target:
    values = ["1e308", "-1e308", "1e400", "inf", "-inf", "nan", "Infinity", "NaN",
              "123456789012345678901234567890", "0.000000000000000000000000001", "-0", "42"]
    body = "".join(f"{i},{v}\n" for i, v in enumerate(values * 3))
    return _write(folder, "big.csv", "id,x\n" + body)


@case("integers_too_big_for_int64")
def _big_ints(folder: Path) -> Target:
    body = "".join(f"{i},{10**25 + i}\n" for i in range(20))
    return _write(folder, "bigint.csv", "id,x\n" + body)


@case("missing_markers_only_column")
def _markers(folder: Path) -> Target:
    markers = ["NA", "?", "null", "", "N/A", "-"]
    body = "".join(f"{i},{markers[i % len(markers)]}\n" for i in range(30))
    return _write(folder, "m.csv", "id,nothing\n" + body)


# Binary formats and paths live in hostile_formats.py; importing it registers its cases.
from tests.resilience import hostile_formats  # noqa: E402,F401

CASES: tuple[str, ...] = tuple(_BUILDERS)
