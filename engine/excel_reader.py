"""Read the table on a sheet of an Excel workbook (.xlsx/.xlsm) with openpyxl.

The first sheet with any value, unless ``sheet`` is given (matched ignoring case when that is
unambiguous; an unknown sheet is a DataError listing the sheets; an empty one is a DataError
too). The first non-empty row is the header; columns with neither a name nor a value are left
out. Formula cells give the value Excel cached when the file was last saved (none if it never
was: missing).
"""

from __future__ import annotations

import warnings as pywarnings
from pathlib import Path

import pandas as pd

from engine.data_files import read_head
from engine.errors import DataError
from engine.reporter import Reporter


def _open_workbook(path: Path):
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raw, _ = read_head(path, 4096)
        hint = "Open it in Excel or LibreOffice and save it again as .xlsx."
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            hint = "It may be password-protected or an old .xls file: " + hint
        elif b"\x00" not in raw:
            hint = "It looks like text: if it is a CSV file, rename it to end in .csv."
        raise DataError(
            f"'{path.name}' is not a readable Excel workbook ({type(exc).__name__}).", hint
        ) from None


def read_excel(path: Path, sheet: str | None, reporter: Reporter) -> tuple[pd.DataFrame, str]:
    """The table on ``sheet`` (or on the first sheet with any value), and that sheet's name."""
    wb = _open_workbook(path)
    try:
        names = list(wb.sheetnames)
        if sheet is not None:
            if sheet not in names:
                folded = [n for n in names if n.strip().casefold() == sheet.strip().casefold()]
                sheet = folded[0] if len(folded) == 1 else sheet
            if sheet not in names:
                raise DataError(
                    f"The workbook '{path.name}' has no sheet named '{sheet}'.",
                    f"Its sheets are: {', '.join(repr(n) for n in names)}. Pick one of them.",
                )
            rows = _sheet_rows(wb[sheet], reporter)
            if rows is None:
                raise DataError(
                    f"Sheet '{sheet}' of '{path.name}' is empty.",
                    f"Pick a sheet that holds your table (sheets: {', '.join(repr(n) for n in names)}).",
                )
            chosen = sheet
        else:
            rows, chosen = None, ""
            for name in names:
                rows = _sheet_rows(wb[name], reporter)
                if rows is not None:
                    chosen = name
                    break
            if rows is None:
                raise DataError(
                    f"Every sheet of '{path.name}' is empty.",
                    "Pick the workbook that holds your table, or save it again in Excel.",
                )
    finally:
        wb.close()
    header, body = rows[0], rows[1:]
    width = max(len(header), max((len(r) for r in body), default=0))
    header = list(header) + [None] * (width - len(header))
    body = [list(r) + [None] * (width - len(r)) for r in body]
    frame = (
        pd.DataFrame(body, columns=range(width), dtype=object)
        if body
        else pd.DataFrame(columns=range(width))
    )
    # drop trailing columns with neither a name nor a value
    keep = [j for j in range(width) if not _blank(header[j]) or (body and frame[j].notna().any())]
    frame = frame[keep]
    frame.columns = [_cell_name(header[j]) for j in keep]
    if body:
        frame = frame.infer_objects()
    return frame.reset_index(drop=True), chosen


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cell_name(value: object) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _sheet_rows(ws, reporter: Reporter) -> list[tuple] | None:
    """All rows from the first non-empty one, with trailing empty rows cut; None if empty."""
    rows: list[tuple] = []
    started = False
    last_nonempty = -1
    if hasattr(ws, "reset_dimensions"):
        # Read every stored cell: the size recorded in some files is wrong (too small).
        ws.reset_dimensions()
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i % 5000 == 4999:
            reporter.check_cancelled()
        empty = all(_blank(v) for v in row)
        if not started:
            if empty:
                continue
            started = True
        rows.append(row)
        if not empty:
            last_nonempty = len(rows) - 1
    if not started:
        return None
    return rows[: last_nonempty + 1]
