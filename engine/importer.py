"""Read a user's data file into a clean DataFrame: CSV/TSV/TXT, Excel, Parquet and ARFF.

``read_table`` is the one entry point; ``sniff_text`` shows the GUI what was detected for a
text file so the user can override it. Every problem a user can cause is a ``DataError``
with a message in words and a hint saying what to do next.

Rules (what the user and the profiler can rely on)
--------------------------------------------------
Text files
    *Encoding*: a byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without a
    mark is recognised by its zero bytes; otherwise UTF-8, and when that fails Windows-1252
    (cp1252), then Latin-1, each with a warning. Zero bytes in a file that is not UTF-16, or
    mostly control characters, mean a binary file (DataError). *Delimiter*: ``,`` ``;`` tab
    or ``|``: csv.Sniffer's guess on the first lines, checked against how consistently each
    candidate splits up to 200 sampled rows (the most consistent wins). *Decimal mark*: ``,``
    when the delimiter is not ``,`` and the sampled numbers look like ``1,5`` more often than
    like ``1.5`` (``1,500`` alone is read as a thousands separator). Values given in the
    DataSource always win over detection. Spaces after delimiters are skipped when most
    sampled fields have them (adult_train_noheader.csv); otherwise leading and trailing spaces
    are stripped from text columns whose sampled values have them.

    *No header row*: the first row is taken as data when at least one column is numeric in
    the sampled rows below it (95 % of its values are numbers) and, in every such column,
    the first-row cell is a number (or blank) too. Columns are then named ``column_1`` ..
    ``column_n`` and a warning says so. A file whose columns are all text is assumed to have
    a header (it cannot be told apart).

    *Ragged rows*: the number of columns is the header's length, or the most common number
    of fields in the sampled rows when that is larger (extra columns without a name are
    called ``column_<position>``; if they are empty everywhere, as with a delimiter at the end
    of every line, they are dropped with a warning). A row with more fields than that is
    skipped with a warning naming its line, as long as such rows are under 1 % of the rows;
    otherwise the import stops with a DataError naming the first bad line (usually a wrong
    delimiter or a stray quote). Rows with fewer fields are padded with missing values. A
    quote that is never closed is a DataError naming the line where it opened.

    *Reading*: pandas' C parser (``low_memory=False``, no default NA strings: only empty
    fields are missing at this stage, the marker rules decide the rest); the python engine
    is the fallback when the C parser fails for another reason. A UTF-8 error further down
    than the sample switches to cp1252 (then Latin-1) and reads again, with a warning.

Excel (.xlsx/.xlsm)
    The first sheet with any value, unless ``sheet`` is given (matched ignoring case when
    that is unambiguous; an unknown sheet is a DataError listing the sheets; an empty one is
    a DataError too). The first non-empty row is the header; columns with neither a name nor
    a value are left out. Formula cells give the value Excel cached when the file was last
    saved (none if it never was: missing).

Parquet (.parquet/.pq)
    Nested columns (lists, structs, maps) are turned into JSON text, one string per cell
    (``[1, 2]``, ``{"a": 1}``), with a warning naming them; they are never silently dropped.
    Dictionary-encoded (categorical) columns become plain text or numbers.

ARFF (.arff)
    See ``engine.arff_reader``: declared types are used; nominal values are never read as
    missing markers.

Cleaning (every format)
    Column names are stripped; empty names become ``column_<position>``; duplicate names are
    a DataError naming them. Rows where every cell is missing are dropped. Text columns keep
    pandas' ``str`` dtype (never ``category``); Yes/No text stays text; ``True``/``False``
    columns stay bool (text ``True``/``False`` when they have missing cells). Missing markers
    and numbers stored as text follow the rules in ``engine.text_values`` (decided per column
    on a sample, then converted once with vectorised Arrow kernels). A column that ends up
    entirely missing gets a warning (it is kept: later stages drop it). Datetime text in CSV
    files stays text for the profiler to recognise. The frame has a fresh RangeIndex.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import warnings as pywarnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from engine import text_values
from engine.arff_reader import read_arff
from engine.errors import DataError
from engine.reporter import Reporter
from engine.spec import DataSource

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")
ARFF_SUFFIXES = (".arff",)
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    TEXT_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES + ARFF_SUFFIXES
)

DELIMITERS = (",", ";", "\t", "|")
RAGGED_ROW_LIMIT = 0.01  # skip rows with too many fields only while they are under 1 % of rows
_SNIFF_ROWS = 200
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

_MAGIC = (
    (
        b"PK\x03\x04",
        "a zip archive (an .xlsx workbook is one)",
        "If it is an Excel workbook, rename it to end in .xlsx; otherwise unpack it first.",
    ),
    (b"PAR1", "a Parquet file", "Rename it to end in .parquet and import it again."),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Excel (.xls) or other Office file",
        "Open it in Excel or LibreOffice and save it as .xlsx or .csv.",
    ),
    (b"%PDF", "a PDF document", "Export the table from its source as CSV or Excel."),
    (b"\x1f\x8b", "a gzip-compressed file", "Unpack it first, then import the file inside."),
    (b"SQLite format 3\x00", "an SQLite database", "Export the table you need as CSV."),
)


@dataclass
class ImportedTable:
    """A file read and cleaned.

    ``frame``: cleaned as the module docstring says; ``source``: the settings actually used
    (path, and sheet / delimiter / encoding / decimal where they apply to the format);
    ``format``: "csv", "excel", "parquet" or "arff"; ``warnings``: notes in plain words.
    """

    frame: pd.DataFrame
    source: DataSource
    format: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class _TextPlan:
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


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def read_table(source: DataSource | str | Path, reporter: Reporter | None = None) -> ImportedTable:
    """Read a CSV/TSV/TXT, Excel, Parquet or ARFF file and clean it (see the module docstring)."""
    reporter = reporter or Reporter()
    src = _as_source(source)
    path = _check_path(src)
    suffix = path.suffix.lower()
    notes: list[str] = []
    protected: set[str] = set()
    decimal = "."

    reporter.progress(0.0, f"Opening {path.name}")
    reporter.check_cancelled()
    if suffix in TEXT_SUFFIXES:
        plan = _plan_text(path, src)
        reporter.progress(0.1, f"Reading {path.name}")
        reporter.check_cancelled()
        frame, plan = _read_text(path, plan, notes)
        notes[:0] = plan.notes
        used = DataSource(str(path), None, plan.delimiter, plan.encoding, plan.decimal)
        fmt, decimal = "csv", plan.decimal
    elif suffix in EXCEL_SUFFIXES:
        reporter.progress(0.1, f"Reading {path.name}")
        frame, sheet = _read_excel(path, src.sheet, reporter)
        used = DataSource(str(path), sheet, None, None, None)
        fmt = "excel"
    elif suffix in PARQUET_SUFFIXES:
        reporter.progress(0.1, f"Reading {path.name}")
        frame = _read_parquet(path, notes)
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
    path = _check_path(DataSource(str(path)))
    plan = _plan_text(path, DataSource(str(path)), sample_bytes)
    return DataSource(str(path), None, plan.delimiter, plan.encoding, plan.decimal)


# --------------------------------------------------------------------------------------------
# Paths and sources
# --------------------------------------------------------------------------------------------


def _as_source(source: DataSource | str | Path) -> DataSource:
    if isinstance(source, DataSource):
        return source
    if isinstance(source, (str, Path)):
        return DataSource(path=str(source))
    raise TypeError(f"read_table needs a DataSource or a path, not {type(source).__name__}")


def _supported_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def _check_path(src: DataSource) -> Path:
    if not str(src.path).strip():
        raise DataError("No data file was chosen.", "Pick a CSV, Excel, Parquet or ARFF file.")
    path = Path(src.path).expanduser()
    if not path.exists():
        raise DataError(
            f"The file '{path}' does not exist.",
            "Check the path and the file name, or pick the file again.",
        )
    if path.is_dir():
        raise DataError(f"'{path}' is a folder, not a file.", "Pick a data file inside it.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        what = f"'{suffix}' files" if suffix else "files without an extension"
        hint = f"Supported file types: {_supported_list()}."
        if suffix == ".xls":
            hint = "Open it in Excel or LibreOffice and save it as .xlsx. " + hint
        raise DataError(f"FirstWin cannot read {what} ('{path.name}').", hint)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError(
            f"'{path.name}' cannot be opened: {exc.strerror}.", "Check that you may read it."
        ) from None
    if size == 0:
        raise DataError(
            f"'{path.name}' is empty (0 bytes).",
            "Pick the file that holds your data, or save it again.",
        )
    return path


# --------------------------------------------------------------------------------------------
# Text files: sniffing
# --------------------------------------------------------------------------------------------


def _read_head(path: Path, n: int) -> tuple[bytes, bool]:
    try:
        with open(path, "rb") as fh:
            raw = fh.read(n + 1)
    except OSError as exc:
        raise DataError(
            f"'{path.name}' cannot be opened: {exc.strerror}.", "Check that you may read it."
        ) from None
    complete = len(raw) <= n
    return raw[:n], complete


def _check_magic(raw: bytes, name: str) -> None:
    for magic, what, hint in _MAGIC:
        if raw.startswith(magic):
            raise DataError(f"'{name}' is not a text file: it looks like {what}.", hint)


def _normalise_encoding(name: str) -> str:
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        raise DataError(
            f"'{name}' is not an encoding FirstWin knows.",
            "Use a name such as utf-8, utf-8-sig, utf-16, cp1252 or latin-1, or leave it on automatic.",
        ) from None


def _decode(raw: bytes, encoding: str, complete: bool) -> str:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    return decoder.decode(raw, final=complete)


def _utf16_without_bom(raw: bytes) -> str | None:
    if len(raw) < 4:
        return None
    even, odd = raw[0::2], raw[1::2]
    even_zero = even.count(0) / len(even)
    odd_zero = odd.count(0) / max(len(odd), 1)
    if odd_zero > 0.3 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.3 and odd_zero < 0.05:
        return "utf-16-be"
    return None


# Control characters that do not occur in text (tab, newlines, form feed and DOS end-of-file do).
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x19\x1b-\x1f\x7f-\x9f]")


def _detect_encoding(
    raw: bytes, complete: bool, name: str, explicit: str | None
) -> tuple[str, str, list[str]]:
    """Return (encoding, decoded sample, notes)."""
    if explicit:
        enc = _normalise_encoding(explicit)
        try:
            text = _decode(raw, enc, complete)
        except UnicodeDecodeError as exc:
            raise DataError(
                f"'{name}' cannot be read as {explicit}: byte {exc.start} is not valid in that encoding.",
                "Leave the encoding on automatic, or choose another one such as utf-8 or cp1252.",
            ) from None
        if "\x00" in text:
            _raise_binary(name)
        return explicit.strip(), text, []

    _check_magic(raw, name)
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        candidates = ["utf-32"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in raw:
        guess = _utf16_without_bom(raw)
        if guess is None:
            _raise_binary(name)
        candidates = [guess]
    else:
        candidates = ["utf-8", "cp1252", "latin-1"]

    for enc in candidates:
        try:
            text = _decode(raw, enc, complete)
        except UnicodeDecodeError:
            continue
        controls = len(_CONTROL.findall(text))
        if "\x00" in text or controls > max(2, 0.01 * len(text)):
            if enc == "latin-1":
                raise DataError(
                    f"'{name}' is not text in any encoding FirstWin knows "
                    "(tried UTF-8, Windows-1252 and Latin-1).",
                    "If it is a spreadsheet or database file, export the table as CSV; "
                    "otherwise choose its encoding by hand.",
                )
            if enc not in ("utf-8", "cp1252"):
                _raise_binary(name)
            continue
        notes = []
        if enc in ("cp1252", "latin-1"):
            label = "Windows-1252 (cp1252)" if enc == "cp1252" else "Latin-1"
            notes.append(
                f"The file is not valid UTF-8; it was read as {label}. If accented letters look "
                "wrong, choose the encoding by hand."
            )
        return enc, text, notes
    if candidates[0].startswith(("utf-16", "utf-32")):
        raise DataError(
            f"'{name}' starts like {candidates[0].upper()} text but its bytes do not decode.",
            "Save the file again as UTF-8 CSV, or choose its encoding by hand.",
        )
    _raise_binary(name)
    raise AssertionError("unreachable")


def _raise_binary(name: str) -> None:
    raise DataError(
        f"'{name}' is not a text file (it contains binary data).",
        "Pick a CSV or text export of your table; spreadsheets should be saved as .xlsx.",
    )


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


def _plan_text(path: Path, src: DataSource, sample_bytes: int = 65536) -> _TextPlan:
    raw, complete = _read_head(path, max(int(sample_bytes), 1024))
    if not raw:
        raise DataError(
            f"'{path.name}' is empty (0 bytes).",
            "Pick the file that holds your data, or save it again.",
        )
    encoding, text, notes = _detect_encoding(raw, complete, path.name, src.encoding)
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
        _check_duplicates(header_names)
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
    return _TextPlan(
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
    )


# --------------------------------------------------------------------------------------------
# Text files: reading
# --------------------------------------------------------------------------------------------

_LINE_NO = re.compile(r"(?:line|row) (\d+)")
_FIELD_COUNT = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
_SKIPPED = re.compile(r"Skipping line (\d+): [Ee]xpected (\d+) fields(?: in line \d+)?, saw (\d+)")


def _read_text(path: Path, plan: _TextPlan, notes: list[str]) -> tuple[pd.DataFrame, _TextPlan]:
    fallbacks = {"utf-8": "cp1252", "cp1252": "latin-1"}
    while True:
        try:
            frame = _read_csv(path, plan, notes)
            break
        except UnicodeDecodeError as exc:
            nxt = fallbacks.get(plan.encoding)
            if plan.encoding_explicit or nxt is None:
                raise DataError(
                    f"'{path.name}' cannot be read as {plan.encoding}: byte {exc.start} of a block "
                    "is not valid in that encoding.",
                    "Leave the encoding on automatic, or choose another one such as utf-8 or cp1252.",
                ) from None
            label = "Windows-1252 (cp1252)" if nxt == "cp1252" else "Latin-1"
            plan = replace(
                plan,
                encoding=nxt,
                notes=[n for n in plan.notes if not n.startswith("The file is not valid UTF-8")]
                + [
                    f"The file is not valid UTF-8 further down; it was read as {label}. If accented "
                    "letters look wrong, choose the encoding by hand."
                ],
            )
    if plan.header and plan.header_names is not None:
        names = plan.header_names + [""] * (frame.shape[1] - len(plan.header_names))
        frame.columns = names[: frame.shape[1]]
    elif plan.header:
        frame.columns = [
            "" if (isinstance(c, str) and c.startswith("Unnamed: ")) else str(c)
            for c in frame.columns
        ]
    else:
        frame.columns = [f"column_{i + 1}" for i in range(frame.shape[1])]
    return frame, plan


def _read_csv(path: Path, plan: _TextPlan, notes: list[str]) -> pd.DataFrame:
    """pandas' C parser; ragged rows and odd failures get a second, slower look."""
    kwargs = dict(
        sep=plan.delimiter,
        encoding=plan.encoding,
        decimal=plan.decimal,
        quotechar=plan.quotechar,
        header=0 if plan.header else None,
        skipinitialspace=plan.skipinitialspace,
        keep_default_na=False,
        na_values=[""],
        index_col=False,
        encoding_errors="strict",
    )
    if plan.width:
        # Placeholder names: the real ones (which may be blank) are set after reading.
        kwargs["names"] = [f"__column_{i}" for i in range(plan.width)]
    pre_skipped = []
    if plan.skip_first is not None:
        line, expected, saw = plan.skip_first
        kwargs["skiprows"] = [line - 1]
        pre_skipped = [f"Skipping line {line}: expected {expected} fields, saw {saw}"]
    fast = dict(kwargs, engine="c", low_memory=False)
    try:
        frame = _pandas_read(path, dict(fast, on_bad_lines="error"))
        if pre_skipped:
            _handle_skipped(path, frame, pre_skipped, plan, notes)
        return frame
    except pd.errors.ParserError as exc:
        message = str(exc)
        if _FIELD_COUNT.search(message):
            # Only now collect the skipped lines (warnings capture is process-wide, so the
            # common path does without it).
            try:
                frame, skipped = _read_skipping_bad_lines(path, dict(fast, on_bad_lines="warn"))
            except pd.errors.ParserError as exc2:
                raise _parser_error(path, exc2, plan) from None
            _handle_skipped(path, frame, pre_skipped + skipped, plan, notes)
            return frame
        if "EOF" in message:
            raise _parser_error(path, exc, plan) from None
    try:
        frame = _pandas_read(path, dict(kwargs, engine="python", on_bad_lines="error"))
    except (pd.errors.ParserError, csv.Error) as exc:
        raise _parser_error(path, exc, plan) from None
    if pre_skipped:
        _handle_skipped(path, frame, pre_skipped, plan, notes)
    return frame


