"""The token-boundary cache: one blob per document and tokenizer (see migration 9).

A blob is returned only while its document still has the text it was made from (its hash is compared
in the query), so neither a changed text nor a changed tokenizer (another fingerprint) is ever served.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


class TokenCache:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def lookup(self, low: int, high: int, fingerprint: str) -> dict[int, bytes]:
        """The cached blobs of the documents ``low`` to ``high`` (ids) for the tokenizer ``fingerprint``."""
        return dict(self.conn.execute(
            "SELECT c.doc_id, c.bounds FROM token_bounds c JOIN documents d ON d.id = c.doc_id "
            "AND d.sha256 = c.text_sha256 WHERE c.doc_id BETWEEN ? AND ? AND c.fingerprint = ?",
            (low, high, fingerprint)))

    def remember(self, fingerprint: str, low: int, high: int, rows: Iterable[tuple[int, str, bytes]]) -> None:
        """Store ``(doc_id, text_sha256, blob)`` rows of documents ``low`` to ``high``, dropping the blobs
        other tokenizers made of those documents (never read again); the caller holds the transaction."""
        self.conn.execute("DELETE FROM token_bounds WHERE doc_id BETWEEN ? AND ? AND fingerprint <> ?",
                          (low, high, fingerprint))
        self.conn.executemany(
            "INSERT OR REPLACE INTO token_bounds (doc_id, fingerprint, text_sha256, bounds) "
            "VALUES (?, ?, ?, ?)", ((doc_id, fingerprint, sha, blob) for doc_id, sha, blob in rows))

    def count(self, fingerprint: str) -> int:
        return self.conn.execute("SELECT count(*) FROM token_bounds WHERE fingerprint = ?",
                                 (fingerprint,)).fetchone()[0]

