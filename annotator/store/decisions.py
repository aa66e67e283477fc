"""The rows of adjudication decisions (migration 6): one per document and disagreement, with who decided."""

from __future__ import annotations

import sqlite3

from annotator.store.rows import utc_now


class DecisionRows:
    """Adjudication decisions (``core.adjudication_edits.DecisionRows``), mixed into the store's annotations
    so the edit that changes gold records its decision in the same transaction."""

    conn: sqlite3.Connection

    def decision(self, doc_id: int, key: str) -> tuple[str, str] | None:
        row = self.conn.execute("SELECT choice, decided_by FROM adjudications WHERE doc_id = ? AND item = ?",
                                (doc_id, key)).fetchone()
        return (row[0], row[1]) if row else None

    def set_decision(self, doc_id: int, key: str, decided: tuple[str, str] | None) -> None:
        if decided is None:
            self.conn.execute("DELETE FROM adjudications WHERE doc_id = ? AND item = ?", (doc_id, key))
            return
        self.conn.execute(
            "INSERT INTO adjudications (doc_id, item, choice, decided_by, decided_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (doc_id, item) DO UPDATE SET choice = excluded.choice, "
            "decided_by = excluded.decided_by, decided_at = excluded.decided_at",
            (doc_id, key, decided[0], decided[1], utc_now()))

    def decisions_of(self, doc_id: int) -> dict[str, tuple[str, str]]:
        """The document's decisions: item key -> (choice, who decided)."""
        return {row[0]: (row[1], row[2]) for row in self.conn.execute(
            "SELECT item, choice, decided_by FROM adjudications WHERE doc_id = ?", (doc_id,))}
