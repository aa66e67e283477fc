"""Relations, attribute values, notes and span fragments: the rows that hang on spans and events.

:class:`LinkedRows` is mixed into the store's ``Annotations`` part, so one object still satisfies what a
core edit writes through (``core.edits.EditTarget`` and ``core.relation_edits.LinkTarget``). Rows keep
their ids when given, so an undo restores the very rows a removal took.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from typing import Any, Protocol, TypeVar

from annotator.core.model import ON_DOCUMENT, Argument, AttributeValue, Note, Relation
from annotator.store.rows import (
    ATTRIBUTE_COLUMNS,
    NOTE_COLUMNS,
    RELATION_COLUMNS,
    TARGET_COLUMNS,
    attribute_from_row,
    attribute_row,
    note_from_row,
    note_row,
    relation_from_row,
    rows_in,
    utc_now,
)


class _InDocument(Protocol):
    doc_id: int | None


Record = TypeVar("Record")
InDocument = TypeVar("InDocument", bound=_InDocument)


class LinkedRows:
    conn: sqlite3.Connection

    # -- fragments ---------------------------------------------------------------------------------

    def add_fragments(self, span_id: int, fragments: Iterable[tuple[int, int]]) -> None:
        self.conn.executemany('INSERT INTO span_fragments (span_id, start, "end") VALUES (?, ?, ?)',
                              [(span_id, start, end) for start, end in fragments])

    # -- relations ---------------------------------------------------------------------------------

    def add_relation(self, doc_id: int, relation: Relation) -> Relation:
        cursor = self.conn.execute(
            f"INSERT INTO relations ({RELATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (relation.id, doc_id, relation.type, relation.head_id, relation.tail_id, relation.annotator,
             relation.source or "manual", relation.created_at or utc_now()))
        return self.relation(cursor.lastrowid)

    def relation(self, relation_id: int) -> Relation:
        found = self._select("relations", RELATION_COLUMNS, relation_from_row, "id = ?", (relation_id,))
        if not found:
            raise KeyError(f"no relation {relation_id}")
        return found[0]

    def relations_of(self, doc_id: int) -> list[Relation]:
        return self._select("relations", RELATION_COLUMNS, relation_from_row, "doc_id = ?", (doc_id,))

    def relations_between(self, low: int, high: int) -> dict[int, list[Relation]]:
        return _by_document(self._select("relations", RELATION_COLUMNS, relation_from_row,
                                         "doc_id BETWEEN ? AND ?", (low, high)))

    def relations_using_spans(self, span_ids: Iterable[int]) -> list[Relation]:
        ids = list(span_ids)
        return sorted({relation.id: relation for relation in self._select_in(
            "relations", RELATION_COLUMNS, relation_from_row, "head_id IN ({0}) OR tail_id IN ({0})",
            ids, twice=True)}.values(), key=lambda relation: relation.id)

    def delete_relation(self, relation_id: int) -> None:
        self.conn.execute("DELETE FROM relations WHERE id = ?", (relation_id,))

    # -- attribute values --------------------------------------------------------------------------

    def set_attribute(self, doc_id: int, value: AttributeValue) -> AttributeValue:
        """Store ``value``, replacing the target's earlier value of that attribute."""
        column = TARGET_COLUMNS[value.target]
        self.conn.execute(f"DELETE FROM attribute_values WHERE {column} = ? AND name = ?",
                          (value.target_id, value.name))
        cursor = self.conn.execute(f"INSERT INTO attribute_values ({ATTRIBUTE_COLUMNS}) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?)", attribute_row(doc_id, value))
        return self._select("attribute_values", ATTRIBUTE_COLUMNS, attribute_from_row, "id = ?",
                            (cursor.lastrowid,))[0]

    def attribute(self, target: str, target_id: int, name: str) -> AttributeValue | None:
        found = self._select("attribute_values", ATTRIBUTE_COLUMNS, attribute_from_row,
                             f"{TARGET_COLUMNS[target]} = ? AND name = ?", (target_id, name))
        return found[0] if found else None

    def attributes_of(self, doc_id: int) -> list[AttributeValue]:
        return self._select("attribute_values", ATTRIBUTE_COLUMNS, attribute_from_row, "doc_id = ?",
                            (doc_id,))

    def attributes_between(self, low: int, high: int) -> dict[int, list[AttributeValue]]:
        return _by_document(self._select("attribute_values", ATTRIBUTE_COLUMNS, attribute_from_row,
                                         "doc_id BETWEEN ? AND ?", (low, high)))

    def attributes_on(self, target: str, target_ids: Iterable[int]) -> list[AttributeValue]:
        return self._select_in("attribute_values", ATTRIBUTE_COLUMNS, attribute_from_row,
                               f"{TARGET_COLUMNS[target]} IN ({{}})", list(target_ids))

    def delete_attribute(self, attribute_id: int) -> None:
        self.conn.execute("DELETE FROM attribute_values WHERE id = ?", (attribute_id,))

    # -- notes -------------------------------------------------------------------------------------

    def add_note(self, doc_id: int, note: Note) -> Note:
        cursor = self.conn.execute(f"INSERT INTO notes ({NOTE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   note_row(doc_id, note))
        return self.note(cursor.lastrowid)

    def note(self, note_id: int) -> Note:
        found = self._select("notes", NOTE_COLUMNS, note_from_row, "id = ?", (note_id,))
        if not found:
            raise KeyError(f"no note {note_id}")
        return found[0]

    def notes_of(self, doc_id: int) -> list[Note]:
        return self._select("notes", NOTE_COLUMNS, note_from_row, "doc_id = ?", (doc_id,))

    def notes_between(self, low: int, high: int) -> dict[int, list[Note]]:
        return _by_document(self._select("notes", NOTE_COLUMNS, note_from_row, "doc_id BETWEEN ? AND ?",
                                         (low, high)))

    def notes_on(self, target: str, target_ids: Iterable[int]) -> list[Note]:
        if target == ON_DOCUMENT:
            return []
        return self._select_in("notes", NOTE_COLUMNS, note_from_row, f"{TARGET_COLUMNS[target]} IN ({{}})",
                               list(target_ids))

    def delete_note(self, note_id: int) -> None:
        self.conn.execute("DELETE FROM notes WHERE id = ?", (note_id,))

    # -- events filling roles ------------------------------------------------------------------------

    def arguments_filled_by(self, event_ids: Iterable[int]) -> list[tuple[int, Argument]]:
        """The arguments (with their events' ids) that the events ``event_ids`` fill."""
        return [(row[0], Argument(row[2], row[3], row[1], row[4])) for row in rows_in(
            self.conn, "SELECT event_id, id, role, span_id, filler_event_id FROM arguments "
            "WHERE filler_event_id IN ({}) ORDER BY id", list(event_ids))]

    # -- reading -----------------------------------------------------------------------------------

    def _select(self, table: str, columns: str, record: Callable[[tuple], Record], where: str,
                params: tuple[Any, ...]) -> list[Record]:
        return [record(row) for row in self.conn.execute(
            f"SELECT {columns} FROM {table} WHERE {where} ORDER BY id", params)]

    def _select_in(self, table: str, columns: str, record: Callable[[tuple], Record], where: str,
                   ids: list[int], *, twice: bool = False) -> list[Record]:
        if not twice:
            return [record(row) for row in rows_in(
                self.conn, f"SELECT {columns} FROM {table} WHERE {where} ORDER BY id", ids)]
        found = []
        for start in range(0, len(ids), 400):
            chunk = ids[start:start + 400]
            marks = ",".join("?" * len(chunk))
            found += [record(row) for row in self.conn.execute(
                f"SELECT {columns} FROM {table} WHERE {where.format(marks)} ORDER BY id", chunk + chunk)]
        return found


def _by_document(records: list[InDocument]) -> dict[int | None, list[InDocument]]:
    grouped: dict[int | None, list[InDocument]] = {}
    for item in records:
        grouped.setdefault(item.doc_id, []).append(item)
    return grouped
