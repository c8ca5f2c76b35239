"""Decide a text file's encoding from its first bytes, and refuse files that are not text.

A byte-order mark decides (UTF-8, UTF-16 LE/BE, UTF-32); UTF-16 without a mark is recognised
by its zero bytes; otherwise UTF-8, and when that fails Windows-1252 (cp1252), then Latin-1,
each with a warning. Zero bytes in a file that is not UTF-16, or mostly control characters,
mean a binary file (DataError); well-known binary formats (zip/.xlsx, Parquet, .xls, PDF,
gzip, SQLite) are named, with a hint. An encoding given in the DataSource always wins.
"""

from __future__ import annotations

import codecs
import re

from engine.errors import DataError

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


def detect_encoding(
    raw: bytes, complete: bool, name: str, explicit: str | None
) -> tuple[str, str, list[str]]:
    """Return (encoding, decoded sample, notes)."""
    if explicit:
        enc = _normalise_encoding(explicit)
        try:
            text = _decode(raw, enc, complete)
        except UnicodeError as exc:
            # Plain UnicodeError: "utf-16"/"utf-32" need a byte-order mark the file lacks.
            why = (
                f"byte {exc.start} is not valid in that encoding"
                if isinstance(exc, UnicodeDecodeError)
                else "it does not start with the byte-order mark (BOM) that encoding needs"
            )
            raise DataError(
                f"'{name}' cannot be read as {explicit}: {why}.",
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
