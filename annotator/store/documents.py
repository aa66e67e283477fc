"""The ``documents`` table: one document, its text, the list's pages and counts, status changes."""

from __future__ import annotations

import sqlite3
from typing import Any

from annotator.core.model import STATUSES, Document, DocumentSummary
from annotator.errors import AnnotatorError, Errors
from annotator.store.rows import DOCUMENT_COLUMNS, document_from_row, rows_in, utc_now

# Sort order -> (column, ORDER BY expression, the key's placeholder); each has an index (migration 3).
# The title key carries the collation: SQLite seeks the index for ``(title, id) > (? COLLATE NOCASE, ?)``
# but scans it from the top for ``(title COLLATE NOCASE, id) > (?, ?)``.
_ORDERS = {"id": ("id", "id", "?"), "title": ("title", "title COLLATE NOCASE", "? COLLATE NOCASE"),
           "status": ("status", "status", "?"), "updated": ("updated_at", "updated_at", "?")}

SortKey = tuple[Any, int]
"""A row's place in a sort order: its sort value, then its id (the tie-breaker)."""


def sort_key(summary: DocumentSummary, order: str) -> SortKey:
    """The key of ``summary`` under ``order``, to page on from it."""
    value = {"id": summary.id, "title": summary.title, "status": summary.status,
             "updated": summary.updated_at}[order]
    return value, summary.id


def _sort(order: str, descending: bool) -> tuple[str, str]:
    if order not in _ORDERS:
        raise ValueError(f"cannot sort by {order}")
    return _ORDERS[order][1], "DESC" if descending else "ASC"


def _beyond(where: str, order: str, later: bool) -> str:
    """``where`` narrowed to the rows after (``later``) or before a key, in ascending terms."""
    column, _, placeholder = _ORDERS[order]
    return f"{where}{' AND' if where else ' WHERE'} ({column}, id) {'>' if later else '<'} ({placeholder}, ?)"


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

    def ids_by_hash(self, hashes: list[str]) -> dict[str, int]:
        """The stored documents with those text hashes: hash -> id."""
        return dict(rows_in(self.conn, "SELECT sha256, id FROM documents WHERE sha256 IN ({})", hashes))

    def last_id(self) -> int:
        return self.conn.execute("SELECT max(id) FROM documents").fetchone()[0] or 0

    def digests(self) -> list[str]:
        """The text digest of every document, in id order."""
        return [row[0] for row in self.conn.execute("SELECT sha256 FROM documents ORDER BY id")]

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
        """One page of the document list by position (OFFSET reads every row before it)."""
        expression, direction = _sort(order, descending)
        where, params = self._filter(status, search)
        rows = self.conn.execute(
            f"SELECT id, title, status, updated_at FROM documents{where} "
            f"ORDER BY {expression} {direction}, id {direction} LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        return self._with_counts(rows)

    def summaries_after(self, key: SortKey | None, limit: int, *, status: str | None = None,
                        search: str | None = None, order: str = "id",
                        descending: bool = False) -> list[DocumentSummary]:
        """The ``limit`` rows after ``key`` (the sort value and id of the row before them; None: from the
        top): index range scans however far down the list, where OFFSET reads every row it skips.

        The rows sharing the key's sort value come first, then the rest: two exact seeks. A single
        ``(value, id) > (?, ?)`` seeks on the value alone and then walks its whole group (all the 'new'
        documents, under a status sort)."""
        expression, direction = _sort(order, descending)
        column, _, placeholder = _ORDERS[order]
        where, params = self._filter(status, search)
        select = f"SELECT id, title, status, updated_at FROM documents{where}{' AND' if where else ' WHERE'}"
        if key is None:
            return self._with_counts(self.conn.execute(
                f"SELECT id, title, status, updated_at FROM documents{where} "
                f"ORDER BY {expression} {direction}, id {direction} LIMIT ?", [*params, limit]).fetchall())
        later = "<" if descending else ">"
        rows = self.conn.execute(
            f"{select} {column} = {placeholder} AND id {later} ? ORDER BY id {direction} LIMIT ?",
            [*params, *key, limit]).fetchall()
        if len(rows) < limit:
            rows += self.conn.execute(
                f"{select} {column} {later} {placeholder} ORDER BY {expression} {direction}, id {direction} "
                "LIMIT ?", [*params, key[0], limit - len(rows)]).fetchall()
        return self._with_counts(rows)

    def row_of(self, doc_id: int, *, status: str | None = None, search: str | None = None,
               order: str = "id", descending: bool = False) -> int | None:
        """Where ``doc_id`` sits in the list (0-based), counted rather than paged to; None if the filter
        leaves it out. Counted as in :meth:`summaries_after`: its group before it, then the groups before."""
        _sort(order, descending)  # refuses an unknown order
        column, _, placeholder = _ORDERS[order]
        where, params = self._filter(status, search)
        where += " AND" if where else " WHERE"
        found = self.conn.execute(f"SELECT {column} FROM documents{where} id = ?",
                                  [*params, doc_id]).fetchone()
        if found is None:
            return None
        earlier = ">" if descending else "<"
        same = self.conn.execute(
            f"SELECT count(*) FROM documents{where} {column} = {placeholder} AND id {earlier} ?",
            [*params, found[0], doc_id]).fetchone()[0]
        before = self.conn.execute(f"SELECT count(*) FROM documents{where} {column} {earlier} {placeholder}",
                                   [*params, found[0]]).fetchone()[0]
        return same + before

    def count_and_row(self, doc_id: int, *, status: str | None = None, search: str | None = None,
                      order: str = "id", descending: bool = False) -> tuple[int, int | None]:
        """The filtered count and :meth:`row_of` in one pass: a text search reads every text once, not
        twice."""
        _sort(order, descending)  # refuses an unknown order
        found = self.conn.execute(f"SELECT {_ORDERS[order][0]} FROM documents WHERE id = ?",
                                  (doc_id,)).fetchone()
        if found is None:
            return self.count(status, search), None
        where, params = self._filter(status, search)
        earlier = _beyond("", order, later=descending).removeprefix(" WHERE ")
        total, row, present = self.conn.execute(
            f"SELECT count(*), coalesce(sum({earlier}), 0), coalesce(max(id = ?), 0) FROM documents{where}",
            [found[0], doc_id, doc_id, *params],
        ).fetchone()
        return total, row if present else None

    def summary(self, doc_id: int) -> DocumentSummary:
        rows = self.conn.execute("SELECT id, title, status, updated_at FROM documents WHERE id = ?",
                                 (doc_id,)).fetchall()
        if not rows:
            raise KeyError(f"no document {doc_id}")
        return self._with_counts(rows)[0]

    def _with_counts(self, rows: list[tuple]) -> list[DocumentSummary]:
        """Summaries of a page's rows, their span and event counts included (never the text)."""
        if not rows:
            return []
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        span_counts = dict(self.conn.execute(
            # ``+kind``: without it SQLite walks the search index's every entity span instead of spans_doc
            f"SELECT doc_id, count(*) FROM spans WHERE doc_id IN ({marks}) AND +kind = 'entity' "
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
            raise AnnotatorError(Errors.E019, status=status, statuses=", ".join(STATUSES))
        self.conn.execute(
            "UPDATE documents SET status = ?, updated_at = ? WHERE id = ?", (status, utc_now(), doc_id)
        )

    def touch(self, doc_id: int) -> None:
        self.conn.execute("UPDATE documents SET updated_at = ? WHERE id = ?", (utc_now(), doc_id))
