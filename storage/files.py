"""Content-addressed files in the workspace: ``<kind>/<sha256><suffix>``, written atomically.

A file is hashed while it is copied to a temporary name in its final folder, flushed to disk,
then renamed into place, so a row never points at a half-written file and a crash leaves at most
a stray ``.tmp-*`` file behind. The same content stored twice is one file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

from storage.entities import StoredFile
from storage.errors import StoreError

KINDS = ("datasets", "artifacts")
_CHUNK = 1 << 20
# Suffixes become part of a file name: allow ".csv", ".tar.gz", nothing that could leave the folder.
_SUFFIX = re.compile(r"(\.[A-Za-z0-9_-]+)*")


def put_file(workspace: Path, src: str | Path, kind: str, suffix: str = "") -> StoredFile:
    """Copy ``src`` into the workspace under its content hash."""
    src = Path(src)
    try:
        f = src.open("rb")
    except FileNotFoundError as e:
        raise StoreError(f"cannot store {src}: the file does not exist") from e
    except (IsADirectoryError, PermissionError) as e:
        raise StoreError(f"cannot store {src}: {e.strerror}") from e
    with f:
        return _store(workspace, iter(lambda: f.read(_CHUNK), b""), kind, suffix)


def put_bytes(workspace: Path, data: bytes, kind: str, suffix: str = "") -> StoredFile:
    """Store in-memory bytes in the workspace under their content hash."""
    view = memoryview(data)
    return _store(
        workspace, (view[i : i + _CHUNK] for i in range(0, len(view), _CHUNK)), kind, suffix
    )


def _store(workspace: Path, chunks: Iterable[bytes], kind: str, suffix: str) -> StoredFile:
    if kind not in KINDS:
        raise StoreError(f"files can be stored as {' or '.join(KINDS)}, not {kind!r}")
    if not _SUFFIX.fullmatch(suffix):
        raise StoreError(f"{suffix!r} is not a file suffix like '.csv'")
    folder = workspace / kind
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    # The temporary file sits in the destination folder so os.replace is a rename on one disk.
    fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=folder)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        name = digest.hexdigest() + suffix
        final = folder / name
        if final.exists():
            tmp.unlink()
        else:
            _replace(tmp, final)
            _fsync_folder(folder)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return StoredFile(path=f"{kind}/{name}", sha256=digest.hexdigest(), size=size)


def _replace(tmp: Path, final: Path) -> None:
    try:
        os.replace(tmp, final)
    except OSError:
        # On Windows replacing a file another process has open fails; if a concurrent writer
        # put the same content there first, that file is as good as ours.
        if not final.exists():
            raise
        tmp.unlink()


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a folder for fsync.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
