"""Every document with its annotations, streamed in id order a batch at a time (exports, check, training).

Memory stays flat whatever the project's size: one batch of documents, spans and events at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from annotator.core.model import Annotated, Document
from annotator.errors import AnnotatorError
from annotator.store.annotations import Annotations
from annotator.store.rows import DOCUMENT_COLUMNS, document_from_row, verify_span

BATCH = 200


def iter_annotated(conn: sqlite3.Connection, annotations: Annotations, *, status: str | None = None,
                   labels: Iterable[str] | None = None, verify: bool = True) -> Iterator[Annotated]:
    """Documents with their spans and events; ``labels`` keeps only spans with those labels (and the
    events whose trigger survives). ``verify`` checks every span against the text on the way out;
    ``check`` turns it off to report misplaced spans itself instead of stopping at the first."""
    wanted = set(labels) if labels else None
    last_id = 0
    where_status = "AND status = ?" if status else ""
    while True:
        params: list[Any] = [last_id, *([status] if status else []), BATCH]
        rows = conn.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id > ? {where_status} ORDER BY id LIMIT ?",
            params).fetchall()
        if not rows:
            return
        low, high = rows[0][0], rows[-1][0]
        spans = annotations.spans_between(low, high)
        events = annotations.events_between(low, high)
        for row in rows:
            document = document_from_row(row) if verify else _tolerant(row)
            doc_spans = spans.get(document.id, [])
            doc_events = events.get(document.id, [])
            if wanted is not None:
                doc_spans = [s for s in doc_spans if s.label in wanted]
                kept = {s.id for s in doc_spans}
                doc_events = [replace(e, arguments=tuple(a for a in e.arguments if a.span_id in kept))
                              for e in doc_events if e.trigger_id in kept]
            if verify:
                for span in doc_spans:
                    verify_span(document.text, span, where=f"document {document.id} ({document.title})")
            yield Annotated(document, tuple(doc_spans), tuple(doc_events))
        last_id = high


def _tolerant(row: tuple) -> Document:
    try:
        return document_from_row(row)
    except AnnotatorError:
        return document_from_row((*row[:4], "{}", *row[5:]))
