"""Read a user's data file into a clean DataFrame: CSV/TSV/TXT, Excel, Parquet and ARFF.

``read_table`` is the one entry point; ``sniff_text`` shows the GUI what was detected for a
text file so the user can override it. Every problem a user can cause is a ``DataError``
with a message in words and a hint saying what to do next.

This module checks the path, hands the file to the reader for its format and cleans what
comes back. The rules the user and the profiler can rely on are written down next to the code
that applies them:

- ``engine.data_files``: the supported suffixes and the checks on the chosen file;
- ``engine.text_encoding``: a text file's encoding, and files that are not text;
- ``engine.text_sniffing``: delimiter, decimal mark, spaces and the header row;
- ``engine.csv_reader``: ragged rows, unclosed quotes and how pandas reads the file;
- ``engine.excel_reader`` (.xlsx/.xlsm) and ``engine.parquet_reader`` (.parquet/.pq);
- ``engine.arff_reader`` (.arff): declared types are used; nominal values are never read as
  missing markers (the encoding is detected as for text files);
- ``engine.table_cleaning``: column names, empty rows and columns, dtypes, missing markers
  and numbers stored as text (every format).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from engine.arff_reader import read_arff
from engine.csv_reader import RAGGED_ROW_LIMIT, read_text
from engine.data_files import (
    ARFF_SUFFIXES,
    EXCEL_SUFFIXES,
    PARQUET_SUFFIXES,
    SUPPORTED_SUFFIXES,
    TEXT_SUFFIXES,
    as_source,
    check_path,
    read_head,
)
from engine.errors import DataError
from engine.excel_reader import read_excel
from engine.parquet_reader import read_parquet
from engine.reporter import Reporter
from engine.spec import DataSource
from engine.table_cleaning import clean_frame, clean_names
from engine.text_encoding import detect_encoding
from engine.text_sniffing import DELIMITERS, plan_text

__all__ = [
    "ARFF_SUFFIXES",
    "DELIMITERS",
    "EXCEL_SUFFIXES",
    "PARQUET_SUFFIXES",
    "RAGGED_ROW_LIMIT",
    "SUPPORTED_SUFFIXES",
    "TEXT_SUFFIXES",
    "ImportedTable",
    "clean_frame",
    "clean_names",
    "read_table",
    "sniff_text",
]


@dataclass
class ImportedTable:
    """A file read and cleaned.

    ``frame``: cleaned as ``engine.table_cleaning`` says; ``source``: the settings actually used
    (path, and sheet / delimiter / encoding / decimal where they apply to the format);
    ``format``: "csv", "excel", "parquet" or "arff"; ``warnings``: notes in plain words.
    """

    frame: pd.DataFrame
    source: DataSource
    format: str
    warnings: list[str] = field(default_factory=list)


def read_table(source: DataSource | str | Path, reporter: Reporter | None = None) -> ImportedTable:
    """Read a CSV/TSV/TXT, Excel, Parquet or ARFF file and clean it (see the module docstring)."""
    reporter = reporter or Reporter()
    src = as_source(source)
    path = check_path(src)
    suffix = path.suffix.lower()
    notes: list[str] = []
    protected: set[str] = set()
    decimal = "."

    reporter.progress(0.0, f"Opening {path.name}")
    reporter.check_cancelled()
    if suffix in TEXT_SUFFIXES:
        plan = plan_text(path, src)
        reporter.progress(0.1, f"Reading {path.name}")
        reporter.check_cancelled()
        frame, plan = read_text(path, plan, notes)
        notes[:0] = plan.notes
        used = DataSource(str(path), None, plan.delimiter, plan.encoding, plan.decimal)
        fmt, decimal = "csv", plan.decimal
    elif suffix in EXCEL_SUFFIXES:
        reporter.progress(0.1, f"Reading {path.name}")
        frame, sheet = read_excel(path, src.sheet, reporter)
        used = DataSource(str(path), sheet, None, None, None)
        fmt = "excel"
    elif suffix in PARQUET_SUFFIXES:
        reporter.progress(0.1, f"Reading {path.name}")
        frame = read_parquet(path, notes)
        used = DataSource(str(path), None, None, None, None)
        fmt = "parquet"
    else:
        reporter.progress(0.1, f"Reading {path.name}")
        frame, encoding = _read_arff(path, src, notes, protected)
        used = DataSource(str(path), None, None, encoding, None)
        fmt = "arff"

    reporter.progress(0.7, "Cleaning the columns")
    reporter.check_cancelled()
    frame = clean_frame(frame, notes, decimal=decimal, protected=protected, reporter=reporter)
    if len(frame) == 0:
        raise DataError(
            f"'{path.name}' has column names but no data rows.",
            "Check that you picked the right file (or sheet) and that it was saved completely.",
        )
    reporter.progress(1.0, f"Read {len(frame):,} rows and {frame.shape[1]} columns")
    for note in notes:
        reporter.log(note, "warning")
    return ImportedTable(frame=frame, source=used, format=fmt, warnings=notes)


def sniff_text(path: Path, sample_bytes: int = 65536) -> DataSource:
    """Detect a text file's encoding, delimiter and decimal mark from its first bytes.

    The GUI shows the result as "detected" settings the user may override; ``read_table``
    runs the same detection. Raises DataError for files that are missing, empty or binary.
    """
    path = check_path(DataSource(str(path)))
    plan = plan_text(path, DataSource(str(path)), sample_bytes)
    return DataSource(str(path), None, plan.delimiter, plan.encoding, plan.decimal)


def _read_arff(
    path: Path, src: DataSource, notes: list[str], protected: set[str]
) -> tuple[pd.DataFrame, str]:
    """An ARFF file through ``engine.arff_reader``, its encoding detected as for text files."""
    raw, complete = read_head(path, 65536)
    encoding, text, enc_notes = detect_encoding(raw, complete, path.name, src.encoding)
    if not text.strip() and complete:
        raise DataError(
            f"'{path.name}' contains only blank space, no data.",
            "Pick the file that holds your data.",
        )
    try:
        result = read_arff(path, encoding)
    except UnicodeDecodeError:
        if src.encoding or encoding != "utf-8":
            raise DataError(
                f"'{path.name}' cannot be read as {encoding}.",
                "Choose another encoding such as utf-8 or cp1252.",
            ) from None
        encoding = "cp1252"
        enc_notes = ["The file is not valid UTF-8; it was read as Windows-1252 (cp1252)."]
        try:
            result = read_arff(path, encoding)
        except UnicodeDecodeError:
            encoding = "latin-1"
            result = read_arff(path, encoding)
    notes.extend(enc_notes)
    notes.extend(result.warnings)
    protected.update(result.nominal_columns)
    return result.frame, encoding