def _pandas_read(path: Path, kwargs: dict) -> pd.DataFrame:
    """pd.read_csv with the errors a user can cause turned into DataError (ParserError and
    UnicodeDecodeError pass through for the caller to handle)."""
    try:
        return pd.read_csv(path, **kwargs)
    except (pd.errors.ParserError, UnicodeDecodeError):
        raise
    except pd.errors.EmptyDataError:
        raise DataError(
            f"'{path.name}' has no columns to read.",
            "Pick the file that holds your data, or save it again.",
        ) from None
    except (ValueError, OverflowError) as exc:
        raise DataError(
            f"'{path.name}' could not be read: {str(exc).rstrip('.')}.",
            "Check the delimiter, encoding and decimal settings, or save the file again as CSV.",
        ) from None


def _read_skipping_bad_lines(path: Path, kwargs: dict) -> tuple[pd.DataFrame, list[str]]:
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always", pd.errors.ParserWarning)
        frame = _pandas_read(path, kwargs)
    messages = [str(w.message) for w in caught if issubclass(w.category, pd.errors.ParserWarning)]
    return frame, messages


def _parser_error(path: Path, exc: Exception, plan: _TextPlan) -> DataError:
    text = str(exc)
    m = _LINE_NO.search(text)
    if "EOF inside string" in text or "unexpected end of data" in text or "EOF" in text:
        if m:
            line = int(m.group(1)) + (1 if "row" in m.group(0) else 0)
            where = f"near line {line}"
        else:
            where = "somewhere in the file"
        return DataError(
            f"A quote ({plan.quotechar}) opened {where} of '{path.name}' is never closed, so the "
            "rest of the file would be read as one cell.",
            "Open the file in a text editor, close or remove the stray quote, and import it again.",
        )
    m2 = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if m2:
        return DataError(
            f"Line {m2.group(2)} of '{path.name}' has {m2.group(3)} fields where the table has "
            f"{m2.group(1)} columns.",
            f"Check the delimiter (now {_describe_delim(plan.delimiter)}) and the quotes on that line.",
        )
    where = f" near line {m.group(1)}" if m else ""
    return DataError(
        f"'{path.name}' could not be split into columns{where}: {text.splitlines()[-1] if text else 'parser error'}.",
        "Check the delimiter and quote settings, or save the file again as CSV.",
    )


