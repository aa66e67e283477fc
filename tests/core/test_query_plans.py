"""Reads of one document or one page seek by document, whatever other index could answer them.

Without statistics SQLite takes an equality on an index's first column as selective; the search index
starts with a span's ``kind``, so a query naming ``kind`` and a document could walk every entity span of
the project (59 ms a page of the document list at 100,000 documents, a scan per suggestion).
"""

from __future__ import annotations

from annotator.core.model import Annotated, Document, Span
from annotator.project import Project
from tests.conftest import sha

TEXT = "Omar Haddad met UN envoys in Aleppo."


def test_a_page_of_the_list_and_a_documents_suggestions_seek_by_document(project: Project) -> None:
    store = project.store
    items = [Annotated(Document(f"{TEXT} {i}", f"doc {i}", sha256=sha(f"{TEXT} {i}")),
                       (Span(0, 11, "PERSON", text="Omar Haddad"), Span(29, 35, "GPE", text="Aleppo")))
             for i in range(30)]
    with store.atomic():
        ids = store.insert_annotated(items, annotator="t", source="import")
    store.suggestions.replace_open([(ids[3], [Span(16, 18, "ORG", text="UN")])], ["dictionary"])
    conn = store.documents.conn
    traced: list[str] = []
    conn.set_trace_callback(traced.append)
    page = project.document_page_after(None, 20)
    open_suggestions = store.suggestions.open_for(ids[3])
    conn.set_trace_callback(None)
    assert [row.spans for row in page] == [2] * 20 and len(open_suggestions) == 1
    plans = [row[3] for sql in traced if "spans" in sql
             for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
    assert any("spans_doc" in plan for plan in plans), plans
    assert not any("spans_text_label" in plan for plan in plans), plans
