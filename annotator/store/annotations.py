"""Spans, events and arguments: the rows every edit changes (relations, attributes and notes are mixed
in from :mod:`annotator.store.relations`, entities and their links from :mod:`annotator.store.entities`,
event records from :mod:`annotator.store.records`).

:class:`Annotations` is what a core ``Edit`` writes through (it satisfies ``core.edits.EditTarget``):
it also answers the schema and the text, so an edit can check its rules before it writes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from annotator.core.model import Argument, Document, Event, Span
from annotator.core.schema import Schema
from annotator.store.decisions import DecisionRows
from annotator.store.documents import Documents
from annotator.store.entities import EntityRows
from annotator.store.records import RecordRows
from annotator.store.relations import LinkedRows
from annotator.store.rows import (
    EVENT_COLUMNS,
    SPAN_COLUMNS,
    SPAN_ID_AT,
    SPAN_PLACEHOLDERS,
    SPAN_SELECT,
    event_from_row,
    rows_in,
    span_from_row,
    span_row,
    utc_now,
    verify_span,
)


class Annotations(LinkedRows, EntityRows, RecordRows, DecisionRows):
    def __init__(self, conn: sqlite3.Connection, documents: Documents, schema: Callable[[], Schema]) -> None:
        self.conn = conn
        self.documents = documents
        self._schema = schema

    @property
    def schema(self) -> Schema:
        return self._schema()

    def text_of(self, doc_id: int) -> str:
        return self.documents.text_of(doc_id)

    def document(self, doc_id: int) -> Document:
        return self.documents.document(doc_id)

    def set_status(self, doc_id: int, status: str) -> None:
        self.documents.set_status(doc_id, status)

    # -- spans -----------------------------------------------------------------------------------

    def add_span(self, doc_id: int, span: Span) -> Span:
        """Insert a span (keeping ``span.id`` when given, so redo restores the same row)."""
        text = self.text_of(doc_id)
        verify_span(text, span, where=f"document {doc_id}")
        stored = Span(span.start, span.end, span.label, span.kind, text[span.start : span.end], span.id,
                      doc_id, span.annotator, span.source or "manual", span.created_at or utc_now(),
                      span.confidence)
        cursor = self.conn.execute(f"INSERT INTO spans ({SPAN_COLUMNS}) VALUES ({SPAN_PLACEHOLDERS})",
                                   span_row(stored))
        if span.fragments:
            self.add_fragments(cursor.lastrowid, span.fragments)
        return self.span(cursor.lastrowid)

    def span(self, span_id: int) -> Span:
        row = self.conn.execute(f"SELECT {SPAN_SELECT} FROM spans WHERE id = ?", (span_id,)).fetchone()
        if row is None:
            raise KeyError(f"no span {span_id}")
        return span_from_row(row)

    def spans_of(self, doc_id: int) -> list[Span]:
        return [span_from_row(row) for row in self.conn.execute(
            f'SELECT {SPAN_SELECT} FROM spans WHERE doc_id = ? ORDER BY start, "end", id', (doc_id,))]

    def spans_overlapping(self, doc_id: int, start: int, end: int) -> list[Span]:
        """The document's spans that overlap ``start``-``end`` (the ``(doc_id, start)`` index bounds it)."""
        return [span_from_row(row) for row in self.conn.execute(
            f'SELECT {SPAN_SELECT} FROM spans WHERE doc_id = ? AND start < ? AND "end" > ? '
            'ORDER BY start, "end", id', (doc_id, end, start))]

    def spans_between(self, low: int, high: int) -> dict[int, list[Span]]:
        """Spans of documents ``low`` to ``high``, by document (exports and ``check`` stream every span
        this way: the fragments come in one query beside, not a subquery per span)."""
        fragments = self._fragments_between(low, high)
        grouped: dict[int, list[Span]] = {}
        from_columns = Span.from_columns
        for row in self.conn.execute(
            f"SELECT {SPAN_COLUMNS} FROM spans WHERE doc_id BETWEEN ? AND ? "
            'ORDER BY doc_id, start, "end", id',
            (low, high),
        ):
            span = from_columns(row, fragments.get(row[SPAN_ID_AT], ()) if fragments else ())
            grouped.setdefault(span.doc_id, []).append(span)
        return grouped

    def _fragments_between(self, low: int, high: int) -> dict[int, tuple[tuple[int, int], ...]]:
        """span id -> its pieces, for the discontinuous spans of documents ``low`` to ``high``."""
        if self.conn.execute("SELECT 1 FROM span_fragments LIMIT 1").fetchone() is None:
            return {}
        pieces: dict[int, list[tuple[int, int]]] = {}
        for span_id, start, end in self.conn.execute(
            'SELECT f.span_id, f.start, f."end" FROM span_fragments f JOIN spans s ON s.id = f.span_id '
            "WHERE s.doc_id BETWEEN ? AND ? ORDER BY f.span_id, f.start", (low, high)):
            pieces.setdefault(span_id, []).append((start, end))
        return {span_id: tuple(found) for span_id, found in pieces.items()}

    def delete_span(self, span_id: int) -> None:
        self.conn.execute("DELETE FROM spans WHERE id = ?", (span_id,))

    def relabel_span(self, span_id: int, label: str) -> None:
        self.conn.execute("UPDATE spans SET label = ? WHERE id = ?", (label, span_id))

    def move_span(self, span_id: int, start: int, end: int) -> None:
        """Give a span new offsets (and the text they cover); its id, and so its uses, stay."""
        span = self.span(span_id)
        text = self.text_of(span.doc_id)
        verify_span(text, Span(start, end, span.label, span.kind), where=f"document {span.doc_id}")
        self.conn.execute('UPDATE spans SET start = ?, "end" = ?, text = ? WHERE id = ?',
                          (start, end, text[start:end], span_id))

    def events_using_span(self, span_id: int) -> list[Event]:
        """Events whose trigger or one of whose arguments is this span."""
        return self._events_where(
            "trigger_id = ? OR id IN (SELECT event_id FROM arguments WHERE span_id = ?)",
            (span_id, span_id),
        )

    # -- events ----------------------------------------------------------------------------------

    def add_event(self, doc_id: int, event: Event) -> Event:
        cursor = self.conn.execute(
            f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
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

    def events_between(self, low: int, high: int) -> dict[int, list[Event]]:
        grouped: dict[int, list[Event]] = {}
        for event in self._events_where("doc_id BETWEEN ? AND ?", (low, high)):
            grouped.setdefault(event.doc_id, []).append(event)
        return grouped

    def _events_where(self, where: str, params: tuple[Any, ...]) -> list[Event]:
        rows = self.conn.execute(
            f"SELECT {EVENT_COLUMNS} FROM events WHERE {where} ORDER BY id", params).fetchall()
        if not rows:
            return []
        arguments: dict[int, list[Argument]] = {}
        for arg_id, event_id, role, span_id, filler_event_id in rows_in(
            self.conn, "SELECT id, event_id, role, span_id, filler_event_id FROM arguments "
            "WHERE event_id IN ({}) ORDER BY id",
            (row[0] for row in rows),
        ):
            arguments.setdefault(event_id, []).append(Argument(role, span_id, arg_id, filler_event_id))
        return [event_from_row(row, arguments.get(row[0], ())) for row in rows]

    def delete_event(self, event_id: int) -> None:
        self.conn.execute("DELETE FROM events WHERE id = ?", (event_id,))

    def set_event_type(self, event_id: int, event_type: str) -> None:
        self.conn.execute("UPDATE events SET type = ? WHERE id = ?", (event_type, event_id))

    def add_argument(self, event_id: int, argument: Argument) -> Argument:
        cursor = self.conn.execute(
            "INSERT INTO arguments (id, event_id, role, span_id, filler_event_id) VALUES (?, ?, ?, ?, ?)",
            (argument.id, event_id, argument.role, argument.span_id, argument.filler_event_id),
        )
        return Argument(argument.role, argument.span_id, cursor.lastrowid, argument.filler_event_id)

    def argument(self, arg_id: int) -> tuple[int, Argument]:
        row = self.conn.execute(
            "SELECT event_id, role, span_id, filler_event_id FROM arguments WHERE id = ?", (arg_id,)
        ).fetchone()
        if row is None:
            raise KeyError(f"no argument {arg_id}")
        return row[0], Argument(row[1], row[2], arg_id, row[3])

    def delete_argument(self, arg_id: int) -> None:
        self.conn.execute("DELETE FROM arguments WHERE id = ?", (arg_id,))
