"""Read the table on a sheet of an Excel workbook (.xlsx/.xlsm) with openpyxl.

The first sheet with any value, unless ``sheet`` is given (matched ignoring case when that is
unambiguous; an unknown sheet is a DataError listing the sheets; an empty one or a chart sheet
is a DataError too). Chart sheets are skipped when looking for the first sheet with a value.
The first non-empty row is the header; columns with neither a name nor a value are left
out. Formula cells give the value Excel cached when the file was last saved (none if it never
was: missing). A damaged, encrypted or foreign file is a DataError in words.
"""

from __future__ import annotations

import warnings as pywarnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from engine.data_files import read_head
from engine.errors import DataError
from engine.reporter import Reporter


def _unreadable_errors() -> tuple[type[BaseException], ...]:
    """What openpyxl and zipfile raise for a damaged, encrypted or foreign file."""
    import zipfile
    import zlib
    from xml.etree.ElementTree import ParseError

    from openpyxl.utils.exceptions import InvalidFileException

    # zlib.error: a damaged compressed member; RuntimeError: an encrypted member, and (as
    # NotImplementedError) zip features Python lacks; EOFError: a member cut short.
    return (
        zipfile.BadZipFile, zlib.error, RuntimeError, EOFError, ParseError,
        InvalidFileException, KeyError, OSError, ValueError,
    )


@contextmanager
def _readable(path: Path, also: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Turn a reader failure on a damaged workbook (or one of ``also``) into a DataError."""
    try:
        yield
    except (*_unreadable_errors(), *also) as exc:
        raw, _ = read_head(path, 4096)
        hint = "Open it in Excel or LibreOffice and save it again as .xlsx."
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            hint = "It may be password-protected or an old .xls file: " + hint
        elif b"\x00" not in raw:
            hint = "It looks like text: if it is a CSV file, rename it to end in .csv."
        raise DataError(
            f"'{path.name}' is not a readable Excel workbook: {_reason(exc)}.", hint
        ) from None


def _reason(exc: BaseException) -> str:
    from openpyxl.utils.exceptions import InvalidFileException

    if isinstance(exc, NotImplementedError) or "encrypted" in str(exc):
        return "it is encrypted or packed in a way FirstWin cannot unpack"
    if isinstance(exc, (KeyError, InvalidFileException)):
        return "parts every workbook has are missing from it"
    return "it is damaged or is not a workbook at all"


def _open_workbook(path: Path):
    import openpyxl

    # openpyxl's loader trips over some parts it does not expect (AttributeError for a chart
    # sheet without a chart); here, where no FirstWin code runs, that is the file's fault.
    with _readable(path, also=(AttributeError, TypeError)), pywarnings.catch_warnings():
        pywarnings.simplefilter("ignore")
        return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)


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
            if not _is_worksheet(wb[sheet]):
                listed = ", ".join(repr(n) for n in names)
                raise DataError(
                    f"Sheet '{sheet}' of '{path.name}' holds a chart, not a table.",
                    f"Pick a sheet that holds your table (sheets: {listed}).",
                )
            rows = _read_sheet(path, wb[sheet], reporter)
            if rows is None:
                raise DataError(
                    f"Sheet '{sheet}' of '{path.name}' is empty.",
                    f"Pick a sheet that holds your table (sheets: {', '.join(repr(n) for n in names)}).",
                )
            chosen = sheet
        else:
            rows, chosen = None, ""
            for name in (n for n in names if _is_worksheet(wb[n])):
                rows = _read_sheet(path, wb[name], reporter)
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
    # Columns with neither a name nor a value are left out before the table is built: one
    # stray cell far to the right (XFD1) must not make every row 16,384 cells wide.
    used = {j for j, v in enumerate(header) if not _blank(v)}
    for r in body:
        used.update(j for j, v in enumerate(r) if v is not None)
    keep = sorted(used)
    cells = [[r[j] if j < len(r) else None for j in keep] for r in body]
    frame = (
        pd.DataFrame(cells, columns=range(len(keep)), dtype=object)
        if body
        else pd.DataFrame(columns=range(len(keep)))
    )
    frame.columns = [_cell_name(header[j]) if j < len(header) else "" for j in keep]
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


def _is_worksheet(sheet) -> bool:
    """False for chart sheets, which hold a chart and no cells."""
    return hasattr(sheet, "iter_rows")


def _read_sheet(path: Path, ws, reporter: Reporter) -> list[tuple] | None:
    """``_sheet_rows``; a read-only workbook unpacks each sheet only now, so damage shows here."""
    with _readable(path):
        return _sheet_rows(ws, reporter)


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
        rows.append(_trim(row))
        if not empty:
            last_nonempty = len(rows) - 1
    if not started:
        return None
    return rows[: last_nonempty + 1]


def _trim(row: tuple) -> tuple:
    """The row without its trailing empty cells (formatting can store cells up to column XFD)."""
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return row if end == len(row) else row[:end]
