"""Bulk insertion for imports: documents with their spans and events, a batch at a time.

Ids are allocated here rather than read back row by row, so a batch costs four ``executemany`` calls
whatever its size. The caller holds the transaction (one per import: all or nothing).
"""

from __future__ import annotations

import sqlite3

from annotator.core.model import Annotated
from annotator.store.rows import EVENT_COLUMNS, next_id, to_json, utc_now, verify_span

_SPAN_INSERT = ('INSERT INTO spans (id, doc_id, start, "end", label, kind, text, annotator, source, '
                "created_at, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def insert_annotated(conn: sqlite3.Connection, items: list[Annotated], *, annotator: str,
                     source: str) -> list[int]:
    """Insert ``items``; event triggers and arguments refer to spans by their index in ``item.spans``."""
    now = utc_now()
    doc_id = next_id(conn, "documents")
    span_id = next_id(conn, "spans")
    event_id = next_id(conn, "events")
    doc_rows, span_rows, event_rows, argument_rows, doc_ids = [], [], [], [], []
    for item in items:
        document = item.document
        text = document.text
        length = len(text)
        doc_rows.append((doc_id, document.title, text, document.sha256, to_json(document.meta),
                         document.status, now, now))
        doc_ids.append(doc_id)
        first_span = span_id
        for span in item.spans:
            start, end = span.start, span.end
            surface = text[start:end]
            if not 0 <= start < end <= length or (span.text and span.text != surface):
                verify_span(text, span, where=item.where or document.title)
            span_rows.append((span_id, doc_id, start, end, span.label, span.kind, surface,
                              span.annotator or annotator, span.source or source, span.created_at or now,
                              span.confidence))
            span_id += 1
        for event in item.events:
            event_rows.append((event_id, doc_id, event.type, first_span + event.trigger_id,
                               event.annotator or annotator, event.source or source, event.created_at or now))
            argument_rows.extend((event_id, argument.role, first_span + argument.span_id)
                                 for argument in event.arguments)
            event_id += 1
        doc_id += 1
    conn.executemany("INSERT INTO documents (id, title, text, sha256, meta, status, created_at, updated_at) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", doc_rows)
    conn.executemany(_SPAN_INSERT, span_rows)
    conn.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", event_rows)
    conn.executemany("INSERT OR IGNORE INTO arguments (event_id, role, span_id) VALUES (?, ?, ?)",
                     argument_rows)
    return doc_ids
