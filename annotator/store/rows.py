"""One mapping per table between rows and core records, and the small helpers every part of the store uses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

from annotator.core.model import (
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Argument,
    AttributeValue,
    Document,
    Event,
    Note,
    Relation,
    Span,
)
from annotator.core.rules import misfit
from annotator.errors import AnnotatorError, Errors

_SPAN_FIELDS = [field.name for field in fields(Span) if field.name != "fragments"]  # those in ``spans``
SPAN_COLUMNS = ", ".join(f'"{name}"' for name in _SPAN_FIELDS)
SPAN_ID_AT = _SPAN_FIELDS.index("id")  # where a row of SPAN_COLUMNS holds the span's id
SPAN_PLACEHOLDERS = ", ".join("?" * len(_SPAN_FIELDS))
# A span row with its fragments ("start end;start end", NULL for a span in one piece) as a last column.
SPAN_SELECT = (SPAN_COLUMNS + ', (SELECT group_concat(f.start || \' \' || f."end", \';\') FROM '
               '(SELECT start, "end" FROM span_fragments WHERE span_id = spans.id ORDER BY start) f)')
RELATION_COLUMNS = "id, doc_id, type, head_id, tail_id, annotator, source, created_at"
ATTRIBUTE_COLUMNS = "id, doc_id, span_id, event_id, relation_id, name, value"
NOTE_COLUMNS = "id, doc_id, span_id, event_id, relation_id, text, annotator, created_at"
# The foreign key column of each kind of thing a value or note points at.
TARGET_COLUMNS = {ON_SPAN: "span_id", ON_EVENT: "event_id", ON_RELATION: "relation_id"}
DOCUMENT_COLUMNS = "id, title, text, sha256, meta, status, created_at, updated_at"
EVENT_COLUMNS = "id, doc_id, type, trigger_id, annotator, source, created_at"
_IN_CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
# What json.dumps(ensure_ascii=False, sort_keys=True) does, without building an encoder per call.
to_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def span_row(span: Span) -> tuple:
    """A span as the values of :data:`SPAN_COLUMNS`."""
    return tuple(getattr(span, name) for name in _SPAN_FIELDS)


def span_from_row(row: tuple) -> Span:
    """A row of :data:`SPAN_SELECT` as a span, its fragments included."""
    fragments = row[-1]
    if fragments is None:
        return Span.from_columns(row[:-1])
    pairs = (piece.split(" ") for piece in fragments.split(";"))
    return Span.from_columns(row[:-1], tuple((int(start), int(end)) for start, end in pairs))


def relation_from_row(row: tuple) -> Relation:
    """A ``relations`` row (:data:`RELATION_COLUMNS`)."""
    return Relation(type=row[2], head_id=row[3], tail_id=row[4], id=row[0], doc_id=row[1],
                    annotator=row[5], source=row[6], created_at=row[7])


def _target(row: tuple) -> tuple[str | None, int | None]:
    """Which of the span, event and relation columns (2-4) is set, and to what."""
    for target, value in zip(TARGET_COLUMNS, row[2:5], strict=True):
        if value is not None:
            return target, value
    return None, None


def attribute_from_row(row: tuple) -> AttributeValue:
    """An ``attribute_values`` row (:data:`ATTRIBUTE_COLUMNS`); the value is stored as JSON."""
    target, target_id = _target(row)
    return AttributeValue(name=row[5], value=json.loads(row[6]), target=target or ON_SPAN,
                          target_id=target_id or 0, id=row[0], doc_id=row[1])


def attribute_row(doc_id: int, value: AttributeValue) -> tuple:
    """An attribute value as the values of :data:`ATTRIBUTE_COLUMNS`."""
    return (value.id, doc_id, *_target_columns(value.target, value.target_id), value.name,
            to_json(value.value))


def note_from_row(row: tuple) -> Note:
    """A ``notes`` row (:data:`NOTE_COLUMNS`); no target column set means a note on the document."""
    target, target_id = _target(row)
    return Note(text=row[5], target=target or "document", target_id=target_id, id=row[0], doc_id=row[1],
                annotator=row[6], created_at=row[7])


def note_row(doc_id: int, note: Note) -> tuple:
    """A note as the values of :data:`NOTE_COLUMNS`."""
    return (note.id, doc_id, *_target_columns(note.target, note.target_id), note.text, note.annotator,
            note.created_at or utc_now())


def _target_columns(target: str, target_id: int | None) -> tuple[int | None, int | None, int | None]:
    """The span, event and relation columns of a value or note on ``target`` (all None: the document)."""
    return (target_id if target == ON_SPAN else None, target_id if target == ON_EVENT else None,
            target_id if target == ON_RELATION else None)


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