def _describe_delim(delim: str) -> str:
    return (
        f"{_DELIMITER_NAMES.get(delim, repr(delim))} ({delim!r})"
        if delim in _DELIMITER_NAMES
        else repr(delim)
    )


def _handle_skipped(
    path: Path, frame: pd.DataFrame, messages: list[str], plan: _TextPlan, notes: list[str]
) -> None:
    skipped = [(int(a), int(b), int(c)) for msg in messages for a, b, c in _SKIPPED.findall(msg)]
    if not skipped:
        return
    total = len(frame) + len(skipped)
    line, expected, saw = skipped[0]
    if len(skipped) >= RAGGED_ROW_LIMIT * total:
        more = f" ({len(skipped):,} rows like it)" if len(skipped) > 1 else ""
        raise DataError(
            f"Line {line} of '{path.name}' has {saw} fields where the table has {expected} "
            f"columns{more}.",
            f"Check the delimiter (now {_describe_delim(plan.delimiter)}) and look for stray "
            "delimiters or quotes on that line; rows must all have the same number of fields.",
        )
    lines = ", ".join(str(s[0]) for s in skipped[:5]) + (", ..." if len(skipped) > 5 else "")
    notes.append(
        f"Skipped {len(skipped):,} row{'s' if len(skipped) != 1 else ''} with more fields than "
        f"the table has columns (line{'s' if len(skipped) != 1 else ''} {lines})"
    )


