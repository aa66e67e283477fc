"""The ``documents`` table: one document, its text, the list's pages and counts, status changes."""

from __future__ import annotations

import sqlite3
from typing import Any

from annotator.core.model import STATUSES, Document, DocumentSummary
from annotator.errors import AnnotatorError
from annotator.store.rows import DOCUMENT_COLUMNS, document_from_row, rows_in, utc_now

_ORDERS = {"id": "id", "title": "title COLLATE NOCASE", "status": "status", "updated": "updated_at"}


class Documents:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._text_cache: tuple[int, str] | None = None

    def document(self, doc_id: int) -> Document:
        row = self.conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?",
                                (doc_id,)).fetchone()
        if row is None:
            raise KeyError(f"no document {doc_id}")
        return document_from_row(row)

    def text_of(self, doc_id: int) -> str:
        """The document's text; the last one is kept, since every edit of a document reads it."""
        if self._text_cache is None or self._text_cache[0] != doc_id:
            row = self.conn.execute("SELECT text FROM documents WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                raise KeyError(f"no document {doc_id}")
            self._text_cache = (doc_id, row[0])
        return self._text_cache[1]

    def known_hashes(self, hashes: list[str]) -> set[str]:
        return {row[0] for row in rows_in(self.conn, "SELECT sha256 FROM documents WHERE sha256 IN ({})",
                                          hashes)}

    @staticmethod
    def _filter(status: str | None, search: str | None) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if status:
            clauses.append("status = ?")
            params.append(status)
        if search:
            clauses.append("(instr(lower(title), lower(?)) > 0 OR instr(text, ?) > 0)")
            params.extend([search, search])
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def count(self, status: str | None = None, search: str | None = None) -> int:
        where, params = self._filter(status, search)
        return self.conn.execute(f"SELECT count(*) FROM documents{where}", params).fetchone()[0]

    def summaries(self, offset: int, limit: int, *, status: str | None = None, search: str | None = None,
                  order: str = "id", descending: bool = False) -> list[DocumentSummary]:
        """One page of the document list, counts included, without loading any text."""
        if order not in _ORDERS:
            raise ValueError(f"cannot sort by {order}")
        where, params = self._filter(status, search)
        direction = "DESC" if descending else "ASC"
        rows = self.conn.execute(
            f"SELECT id, title, status, updated_at FROM documents{where} "
            f"ORDER BY {_ORDERS[order]} {direction}, id {direction} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        span_counts = dict(self.conn.execute(
            f"SELECT doc_id, count(*) FROM spans WHERE doc_id IN ({marks}) AND kind = 'entity' "
            "GROUP BY doc_id", ids))
        event_counts = dict(self.conn.execute(
            f"SELECT doc_id, count(*) FROM events WHERE doc_id IN ({marks}) GROUP BY doc_id", ids))
        return [
            DocumentSummary(id=row[0], title=row[1], status=row[2], updated_at=row[3],
                            spans=span_counts.get(row[0], 0), events=event_counts.get(row[0], 0))
            for row in rows
        ]

    def ids(self, status: str | None = None) -> list[int]:
        where, params = self._filter(status, None)
        return [row[0] for row in self.conn.execute(f"SELECT id FROM documents{where} ORDER BY id", params)]

    def set_status(self, doc_id: int, status: str) -> None:
        if status not in STATUSES:
            raise AnnotatorError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
        self.conn.execute(
            "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?", (status, utc_now(), doc_id)
        )

    def touch(self, doc_id: int) -> None:
        self.conn.execute("UPDATE documents SET updated_at = ? WHERE id = ?", (utc_now(), doc_id))
