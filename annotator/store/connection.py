"""Connections to a project file, made only through SQLite.

Nothing here (or anywhere in annotator) opens the project file, its ``-wal`` or its ``-shm`` with
Python's ``open()``: on POSIX, closing *any* descriptor of a file drops every lock the process holds on
it, so a second reader in another process would think it is the last user and delete the ``-wal`` that
still holds acknowledged edits. The file is recognised by ``PRAGMA application_id`` read through SQLite,
and every connection is made from a quoted ``file:`` URI so any name the OS accepts round-trips.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from annotator.core.folding import fold
from annotator.errors import AnnotatorError, Errors, disk_full

APPLICATION_ID = 0x414E4E54  # "ANNT": written at creation, read back to recognise our files
BUSY_TIMEOUT_MS = 5000
_DISK_FULL_CODES = {sqlite3.SQLITE_FULL} if hasattr(sqlite3, "SQLITE_FULL") else {13}
_CANT_OPEN = getattr(sqlite3, "SQLITE_CANTOPEN", 14)
_READONLY = getattr(sqlite3, "SQLITE_READONLY", 8)
_NOT_A_DATABASE = getattr(sqlite3, "SQLITE_NOTADB", 26)
_CORRUPT = getattr(sqlite3, "SQLITE_CORRUPT", 11)


def uri_for(path: Path, *, mode: str, immutable: bool = False) -> str:
    """A ``file:`` URI for ``path`` with every special character (``?``, ``#``, ``%``) quoted."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return uri + "&immutable=1" if immutable else uri


def connect(path: Path, *, mode: str, immutable: bool = False) -> sqlite3.Connection:
    """An autocommit connection (``mode`` is ``ro``, ``rw`` or ``rwc``) with our pragmas set.

    ``synchronous = FULL``: an acknowledged edit survives a power cut too, not only a killed process.
    """
    conn = sqlite3.connect(uri_for(path, mode=mode, immutable=immutable), uri=True,
                           isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.create_function("fold", 1, fold, deterministic=True)  # an alias's match key, in queries
        if mode != "ro":
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def is_disk_full(error: BaseException) -> bool:
    if isinstance(error, sqlite3.Error):
        code = getattr(error, "sqlite_errorcode", None)
        return (code is not None and code & 0xFF in _DISK_FULL_CODES) or "disk is full" in str(error)
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def not_a_project(where: Path) -> AnnotatorError:
    return AnnotatorError(Errors.E012, where=str(where))


def damaged(where: Path, error: BaseException) -> AnnotatorError:
    return AnnotatorError(Errors.E014, where=str(where), error=error)


def translate(error: BaseException, where: Path) -> AnnotatorError | None:
    """The user-facing form of an SQLite or OS failure, or None when it is a bug."""
    if is_disk_full(error):
        return disk_full(where)
    if isinstance(error, sqlite3.OperationalError):
        code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == _READONLY or "readonly" in str(error):
            return AnnotatorError(Errors.E015, where=str(where))
        if "locked" in str(error) or "busy" in str(error):
            return AnnotatorError(Errors.E016, where=str(where))
        if code == _CANT_OPEN:
            return AnnotatorError(Errors.E017, where=str(where), error=error)
    if isinstance(error, sqlite3.DatabaseError):
        code = (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF
        if code == _NOT_A_DATABASE:
            return not_a_project(where)
        if code == _CORRUPT or "malformed" in str(error):
            return damaged(where, error)
    return None


@contextmanager
def translated(where: Path) -> Iterator[None]:
    """Re-raise SQLite and disk failures as :class:`AnnotatorError` with one wording each."""
    try:
        yield
    except (sqlite3.Error, OSError) as error:
        user_error = translate(error, where)
        if user_error is None:
            raise
        raise user_error from error

