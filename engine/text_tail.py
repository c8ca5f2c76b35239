"""How much of a text file is its table: bytes at the very end that are not text are left out.

Two kinds, each with a note for the user:

* a DOS end-of-file mark: old DOS tools end text files with Ctrl-Z (0x1A), which pandas
  would read as one more row and so turn its column into text;
* a UTF-8 character cut off by the end of the file (a truncated download or copy): strict
  UTF-8 fails on it, and the whole file would be read as Windows-1252 with every accent
  garbled. It is only taken for a cut character when the rest of the file is valid UTF-8 and
  holds other non-ASCII characters; a lone high byte at the end of an ASCII file stays what it
  most likely is, a Windows-1252 letter.
"""

from __future__ import annotations

import io
from pathlib import Path

DOS_EOF = b"\x1a"
TAIL_BYTES = 8


def dos_eof_length(tail: bytes) -> int:
    """How many Ctrl-Z bytes end ``tail``."""
    return len(tail) - len(tail.rstrip(DOS_EOF))


def cut_utf8_length(data: bytes) -> int:
    """How many bytes at the end of ``data`` start a UTF-8 character they do not finish."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return 0  # ASCII: nothing is cut
        if byte >= 0xC0:  # a lead byte: how long should its character be?
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return back if back < needed else 0
    return 0


def text_end(path: Path, raw: bytes, complete: bool, encoding_hint: str | None) -> tuple[int | None, bytes, list[str]]:
    """(bytes of the file to read, or None for all; ``raw`` without the left-out tail; notes).

    ``raw`` is the file's head (all of it when ``complete``). ``encoding_hint`` is an encoding
    the user chose, if any: then only the DOS mark is left out.
    """
    size = len(raw) if complete else path.stat().st_size
    tail = raw[-TAIL_BYTES:] if complete else _read_tail(path, size)
    notes: list[str] = []
    cut = dos_eof_length(tail)
    if cut:
        notes.append("The file ends with a DOS end-of-file mark (Ctrl-Z); it was left out.")
    if not encoding_hint:
        body = tail[: len(tail) - cut]
        partial = cut_utf8_length(body)
        if partial and _rest_is_utf8(path, raw, complete, size - cut - partial):
            cut += partial
            notes.append("The file ends in the middle of a character, as if it had been cut "
                         "off; that last, incomplete character was left out.")
    if not cut:
        return None, raw, []
    end = size - cut
    return end, raw[:end] if complete else raw, notes


def _read_tail(path: Path, size: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(max(0, size - TAIL_BYTES))
        return handle.read()


def _rest_is_utf8(path: Path, raw: bytes, complete: bool, end: int) -> bool:
    """Is the file up to ``end`` valid UTF-8 with at least one non-ASCII character?"""
    data = raw[:end] if complete else path.read_bytes()[:end]
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not data.isascii()


class _Prefix(io.RawIOBase):
    """The first ``limit`` bytes of an open binary file, as a readable stream."""

    def __init__(self, handle, limit: int) -> None:
        self.handle, self.left = handle, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = min(len(buffer), self.left)
        if count <= 0:
            return 0
        read = self.handle.readinto(memoryview(buffer)[:count])
        self.left -= read
        return read

    def close(self) -> None:
        self.handle.close()
        super().close()


def open_prefix(path: Path, end: int) -> io.BufferedReader:
    """A binary stream of the first ``end`` bytes of ``path`` (close it after use)."""
    return io.BufferedReader(_Prefix(open(path, "rb"), end))