# --------------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------------


def _open_workbook(path: Path):
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with pywarnings.catch_warnings():
            pywarnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raw, _ = _read_head(path, 4096)
        hint = "Open it in Excel or LibreOffice and save it again as .xlsx."
        if raw.startswith(b"\xd0\xcf\x11\xe0"):
            hint = "It may be password-protected or an old .xls file: " + hint
        elif b"\x00" not in raw:
            hint = "It looks like text: if it is a CSV file, rename it to end in .csv."
        raise DataError(
            f"'{path.name}' is not a readable Excel workbook ({type(exc).__name__}).", hint
        ) from None


def _read_excel(path: Path, sheet: str | None, reporter: Reporter) -> tuple[pd.DataFrame, str]:
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


# --------------------------------------------------------------------------------------------
# Parquet
# --------------------------------------------------------------------------------------------


def _read_parquet(path: Path, notes: list[str]) -> pd.DataFrame:
    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raw, _ = _read_head(path, 4096)
        hint = "Write the file again with pandas or pyarrow, or export it as CSV."
        if not raw.startswith(b"PAR1"):
            hint = "The file does not start like Parquet. " + hint
        raise DataError(
            f"'{path.name}' is not a readable Parquet file: {str(exc).rstrip('.')}.", hint
        ) from None
    nested = []
    for i, fld in enumerate(table.schema):
        if pa.types.is_nested(fld.type):
            values = table.column(i).to_pylist()
            as_text = [
                None if v is None else json.dumps(v, default=str, ensure_ascii=False)
                for v in values
            ]
            table = table.set_column(
                i, pa.field(fld.name, pa.string()), pa.array(as_text, pa.string())
            )
            nested.append(fld.name)
    if nested:
        listed = ", ".join(f"'{n}'" for n in nested)
        notes.append(
            f"Column{'s' if len(nested) > 1 else ''} {listed} held lists or records; each cell was "
            "turned into JSON text (like [1, 2]) so it can be inspected or dropped"
        )
    names = [str(n) for n in table.column_names]
    frame = table.to_pandas(date_as_object=False)
    frame.columns = names
    return frame


