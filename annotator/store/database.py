"""A project file: opening it safely, one transaction per write, and its parts (documents, annotations,
suggestions, audit), composed the way Anki's collection holds its managers.

Connections run in autocommit mode; every write goes through :meth:`ProjectStore.atomic`, so one user
edit is one committed transaction and a crash can only lose an edit that was never acknowledged.
"""

from __future__ import annotations

import atexit
import os
import sqlite3
import weakref
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.core.model import Annotated, Document, PlainAnnotated
from annotator.core.schema import Schema, schema_from_json
from annotator.errors import AnnotatorError, Errors, ProjectInUse, ProjectReadOnly
from annotator.store.annotations import Annotations
from annotator.store.audit import Audit, schema_problem
from annotator.store.bulk import (
    insert_annotated,
    insert_annotations,
    insert_new_documents,
    replace_annotations,
)
from annotator.store.bulk_upkeep import deferred_upkeep
from annotator.store.checkpointer import IdleCheckpointer, checkpoint
from annotator.store.connection import BUSY_TIMEOUT_MS, connect, translated
from annotator.store.documents import Documents
from annotator.store.files import creation_path, publish, remove_database_files, remove_stale_creations
from annotator.store.identity import connect_existing, identify, read_as_current
from annotator.store.layers import Layers
from annotator.store.lock import WriterLock, writer_elsewhere
from annotator.store.migrations import CURRENT_VERSION, migrate
from annotator.store.rows import utc_now
from annotator.store.search import SearchRows
from annotator.store.streaming import iter_annotated
from annotator.store.suggestions import SuggestionStore
from annotator.store.token_cache import TokenCache

if TYPE_CHECKING:
    import sqlite_utils

_META_APPLICATION = "annotator"  # the meta row files made before application_id carried
_open_stores: weakref.WeakSet[ProjectStore] = weakref.WeakSet()


