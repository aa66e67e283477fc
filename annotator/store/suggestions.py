"""SQL for proposed spans: the ``suggestions`` table, the texts recommenders read, the tag dictionary.

A suggestion row is ``open`` until the analyst rejects it; rejected rows stay as the memory that keeps
the same span and label from being proposed again in that document, whichever recommender proposes it.
Accepted suggestions need no row state: an open row that an annotation now covers is simply not shown,
so undoing the accept brings the suggestion back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from annotator.core.model import Span

_COLUMNS = 'id, doc_id, start, "end", label, kind, text, source, confidence'
_PAGE = 500


class SuggestionStore:
    """The suggestion queries over one connection; writers hold the store's ``atomic()``."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    # -- writing ---------------------------------------------------------------------------------

    def replace_open(self, proposals: Iterable[tuple[int, Iterable[Span]]], sources: Iterable[str]) -> int:
        """Swap the open suggestions of ``sources`` in each listed document for new ones.

        A proposal whose span and label were rejected in that document is not written. Returns the
        number of rows written.
        """
        source_list = sorted(set(sources))
        marks = ",".join("?" * len(source_list))
        doc_ids, rows = [], []
        for doc_id, spans in proposals:
            doc_ids.append((doc_id, *source_list))
            rows.extend(
                (doc_id, s.start, s.end, s.label, s.kind, s.text, s.source, s.confidence)
                for s in spans
            )
        self.conn.executemany(
            f"DELETE FROM suggestions WHERE doc_id = ? AND state = 'open' AND source IN ({marks})",
            doc_ids,
        )
        return self._insert_open(rows)

    def change_open(self, doc_id: int, removed: Iterable[Span], added: Iterable[Span]) -> int:
        """Take these open suggestions out of a document and put those in: what an edit changed, not the
        whole list. Returns the number of rows written."""
        self.conn.executemany(
            'DELETE FROM suggestions WHERE doc_id = ? AND start = ? AND "end" = ? AND label = ? '
            "AND kind = ? AND source = ? AND state = 'open'",
            [(doc_id, s.start, s.end, s.label, s.kind, s.source) for s in removed],
        )
        return self._insert_open(
            (doc_id, s.start, s.end, s.label, s.kind, s.text, s.source, s.confidence) for s in added)

    def _insert_open(self, rows: Iterable[tuple]) -> int:
        """Insert open rows, leaving out any whose span and label were rejected in its document."""
        before = self.conn.total_changes
        self.conn.executemany(
            'INSERT OR IGNORE INTO suggestions (doc_id, start, "end", label, kind, text, source, '
            "confidence) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE NOT EXISTS ("
            "SELECT 1 FROM suggestions r WHERE r.doc_id = ?1 AND r.start = ?2 AND r.\"end\" = ?3 "
            "AND r.label = ?4 AND r.kind = ?5 AND r.state = 'rejected')",
            rows,
        )
        return self.conn.total_changes - before

    def reject(self, doc_id: int, span: Span) -> None:
        """Remember that this span and label are wrong here, for every source that proposed it."""
        self.conn.execute(
            "UPDATE suggestions SET state = 'rejected' WHERE doc_id = ? AND start = ? "
            'AND "end" = ? AND label = ? AND kind = ?',
            (doc_id, span.start, span.end, span.label, span.kind),
        )
        self.conn.execute(
            'INSERT OR IGNORE INTO suggestions (doc_id, start, "end", label, kind, text, source, '
            "confidence, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'rejected')",
            (doc_id, span.start, span.end, span.label, span.kind, span.text, span.source or "manual",
             span.confidence),
        )

    def clear_open(self, sources: Iterable[str] | None = None) -> None:
        """Drop open suggestions everywhere (of ``sources`` only, when given); rejections stay."""
        if sources is None:
            self.conn.execute("DELETE FROM suggestions WHERE state = 'open'")
            return
        source_list = sorted(set(sources))
        marks = ",".join("?" * len(source_list))
        self.conn.execute(
            f"DELETE FROM suggestions WHERE state = 'open' AND source IN ({marks})", source_list
        )

    # -- reading ---------------------------------------------------------------------------------

    def open_for(self, doc_id: int) -> list[Span]:
        """Open suggestions of a document that no annotation with the same span and label covers."""
        return [
            _suggestion(row)
            for row in self.conn.execute(
                f"SELECT {_COLUMNS} FROM suggestions s WHERE s.doc_id = ? AND s.state = 'open' "
                "AND NOT EXISTS (SELECT 1 FROM spans a WHERE a.doc_id = s.doc_id AND a.start = s.start "
                'AND a."end" = s."end" AND a.label = s.label AND +a.kind = s.kind) '
                'ORDER BY s.start, s."end", s.label, s.source',
                (doc_id,),
            )
        ]

    def all_open_for(self, doc_id: int) -> list[Span]:
        """Every open suggestion of a document, covered by an annotation or not."""
        return [
            _suggestion(row)
            for row in self.conn.execute(
                f"SELECT {_COLUMNS} FROM suggestions WHERE doc_id = ? AND state = 'open' "
                'ORDER BY start, "end", label, source',
                (doc_id,),
            )
        ]

    def rejected_for(self, doc_id: int) -> list[Span]:
        return [
            _suggestion(row)
            for row in self.conn.execute(
                f"SELECT {_COLUMNS} FROM suggestions WHERE doc_id = ? AND state = 'rejected' "
                'ORDER BY start, "end", label',
                (doc_id,),
            )
        ]

    def open_counts(self) -> dict[str, int]:
        """Open suggestions per source over the whole project."""
        return dict(self.conn.execute(
            "SELECT source, count(*) FROM suggestions WHERE state = 'open' GROUP BY source ORDER BY source"
        ).fetchall())

    def texts(self, status: str | None = None, doc_ids: Iterable[int] | None = None
              ) -> Iterator[tuple[int, str]]:
        """Stream ``(doc_id, text)`` in id order a page at a time, so writes can interleave."""
        wanted = sorted(set(doc_ids)) if doc_ids is not None else None
        where_status = " AND status = ?" if status else ""
        last_id = 0
        while True:
            if wanted is not None:
                page_ids = [i for i in wanted if i > last_id][:_PAGE]
                if not page_ids:
                    return
                marks = ",".join("?" * len(page_ids))
                sql = f"SELECT id, text FROM documents WHERE id IN ({marks}){where_status} ORDER BY id"
                params: list[Any] = [*page_ids, *([status] if status else [])]
                last_id = page_ids[-1]
            else:
                sql = f"SELECT id, text FROM documents WHERE id > ?{where_status} ORDER BY id LIMIT ?"
                params = [last_id, *([status] if status else []), _PAGE]
            rows = self.conn.execute(sql, params).fetchall()
            if wanted is None:
                if not rows:
                    return
                last_id = rows[-1][0]
            yield from rows

    def entity_surface_counts(self) -> list[tuple[str, str, int]]:
        """How often each surface string was tagged with each entity label, project-wide."""
        return self.conn.execute(
            "SELECT text, label, count(*) FROM spans WHERE kind = 'entity' GROUP BY text, label"
        ).fetchall()


def _suggestion(row: tuple) -> Span:
    return Span(id=row[0], doc_id=row[1], start=row[2], end=row[3], label=row[4], kind=row[5],
                text=row[6], source=row[7], confidence=row[8])
