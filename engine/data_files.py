"""Which data files FirstWin reads, and the checks on a chosen file before a reader opens it.

The suffixes of each format (``SUPPORTED_SUFFIXES`` is all of them); turning what the caller
gave into a ``DataSource``; the path checks (no path, missing, a folder, an unsupported or
``.xls`` suffix, unreadable, 0 bytes: each a ``DataError`` in words); and reading a file's
first bytes, which the text sniffer and the readers' error hints look at.
"""

from __future__ import annotations

from pathlib import Path

from engine.errors import DataError
from engine.spec import DataSource

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
PARQUET_SUFFIXES = (".parquet", ".pq")
ARFF_SUFFIXES = (".arff",)
SUPPORTED_SUFFIXES: tuple[str, ...] = (
    TEXT_SUFFIXES + EXCEL_SUFFIXES + PARQUET_SUFFIXES + ARFF_SUFFIXES
)


def as_source(source: DataSource | str | Path) -> DataSource:
    """What the caller gave (a DataSource or a path) as a DataSource."""
    if isinstance(source, DataSource):
        return source
    if isinstance(source, (str, Path)):
        return DataSource(path=str(source))
    raise TypeError(f"read_table needs a DataSource or a path, not {type(source).__name__}")


def _supported_list() -> str:
    return ", ".join(SUPPORTED_SUFFIXES)


def check_path(src: DataSource) -> Path:
    """The file's path, once it is known to exist and to be a non-empty file FirstWin reads."""
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


def read_head(path: Path, n: int) -> tuple[bytes, bool]:
    """The first ``n`` bytes of the file, and whether they are all of it."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read(n + 1)
    except OSError as exc:
        raise DataError(
            f"'{path.name}' cannot be opened: {exc.strerror}.", "Check that you may read it."
        ) from None
    complete = len(raw) <= n
    return raw[:n], complete
