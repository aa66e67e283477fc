"""Bulk insertion for imports (documents with their annotations, a batch at a time) and merges (one
document's annotations replaced).

Ids are allocated here rather than read back row by row, so a batch costs one ``executemany`` call per
table whatever its size. A :class:`PlainAnnotated` (entity spans only, as tuples) becomes its rows
straight from the tuples. The caller holds the transaction (one per import: all or nothing).
"""

from __future__ import annotations

import sqlite3

from annotator.core.model import (
    ENTITY,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Annotated,
    AttributeValue,
    Document,
    Note,
    PlainAnnotated,
    Span,
)
from annotator.core.rules import fits
from annotator.store.rows import (
    ATTRIBUTE_COLUMNS,
    EVENT_COLUMNS,
    NOTE_COLUMNS,
    RELATION_COLUMNS,
    attribute_row,
    next_id,
    note_row,
    to_json,
    utc_now,
    verify_span,
)

_SPAN_INSERT = ('INSERT INTO spans (id, doc_id, start, "end", label, kind, text, annotator, source, '
                "created_at, confidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_DOCUMENT_INSERT = ("INSERT INTO documents (id, title, text, sha256, meta, status, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def insert_annotated(conn: sqlite3.Connection, items: list[Annotated | PlainAnnotated], *, annotator: str,
                     source: str) -> list[int]:
    """Insert ``items``, whose references are indexes into their own lists (see ``Annotated``), except a
    link's ``entity_id``: the caller has found or stored the entity already, so it is a row id."""
    first = next_id(conn, "documents")
    conn.executemany(_DOCUMENT_INSERT, _document_rows([item.document for item in items], first))
    doc_ids = list(range(first, first + len(items)))
    insert_annotations(conn, list(zip(doc_ids, items, strict=True)), annotator=annotator, source=source)
    return doc_ids


def insert_new_documents(conn: sqlite3.Connection, documents: list[Document]) -> list[int | None]:
    """Insert ``documents`` (their annotations follow with :func:`insert_annotations`), leaving out each
    whose text is stored already, earlier in the caller's transaction too: the id of each, None for one
    left out. The texts' unique index tells, so a batch without a repeat costs no query."""
    first = next_id(conn, "documents")
    inserted = conn.executemany(_DOCUMENT_INSERT + " ON CONFLICT (sha256) DO NOTHING",
                                _document_rows(documents, first)).rowcount
    doc_ids = list(range(first, first + len(documents)))
    if inserted == len(documents):
        return doc_ids
    stored = {row[0] for row in conn.execute("SELECT id FROM documents WHERE id >= ?", (first,))}
    return [doc_id if doc_id in stored else None for doc_id in doc_ids]


def replace_annotations(conn: sqlite3.Connection, doc_id: int, item: Annotated, *, annotator: str,
                        source: str) -> None:
    """Put ``item``'s annotations (index form, links to stored entities) on the stored document ``doc_id``
    in place of the ones it has (a merge accepting an analyst's layer as gold)."""
    for table in ("notes", "attribute_values", "relations", "events", "spans"):
        conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
    conn.execute("UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                 (item.document.status, utc_now(), doc_id))
    insert_annotations(conn, [(doc_id, item)], annotator=annotator, source=source)


def _document_rows(documents: list[Document], first: int) -> list[tuple]:
    """The rows of ``documents``, numbered from ``first``."""
    now = utc_now()
    return [(doc_id, document.title, document.text, document.sha256,
             to_json(document.meta) if document.meta else "{}", document.status, now, now)
            for doc_id, document in enumerate(documents, first)]


def insert_annotations(conn: sqlite3.Connection, items: list[tuple[int, Annotated | PlainAnnotated]], *,
                       annotator: str, source: str) -> None:
    """The annotations of each ``(doc_id, item)`` on its stored document ``doc_id`` (references as for
    :func:`insert_annotated`)."""
    now = utc_now()
    span_id = next_id(conn, "spans")
    event_id = next_id(conn, "events")
    relation_id = next_id(conn, "relations")
    span_rows, event_rows, argument_rows = [], [], []
    fragment_rows, relation_rows, attribute_rows, note_rows, link_rows = [], [], [], [], []
    for doc_id, item in items:
        document = item.document
        text = document.text
        if isinstance(item, PlainAnnotated):
            for start, end, label, given in item.spans:
                if not fits(text, start, end, given):
                    verify_span(text, Span(start, end, label, ENTITY, given),
                                where=item.where or document.title)
                span_rows.append((span_id, doc_id, start, end, label, ENTITY, text[start:end], annotator,
                                  source, now, None))
                span_id += 1
            continue
        first_span = span_id
        for span in item.spans:
            start, end = span.start, span.end
            if not fits(text, start, end, span.text):
                verify_span(text, span, where=item.where or document.title)
            span_rows.append((span_id, doc_id, start, end, span.label, span.kind, text[start:end],
                              span.annotator or annotator, span.source or source, span.created_at or now,
                              span.confidence))
            if span.fragments:
                fragment_rows.extend((span_id, start, end) for start, end in span.fragments)
            span_id += 1
        if not (item.events or item.relations or item.attributes or item.notes or item.links):
            continue  # a bulk import's usual document: spans and nothing referring to them
        first_event = event_id
        for event in item.events:
            event_rows.append((event_id, doc_id, event.type, first_span + event.trigger_id,
                               event.annotator or annotator, event.source or source, event.created_at or now))
            argument_rows.extend((event_id, argument.role, first_span + argument.span_id,
                                  None if argument.filler_event_id is None
                                  else first_event + argument.filler_event_id)
                                 for argument in event.arguments)
            event_id += 1
        first_relation = relation_id
        for relation in item.relations:
            relation_rows.append((relation_id, doc_id, relation.type, first_span + relation.head_id,
                                  first_span + relation.tail_id, relation.annotator or annotator,
                                  relation.source or source, relation.created_at or now))
            relation_id += 1
        first = {ON_SPAN: first_span, ON_EVENT: first_event, ON_RELATION: first_relation}
        attribute_rows.extend(attribute_row(doc_id, AttributeValue(
            value.name, value.value, value.target, first[value.target] + value.target_id))
            for value in item.attributes)
        note_rows.extend(note_row(doc_id, Note(
            note.text, note.target, None if note.target_id is None else first[note.target] + note.target_id,
            annotator=note.annotator or annotator, created_at=note.created_at or now))
            for note in item.notes)
        link_rows.extend((first_span + link.span_id, link.entity_id, doc_id) for link in item.links)
    conn.executemany(_SPAN_INSERT, span_rows)
    conn.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", event_rows)
    conn.executemany("INSERT OR IGNORE INTO arguments (event_id, role, span_id, filler_event_id) "
                     "VALUES (?, ?, ?, ?)", argument_rows)
    conn.executemany('INSERT INTO span_fragments (span_id, start, "end") VALUES (?, ?, ?)', fragment_rows)
    conn.executemany(f"INSERT INTO relations ({RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     relation_rows)
    conn.executemany(f"INSERT INTO attribute_values ({ATTRIBUTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     attribute_rows)
    conn.executemany(f"INSERT INTO notes ({NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", note_rows)
    conn.executemany("INSERT INTO entity_links (span_id, entity_id, doc_id) VALUES (?, ?, ?)", link_rows)
