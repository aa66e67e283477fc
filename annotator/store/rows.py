"""One mapping per table between rows and core records, and the small helpers every part of the store uses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

from annotator.core.model import Argument, Document, Event, Span
from annotator.core.rules import misfit
from annotator.errors import AnnotatorError, Errors

SPAN_COLUMNS = ", ".join(f'"{field.name}"' for field in fields(Span))  # in field order: Span(*row)
SPAN_PLACEHOLDERS = ", ".join("?" * len(fields(Span)))
DOCUMENT_COLUMNS = "id, title, text, sha256, meta, status, created_at, updated_at"
EVENT_COLUMNS = "id, doc_id, type, trigger_id, annotator, source, created_at"
_IN_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
# What json.dumps(ensure_ascii=False, sort_keys=True) does, without building an encoder per call.
to_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def span_row(span: Span) -> tuple:
    """A span as the values of :data:`SPAN_COLUMNS`."""
    return tuple(getattr(span, field.name) for field in fields(Span))


def document_from_row(row: tuple) -> Document:
    """A ``documents`` row (:data:`DOCUMENT_COLUMNS`) as a record; damaged metadata is a user error."""
    try:
        meta = json.loads(row[4])
    except (ValueError, RecursionError) as error:
        raise AnnotatorError(Errors.E018, doc_id=row[0]) from error
    return Document(id=row[0], title=row[1], text=row[2], sha256=row[3], meta=meta,
                    status=row[5], created_at=row[6], updated_at=row[7])


def event_from_row(row: tuple, arguments: Iterable[Argument]) -> Event:
    """An ``events`` row (:data:`EVENT_COLUMNS`) with its arguments."""
    return Event(type=row[2], trigger_id=row[3], arguments=tuple(arguments), id=row[0], doc_id=row[1],
                 annotator=row[4], source=row[5], created_at=row[6])


def verify_span(text: str, span: Span, *, where: str) -> None:
    """Refuse a span that is not ``text[start:end]``: checked on every way in and out."""
    problem = misfit(text, span)
    if problem:
        raise problem.restated(where=where)


def rows_in(conn: sqlite3.Connection, sql: str, values: Iterable[Any]) -> Iterator[tuple]:
    """Rows of ``sql`` whose ``IN ({})`` takes ``values``, asked a chunk at a time."""
    values = list(values)
    for i in range(0, len(values), _IN_CHUNK):
        chunk = values[i : i + _IN_CHUNK]
        yield from conn.execute(sql.format(",".join("?" * len(chunk))), chunk)


def next_id(conn: sqlite3.Connection, table: str) -> int:
    return (conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0) + 1
