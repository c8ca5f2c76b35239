"""Hostile files in binary formats and odd paths: Excel, Parquet, ARFF, folders, missing files.

Registered into ``hostile_files``' corpus (``hostile_files`` imports this module at its end).
"""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

from engine.spec import DataSource
from tests.resilience.hostile_files import (  # noqa: F401 - shared helpers of the corpus
    NAMES,
    TABLE_ROWS,
    Target,
    _workbook,
    _write,
    case,
    table_text,
)

# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------


@case("xlsx_that_is_a_zip_of_junk")
def _zip_junk(folder: Path) -> Target:
    path = folder / "junk.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
        archive.writestr("xl/nothing.bin", bytes(range(256)))
    return path


@case("xlsx_that_is_csv_text")
def _csv_as_xlsx(folder: Path) -> Target:
    return _write(folder, "text.xlsx", table_text())


@case("xlsx_that_is_an_old_xls")
def _ole_as_xlsx(folder: Path) -> Target:
    return _write(folder, "old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))


@case("xlsx_formulas_without_cached_values")
def _formulas(folder: Path) -> Target:
    rows: list[list[object]] = [["a", "b", "sum"]]
    rows += [[i, i * 2, f"=A{i + 2}+B{i + 2}"] for i in range(20)]
    return _workbook(folder, "formulas.xlsx", {"Data": rows})


@case("xlsx_empty_sheet_then_data")
def _empty_then_data(folder: Path) -> Target:
    rows: list[list[object]] = [["id", "name"]] + [[i, NAMES[i % len(NAMES)]] for i in range(10)]
    return _workbook(folder, "two.xlsx", {"Empty": [], "Data": rows})


@case("xlsx_only_empty_sheets")
def _only_empty(folder: Path) -> Target:
    return _workbook(folder, "empty.xlsx", {"One": [], "Two": [], "Three": []})


@case("xlsx_header_row_only")
def _xlsx_header_only(folder: Path) -> Target:
    return _workbook(folder, "header.xlsx", {"Data": [["id", "name"]]})


_SHEET = "xl/worksheets/sheet1.xml"


def _good_workbook(folder: Path, name: str) -> Path:
    rows: list[list[object]] = [["id", "name"]] + [[i, NAMES[i % len(NAMES)]] for i in range(200)]
    return _workbook(folder, name, {"Data": rows})


def _rewrite_member(path: Path, member: str, change: Callable[[bytes], bytes]) -> Path:
    """Rewrite one member of a zip file (an .xlsx) in place."""
    with zipfile.ZipFile(path) as archive:
        items = [(info, archive.read(info.filename)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            archive.writestr(info, change(data) if info.filename == member else data)
    return path


def _member_data_span(data: bytes, member: str) -> tuple[int, int, int]:
    """(local header offset, start, end) of a member's stored bytes inside a zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(member)
    offset = info.header_offset
    name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_len + extra_len
    return offset, start, start + info.compress_size


@case("xlsx_with_a_damaged_compressed_sheet")
def _damaged_sheet(folder: Path) -> Target:
    path = _good_workbook(folder, "damaged.xlsx")
    data = bytearray(path.read_bytes())
    _, start, end = _member_data_span(bytes(data), _SHEET)
    middle = (start + end) // 2
    data[middle : middle + 16] = bytes(range(0xF0, 0x100))
    return _write(folder, "damaged.xlsx", bytes(data))


@case("xlsx_with_an_encrypted_zip_member")
def _encrypted_member(folder: Path) -> Target:
    # Bit 0 of a zip entry's flags: the member is encrypted (Python's zipfile needs a password).
    path = _good_workbook(folder, "locked.xlsx")
    data = bytearray(path.read_bytes())
    offset, _, _ = _member_data_span(bytes(data), _SHEET)
    struct.pack_into("<H", data, offset + 6, struct.unpack_from("<H", data, offset + 6)[0] | 1)
    entry = data.find(b"PK\x01\x02")
    while entry != -1:
        name_len = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_len] == _SHEET.encode():
            flags = struct.unpack_from("<H", data, entry + 8)[0]
            struct.pack_into("<H", data, entry + 8, flags | 1)
        entry = data.find(b"PK\x01\x02", entry + 4)
    return _write(folder, "locked.xlsx", bytes(data))


@case("xlsx_with_malformed_sheet_xml")
def _malformed_xml(folder: Path) -> Target:
    path = _good_workbook(folder, "malformed.xlsx")
    return _rewrite_member(path, _SHEET, lambda data: data[: len(data) // 2] + b"<<<not xml")


@case("xlsx_with_an_xml_entity_bomb")
def _entity_bomb(folder: Path) -> Target:
    # "Billion laughs": nested entities that would expand to gigabytes if the parser let them.
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    prolog = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'.encode()

    def bomb(data: bytes) -> bytes:
        body = data.split(b"?>", 1)[1] if data.startswith(b"<?xml") else data
        return prolog + body.replace(b"<v>1</v>", b"<v>&lol9;</v>", 1)

    return _rewrite_member(_good_workbook(folder, "bomb.xlsx"), _SHEET, bomb)


def _chart_workbook(folder: Path) -> Path:
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["month", "sales"])
    for i in range(12):
        ws.append([i + 1, 100 + i * 5])
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=13), titles_from_data=True)
    wb.create_chartsheet("Chart", 0).add_chart(chart)
    path = folder / "charts.xlsx"
    wb.save(path)
    return path


@case("xlsx_with_a_chart_sheet_first")
def _chart_first(folder: Path) -> Target:
    return _chart_workbook(folder)


@case("xlsx_chart_sheet_chosen_by_name")
def _chart_chosen(folder: Path) -> Target:
    return DataSource(str(_chart_workbook(folder)), sheet="Chart")


@case("xlsx_with_a_stray_cell_far_right_and_down")
def _stray_cell(folder: Path) -> Target:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["id", "name"])
    for i in range(10):
        ws.append([i, NAMES[i % len(NAMES)]])
    ws["XFD50000"] = "oops"  # the last column; 50,000 rows x 16,384 columns if padded
    path = folder / "stray.xlsx"
    wb.save(path)
    return path


# --------------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------------


def _parquet_nested_table():
    import pyarrow as pa

    return pa.table(
        {
            "id": list(range(6)),
            "tags": [[1, 2], [], None, [3], [4, 5, 6], [7]],
            "info": [{"a": i, "b": str(i)} for i in range(5)] + [None],
        }
    )


@case("parquet_with_list_and_struct_columns")
def _parquet_nested(folder: Path) -> Target:
    import pyarrow.parquet as pq

    path = folder / "nested.parquet"
    pq.write_table(_parquet_nested_table(), path)
    return path


@case("parquet_truncated")
def _parquet_truncated(folder: Path) -> Target:
    import pyarrow.parquet as pq

    whole = folder / "whole.parquet"
    pq.write_table(_parquet_nested_table(), whole)
    data = whole.read_bytes()
    whole.unlink()
    return _write(folder, "cut.parquet", data[: len(data) // 2])


@case("parquet_with_no_rows")
def _parquet_empty(folder: Path) -> Target:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "empty.parquet"
    empty = pa.table({"id": pa.array([], pa.int64()), "name": pa.array([], pa.string())})
    pq.write_table(empty, path)
    return path


@case("parquet_with_text_that_is_not_utf8")
def _parquet_bad_utf8(folder: Path) -> Target:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = folder / "bad_text.parquet"
    names = [f"name-{i:03d}" for i in range(50)]
    table = pa.table({"id": list(range(50)), "name": names})
    pq.write_table(table, path, compression="NONE", use_dictionary=False)
    # Page checksums are off by default, so damaged text bytes go unnoticed by the reader.
    data = path.read_bytes().replace(b"name-007", b"name-\xff\xfe\xfd")
    return _write(folder, "bad_text.parquet", data)


# --------------------------------------------------------------------------------------------
# ARFF
# --------------------------------------------------------------------------------------------


@case("arff_with_bad_header")
def _arff_bad(folder: Path) -> Target:
    text = "@relation\n@attribute x numeric\n@attribute kind {a, b\n@data\n1,a\n"
    return _write(folder, "bad.arff", text)


@case("arff_without_data_rows")
def _arff_empty(folder: Path) -> Target:
    return _write(folder, "empty.arff", "@relation t\n@attribute x numeric\n@data\n")


@case("arff_relational_attribute")
def _arff_relational(folder: Path) -> Target:
    text = "@relation t\n@attribute bag relational\n@attribute x numeric\n@end bag\n@data\n'1',1\n"
    return _write(folder, "rel.arff", text)


@case("arff_undeclared_value_with_a_percent_sign")
def _arff_percent(folder: Path) -> Target:
    text = "@relation t\n@attribute rate {low, high}\n@data\nlow\n50%\n"
    return _write(folder, "percent.arff", text)


# --------------------------------------------------------------------------------------------
# Paths
# --------------------------------------------------------------------------------------------


@case("a_directory")
def _directory(folder: Path) -> Target:
    path = folder / "data.csv"
    path.mkdir()
    return path


@case("a_missing_path")
def _missing(folder: Path) -> Target:
    return folder / "no_such_file.csv"


@case("a_path_without_read_permission")
def _no_permission(folder: Path) -> Target:
    path = _write(folder, "secret.csv", table_text())
    path.chmod(0)
    return path


@case("an_unsupported_suffix")
def _json_suffix(folder: Path) -> Target:
    return _write(folder, "data.json", '[{"a": 1}]')
