"""Opening a project file and the typed queries over it.

Connections run in autocommit mode; every write goes through :meth:`ProjectStore.atomic`, so one user
edit is one committed transaction and a crash can only lose an edit that was never acknowledged.
"""

from __future__ import annotations

import atexit
import json
import os
import sqlite3
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from annotator import __version__
from annotator.core.model import (
    STATUSES,
    Annotated,
    Argument,
    Document,
    DocumentSummary,
    Event,
    Span,
)
from annotator.core.schema import Schema, schema_from_json
from annotator.errors import AnnotatorError
from annotator.store.checkpointer import IdleCheckpointer, checkpoint
from annotator.store.connection import connect, translated
from annotator.store.files import (
    creation_path,
    publish,
    remove_database_files,
    remove_stale_creations,
)
from annotator.store.identity import connect_existing, identify
from annotator.store.lock import ProjectInUse, ProjectReadOnly, WriterLock, writer_elsewhere
from annotator.store.migrations import CURRENT_VERSION, migrate

_META_APPLICATION = "annotator"  # the meta row files made before application_id carried
_BATCH = 2000
_IN_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
_SPAN_COLUMNS = 'id, doc_id, start, "end", label, kind, text, annotator, source, created_at, confidence'
_SPAN_FIELDS = ", ".join(f'"{field.name}"' for field in fields(Span))
# What json.dumps(ensure_ascii=False, sort_keys=True) does, without building an encoder per call.
_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_open_stores: weakref.WeakSet[ProjectStore] = weakref.WeakSet()


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ProjectStore:
    """A project file: documents, schema, spans, events, suggestions and the edit history.

    ``read_only`` says why edits are refused (a read-only file or folder, a lock file owned by
    someone else), or is None for a store that may write.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: WriterLock | None, *,
                 writes: bool, read_only: str | None = None) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.read_only = read_only
        self._lock = lock
        self._schema: Schema | None = None
        self._text_cache: tuple[int, str] | None = None
        self._checkpointer = IdleCheckpointer(path) if writes else None
        _open_stores.add(self)

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, schema: Schema) -> ProjectStore:
        """Make a new project file: built under a hidden name and linked into place when complete.

        A crash, a full disk or Ctrl+C part-way leaves no half-made project behind (the hidden file is
        removed, or cleaned by the next ``create`` in that folder once its process is gone).
        """
        path = Path(path)
        if path.exists() or path.is_symlink():
            raise AnnotatorError(
                "a file already exists here", where=str(path), hint="choose a new project file name"
            )
        if not path.parent.is_dir():
            raise AnnotatorError("the folder does not exist", where=str(path.parent))
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
    def open(cls, path: str | Path, *, writer: bool = True, lock: bool = True,
             read_only_ok: bool = False) -> ProjectStore:
        """Open an existing project; ``writer`` takes the one-writer lock.

        ``lock=False`` is for a background job of the process that already holds the lock (the GUI's
        import): it writes through its own connection without taking the lock a second time.
        ``read_only_ok`` opens a project this user cannot write as read-only (``store.read_only`` says
        why) instead of refusing it.
        """
        path = Path(path)
        if not path.exists():
            raise AnnotatorError(
                "no project file here", where=str(path), hint="create it with 'annotator init'"
            )
        if not path.is_file():
            raise AnnotatorError("this is not a project file (not a regular file)", where=str(path))
        other_name = writer_elsewhere(path)
        if other_name:
            raise ProjectInUse(
                f"this project is open for writing under another name ({other_name}); "
                "SQLite keeps each name's recent edits apart", where=str(path),
                hint=f"open {other_name} instead, or close the program that writes it",
            )
        probe = connect_existing(path, writes=False)
        try:
            version = identify(probe, path)
        finally:
            probe.close()
        read_only = None if not writer or os.access(path, os.W_OK) else "the project file is read-only"
        writer_lock = None
        if writer and lock and read_only is None:
            writer_lock = WriterLock(path)
            try:
                writer_lock.acquire()
            except ProjectReadOnly as error:
                writer_lock = None
                read_only = error.message
        if read_only is not None and not read_only_ok:
            raise ProjectReadOnly(read_only, where=str(path), hint="nothing was changed")
        writes = writer and read_only is None
        try:
            conn = connect_existing(path, writes=writes)
            if writes:
                try:
                    with translated(path):
                        conn.execute("PRAGMA journal_mode = WAL")
                        if version < CURRENT_VERSION:
                            migrate(conn, version)
                except BaseException:
                    conn.close()
                    raise
        except BaseException:
            if writer_lock:
                writer_lock.release()
            raise
        return cls(path, conn, writer_lock, writes=writes, read_only=read_only)

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
    def atomic(self) -> Iterator[None]:
        """One transaction (a savepoint when nested); rolled back entirely on any exception.

        A full disk or a damaged file surfaces as one :class:`AnnotatorError`, with nothing written.
        """
        if self.read_only is not None:
            raise ProjectReadOnly(f"this project is open read-only: {self.read_only}",
                                  where=str(self.path), hint="nothing was changed")
        with translated(self.path), self.db.atomic():
            yield
        if self._checkpointer is not None:
            self._checkpointer.wrote()

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

    @property
    def schema(self) -> Schema:
        if self._schema is None:
            stored = self.get_meta("schema") or "{}"
            try:
                self._schema = schema_from_json(stored)
            except (ValueError, RecursionError, AnnotatorError) as error:
                reason = error.message if isinstance(error, AnnotatorError) else "not valid JSON"
                raise AnnotatorError(f"the schema stored in the project is damaged ({reason})",
                                     where=str(self.path), hint="restore a backup") from error
        return self._schema

    # -- documents -------------------------------------------------------------------------------

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        return {row[0] for row in self._rows_in("SELECT sha256 FROM documents WHERE sha256 IN ({})", hashes)}

    def _rows_in(self, sql: str, values: Iterable[Any]) -> Iterator[tuple]:
        """Rows of ``sql`` whose ``IN ({})`` takes ``values``, asked a chunk at a time."""
        values = list(values)
        for i in range(0, len(values), _IN_CHUNK):
            chunk = values[i : i + _IN_CHUNK]
            yield from self.conn.execute(sql.format(",".join("?" * len(chunk))), chunk)

    def insert_annotated(self, items: list[Annotated], *, annotator: str, source: str) -> list[int]:
        """Insert documents with their spans and events; the caller holds the transaction.

        Ids are allocated here rather than read back row by row, so a batch costs three
        ``executemany`` calls whatever its size.
        """
        now = utc_now()
        doc_id = self._next_id("documents")
        span_id = self._next_id("spans")
        event_id = self._next_id("events")
        doc_rows, span_rows, event_rows, argument_rows, doc_ids = [], [], [], [], []
        for item in items:
            document = item.document
            text = document.text
            length = len(text)
            doc_rows.append(
                (doc_id, document.title, text, document.sha256,
                 _json(document.meta),
                 document.status, now, now)
            )
            doc_ids.append(doc_id)
            first_span = span_id
            for span in item.spans:
                start, end = span.start, span.end
                surface = text[start:end]
                if not 0 <= start < end <= length or (span.text and span.text != surface):
                    raise _misplaced(text, span, where=document.title)
                span_rows.append(
                    (span_id, doc_id, start, end, span.label, span.kind, surface,
                     span.annotator or annotator, span.source or source, span.created_at or now,
                     span.confidence)
                )
                span_id += 1
            for event in item.events:
                event_rows.append(
                    (event_id, doc_id, event.type, first_span + event.trigger_id,
                     event.annotator or annotator, event.source or source, event.created_at or now)
                )
                argument_rows.extend(
                    (event_id, argument.role, first_span + argument.span_id)
                    for argument in event.arguments
                )
                event_id += 1
            doc_id += 1
        self.conn.executemany(
            "INSERT INTO documents (id, title, text, sha256, meta, status, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            doc_rows,
        )
        self.conn.executemany(
            f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", span_rows
        )
        self.conn.executemany(
            "INSERT INTO events (id, doc_id, type, trigger_id, annotator, source, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            event_rows,
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO arguments (event_id, role, span_id) VALUES (?, ?, ?)",
            argument_rows,
        )
        return doc_ids

    def _next_id(self, table: str) -> int:
        return (self.conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1

    def document(self, doc_id: int) -> Document:
        row = self.conn.execute(
            "SELECT id, title, text, sha256, meta, status, created_at, updated_at "
            "FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id}")
        return _document(row)

    def text_of(self, doc_id: int) -> str:
        if self._text_cache is None or self._text_cache[0] != doc_id:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(f"no document {doc_id}")
            self._text_cache = (doc_id, row[0])
        return self._text_cache[1]

    def _filter(self, status: str | None, search: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if search:
            clauses.append("(instr(lower(title), lower(?)) > 0 OR instr(text, ?) > 0)")
            params.extend([search, search])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def document_count(self, status: str | None = None, search: str | None = None) -> int:
        where, params = self._filter(status, search)
        return self.conn.execute(f"SELECT count(*) FROM documents{where}", params).fetchone()[0]

    def document_summaries(
        self,
        offset: int,
        limit: int,
        *,
        status: str | None = None,
        search: str | None = None,
        order: str = "id",
        descending: bool = False,
    ) -> list[DocumentSummary]:
        """One page of the document list, counts included, without loading any text."""
        columns = {"id": "id", "title": "title COLLATE NOCASE", "status": "status",
                   "updated": "updated_at"}
        if order not in columns:
            raise ValueError(f"cannot sort by {order}")
        where, params = self._filter(status, search)
        direction = "DESC" if descending else "ASC"
        rows = self.conn.execute(
            f"SELECT id, title, status, updated_at FROM documents{where} "
            f"ORDER BY {columns[order]} {direction}, id {direction} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        span_counts = dict(self.conn.execute(
            f"SELECT doc_id, count(*) FROM spans WHERE doc_id IN ({marks}) AND kind = 'entity' "
            "GROUP BY doc_id", ids))
        event_counts = dict(self.conn.execute(
            f"SELECT doc_id, count(*) FROM events WHERE doc_id IN ({marks}) GROUP BY doc_id", ids))
        return [
            DocumentSummary(id=row[0], title=row[1], status=row[2], updated_at=row[3],
                            spans=span_counts.get(row[0], 0), events=event_counts.get(row[0], 0))
            for row in rows
        ]

    def document_ids(self, status: str | None = None) -> list[int]:
        where, params = self._filter(status, None)
        return [row[0] for row in self.conn.execute(f"SELECT id FROM documents{where} ORDER BY id", params)]

    def iter_annotated(
        self, *, status: str | None = None, labels: Iterable[str] | None = None
    ) -> Iterator[Annotated]:
        """Stream documents with their spans and events in id order, a batch at a time.

        ``labels`` keeps only spans with those labels (and events whose type is among them or whose
        trigger survives). Offsets are checked against the text once more on the way out.
        """
        wanted = set(labels) if labels else None
        last_id = 0
        where_status = "AND status = ?" if status else ""
        while True:
            params: list[Any] = [last_id, *([status] if status else []), _BATCH // 10]
            rows = self.conn.execute(
                "SELECT id, title, text, sha256, meta, status, created_at, updated_at FROM documents "
                f"WHERE id > ? {where_status} ORDER BY id LIMIT ?",
                params,
            ).fetchall()
            if not rows:
                return
            low, high = rows[0][0], rows[-1][0]
            spans = self._spans_between(low, high)
            events = self._events_between(low, high)
            for row in rows:
                document = _document(row)
                doc_spans = spans.get(document.id, [])
                doc_events = events.get(document.id, [])
                if wanted is not None:
                    doc_spans = [s for s in doc_spans if s.label in wanted]
                    kept = {s.id for s in doc_spans}
                    doc_events = [
                        replace(e, arguments=tuple(a for a in e.arguments if a.span_id in kept))
                        for e in doc_events if e.trigger_id in kept
                    ]
                text = document.text
                for span in doc_spans:
                    if not _fits(text, span):
                        raise _misplaced(text, span, where=f"document {document.id}")
                yield Annotated(document, tuple(doc_spans), tuple(doc_events))
            last_id = high

    def _spans_between(self, low: int, high: int) -> dict[int, list[Span]]:
        """Spans of documents ``low`` to ``high`` by document, selected in field order for ``Span(*row)``."""
        grouped: dict[int, list[Span]] = {}
        for row in self.conn.execute(
            f"SELECT {_SPAN_FIELDS} FROM spans WHERE doc_id BETWEEN ? AND ? "
            "ORDER BY doc_id, start, \"end\", id", (low, high)
        ):
            span = Span(*row)
            grouped.setdefault(span.doc_id, []).append(span)
        return grouped

    def set_status(self, doc_id: int, status: str) -> None:
        if status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        self.conn.execute(
            "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?", (status, utc_now(), doc_id)
        )

    def touch(self, doc_id: int) -> None:
        self.conn.execute("UPDATE documents SET updated_at = ? WHERE id = ?", (utc_now(), doc_id))

    # -- spans -----------------------------------------------------------------------------------

    @staticmethod
    def _verify_span(text: str, span: Span, *, where: str) -> None:
        if not _fits(text, span):
            raise _misplaced(text, span, where=where)

    def add_span(self, doc_id: int, span: Span) -> Span:
        """Insert a span (keeping ``span.id`` when given, so redo restores the same row)."""
        text = self.text_of(doc_id)
        self._verify_span(text, span, where=f"document {doc_id}")
        row = (span.id, doc_id, span.start, span.end, span.label, span.kind,
               text[span.start : span.end], span.annotator, span.source or "manual",
               span.created_at or utc_now(), span.confidence)
        cursor = self.conn.execute(
            f"INSERT INTO spans ({_SPAN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row
        )
        return self.span(cursor.lastrowid)

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(f"SELECT {_SPAN_COLUMNS} FROM spans WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return _span(row)

    def spans_of(self, doc_id: int) -> list[Span]:
        return [
            _span(row)
            for row in self.conn.execute(
                f"SELECT {_SPAN_COLUMNS} FROM spans WHERE doc_id = ? ORDER BY start, \"end\", id",
                (doc_id,),
            )
        ]

    def delete_span(self, span_id: int) -> None:
        self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))

    def relabel_span(self, span_id: int, label: str) -> None:
        self.conn.execute("UPDATE spans SET label = ? WHERE id = ?", (label, span_id))

    def events_using_span(self, span_id: int) -> list[Event]:
        """Events whose trigger or one of whose arguments is this span."""
        return self._events_where(
            "trigger_id = ? OR id IN (SELECT event_id FROM arguments WHERE span_id = ?)",
            (span_id, span_id),
        )

    # -- events ----------------------------------------------------------------------------------

    def add_event(self, doc_id: int, event: Event) -> Event:
        cursor = self.conn.execute(
            "INSERT INTO events (id, doc_id, type, trigger_id, annotator, source, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.id, doc_id, event.type, event.trigger_id, event.annotator, event.source or "manual",
             event.created_at or utc_now()),
        )
        for argument in event.arguments:
            self.add_argument(cursor.lastrowid, argument)
        return self.event(cursor.lastrowid)

    def event(self, event_id: int) -> Event:
        events = self._events_where("id = ?", (event_id,))
        if not events:
            raise KeyError(f"no event {event_id}")
        return events[0]

    def events_of(self, doc_id: int) -> list[Event]:
        return self._events_where("doc_id = ?", (doc_id,))

    def _events_between(self, low: int, high: int) -> dict[int, list[Event]]:
        grouped: dict[int, list[Event]] = {}
        for event in self._events_where("doc_id BETWEEN ? AND ?", (low, high)):
            grouped.setdefault(event.doc_id, []).append(event)
        return grouped

    def _events_where(self, where: str, params: tuple) -> list[Event]:
        rows = self.conn.execute(
            "SELECT id, doc_id, type, trigger_id, annotator, source, created_at FROM events "
            f"WHERE {where} ORDER BY id",
            params,
        ).fetchall()
        if not rows:
            return []
        arguments: dict[int, list[Argument]] = {}
        for arg_id, event_id, role, span_id in self._rows_in(
            "SELECT id, event_id, role, span_id FROM arguments WHERE event_id IN ({}) ORDER BY id",
            (row[0] for row in rows),
        ):
            arguments.setdefault(event_id, []).append(Argument(role, span_id, arg_id))
        return [
            Event(type=row[2], trigger_id=row[3], arguments=tuple(arguments.get(row[0], ())),
                  id=row[0], doc_id=row[1], annotator=row[4], source=row[5], created_at=row[6])
            for row in rows
        ]

    def delete_event(self, event_id: int) -> None:
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def set_event_type(self, event_id: int, event_type: str) -> None:
        self.conn.execute("UPDATE events SET type = ? WHERE id = ?", (event_type, event_id))

    def add_argument(self, event_id: int, argument: Argument) -> Argument:
        cursor = self.conn.execute(
            "INSERT INTO arguments (id, event_id, role, span_id) VALUES (?, ?, ?, ?)",
            (argument.id, event_id, argument.role, argument.span_id),
        )
        return Argument(argument.role, argument.span_id, cursor.lastrowid)

    def argument(self, arg_id: int) -> tuple[int, Argument]:
        row = self.conn.execute(
            "SELECT event_id, role, span_id FROM arguments WHERE id = ?", (arg_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no argument {arg_id}")
        return row[0], Argument(row[1], row[2], arg_id)

    def delete_argument(self, arg_id: int) -> None:
        self.conn.execute("DELETE FROM arguments WHERE id = ?", (arg_id,))

    # -- history ---------------------------------------------------------------------------------

    def record(self, doc_id: int | None, who: str, kind: str, payload: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO history (doc_id, at, who, kind, payload) VALUES (?, ?, ?, ?, ?)",
            (doc_id, utc_now(), who, kind, _json(payload)),
        )

    def history(self, doc_id: int | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        return [
            {"id": r[0], "doc_id": r[1], "at": r[2], "who": r[3], "kind": r[4],
             "payload": json.loads(r[5])}
            for r in self.conn.execute(
                f"SELECT id, doc_id, at, who, kind, payload FROM history {where} ORDER BY id", params)
        ]

    # -- reports ---------------------------------------------------------------------------------

    def stats(self) -> dict[str, dict[str, int]]:
        def counts(sql: str) -> dict[str, int]:
            return dict(self.conn.execute(sql).fetchall())

        return {
            "documents": counts("SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"),
            "spans": counts(
                "SELECT label, count(*) FROM spans WHERE kind = 'entity' GROUP BY label ORDER BY label"),
            "events": counts("SELECT type, count(*) FROM events GROUP BY type ORDER BY type"),
        }

    def check(self) -> list[str]:
        """Everything wrong with the file, as sentences; empty when the project is sound."""
        with translated(self.path):
            return self._check()

    def _check(self) -> list[str]:
        problems = []
        try:
            _ = self.schema
        except AnnotatorError as error:
            problems.append(error.message)
        for doc_id, meta in self.conn.execute("SELECT id, meta FROM documents ORDER BY id"):
            try:
                json.loads(meta)
            except (ValueError, RecursionError):
                problems.append(f"document {doc_id}'s metadata is damaged (not valid JSON)")
        problems += [
            f"SQLite integrity: {row[0]}"
            for row in self.conn.execute("PRAGMA integrity_check")
            if row[0] != "ok"
        ]
        problems += [
            f"dangling reference in {row[0]} row {row[1]} to {row[2]}"
            for row in self.conn.execute("PRAGMA foreign_key_check")
        ]
        text_id, text = None, ""
        for row in self.conn.execute(
            f"SELECT {_SPAN_COLUMNS} FROM spans ORDER BY doc_id, id"
        ):
            span = _span(row)
            if span.doc_id != text_id:
                text_id, text = span.doc_id, self.text_of(span.doc_id)
            if not (0 <= span.start < span.end <= len(text)) or text[span.start : span.end] != span.text:
                problems.append(
                    f"span {span.id} in document {span.doc_id} ({span.start}-{span.end}, "
                    f"{span.label}) no longer matches its text {span.text!r}"
                )
        problems += [
            f"event {row[0]} in document {row[1]} has trigger span {row[2]} from another document"
            for row in self.conn.execute(
                "SELECT e.id, e.doc_id, e.trigger_id FROM events e JOIN spans s ON s.id = e.trigger_id "
                "WHERE s.doc_id <> e.doc_id")
        ]
        problems += [
            f"argument {row[0]} of event {row[1]} points at span {row[2]} in another document"
            for row in self.conn.execute(
                "SELECT a.id, a.event_id, a.span_id FROM arguments a JOIN events e ON e.id = a.event_id "
                "JOIN spans s ON s.id = a.span_id WHERE s.doc_id <> e.doc_id")
        ]
        return problems


@atexit.register
def _close_open_stores() -> None:
    """A script that forgets ``close()`` still leaves a complete project file behind."""
    for store in list(_open_stores):
        with suppress(sqlite3.Error, OSError):
            store.close()


def _fits(text: str, span: Span) -> bool:
    """Whether ``span`` is a non-empty range of ``text`` that reads ``span.text`` (when it says)."""
    return 0 <= span.start < span.end <= len(text) and (
        not span.text or text[span.start : span.end] == span.text
    )


def _misplaced(text: str, span: Span, *, where: str) -> AnnotatorError:
    """Why ``span`` does not fit ``text``: outside it, empty, or reading something else there."""
    if not 0 <= span.start < span.end <= len(text):
        return AnnotatorError(
            f"span {span.start}-{span.end} ({span.label}) falls outside the text "
            f"of length {len(text)} or is empty",
            where=where,
        )
    return AnnotatorError(
        f"span {span.start}-{span.end} ({span.label}) should read {span.text!r} "
        f"but the text there is {text[span.start:span.end]!r}",
        where=where,
    )


def _document(row: tuple) -> Document:
    try:
        meta = json.loads(row[4])
    except (ValueError, RecursionError) as error:
        raise AnnotatorError(f"document {row[0]}'s metadata is damaged (not valid JSON)",
                             hint="restore a backup; 'annotator check' lists what is wrong") from error
    return Document(id=row[0], title=row[1], text=row[2], sha256=row[3], meta=meta,
                    status=row[5], created_at=row[6], updated_at=row[7])


def _span(row: tuple) -> Span:
    return Span(id=row[0], doc_id=row[1], start=row[2], end=row[3], label=row[4], kind=row[5],
                text=row[6], annotator=row[7], source=row[8], created_at=row[9], confidence=row[10])