# --------------------------------------------------------------------------------------------
# ARFF
# --------------------------------------------------------------------------------------------


def _read_arff(
    path: Path, src: DataSource, notes: list[str], protected: set[str]
) -> tuple[pd.DataFrame, str]:
    raw, complete = _read_head(path, 65536)
    encoding, text, enc_notes = _detect_encoding(raw, complete, path.name, src.encoding)
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


# --------------------------------------------------------------------------------------------
# Cleaning (every format)
# --------------------------------------------------------------------------------------------


def _check_duplicates(names: list[str]) -> None:
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(names):
        if name:
            seen.setdefault(name, []).append(i + 1)
    dups = {n: pos for n, pos in seen.items() if len(pos) > 1}
    if dups:
        listed = "; ".join(
            f"'{n}' (columns {', '.join(map(str, pos))})" for n, pos in list(dups.items())[:5]
        )
        raise DataError(
            f"Some column names appear more than once: {listed}.",
            "Rename the columns so that every name is different, then import the file again.",
        )


def clean_names(columns: list[object]) -> list[str]:
    """Stripped names; empty ones become column_<position>; duplicates raise DataError."""
    names = ["" if _blank_name(c) else str(c).strip() for c in columns]
    _check_duplicates(names)
    taken = set(names)
    out = []
    for i, name in enumerate(names):
        if not name:
            name = f"column_{i + 1}"
            k = 2
            while name in taken:
                name = f"column_{i + 1}_{k}"
                k += 1
            taken.add(name)
        out.append(name)
    return out


