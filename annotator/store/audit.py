"""The edit history, the figures ``stats`` prints and what ``check`` finds wrong in the file itself.

The schema's rules over a document's annotations are checked by ``core.rules`` (the project's check
runs both); this part answers what only the file can: SQLite integrity, references, damaged JSON and
spans that no longer read what they say.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

from annotator.errors import AnnotatorError
from annotator.store.rows import to_json, utc_now


class Audit:
    def __init__(self, conn: sqlite3.Connection, schema_problem: Callable[[], str | None]) -> None:
        self.conn = conn
        self._schema_problem = schema_problem

    def record(self, doc_id: int | None, who: str, kind: str, payload: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO history (doc_id, at, who, kind, payload) VALUES (?, ?, ?, ?, ?)",
            (doc_id, utc_now(), who, kind, to_json(payload)),
        )

    def history(self, doc_id: int | None = None) -> list[dict[str, Any]]:
        where, params = ("WHERE doc_id = ?", (doc_id,)) if doc_id is not None else ("", ())
        return [
            {"id": r[0], "doc_id": r[1], "at": r[2], "who": r[3], "kind": r[4], "payload": json.loads(r[5])}
            for r in self.conn.execute(
                f"SELECT id, doc_id, at, who, kind, payload FROM history {where} ORDER BY id", params)
        ]

    def stats(self) -> dict[str, dict[str, int]]:
        def counts(sql: str) -> dict[str, int]:
            return dict(self.conn.execute(sql).fetchall())

        return {
            "documents": counts("SELECT status, count(*) FROM documents GROUP BY status ORDER BY status"),
            "spans": counts(
                "SELECT label, count(*) FROM spans WHERE kind = 'entity' GROUP BY label ORDER BY label"),
            "events": counts("SELECT type, count(*) FROM events GROUP BY type ORDER BY type"),
            "relations": counts("SELECT type, count(*) FROM relations GROUP BY type ORDER BY type"),
            "attributes": counts("SELECT name, count(*) FROM attribute_values GROUP BY name ORDER BY name"),
            "notes": counts(
                "SELECT CASE WHEN span_id IS NOT NULL THEN 'span' WHEN event_id IS NOT NULL THEN 'event' "
                "WHEN relation_id IS NOT NULL THEN 'relation' ELSE 'document' END AS target, count(*) "
                "FROM notes GROUP BY target ORDER BY target"),
            "entities": counts("SELECT label, count(*) FROM entities GROUP BY label ORDER BY label"),
            "linked spans": counts(
                "SELECT s.label, count(*) FROM entity_links l JOIN spans s ON s.id = l.span_id "
                "GROUP BY s.label ORDER BY s.label"),
            "discontinuous spans": counts(
                "SELECT label, count(*) FROM spans WHERE id IN (SELECT span_id FROM span_fragments) "
                "GROUP BY label ORDER BY label"),
            "event records": counts("SELECT type, count(*) FROM event_records GROUP BY type ORDER BY type"),
            "record mentions": counts(
                "SELECT r.type, count(*) FROM record_events m JOIN event_records r ON r.id = m.record_id "
                "GROUP BY r.type ORDER BY r.type"),
            "record fields set": counts(
                "SELECT name, count(*) FROM record_fields GROUP BY name ORDER BY name"),
            "ignored candidates": counts(
                "SELECT e.type, count(*) FROM ignored_record_candidates i JOIN events e ON e.id = i.event_id "
                "GROUP BY e.type ORDER BY e.type"),
        }

    def problems(self) -> list[str]:
        """Everything wrong with the file, as sentences; empty when the file is sound."""
        schema_problem = self._schema_problem()
        problems = [schema_problem] if schema_problem else []
        problems += self._damaged_meta()
        problems += [f"SQLite integrity: {row[0]}" for row in self.conn.execute("PRAGMA integrity_check")
                     if row[0] != "ok"]
        problems += [f"dangling reference in {row[0]} row {row[1]} to {row[2]}"
                     for row in self.conn.execute("PRAGMA foreign_key_check")]
        problems += self._textless_spans()
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
        problems += [
            f"relation {row[0]} in document {row[1]} links span {row[2]} from another document"
            for row in self.conn.execute(
                "SELECT r.id, r.doc_id, s.id FROM relations r JOIN spans s ON s.id IN (r.head_id, r.tail_id) "
                "WHERE s.doc_id <> r.doc_id")
        ]
        problems += [
            f"the link of span {row[0]} says document {row[1]}, but the span is in document {row[2]}"
            for row in self.conn.execute(
                "SELECT l.span_id, l.doc_id, s.doc_id FROM entity_links l JOIN spans s ON s.id = l.span_id "
                "WHERE s.doc_id <> l.doc_id")
        ]
        for table, what in (("attribute_values", "attribute value"), ("notes", "note")):
            problems += [
                f"{what} {row[0]} in document {row[1]} is on a {row[2]} of another document"
                for row in self.conn.execute(
                    f"SELECT x.id, x.doc_id, CASE WHEN s.id IS NOT NULL THEN 'span' WHEN e.id IS NOT NULL "
                    f"THEN 'event' ELSE 'relation' END FROM {table} x "
                    "LEFT JOIN spans s ON s.id = x.span_id LEFT JOIN events e ON e.id = x.event_id "
                    "LEFT JOIN relations r ON r.id = x.relation_id "
                    "WHERE coalesce(s.doc_id, e.doc_id, r.doc_id, x.doc_id) <> x.doc_id")
            ]
        return problems

    def _damaged_meta(self) -> list[str]:
        found = []
        for doc_id, meta in self.conn.execute("SELECT id, meta FROM documents ORDER BY id"):
            try:
                json.loads(meta)
            except (ValueError, RecursionError):
                found.append(f"document {doc_id}'s metadata is damaged (not valid JSON)")
        return found

    def _textless_spans(self) -> list[str]:
        """Spans stored without their text (a span's fit to its document is one of the rules, which
        ``check`` asks of every document anyway)."""
        return [f"document {doc_id}: span {span_id} has no text" for doc_id, span_id in self.conn.execute(
            "SELECT doc_id, id FROM spans WHERE text = '' ORDER BY doc_id, id")]


def schema_problem(read_schema: Callable[[], object]) -> str | None:
    """The message of a damaged stored schema, or None when it reads."""
    try:
        read_schema()
    except AnnotatorError as error:
        return error.message
    return None