class ProjectStore:
    """A project file: documents, schema, spans, events, suggestions and the edit history.

    ``read_only`` says why edits are refused (a read-only file or folder, a lock file owned by
    someone else), or is None for a store that may write.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: WriterLock | None, *,
                 writes: bool, read_only: str | None = None, version: int = CURRENT_VERSION) -> None:
        self.path = path
        self.conn = conn
        self.version = version  # below CURRENT_VERSION only when read without migrating (read_as_current)
        self.read_only = read_only
        self._lock = lock
        self._schema: Schema | None = None
        self.documents = Documents(conn)
        self.annotations = Annotations(conn, self.documents, lambda: self.schema)
        self.suggestions = SuggestionStore(conn)
        self.layers = Layers(conn)
        self.search = SearchRows(conn)
        self.token_cache = TokenCache(conn)
        self.writes = writes  # False for a reader (or a reading twin): its connection refuses writes
        self.audit = Audit(conn, lambda: schema_problem(lambda: self.schema))
        self._checkpointer = IdleCheckpointer(path) if writes else None
        _open_stores.add(self)

    @cached_property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, imported at first use (it imports numpy, which
        the first window does not need)."""
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, schema: Schema) -> ProjectStore:
        """Make a new project file: built under a hidden name and linked into place when complete.

        A crash, a full disk or Ctrl+C part-way leaves no half-made project behind (the hidden file is
        removed, or cleaned by the next ``create`` in that folder once its process is gone).
        """
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise AnnotatorError(Errors.E001, where=str(path), hint="choose a new project file name")
        if not path.parent.is_dir():
            raise AnnotatorError(Errors.E002, where=str(path.parent))
        remove_stale_creations(path.parent)
        building = creation_path(path)
        try:
            with translated(path):
                conn = connect(building, mode="rwc")
                try:
                    conn.execute("PRAGMA journal_mode = DELETE")
                    migrate(conn, 0)
                    conn.execute("BEGIN IMMEDIATE")
                    conn.executemany(
                        "INSERT INTO meta (key, value) VALUES (?, ?)",
                        [("application", _META_APPLICATION), ("created_by", __version__),
                         ("created_at", utc_now()), ("schema", schema.to_json())],
                    )
                    conn.execute("COMMIT")
                finally:
                    conn.close()
                publish(building, path)
        finally:
            remove_database_files(building)
        return cls.open(path)

    @classmethod
    def open(cls, path: str | Path, *, writer: bool = True, read_only_ok: bool = False) -> ProjectStore:
        """Open an existing project; ``writer`` takes the one-writer lock.

        ``read_only_ok`` opens a project this user cannot write as read-only (``store.read_only`` says
        why) instead of refusing it.
        """
        path = Path(path)
        if not path.exists():
            raise AnnotatorError(Errors.E003, where=str(path))
        if not path.is_file():
            raise AnnotatorError(Errors.E004, where=str(path))
        other_name = writer_elsewhere(path)
        if other_name:
            raise ProjectInUse(Errors.E005, where=str(path), other=other_name)
        probe = connect_existing(path, writes=False)
        try:
            version = identify(probe, path)
        finally:
            probe.close()
        refusal = (None if not writer or os.access(path, os.W_OK)
                   else ProjectReadOnly(Errors.E015, where=str(path)))
        writer_lock = None
        if writer and refusal is None:
            writer_lock = WriterLock(path)
            try:
                writer_lock.acquire()
            except ProjectReadOnly as error:
                writer_lock = None
                refusal = error
        if refusal is not None and not read_only_ok:
            raise refusal
        read_only = refusal.message if refusal else None
        writes = writer and read_only is None
        try:
            conn = connect_existing(path, writes=writes)
            try:
                with translated(path):
                    if writes:
                        conn.execute("PRAGMA journal_mode = WAL")
                        if version < CURRENT_VERSION:
                            migrate(conn, version)
                            version = CURRENT_VERSION
                    else:
                        read_as_current(conn, version)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            if writer_lock:
                writer_lock.release()
            raise
        return cls(path, conn, writer_lock, writes=writes, read_only=read_only, version=version)

    def twin(self, *, writes: bool = False) -> ProjectStore:
        """Another connection to this file, for a worker thread of the process that opened it.

        The file was recognised and locked when this store opened, so a twin skips all of that (the
        document list opens one per background read): it only connects, and shares this store's lock
        and read-only state.
        """
        writes = writes and self.read_only is None and self._lock is not None  # only a writer's twin writes
        conn = connect_existing(self.path, writes=writes)
        read_as_current(conn, self.version)
        return ProjectStore(self.path, conn, None, writes=writes, read_only=self.read_only,
                            version=self.version)

    def close(self) -> None:
        """Checkpoint the log into the main file, then let go of the file and the lock."""
        _open_stores.discard(self)
        if self._checkpointer is not None:
            self._checkpointer.close()
            self._checkpointer = None
            with suppress(sqlite3.Error):  # SQLite checkpoints again when the last connection closes
                checkpoint(self.conn)
        self.conn.close()
        if self._lock:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> ProjectStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def atomic(self, *, wait_ms: int = BUSY_TIMEOUT_MS, durable: bool = True) -> Iterator[None]:
        """One transaction (a savepoint when nested); rolled back entirely on any exception.

        A full disk or a damaged file surfaces as one :class:`AnnotatorError`, with nothing written.
        While another connection writes, it waits up to ``wait_ms`` for its turn, then gives up (E016): a
        short wait suits writes that may be skipped, such as the window storing suggestions during an
        import (it must not freeze for seconds). A write that a power cut may take back at no cost (a
        cache) is not ``durable``: its commit does not wait for the disk (the file stays consistent).
        """
        if self.read_only is not None:
            raise ProjectReadOnly(Errors.E006, where=str(self.path), reason=self.read_only)
        relaxed = not durable and not self.conn.in_transaction
        if relaxed:
            self.conn.execute("PRAGMA synchronous = NORMAL")
        try:
            with translated(self.path), self._write_transaction(wait_ms):
                yield
        finally:
            if relaxed:
                self.conn.execute("PRAGMA synchronous = FULL")
        if self._checkpointer is not None:
            self._checkpointer.wrote()

    @contextmanager
    def _write_transaction(self, wait_ms: int) -> Iterator[None]:
        """The outermost transaction takes the write lock at once (``BEGIN IMMEDIATE``), so it waits its
        turn behind another connection's writes: a deferred one that read first would fail at its first
        write (SQLITE_BUSY_SNAPSHOT, no waiting) if a twin or the window committed meanwhile."""
        if self.conn.in_transaction:
            with self.db.atomic():  # a savepoint
                yield
            return
        if wait_ms != BUSY_TIMEOUT_MS:
            self.conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            if wait_ms != BUSY_TIMEOUT_MS:
                self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # an error may have rolled it back already
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- meta and schema -------------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def check(self) -> list[str]:
        """Everything wrong with the file itself, as sentences (see :class:`Audit`)."""
        with translated(self.path):
            return self.audit.problems()

    def stream(self, *, status: str | None = None, labels: Iterable[str] | None = None,
               verify: bool = True) -> Iterator[Annotated]:
        """Every document (with ``status``) and its annotations, in id order (see :mod:`streaming`)."""
        return iter_annotated(self.conn, self.annotations, status=status, labels=labels, verify=verify)

    def insert_annotated(self, items: list[Annotated | PlainAnnotated], *, annotator: str,
                         source: str) -> list[int]:
        """Insert imported documents with their annotations; the caller holds the transaction."""
        return insert_annotated(self.conn, items, annotator=annotator, source=source)

    def insert_new_documents(self, documents: list[Document]) -> list[int | None]:
        """Insert the documents whose texts are not stored yet (their ids; None for the others), their
        annotations to follow with :meth:`insert_annotations`; the caller holds the transaction."""
        return insert_new_documents(self.conn, documents)

    def insert_annotations(self, items: list[tuple[int, Annotated | PlainAnnotated]], *, annotator: str,
                           source: str) -> None:
        """Insert the annotations of each ``(doc_id, item)`` on its stored document; the caller holds the
        transaction."""
        insert_annotations(self.conn, items, annotator=annotator, source=source)

    def deferred_upkeep(self, incoming_bytes: int, since_id: int) -> AbstractContextManager[None]:
        """Inside the caller's transaction: the full-text index brought up to date once at the end of a
        large import (documents above ``since_id``; see :mod:`bulk_upkeep`)."""
        return deferred_upkeep(self.conn, incoming_bytes, since_id)

    def replace_annotations(self, doc_id: int, item: Annotated, *, annotator: str, source: str) -> None:
        """Put ``item``'s annotations on document ``doc_id`` in place of its own; the caller holds the
        transaction."""
        replace_annotations(self.conn, doc_id, item, annotator=annotator, source=source)

    @property
    def schema(self) -> Schema:
        if self._schema is None:
            stored = self.get_meta("schema") or "{}"
            try:
                self._schema = schema_from_json(stored)
            except (ValueError, RecursionError, AnnotatorError) as error:
                reason = error.message if isinstance(error, AnnotatorError) else "not valid JSON"
                raise AnnotatorError(Errors.E007, where=str(self.path), reason=reason) from error
        return self._schema


@atexit.register
def _close_open_stores() -> None:
    """A script that forgets ``close()`` still leaves a complete project file behind."""
    for store in list(_open_stores):
        with suppress(sqlite3.Error, OSError):
            store.close()


