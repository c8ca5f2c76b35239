"""Read a text file (CSV/TSV/TXT) with pandas as its ``TextPlan`` says; parser errors in words.

*Ragged rows*: the number of columns is the header's length, or the most common number of
fields in the sampled rows when that is larger (extra columns without a name are called
``column_<position>``; if they are empty everywhere, as with a delimiter at the end of every
line, they are dropped with a warning). A row with more fields than that is skipped with a
warning naming its line, as long as such rows are under 1 % of the rows; otherwise the import
stops with a DataError naming the first bad line (usually a wrong delimiter or a stray
quote). Rows with fewer fields are padded with missing values. A quote that is never closed
is a DataError naming the line where it opened.

*Reading*: pandas' C parser (no default NA strings: only empty fields are missing at this
stage, the marker rules decide the rest). It reads in chunks (``low_memory=True``, twice as
fast on a 1M-row file); a column typed differently from one chunk to the next comes back as
``object``, and then the file is read again whole (``low_memory=False``) so every column is
typed from all its values (``_read_c``). The python engine is the
fallback when the C parser fails for another reason. A UTF-8 error further down than the
sample switches to cp1252 (then Latin-1) and reads again, with a warning.
"""

from __future__ import annotations

import csv
import re
import warnings as pywarnings
from dataclasses import replace
from pathlib import Path

import pandas as pd

from engine.errors import DataError
from engine.text_sniffing import TextPlan
from engine.text_tail import open_prefix

RAGGED_ROW_LIMIT = 0.01  # skip rows with too many fields only while they are under 1 % of rows
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}

# The chunked read warns when chunks disagree on a column's type; _read_c then reads whole, so
# the warning says nothing to the user. Only warnings raised on behalf of this module are hidden.
pywarnings.filterwarnings("ignore", category=pd.errors.DtypeWarning, module=r"engine\.csv_reader\Z")

_LINE_NO = re.compile(r"(?:line|row) (\d+)")
_FIELD_COUNT = re.compile(r"Expected \d+ fields in line \d+, saw \d+")
_SKIPPED = re.compile(r"Skipping line (\d+): [Ee]xpected (\d+) fields(?: in line \d+)?, saw (\d+)")


def read_text(path: Path, plan: TextPlan, notes: list[str]) -> tuple[pd.DataFrame, TextPlan]:
    """Read the file as planned and name its columns; returns the plan actually used."""
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


def _read_csv(path: Path, plan: TextPlan, notes: list[str]) -> pd.DataFrame:
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
    skiprows = list(range(plan.skip_lines))
    if plan.skip_first is not None:
        line, expected, saw = plan.skip_first
        skiprows.append(line - 1)
        pre_skipped = [f"Skipping line {line}: expected {expected} fields, saw {saw}"]
    if skiprows:
        kwargs["skiprows"] = skiprows
    fast = dict(kwargs, engine="c", low_memory=False)
    try:
        frame = _read_c(path, dict(fast, on_bad_lines="error"), plan.end)
        if pre_skipped:
            _handle_skipped(path, frame, pre_skipped, plan, notes)
        return frame
    except pd.errors.ParserError as exc:
        message = str(exc)
        if _FIELD_COUNT.search(message):
            # Only now collect the skipped lines (warnings capture is process-wide, so the
            # common path does without it).
            try:
                frame, skipped = _read_skipping_bad_lines(path, dict(fast, on_bad_lines="warn"), plan.end)
            except pd.errors.ParserError as exc2:
                raise _parser_error(path, exc2, plan) from None
            _handle_skipped(path, frame, pre_skipped + skipped, plan, notes)
            return frame
        if "EOF" in message:
            raise _parser_error(path, exc, plan) from None
    try:
        frame = _pandas_read(path, dict(kwargs, engine="python", on_bad_lines="error"), plan.end)
    except (pd.errors.ParserError, csv.Error) as exc:
        raise _parser_error(path, exc, plan) from None
    if pre_skipped:
        _handle_skipped(path, frame, pre_skipped, plan, notes)
    return frame


def _read_c(path: Path, kwargs: dict, end: int | None) -> pd.DataFrame:
    """The C parser in chunks, or whole when chunks disagree on a column's type.

    Chunked reading types each chunk on its own; a column that is numbers in one chunk and
    text in another comes back as ``object`` mixing both. Reading whole then types it as text,
    as one pass over all values would. (A column of ``True``/``False`` with blanks is ``object``
    either way and costs the second read too.)
    """
    frame = _pandas_read(path, dict(kwargs, low_memory=True), end)
    if any(pd.api.types.is_object_dtype(dtype) for dtype in frame.dtypes):
        frame = _pandas_read(path, dict(kwargs, low_memory=False), end)
    return frame


def _pandas_read(path: Path, kwargs: dict, end: int | None = None) -> pd.DataFrame:
    """pd.read_csv (of the first ``end`` bytes, when given: ``engine.text_tail``) with the
    errors a user can cause turned into DataError (ParserError and UnicodeDecodeError pass
    through for the caller to handle)."""
    try:
        if end is None:
            return pd.read_csv(path, **kwargs)
        with open_prefix(path, end) as source:
            return pd.read_csv(source, **kwargs)
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


def _read_skipping_bad_lines(path: Path, kwargs: dict, end: int | None
                             ) -> tuple[pd.DataFrame, list[str]]:
    with pywarnings.catch_warnings(record=True) as caught:
        pywarnings.simplefilter("always", pd.errors.ParserWarning)
        frame = _pandas_read(path, kwargs, end)
    messages = [str(w.message) for w in caught if issubclass(w.category, pd.errors.ParserWarning)]
    return frame, messages


def _parser_error(path: Path, exc: Exception, plan: TextPlan) -> DataError:
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
    path: Path, frame: pd.DataFrame, messages: list[str], plan: TextPlan, notes: list[str]
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
