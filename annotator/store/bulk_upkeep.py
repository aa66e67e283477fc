"""The full-text index brought up to date once at the end of a large import rather than row by row.

The index's insert trigger makes FTS5 flush its pending terms at every row (each trigger body runs as a
statement of its own), which was about half of a bulk import's time. For a large import the trigger is
dropped inside the import's transaction, and before it commits the new rows are indexed with one
``INSERT … SELECT`` (the trigger's own insert, for all of them) and the trigger is made again. An error or a
killed process rolls the drop back with everything else, so the project is as it was. (Dropping the
indexes keyed on titles and span texts as well and rebuilding them was slower at 100,000 documents.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

FTS_TRIGGER = "documents_fts_insert"
MIN_BYTES = 1 << 20  # a small import keeps the trigger: a schema change makes open connections re-prepare


@contextmanager
def deferred_upkeep(conn: sqlite3.Connection, incoming_bytes: int, since_id: int) -> Iterator[None]:
    """Inside the caller's transaction: documents with ids above ``since_id`` are inserted while the
    full-text trigger is off, then indexed at once (only when ``incoming_bytes`` make it worth it)."""
    if not conn.in_transaction:
        raise RuntimeError("deferred_upkeep needs the caller's transaction")
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                       (FTS_TRIGGER,)).fetchone()
    if incoming_bytes < MIN_BYTES or row is None:
        yield
        return
    conn.execute(f"DROP TRIGGER {FTS_TRIGGER}")
    yield
    conn.execute("INSERT INTO documents_fts (rowid, text) SELECT id, text FROM documents WHERE id > ?",
                 (since_id,))
    conn.execute(row[0])
