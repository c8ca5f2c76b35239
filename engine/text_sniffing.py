"""Detect how a text file is written: the ``TextPlan`` that ``engine.csv_reader`` reads it with.

Everything is decided on a sample of the file's first bytes, after the encoding
(``engine.text_encoding``).

*Delimiter*: ``,`` ``;`` tab or ``|``: csv.Sniffer's guess on the first lines, checked
against how consistently each candidate splits up to 200 sampled rows (the most consistent
wins). *Decimal mark*: ``,`` when the delimiter is not ``,`` and the sampled numbers look like
``1,5`` more often than like ``1.5`` (``1,500`` alone is read as a thousands separator).
Values given in the DataSource always win over detection. Spaces after delimiters are skipped
when most sampled fields have them (adult_train_noheader.csv); otherwise leading and trailing
spaces are stripped from text columns whose sampled values have them.

*No header row*: the first row is taken as data when at least one column is numeric in the
sampled rows below it (95 % of its values are numbers) and, in every such column, the
first-row cell is a number (or blank) too. Columns are then named ``column_1`` ..
``column_n`` and a warning says so. A file whose columns are all text is assumed to have a
header (it cannot be told apart).

*Width*: the number of columns to read (see *Ragged rows* in ``engine.csv_reader``).

*Blank lines on top*: lines above the first row that hold nothing but spaces and delimiters
(``,,,`` from a spreadsheet's empty top row) are skipped, so the header is the first row with
a value, as the sniffer saw it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine import text_values
from engine.data_files import read_head
from engine.errors import DataError
from engine.spec import DataSource
from engine.table_cleaning import check_duplicates
from engine.text_encoding import detect_encoding
from engine.text_tail import text_end

DELIMITERS = (",", ";", "\t", "|")
_SNIFF_ROWS = 200


@dataclass
class TextPlan:
    """Everything detected about a text file before pandas reads it."""

    encoding: str
    delimiter: str
    quotechar: str
    decimal: str
    header: bool
    skipinitialspace: bool
    header_names: list[str] | None
    encoding_explicit: bool
    notes: list[str] = field(default_factory=list)
    width: int = 0  # number of columns to read (0: let pandas decide)
    skip_first: tuple[int, int, int] | None = None  # (line, expected, saw) of a long first row
    skip_lines: int = 0  # blank or delimiter-only lines above the first row
    end: int | None = None  # bytes of the file to read (engine.text_tail), None for all


def _complete_lines(text: str, complete: bool) -> str:
    if complete:
        return text
    cut = max(text.rfind("\n"), text.rfind("\r"))
    return text[: cut + 1] if cut > 0 else text


def _parse_rows(
    text: str,
    delimiter: str,
    quotechar: str,
    skipinitialspace: bool,
    limit: int,
    lines: list[int] | None = None,
) -> list[list[str]]:
    """Non-blank rows of the sample; ``lines`` (if given) gets each row's 1-based first line."""
    rows: list[list[str]] = []
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quotechar=quotechar,
        skipinitialspace=skipinitialspace,
    )
    start = 1
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append(row)
                if lines is not None:
                    lines.append(start)
                if len(rows) >= limit:
                    break
            start = reader.line_num + 1
    except csv.Error:
        pass
    return rows


def _consistency(rows: list[list[str]]) -> tuple[float, int]:
    """(share of rows with the most common field count, that count)."""
    if not rows:
        return 0.0, 0
    counts = np.bincount([len(r) for r in rows])
    width = int(counts.argmax())
    return float(counts[width]) / len(rows), width


