"""The plumbing under Store: the connection, its lock, transactions and query helpers."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from sqlite_utils import Database

from storage.entities import StoredFile
from storage.errors import NotFound, StoreError

DB_NAME = "firstwin.db"
PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON", "busy_timeout=10000")


class StoreBase:
    """A workspace folder and its open database connection."""

    workspace: Path

    def __init__(self, workspace: Path, conn: sqlite3.Connection) -> None:
        self.workspace = workspace
        self._conn = conn
        # One lock for the shared connection: a worker thread and the GUI thread both use it,
        # and a transaction holds it from BEGIN to COMMIT so nobody else's statements slip in.
        self._lock = threading.RLock()
        self._depth = 0  # open transaction() blocks; only the lock holder touches it
        self._closed = False
        # Plugins could change the connection behind our back; the store uses none.
        self._db = Database(conn, execute_plugins=False)
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")

    def close(self) -> None:
        """Close the database connection; the store cannot be used afterwards."""
        with self._lock:
            if not self._closed:
                self._closed = True
                self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self.workspace)!r})"

    @contextlib.contextmanager
    def transaction(self) -> Iterator[StoreBase]:
        """Run the block as one write transaction; nested blocks join the outer one.

        The outer block is ``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any exception.
        A nested block is a savepoint: if it fails, only its own writes are undone and its
        exception propagates; what survives commits with the outer transaction.
        """
        with self._lock:
            self._check_open()
            if self._depth == 0:
                begin, commit, undo = "BEGIN IMMEDIATE", ["COMMIT"], ["ROLLBACK"]
            else:
                name = f"firstwin_{self._depth}"
                begin, commit = f"SAVEPOINT {name}", [f"RELEASE {name}"]
                undo = [f"ROLLBACK TO {name}", f"RELEASE {name}"]
            try:
                self._conn.execute(begin)
            except sqlite3.Error as e:
                raise self._error(e) from e
            self._depth += 1
            try:
                yield self
                self._run(commit)
            except BaseException as e:
                # An error such as SQLITE_FULL may already have ended the transaction; and a
                # failing ROLLBACK must not hide the error that caused it.
                if self._conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._run(undo)
                if isinstance(e, sqlite3.Error):
                    raise self._error(e) from e
                raise
            finally:
                self._depth -= 1

    def _run(self, statements: list[str]) -> None:
        for statement in statements:
            self._conn.execute(statement)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"the store for {self.workspace} is closed")

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict]:
        with self._lock:
            self._check_open()
            return list(self._db.query(sql, list(params)))

    def _one(self, table: str, row_id: int, what: str) -> dict:
        found = self._rows(f"SELECT * FROM {table} WHERE id = ?", [row_id])
        if not found:
            raise NotFound(f"there is no {what} with id {row_id} in this workspace")
        return found[0]

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        # Callers hold a transaction, so sqlite-utils' own atomic() becomes a savepoint in it.
        return self._db[table].insert(row).last_pk

    def _error(self, e: sqlite3.Error) -> StoreError:
        return sqlite_error(e, self.workspace / DB_NAME)

    def path_of(self, relative: str) -> Path:
        """The absolute path of a workspace-relative path; StoreError if it points outside."""
        path = (self.workspace / PurePosixPath(relative)).resolve()
        if not path.is_relative_to(self.workspace):
            raise StoreError(f"{relative!r} points outside the workspace")
        return path

    def _require_file(self, file: StoredFile) -> None:
        # A row must never point at a file that is not there.
        if not self.path_of(file.path).is_file():
            raise StoreError(f"{file.path} is not in the workspace; store it with put_file first")


def is_busy(e: sqlite3.Error) -> bool:
    """True if the error means another connection holds the lock past the busy timeout."""
    return isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e))


def sqlite_error(e: sqlite3.Error, db_path: Path) -> StoreError:
    """A StoreError in words for an sqlite3 error."""
    text = str(e)
    if is_busy(e):
        return StoreError(
            f"the workspace database {db_path} is busy: another FirstWin is writing to it. "
            "Try again in a moment."
        )
    if isinstance(e, sqlite3.IntegrityError):
        return StoreError(f"the workspace database refused the change: {text}")
    return StoreError(f"the workspace database failed: {text}")
