"""The rows of analysts' layers (migration 6): one JSON snapshot per document and analyst.

A layer is never edited in place: a merge writes the snapshot again, and only when its text differs, so
merging the same file twice leaves every byte of the table as it was. The project's other tables are the
gold layer; nothing here touches them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

from annotator.core.layers import layer_from_json, stored_form
from annotator.core.model import Annotated, Document
from annotator.store.rows import DOCUMENT_COLUMNS, document_from_row, utc_now, verify_span
from annotator.store.streaming import only_labels


class Layers:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def put(self, doc_id: int, analyst: str, record: str, source_sha256: str) -> bool:
        """Store ``analyst``'s snapshot of the document, replacing their previous one; False (nothing
        written) when it is the same record. The caller holds the transaction."""
        row = self.conn.execute("SELECT record FROM analyst_layers WHERE doc_id = ? AND analyst = ?",
                                (doc_id, analyst)).fetchone()
        if row is not None and row[0] == record:
            return False
        self.conn.execute(
            "INSERT INTO analyst_layers (doc_id, analyst, record, merged_at, source_sha256) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_id, analyst) DO UPDATE SET record = excluded.record, "
            "merged_at = excluded.merged_at, source_sha256 = excluded.source_sha256",
            (doc_id, analyst, record, utc_now(), source_sha256))
        return True

    def of_document(self, doc_id: int) -> dict[str, str]:
        """The document's snapshots by analyst, in name order."""
        return dict(self.conn.execute(
            "SELECT analyst, record FROM analyst_layers WHERE doc_id = ? ORDER BY analyst", (doc_id,)))

    def analysts(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT DISTINCT analyst FROM analyst_layers ORDER BY analyst")]

    def count(self, analyst: str) -> int:
        """How many documents ``analyst`` has a layer of."""
        sql = "SELECT COUNT(*) FROM analyst_layers WHERE analyst = ?"
        return self.conn.execute(sql, (analyst,)).fetchone()[0]

    def all(self, analyst: str | None = None) -> Iterator[tuple[str, Document, str]]:
        """Every snapshot (of ``analyst``) with its document, by document id then analyst."""
        where, params = ("WHERE l.analyst = ?", (analyst,)) if analyst is not None else ("", ())
        columns = ", ".join(f"d.{column.strip()}" for column in DOCUMENT_COLUMNS.split(","))
        for row in self.conn.execute(
                f"SELECT l.analyst, l.record, {columns} FROM analyst_layers l "
                f"JOIN documents d ON d.id = l.doc_id {where} ORDER BY l.doc_id, l.analyst", params):
            yield row[0], document_from_row(row[2:]), row[1]

    def annotated(self, analyst: str | None = None) -> Iterator[tuple[str, Annotated]]:
        """Every snapshot (of ``analyst``) as an index-form record on its gold document (with the
        analyst's status), by document id then analyst."""
        for name, document, record in self.all(analyst):
            yield name, layer_from_json(record, document)

    def annotated_of(self, doc_id: int, document: Document) -> dict[str, Annotated]:
        """The document's layers by analyst, as index-form records."""
        return {name: layer_from_json(record, document) for name, record in self.of_document(doc_id).items()}

    def stream(self, analyst: str | None = None, *, status: str | None = None,
               labels: Iterable[str] | None = None) -> Iterator[tuple[str, Annotated]]:
        """Every layer (of ``analyst``; with the analyst's ``status``) as the store streams gold: ids
        numbered in the record, spans checked against the text, only spans with ``labels`` if given."""
        wanted = set(labels) if labels else None
        for name, document, record in self.all(analyst):
            item = stored_form(layer_from_json(record, document))
            if status is not None and item.document.status != status:
                continue
            if wanted is not None:
                item = only_labels(item, wanted)
            for span in item.spans:
                verify_span(document.text, span, where=f"{name}'s layer of document {document.id} "
                                                       f"({document.title})")
            yield name, item

