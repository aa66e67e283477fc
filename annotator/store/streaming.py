"""Every document with its annotations (the entities its spans are linked to, the records its events are
in), streamed in id order a batch at a time (exports, check, training).

Memory stays flat whatever the project's size: one batch of documents, spans and events at a time.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from annotator.core.model import ON_EVENT, ON_RELATION, ON_SPAN, Annotated, Document
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
        relations = annotations.relations_between(low, high)
        attributes = annotations.attributes_between(low, high)
        notes = annotations.notes_between(low, high)
        links = annotations.links_between(low, high)
        records = annotations.record_tags_between(low, high)
        entities = {entity.id: entity for entity in annotations.entities(
            {link.entity_id for found in links.values() for link in found})}
        for row in rows:
            document = document_from_row(row) if verify else _tolerant(row)
            item = Annotated(document, tuple(spans.get(document.id, ())), tuple(events.get(document.id, ())),
                             tuple(relations.get(document.id, ())), tuple(attributes.get(document.id, ())),
                             tuple(notes.get(document.id, ())), links=tuple(links.get(document.id, ())),
                             records=tuple(records.get(document.id, ())))
            if item.links:
                item = replace(item, entities=tuple(entities[i] for i in sorted({
                    link.entity_id for link in item.links})))
            if wanted is not None:
                item = only_labels(item, wanted)
            if verify:
                for span in item.spans:
                    verify_span(document.text, span, where=f"document {document.id} ({document.title})")
            yield item
        last_id = high


def only_labels(item: Annotated, wanted: set[str]) -> Annotated:
    """``item`` with only the spans labelled ``wanted`` and what still has all its ends among them."""
    spans = [s for s in item.spans if s.label in wanted]
    kept = {s.id for s in spans}
    events = [replace(e, arguments=tuple(a for a in e.arguments if a.span_id in kept))
              for e in item.events if e.trigger_id in kept]
    relations = [r for r in item.relations if r.head_id in kept and r.tail_id in kept]
    present = {ON_SPAN: kept, ON_EVENT: {e.id for e in events}, ON_RELATION: {r.id for r in relations}}
    links = tuple(link for link in item.links if link.span_id in kept)
    named = {link.entity_id for link in links}
    return replace(item, spans=tuple(spans), events=tuple(events), relations=tuple(relations),
                   records=tuple(tag for tag in item.records if tag.event_id in present[ON_EVENT]),
                   links=links, entities=tuple(e for e in item.entities if e.id in named),
                   attributes=tuple(a for a in item.attributes if a.target_id in present[a.target]),
                   notes=tuple(n for n in item.notes
                               if n.target_id is None or n.target_id in present[n.target]))


def _tolerant(row: tuple) -> Document:
    try:
        return document_from_row(row)
    except AnnotatorError:
        return document_from_row((*row[:4], "{}", *row[5:]))
