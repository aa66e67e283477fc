"""Recognising a project file through SQLite alone: its application id, version and tables.

Another application's database whose ``meta`` table happens to claim to be ours is still refused: the
tables and columns must be exactly those our migrations make for the file's version.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path

from annotator.errors import AnnotatorError, Errors
from annotator.store.connection import APPLICATION_ID, connect, damaged, not_a_project, translate, translated
from annotator.store.migrations import CURRENT_VERSION, migrate

_LEGACY_VERSION = 1  # files made before the application id was written
_CANT_OPEN = getattr(sqlite3, "SQLITE_CANTOPEN", 14)


def connect_existing(path: Path, *, writes: bool) -> sqlite3.Connection:
    """A connection to an existing file.

    A reader that may write the file still connects read-write (with ``query_only`` on), so that when
    it is the last one out SQLite tidies the ``-wal`` and ``-shm`` away; a read-only file gets a
    read-only connection, and a read-only folder an immutable one.
    """
    with translated(path):
        if writes:
            return connect(path, mode="rw")
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK):
            conn = connect(path, mode="rw")
            conn.execute("PRAGMA query_only = ON")
            return conn
        conn = connect(path, mode="ro")
        try:
            conn.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError as error:
            conn.close()
            if (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF != _CANT_OPEN:
                raise
            return connect(path, mode="ro", immutable=True)
        except BaseException:
            conn.close()
            raise
        return conn


def identify(conn: sqlite3.Connection, path: Path) -> int:
    """The file's version if it is a project this program can read; else one clear error."""
    try:
        application = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        legacy = application == 0 and version == _LEGACY_VERSION and _claims_to_be_ours(conn)
    except sqlite3.DatabaseError as error:
        raise (translate(error, path) or damaged(path, error)) from error
    if application != APPLICATION_ID and not legacy:
        raise not_a_project(path)
    if version > CURRENT_VERSION:
        raise AnnotatorError(
            Errors.E010, where=str(path), version=version, current=CURRENT_VERSION,
        )
    if version < 1:
        raise AnnotatorError(Errors.E011, where=str(path), version=version)
    with translated(path):
        missing = _missing_structure(conn, version)
    if missing:
        raise AnnotatorError(Errors.E013, where=str(path), missing=missing)
    return version


def _claims_to_be_ours(conn: sqlite3.Connection) -> bool:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    except sqlite3.OperationalError:
        return False
    return bool(row) and row[0] == "annotator"


def _missing_structure(conn: sqlite3.Connection, version: int) -> str:
    """What the file lacks of the tables a file of ``version`` has; empty when it has them all."""
    for table, columns in expected_tables(version).items():
        found = tuple(row[1:4] for row in conn.execute(f"PRAGMA table_info({table})"))
        if not found:
            return f"no {table} table"
        if found != columns:
            return f"the {table} table has other columns"
    return ""


@functools.cache
def expected_tables(version: int) -> dict[str, tuple[tuple, ...]]:
    """Each table's (name, type, notnull) columns in a file of ``version``, from the migrations."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        migrate(memory, 0, to_version=version)
        tables = [row[0] for row in memory.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {table: tuple(row[1:4] for row in memory.execute(f"PRAGMA table_info({table})"))
                for table in tables}
    finally:
        memory.close()


def read_as_current(conn: sqlite3.Connection, version: int) -> None:
    """Let a connection that may not migrate a file of an older ``version`` (a read-only open) read it as a
    current one: each table the file lacks becomes an empty temporary table, and each table that lacks
    columns a temporary view adding them as NULL. Temporary objects hide the file's own for unqualified
    names, live in memory and go with the connection, so the file is never written.
    """
    if version >= CURRENT_VERSION:
        return
    query_only = conn.execute("PRAGMA query_only").fetchone()[0]
    conn.execute("PRAGMA query_only = OFF")  # temporary objects are not the file; the pragma is restored
    try:
        old, current = expected_tables(version), expected_tables(CURRENT_VERSION)
        for table, columns in current.items():
            if table not in old:
                definition = ", ".join(f"{_quoted(name)} {kind}" for name, kind, _ in columns)
                conn.execute(f"CREATE TEMP TABLE {table} ({definition})")
            elif old[table] != columns:
                have = {column[0] for column in old[table]}
                select = ", ".join(_quoted(name) if name in have else f"NULL AS {_quoted(name)}"
                                   for name, _, _ in columns)
                conn.execute(f"CREATE TEMP VIEW {table} AS SELECT {select} FROM main.{table}")
    finally:
        conn.execute(f"PRAGMA query_only = {int(query_only)}")


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