def _normalise_delimiter(value: str) -> str:
    named = {"\\t": "\t", "tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "space": " "}
    value = named.get(value.strip().lower(), value) if value.strip() else value
    if len(value) != 1 or value in '\r\n"':
        raise DataError(
            f"{value!r} cannot be used as a delimiter: it must be a single character.",
            "Use one of , ; | or tab, or leave the delimiter on automatic.",
        )
    return value


def _guess_delimiter(text: str, quotechar: str, suffix: str) -> str:
    head = text[:16384]
    sniffed = None
    try:
        sniffed = csv.Sniffer().sniff(head, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    scored = []
    for order, delim in enumerate(DELIMITERS):
        rows = _parse_rows(text, delim, quotechar, False, _SNIFF_ROWS)
        share, width = _consistency(rows)
        if width > 1:
            preferred = delim == sniffed or (suffix == ".tsv" and delim == "\t")
            scored.append((share, preferred, width, -order, delim))
    if not scored:
        return "\t" if suffix == ".tsv" else ","
    scored.sort(reverse=True)
    best = scored[0]
    # Among candidates that split (nearly) every row the same way, trust the sniffer/suffix.
    near = [s for s in scored if s[0] >= best[0] - 0.02 and s[0] >= 0.9]
    for s in near:
        if s[1]:
            return s[4]
    return best[4]


def _guess_quotechar(text: str) -> str:
    head = text[:16384]
    if '"' in head:
        return '"'
    try:
        dialect = csv.Sniffer().sniff(head, delimiters="".join(DELIMITERS))
    except csv.Error:
        return '"'
    return "'" if dialect.quotechar == "'" else '"'


_COMMA_DECIMAL = re.compile(r"[-+]?(?:\d+,(?:\d{1,2}|\d{4,})|\d{1,3}(?:\.\d{3})+,\d+|,\d+)")
_DOT_DECIMAL = re.compile(r"[-+]?(?:\d+\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+|\.\d+)")


def _guess_decimal(rows: list[list[str]], delimiter: str) -> str:
    if delimiter == ",":
        return "."
    comma = dot = 0
    for row in rows[:_SNIFF_ROWS]:
        for cell in row:
            cell = cell.strip()
            if _COMMA_DECIMAL.fullmatch(cell):
                comma += 1
            elif _DOT_DECIMAL.fullmatch(cell):
                dot += 1
    return "," if comma > dot else "."


_NUMBER = re.compile(r"[-+]?[$€£¥₹]?\s*(?:\d+(?:[.,]\d+)*|[.,]\d+)(?:[eE][-+]?\d+)?\s*%?")


def _is_number(cell: str) -> bool:
    return bool(_NUMBER.fullmatch(cell.strip()))


def _first_row_is_data(rows: list[list[str]]) -> bool:
    if len(rows) == 1:
        # A lone row of numbers cannot be a header.
        cells = [c.strip() for c in rows[0] if c.strip()]
        return bool(cells) and all(_is_number(c) for c in cells)
    if len(rows) < 2:
        return False
    first, rest = rows[0], rows[1:]
    numeric_columns = 0
    for j, head in enumerate(first):
        values = [r[j].strip() for r in rest if len(r) > j]
        values = [v for v in values if v not in text_values.MISSING_MARKERS]
        if not values:
            continue
        share = sum(_is_number(v) for v in values) / len(values)
        if share < 0.95:
            continue
        head = head.strip()
        if head in text_values.MISSING_MARKERS:
            continue
        if not _is_number(head):
            return False
        numeric_columns += 1
    return numeric_columns > 0


def plan_text(path: Path, src: DataSource, sample_bytes: int = 65536) -> TextPlan:
    """How to read the text file ``path``: detected, except what ``src`` sets by hand."""
    raw, complete = read_head(path, max(int(sample_bytes), 1024))
    if not raw:
        raise DataError(
            f"'{path.name}' is empty (0 bytes).",
            "Pick the file that holds your data, or save it again.",
        )
    end, raw, tail_notes = text_end(path, raw, complete, src.encoding)
    encoding, text, notes = detect_encoding(raw, complete, path.name, src.encoding)
    notes = notes + tail_notes
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() and complete:
        raise DataError(
            f"'{path.name}' contains only blank space, no data.",
            "Pick the file that holds your data, or save it again.",
        )
    text = _complete_lines(text, complete)

    quotechar = _guess_quotechar(text)
    if src.delimiter:
        delimiter = _normalise_delimiter(src.delimiter)
    else:
        delimiter = _guess_delimiter(text, quotechar, path.suffix.lower())
    row_lines: list[int] = []
    rows = _parse_rows(text, delimiter, quotechar, False, _SNIFF_ROWS + 1, row_lines)

    later = [cell for r in rows for cell in r[1:] if cell]
    skip_space = (
        bool(later)
        and delimiter != " "
        and sum(c.startswith(" ") for c in later) >= 0.5 * len(later)
    )
    if skip_space:
        rows = [[c.strip() for c in r] for r in rows]

    if src.decimal:
        decimal = src.decimal.strip()
        if decimal not in (".", ","):
            raise DataError(
                f"{src.decimal!r} cannot be used as a decimal mark.",
                "Use '.' or ',', or leave it on automatic.",
            )
        if decimal == delimiter:
            raise DataError(
                f"The decimal mark and the delimiter are both {decimal!r}.",
                "Choose a different delimiter or decimal mark.",
            )
    else:
        decimal = _guess_decimal(rows, delimiter)

    header = not _first_row_is_data(rows)
    header_names = [c.strip() for c in rows[0]] if header and rows else None
    if header_names is not None:
        check_duplicates(header_names)
    data_rows = rows[1:] if header else rows
    data_lines = row_lines[1:] if header else row_lines
    width = _consistency(data_rows)[1] if data_rows else (len(rows[0]) if rows else 0)
    if header_names is not None:
        width = max(width, len(header_names))
        extra = any(c.strip() for r in data_rows for c in r[len(header_names) : width])
        if extra:
            notes.append(
                f"The header row names {len(header_names)} columns but the rows have {width} "
                "fields; the unnamed columns were called column_<position>."
            )
    else:
        notes.append(
            f"The file has no header row (its first row looks like data); the columns were "
            f"named column_1 to column_{width}."
        )
    # pandas cuts every long row short when the *first* data row is longer than the columns:
    # skip that row up front instead (it is counted with the other skipped rows).
    # If its extra fields are empty (a trailing delimiter), read that many columns instead.
    skip_first: tuple[int, int, int] | None = None
    if data_rows and width and len(data_rows[0]) > width:
        if any(c.strip() for c in data_rows[0][width:]):
            skip_first = (data_lines[0], width, len(data_rows[0]))
        else:
            width = len(data_rows[0])
    # pandas would take a delimiters-only top line as the header and the real header as data.
    skip_lines = row_lines[0] - 1 if row_lines else 0
    return TextPlan(
        encoding=encoding,
        delimiter=delimiter,
        quotechar=quotechar,
        decimal=decimal,
        header=header,
        skipinitialspace=skip_space,
        header_names=header_names,
        encoding_explicit=bool(src.encoding),
        notes=notes,
        width=width,
        skip_first=skip_first,
        skip_lines=skip_lines,
        end=end,
    )
