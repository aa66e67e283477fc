"""Event records' rows: records, their member event mentions, and their fields with evidence.

:class:`RecordRows` is mixed into the store's ``Annotations`` part, so record edits write through the same
object as every other edit. Rows keep their ids when given, so an undo restores the very record a removal
took. The queries the record views and candidate suggestions need (records of a type, the members with
their documents, mentions in no record) live here too: SQL stays in the store.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterable

from annotator.core.records import (
    EventRecord,
    Evidence,
    IgnoredCandidates,
    Membership,
    RecordField,
    RecordTag,
)
from annotator.store.rows import rows_in, utc_now

_RECORD_COLUMNS = "id, type, title, annotator, created_at, uid"
_MEMBER_COLUMNS = "record_id, event_id, doc_id, added_by, added_at"
_FIELD_COLUMNS = ('record_id, name, value, entity_id, kind, source, doc_id, event_id, span_id, start, "end", '
                  "quote, set_by, set_at")


def _record_from_row(row: tuple) -> EventRecord:
    record_id, record_type, title, annotator, created_at, uid = row
    return EventRecord(record_type, title, record_id, annotator, created_at, uid or "")


def _field_from_row(row: tuple) -> tuple[int, RecordField]:
    record_id, name, value, entity_id, *evidence = row
    return record_id, RecordField(name, value, Evidence(*evidence), entity_id)


class RecordRows:
    conn: sqlite3.Connection

    # -- records -----------------------------------------------------------------------------------

    def add_record(self, record: EventRecord) -> EventRecord:
        cursor = self.conn.execute(
            f"INSERT INTO event_records ({_RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            (record.id, record.type, record.title, record.annotator, record.created_at or utc_now(),
             record.uid or uuid.uuid4().hex))
        return self.record(cursor.lastrowid)

    def update_record(self, record: EventRecord) -> None:
        self.conn.execute("UPDATE event_records SET type = ?, title = ? WHERE id = ?",
                          (record.type, record.title, record.id))

    def delete_record(self, record_id: int) -> None:
        self.conn.execute("DELETE FROM event_records WHERE id = ?", (record_id,))

    def record(self, record_id: int) -> EventRecord:
        row = self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM event_records WHERE id = ?",
                                (record_id,)).fetchone()
        if row is None:
            raise KeyError(f"no record {record_id}")
        return _record_from_row(row)

    def record_by_uid(self, uid: str) -> EventRecord | None:
        """The record that has the uid ``uid`` (an import joins it), or None."""
        row = self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM event_records WHERE uid = ?",
                                (uid,)).fetchone()
        return _record_from_row(row) if row is not None else None

    def records(self, record_ids: Iterable[int] | None = None, *, event_type: str | None = None
                ) -> list[EventRecord]:
        """Every record in id order, or those of ``record_ids``, or those of ``event_type``."""
        if record_ids is not None:
            rows = rows_in(self.conn, f"SELECT {_RECORD_COLUMNS} FROM event_records WHERE id IN ({{}})",
                           list(record_ids))
        elif event_type is not None:
            rows = self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM event_records WHERE type = ?",
                                     (event_type,)).fetchall()
        else:
            rows = self.conn.execute(f"SELECT {_RECORD_COLUMNS} FROM event_records").fetchall()
        return [_record_from_row(row) for row in sorted(rows)]

    def record_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM event_records").fetchone()[0]

    # -- members -----------------------------------------------------------------------------------

    def add_memberships(self, members: Iterable[Membership]) -> None:
        self.conn.executemany(
            f"INSERT INTO record_events ({_MEMBER_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
            [(m.record_id, m.event_id, m.doc_id, m.added_by, m.added_at or utc_now()) for m in members])

    def remove_memberships(self, event_ids: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM record_events WHERE event_id = ?", [(i,) for i in event_ids])

    def members_of(self, record_id: int) -> list[Membership]:
        return [Membership(*row) for row in self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM record_events WHERE record_id = ? ORDER BY doc_id, event_id",
            (record_id,))]

    def members_of_records(self, record_ids: Iterable[int]) -> dict[int, list[Membership]]:
        grouped: dict[int, list[Membership]] = {}
        for row in sorted(rows_in(self.conn, f"SELECT {_MEMBER_COLUMNS} FROM record_events "
                                  "WHERE record_id IN ({})", list(record_ids)), key=lambda r: (r[2], r[1])):
            grouped.setdefault(row[0], []).append(Membership(*row))
        return grouped

    def memberships_of_events(self, event_ids: Iterable[int]) -> list[Membership]:
        return [Membership(*row) for row in rows_in(
            self.conn, f"SELECT {_MEMBER_COLUMNS} FROM record_events WHERE event_id IN ({{}})",
            list(event_ids))]

    def record_tags_between(self, low: int, high: int) -> dict[int, list[RecordTag]]:
        """``document id -> [RecordTag]`` for the documents ``low``..``high`` (the stream's batch)."""
        grouped: dict[int, list[RecordTag]] = {}
        for doc_id, event_id, record_id, record_type, title, uid in self.conn.execute(
                "SELECT record_events.doc_id, record_events.event_id, event_records.id, event_records.type, "
                "event_records.title, event_records.uid FROM record_events JOIN event_records "
                "ON event_records.id = record_events.record_id WHERE record_events.doc_id BETWEEN ? AND ? "
                "ORDER BY record_events.event_id", (low, high)):
            key = EventRecord(record_type, id=record_id).reference()
            grouped.setdefault(doc_id, []).append(RecordTag(event_id, key, record_type, title, uid or ""))
        return grouped

    def memberships_of_document(self, doc_id: int) -> list[Membership]:
        return [Membership(*row) for row in self.conn.execute(
            f"SELECT {_MEMBER_COLUMNS} FROM record_events WHERE doc_id = ? ORDER BY event_id", (doc_id,))]

    def events_without_record(self, doc_id: int | None = None) -> list[tuple[int, int]]:
        """``(document id, event id)`` of every event mention in no record (in ``doc_id``, or anywhere),
        in document and event order."""
        where, params = ("WHERE events.doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        return [tuple(row) for row in self.conn.execute(
            f"SELECT events.doc_id, events.id FROM events LEFT JOIN record_events "
            f"ON record_events.event_id = events.id {where} "
            f"{'AND' if where else 'WHERE'} record_events.event_id IS NULL ORDER BY events.doc_id, events.id",
            params)]

    # -- ignored candidates --------------------------------------------------------------------------

    def add_ignored(self, rows: Iterable[IgnoredCandidates]) -> None:
        self.conn.executemany(
            "INSERT INTO ignored_record_candidates (event_id, doc_id, ignored_by, ignored_at) "
            "VALUES (?, ?, ?, ?)",
            [(r.event_id, r.doc_id, r.ignored_by, r.ignored_at or utc_now()) for r in rows])

    def remove_ignored(self, event_ids: Iterable[int]) -> None:
        self.conn.executemany("DELETE FROM ignored_record_candidates WHERE event_id = ?",
                              [(i,) for i in event_ids])

    def ignored_of_events(self, event_ids: Iterable[int]) -> list[IgnoredCandidates]:
        return [IgnoredCandidates(*row) for row in rows_in(
            self.conn, "SELECT event_id, doc_id, ignored_by, ignored_at FROM ignored_record_candidates "
            "WHERE event_id IN ({})", list(event_ids))]

    def ignored_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM ignored_record_candidates").fetchone()[0]

    # -- fields ------------------------------------------------------------------------------------

    def set_record_field(self, record_id: int, field: RecordField) -> None:
        """Set (or replace) the field ``field.name`` of the record."""
        evidence = field.evidence
        self.conn.execute(
            f"INSERT OR REPLACE INTO record_fields ({_FIELD_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (record_id, field.name, field.value, field.entity_id, evidence.kind, evidence.source,
             evidence.doc_id, evidence.event_id, evidence.span_id, evidence.start, evidence.end,
             evidence.quote, evidence.who, evidence.at or utc_now()))

    def delete_record_field(self, record_id: int, name: str) -> None:
        self.conn.execute("DELETE FROM record_fields WHERE record_id = ? AND name = ?", (record_id, name))

    def fields_of(self, record_id: int) -> list[RecordField]:
        return self.fields_of_records([record_id]).get(record_id, [])

    def fields_of_records(self, record_ids: Iterable[int]) -> dict[int, list[RecordField]]:
        grouped: dict[int, list[RecordField]] = {}
        for row in sorted(rows_in(self.conn, f"SELECT {_FIELD_COLUMNS} FROM record_fields "
                                  "WHERE record_id IN ({})", list(record_ids))):
            record_id, field = _field_from_row(row)
            grouped.setdefault(record_id, []).append(field)
        return grouped

    # -- what candidate suggestions compare ----------------------------------------------------------

    def argument_facts(self, *, event_id: int | None = None, record_type: str | None = None
                       ) -> list[tuple[int | None, str, int | None, str, str, int]]:
        """``(record id, role, entity id, entity name, filler text, document id)`` for each argument of
        the event ``event_id`` (record id None), or of every member of the records of ``record_type``
        (there without the entity's name, which only the mention's side is worded with)."""
        select = ("SELECT {record}, arguments.role, entity_links.entity_id, {name}, spans.text, "
                  "events.doc_id FROM {source} JOIN arguments ON arguments.event_id = events.id "
                  "JOIN spans ON spans.id = arguments.span_id "
                  "LEFT JOIN entity_links ON entity_links.span_id = spans.id {entities} WHERE {where}")
        if event_id is not None:
            sql = select.format(record="NULL", source="events", where="events.id = ?",
                                name="coalesce(entities.name, '')",
                                entities="LEFT JOIN entities ON entities.id = entity_links.entity_id")
            return self.conn.execute(sql, (event_id,)).fetchall()
        sql = select.format(record="record_events.record_id", where="events.type = ?", name="''", entities="",
                            source="record_events JOIN events ON events.id = record_events.event_id")
        return self.conn.execute(sql, (record_type,)).fetchall()

    def attribute_facts(self, names: Iterable[str], *, event_id: int | None = None,
                        record_type: str | None = None) -> list[tuple[int | None, str, object]]:
        """``(record id, attribute name, value)`` of the attributes ``names`` on the event ``event_id``
        (record id None), or on every member of the records of ``record_type``."""
        wanted = list(names)
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        if event_id is not None:
            rows = self.conn.execute(f"SELECT NULL, name, value FROM attribute_values WHERE event_id = ? "
                                     f"AND name IN ({marks})", (event_id, *wanted))
        else:
            rows = self.conn.execute(
                "SELECT record_events.record_id, attribute_values.name, attribute_values.value "
                "FROM record_events JOIN events ON events.id = record_events.event_id "
                "JOIN attribute_values ON attribute_values.event_id = events.id "
                f"WHERE events.type = ? AND attribute_values.name IN ({marks})", (record_type, *wanted))
        return [(record_id, name, json.loads(value)) for record_id, name, value in rows]

    def document_metas(self, doc_ids: Iterable[int]) -> dict[int, dict]:
        return {doc_id: json.loads(meta) for doc_id, meta in rows_in(
            self.conn, "SELECT id, meta FROM documents WHERE id IN ({})", sorted(set(doc_ids)))}

    def document_headers(self, doc_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
        """``document id -> (title, sha256)``: what exports cite a document by."""
        return {doc_id: (title, sha) for doc_id, title, sha in rows_in(
            self.conn, "SELECT id, title, sha256 FROM documents WHERE id IN ({})", sorted(set(doc_ids)))}

    def record_fields_for_type(self, record_type: str) -> list[tuple[int, RecordField]]:
        return [_field_from_row(row) for row in self.conn.execute(
            f"SELECT {', '.join('record_fields.' + c.strip() for c in _FIELD_COLUMNS.split(','))} "
            "FROM record_fields JOIN event_records ON event_records.id = record_fields.record_id "
            "WHERE event_records.type = ?", (record_type,))]

    def member_triggers(self, record_ids: Iterable[int]) -> dict[int, list[tuple[int, int, int, int, str]]]:
        """``record id -> [(document id, event id, trigger start, trigger end, trigger text)]`` in document
        and event order: where each member mention is."""
        grouped: dict[int, list[tuple[int, int, int, int, str]]] = {}
        for record_id, *rest in sorted(rows_in(
                self.conn, "SELECT record_events.record_id, events.doc_id, events.id, spans.start, "
                "spans.\"end\", spans.text FROM record_events "
                "JOIN events ON events.id = record_events.event_id "
                "JOIN spans ON spans.id = events.trigger_id "
                "WHERE record_events.record_id IN ({})",
                list(record_ids))):
            grouped.setdefault(record_id, []).append(tuple(rest))
        return grouped
