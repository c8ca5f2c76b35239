"""Read Weka ARFF files (``.arff``) into a DataFrame.

Parsing is done by liac-arff (``import arff``), which handles quoting, comments and sparse
rows. It does not know the ``date`` type, so date attributes are handed to it as ``string``
and turned into datetimes here (kept as text, with a warning, when they do not parse).
``relational`` attributes are refused with a DataError.

Types: ``numeric``/``real`` become float64; ``integer`` becomes int64 (float64 when it has
missing values); nominal attributes (``{a, b, c}``) and ``string`` become text (pandas ``str``
dtype); ``?`` is missing everywhere. Nominal values are declared categories, so the importer
never reads them as missing markers (``none`` in credit_g is a real category).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import arff
import pandas as pd

from engine.errors import DataError

_DATE_ATTR = re.compile(
    r"""^(\s*@attribute\s+('(?:\\.|[^'])*'|"(?:\\.|[^"])*"|\S+)\s+)date\b\s*(.*)$""",
    re.IGNORECASE,
)
_RELATIONAL_ATTR = re.compile(r"^\s*@attribute\s+.*\brelational\s*$", re.IGNORECASE)
_DATA_LINE = re.compile(r"^\s*@data\b", re.IGNORECASE)


@dataclass
class ArffResult:
    frame: pd.DataFrame
    nominal_columns: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    relation: str = ""


def _java_to_strftime(fmt: str) -> str | None:
    """Translate a simple Java SimpleDateFormat pattern; None when it has parts we do not map."""
    table = [
        ("yyyy", "%Y"),
        ("yy", "%y"),
        ("MM", "%m"),
        ("dd", "%d"),
        ("HH", "%H"),
        ("mm", "%M"),
        ("ss", "%S"),
    ]
    out, i = "", 0
    fmt = fmt.replace("'T'", "T")
    while i < len(fmt):
        for java, py in table:
            if fmt.startswith(java, i):
                out += py
                i += len(java)
                break
        else:
            ch = fmt[i]
            if ch.isalpha() and ch != "T":
                return None
            out += ch
            i += 1
    return out


class _Lines:
    """Feeds liac-arff the file's lines, rewriting ``date`` attributes as ``string``."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._lines = lines
        self.dates: dict[int, str] = {}  # attribute index -> date format ('' = default)
        self._attr_index = 0
        self._in_data = False

    def __iter__(self) -> Iterator[str]:
        for line in self._lines:
            if not self._in_data:
                stripped = line.lstrip()
                if stripped[:10].lower().startswith("@attribute"):
                    if _RELATIONAL_ATTR.match(line):
                        raise DataError(
                            "This ARFF file uses a 'relational' attribute, which FirstWin cannot read.",
                            "Flatten the relational attribute in Weka (or export the data as CSV) and import that file.",
                        )
                    m = _DATE_ATTR.match(line.rstrip("\r\n"))
                    if m:
                        self.dates[self._attr_index] = m.group(3).strip().strip("'\"")
                        line = m.group(1) + "string\n"
                    self._attr_index += 1
                elif _DATA_LINE.match(line):
                    self._in_data = True
            yield line


def read_arff(path: Path, encoding: str = "utf-8") -> ArffResult:
    """Read an ARFF file; raise DataError for anything malformed, naming the line."""
    lines = _Lines(_read_lines(path, encoding))
    try:
        decoded = arff.load(lines, return_type=arff.DENSE)
    except arff.ArffException as exc:
        raise DataError(
            f"'{path.name}' is not a valid ARFF file: {_arff_message(exc)}",
            "Check the @attribute lines and the data at that line, or export the data as CSV.",
        ) from None
    except (ValueError, TypeError, IndexError) as exc:
        raise DataError(
            f"'{path.name}' could not be read as an ARFF file: {exc}",
            "Check that the data rows match the @attribute lines, or export the data as CSV.",
        ) from None

    attributes = decoded["attributes"]
    names = [str(name) for name, _ in attributes]
    rows = decoded["data"]
    if not attributes:
        raise DataError(
            f"'{path.name}' declares no attributes (columns).",
            "Add @attribute lines, or export the data from Weka again.",
        )
    if not rows:
        raise DataError(
            f"'{path.name}' declares {len(attributes)} attributes but has no data rows.",
            "Add rows after the @data line, or pick the file that holds the data.",
        )

    raw = pd.DataFrame(rows, columns=range(len(names)), dtype=object)
    result = ArffResult(frame=pd.DataFrame(), relation=str(decoded.get("relation", "")))
    columns: list[pd.Series] = []
    for i, (name, kind) in enumerate(attributes):
        col = raw[i]
        if isinstance(kind, (list, tuple)):
            columns.append(col.astype("str"))
            result.nominal_columns.add(names[i])
        elif i in lines.dates:
            columns.append(_parse_dates(col, lines.dates[i], name, result.warnings))
        elif kind == "STRING":
            columns.append(col.astype("str"))
        else:
            numbers = pd.to_numeric(col, errors="coerce")
            if kind == "INTEGER" and numbers.notna().all():
                columns.append(numbers.astype("int64"))
            else:
                columns.append(numbers.astype("float64"))
    frame = pd.concat(columns, axis=1, ignore_index=True)
    frame.columns = names
    result.frame = frame
    return result


def _arff_message(exc: arff.ArffException) -> str:
    """liac-arff's message; its own ``str()`` fails when the bad value holds a '%' (``50%``)."""
    try:
        return str(exc)
    except (TypeError, ValueError):
        return str(exc.message).replace("%d", str(exc.line))


def _parse_dates(col: pd.Series, java_format: str, name: str, warnings: list[str]) -> pd.Series:
    text = col.astype("str")
    fmt = _java_to_strftime(java_format) if java_format else "ISO8601"
    try:
        parsed = pd.to_datetime(text, format=fmt or "mixed", errors="coerce")
    except (ValueError, TypeError):
        parsed = pd.Series(pd.NaT, index=col.index)
    if (parsed.isna() & text.notna()).any():
        warnings.append(f"Dates in {name} did not all match the declared format; kept as text")
        return text
    return parsed


def _read_lines(path: Path, encoding: str) -> Iterator[str]:
    with open(path, encoding=encoding, newline=None) as fh:
        yield from fh