def clean_frame(
    frame: pd.DataFrame,
    notes: list[str],
    *,
    decimal: str = ".",
    protected: set[str] | frozenset[str] = frozenset(),
    reporter: Reporter | None = None,
) -> pd.DataFrame:
    """Apply the cleaning rules of the module docstring; appends warnings to ``notes``."""
    if frame.shape[1] == 0:
        raise DataError("The file has no columns.", "Pick the file that holds your data.")
    frame = frame.copy(deep=False)
    original = list(frame.columns)
    frame.columns = clean_names(original)
    unnamed = {n for n, o in zip(frame.columns, original, strict=True) if _blank_name(o)}
    for i, name in enumerate(frame.columns):
        if reporter is not None and i % 8 == 7:
            reporter.check_cancelled()
        before = frame.iloc[:, i]
        col = _normalise_dtype(before)
        if name not in protected and _is_text(col):
            col, col_notes = text_values.clean_text_column(col, name, decimal)
            notes.extend(col_notes)
        if _is_text(col) and col.isna().all():
            col = col.astype("float64")
        if col is not before:
            frame.isetitem(i, col)
    missing = frame.isna()
    empty_rows = missing.all(axis=1)
    if empty_rows.any():
        n = int(empty_rows.sum())
        if n < len(frame):
            notes.append(f"Dropped {n:,} empty row{'s' if n != 1 else ''}")
        frame = frame[~empty_rows.to_numpy()]
        _restore_integers(frame, missing)
    if (
        not isinstance(frame.index, pd.RangeIndex)
        or frame.index.start != 0
        or frame.index.step != 1
    ):
        frame = frame.reset_index(drop=True)
    if len(frame):
        empty_cols = missing.all(axis=0)
        empty_names = list(empty_cols.index[empty_cols.to_numpy()])
        dropped = [n for n in empty_names if n in unnamed]
        if dropped and len(dropped) < frame.shape[1]:
            frame = frame.drop(columns=dropped)
            notes.append(
                f"Dropped {len(dropped)} column{'s' if len(dropped) != 1 else ''} with neither a "
                "name nor any value (often a delimiter at the end of every line)"
            )
        for name in empty_names:
            if name not in dropped:
                notes.append(f"Column '{name}' is empty (every value is missing)")
    return frame


