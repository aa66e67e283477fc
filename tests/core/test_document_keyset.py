"""Keyset pages and counted rows agree with the OFFSET pages of the document list, for every order."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.model import STATUSES, Annotated, Document
from annotator.project import Project
from annotator.store.documents import sort_key
from tests.conftest import MINI_SCHEMA, sha

ORDERS = ("id", "title", "status", "updated")
TITLES = st.sampled_from(["", "a", "A", "b", "B", "alpha", "Alpha", "zulu", "Émile", "émile", "10", "9"])
projects = st.lists(st.tuples(TITLES, st.sampled_from(STATUSES), st.sampled_from(["t1", "t2", "t3"])),
                    max_size=25)
queries = st.tuples(st.sampled_from(ORDERS), st.booleans(), st.sampled_from([None, *STATUSES]),
                    st.sampled_from([None, "a", "e"]), st.integers(1, 6))


def build(rows: list[tuple[str, str, str]]) -> Project:
    project = Project.create(Path(tempfile.mkdtemp()) / "keyset.annotator", MINI_SCHEMA)
    items = [Annotated(Document(f"text {i} {title}", title, sha256=sha(f"text {i} {title}")))
             for i, (title, _, _) in enumerate(rows)]
    store = project.store
    with store.atomic():
        ids = store.insert_annotated(items, annotator="t", source="import")
        for doc_id, (_, status, updated) in zip(ids, rows, strict=True):
            store.documents.conn.execute("UPDATE documents SET status = ?, updated_at = ? WHERE id = ?",
                                         (status, updated, doc_id))
    return project


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects, queries)
def test_keyset_pages_and_rows_agree_with_offset_pages(rows, query) -> None:
    order, descending, status, search, size = query
    filters = {"status": status, "search": search, "order": order, "descending": descending}
    with build(rows) as project:
        everything = project.document_page(0, len(rows) + 1, **filters)
        assert len(everything) == project.document_count(status, search)
        walked, last = [], None
        while page := project.document_page_after(last, size, **filters):
            assert page == project.document_page(len(walked), size, **filters)
            walked += page
            last = page[-1]
        assert walked == everything
        reversed_filters = {**filters, "descending": not descending}
        backwards = project.document_page_after(None, len(rows) + 1, **reversed_filters)
        assert backwards == everything[::-1]
        rows = {summary.id: row for row, summary in enumerate(everything)}
        for doc_id in project.document_ids():
            assert project.document_row(doc_id, **filters) == rows.get(doc_id)
            assert project.document_count_and_row(doc_id, **filters) == (len(everything), rows.get(doc_id))


def test_every_order_pages_and_counts_through_an_index(project: Project) -> None:
    conn = project.store.documents.conn
    for order in ORDERS:
        for status in (None, "done"):
            documents = project.store.documents
            key = sort_key(documents.summaries(0, 1)[0], order) if documents.count() else ("x", 1)
            plans = []
            for descending in (False, True):
                traced: list[str] = []
                conn.set_trace_callback(traced.append)
                documents.summaries_after(key, 5, status=status, order=order, descending=descending)
                documents.row_of(1, status=status, order=order, descending=descending)
                conn.set_trace_callback(None)
                for sql in traced:
                    if "FROM documents" in sql and ("ORDER BY" in sql or "count(" in sql):
                        plans += [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]
            assert plans and all(plan.startswith("SEARCH") for plan in plans), (order, status, plans)
            if order != "id":
                assert all("INDEX documents_" in plan for plan in plans), (order, status, plans)