def _blank_name(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or not str(value).strip()


def _restore_integers(frame: pd.DataFrame, missing: pd.DataFrame) -> None:
    """Columns that were float only because of the dropped empty rows become int64 again."""
    had_missing = missing.any(axis=0)
    for i, name in enumerate(frame.columns):
        col = frame.iloc[:, i]
        if col.dtype == "float64" and had_missing[name] and col.notna().all():
            values = col.to_numpy()
            if np.all(np.mod(values, 1) == 0) and np.all(np.abs(values) < 2**53):
                frame.isetitem(i, col.astype("int64"))


def _is_text(col: pd.Series) -> bool:
    return isinstance(col.dtype, pd.StringDtype)


def _normalise_dtype(col: pd.Series) -> pd.Series:
    """Text as pandas' str dtype, categories as their values, objects as one real dtype."""
    dtype = col.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        if len(dtype.categories) == 0:
            return col.astype("float64")
        col = col.astype(dtype.categories.dtype)
        dtype = col.dtype
    if isinstance(dtype, pd.StringDtype):
        return col if dtype == "str" else col.astype("str")
    if not pd.api.types.is_object_dtype(dtype):
        return col
    present = col.dropna()
    if len(present) == 0:
        return col.astype("float64")
    kind = pd.api.types.infer_dtype(present, skipna=True)
    if kind == "boolean":
        return col.astype(bool) if len(present) == len(col) else col.astype("str")
    if kind in ("integer", "floating", "mixed-integer-float", "decimal"):
        return pd.to_numeric(col, errors="coerce")
    if kind == "bytes":
        return col.map(lambda v: v.decode("utf-8", "replace"), na_action="ignore").astype("str")
    if kind in ("datetime", "datetime64", "date"):
        try:
            return pd.to_datetime(col)
        except (ValueError, TypeError, OverflowError):
            return col.astype("str")
    return col.astype("str")
