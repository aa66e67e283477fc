"""The project file: creation, refusal of foreign/newer files, invariants, history, check."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.core.edits import AddSpan
from annotator.core.model import Annotated, Argument, Document, Event, Span
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.store import ProjectStore
from annotator.store.migrations import CURRENT_VERSION
from tests.conftest import MINI_SCHEMA, TORTURE_TEXT, add_document, sha


def test_new_project_uses_wal_and_foreign_keys(project: Project) -> None:
    conn = project.store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
    assert project.schema.name == "mini"


def test_text_is_stored_exactly(project: Project) -> None:
    doc_id = add_document(project, TORTURE_TEXT)
    assert project.document(doc_id).text == TORTURE_TEXT
    assert project.document(doc_id).sha256 == sha(TORTURE_TEXT)


def test_refuses_a_file_that_is_not_a_project(tmp_path) -> None:
    stray = tmp_path / "notes.annotator"
    stray.write_text("hello")
    with pytest.raises(AnnotatorError, match="not an annotator project"):
        ProjectStore.open(stray)
    other_db = tmp_path / "other.db"
    sqlite3.connect(other_db).execute("CREATE TABLE t (x)").connection.commit()
    before = other_db.read_bytes()
    with pytest.raises(AnnotatorError, match="not an annotator project"):
        ProjectStore.open(other_db)
    assert other_db.read_bytes() == before


def test_refuses_a_file_from_a_newer_version(tmp_path) -> None:
    path = tmp_path / "future.annotator"
    Project.create(path, MINI_SCHEMA).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    conn.close()
    with pytest.raises(AnnotatorError, match="newer annotator"):
        ProjectStore.open(path)


def test_second_writer_is_refused_but_readers_are_not(project: Project) -> None:
    with pytest.raises(AnnotatorError, match="open for writing"):
        ProjectStore.open(project.path)
    with ProjectStore.open(project.path, writer=False) as reader:
        assert reader.documents.count() == 0


def test_store_refuses_spans_outside_the_text_or_empty(project: Project) -> None:
    doc_id = add_document(project, "short text")
    for start, end in [(5, 5), (8, 11), (-1, 2)]:
        with pytest.raises(AnnotatorError, match="outside the text"):
            project.apply(AddSpan(doc_id, Span(start, end, "PERSON")))
    assert project.spans(doc_id) == []


def test_store_refuses_span_text_that_disagrees(project: Project) -> None:
    doc_id = add_document(project, "Kofi Annan")
    with pytest.raises(AnnotatorError, match="should read"):
        project.apply(AddSpan(doc_id, Span(0, 4, "PERSON", text="Kofo")))


def test_database_constraints_back_the_invariants(project: Project) -> None:
    doc_id = add_document(project, "abc")
    with pytest.raises(sqlite3.IntegrityError):
        project.store.conn.execute(
            "INSERT INTO spans (doc_id, start, \"end\", label, text, created_at) "
            "VALUES (?, 2, 1, 'PERSON', '', '')", (doc_id,))
    with pytest.raises(sqlite3.IntegrityError):
        project.store.conn.execute(
            "INSERT INTO spans (doc_id, start, \"end\", label, text, created_at) "
            "VALUES (999, 0, 1, 'PERSON', 'a', '')")


def test_insert_annotated_links_events_by_index(project: Project) -> None:
    text = "Rebels shelled Raqqa."
    item = Annotated(
        Document(text, "t", sha256=sha(text)),
        spans=(Span(0, 6, "ORG"), Span(7, 14, "Conflict.Attack", "trigger"), Span(15, 20, "GPE")),
        events=(Event("Conflict.Attack", 1, (Argument("Attacker", 0), Argument("Place", 2))),),
    )
    with project.store.atomic():
        (doc_id,) = project.store.insert_annotated([item], annotator="imp", source="import")
    (event,) = project.events(doc_id)
    spans = {s.id: s for s in project.spans(doc_id)}
    assert spans[event.trigger_id].text == "shelled"
    assert [(a.role, spans[a.span_id].text) for a in event.arguments] == [
        ("Attacker", "Rebels"), ("Place", "Raqqa")]
    assert all(s.source == "import" and s.annotator == "imp" for s in spans.values())


def test_failed_batch_leaves_the_project_unchanged(project: Project) -> None:
    good = Annotated(Document("fine", "a", sha256=sha("fine")), spans=(Span(0, 4, "PERSON"),))
    bad = Annotated(Document("bad", "b", sha256=sha("bad")), spans=(Span(0, 9, "PERSON"),))
    with pytest.raises(AnnotatorError), project.store.atomic():
        project.store.insert_annotated([good, bad], annotator="x", source="import")
    assert project.store.documents.count() == 0
    assert project.store.audit.stats()["spans"] == {}


def test_document_pages_filter_and_sort(project: Project) -> None:
    items = [Annotated(Document(f"text {i}", f"Doc {i:03}", sha256=sha(f"text {i}")),
                       spans=(Span(0, 4, "PERSON"),) * (i % 3))
             for i in range(50)]
    with project.store.atomic():
        project.store.insert_annotated(items, annotator="x", source="import")
    page = project.store.documents.summaries(10, 5, order="title", descending=True)
    assert [row.title for row in page] == [f"Doc {i:03}" for i in range(39, 34, -1)]
    assert [row.spans for row in page] == [i % 3 for i in range(39, 34, -1)]
    assert project.store.documents.count(search="Doc 04") == 10
    assert project.store.documents.count(status="done") == 0


def test_check_reports_a_span_that_no_longer_matches(project: Project) -> None:
    doc_id = add_document(project, "Kofi Annan")
    project.apply(AddSpan(doc_id, Span(0, 4, "PERSON")))
    assert project.check().errors == []
    project.store.conn.execute("UPDATE documents SET text = 'Kofo Annan' WHERE id = ?", (doc_id,))
    project.store.documents._text_cache = None  # texts never change in the app; this test changes one
    (problem,) = project.check().errors
    assert "no longer matches its text 'Kofi'" in problem and problem.startswith(f"document {doc_id} ")


def test_check_reports_a_span_stored_without_its_text(project: Project) -> None:
    doc_id = add_document(project, "Kofi Annan")
    project.apply(AddSpan(doc_id, Span(0, 4, "PERSON")))
    project.store.conn.execute("UPDATE spans SET text = ''")
    (problem,) = project.check().errors
    assert problem == f"document {doc_id}: span 1 has no text"


def test_every_edit_is_in_the_history(project: Project) -> None:
    doc_id = add_document(project, "Kofi Annan")
    inverse, _ = project.apply(AddSpan(doc_id, Span(0, 4, "PERSON")))
    project.apply(inverse)
    kinds = [(row["who"], row["kind"]) for row in project.store.audit.history(doc_id)]
    assert kinds == [("tester", "AddSpan"), ("tester", "RemoveSpan")]


def test_committed_edits_survive_a_killed_process(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "crash.annotator"
    Project.create(path, MINI_SCHEMA).close()
    script = f"""
import os, hashlib
from annotator.project import Project
from annotator.core.edits import AddSpan
from annotator.core.model import Annotated, Document, Span
p = Project.open({str(path)!r}, "crasher")
with p.store.atomic():
    (d,) = p.store.insert_annotated([Annotated(Document("Kofi Annan", "t",
        sha256=hashlib.sha256(b"Kofi Annan").hexdigest()))], annotator="x", source="import")
p.apply(AddSpan(d, Span(0, 4, "PERSON")))
os._exit(9)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 9, result.stderr
    with Project.open(path) as reopened:
        (span,) = reopened.spans(1)
        assert span.text == "Kofi" and span.annotator == "crasher"


def test_a_transaction_that_reads_first_waits_for_a_twin_instead_of_failing(project: Project) -> None:
    """A transaction holds the write lock from its start, so another connection's commit in the middle of
    it (a worker twin, the window storing suggestions) waits its turn instead of making this one fail."""
    import threading

    doc_id = add_document(project, "Raqqa", "one")
    twin_done = threading.Event()

    def twin_writes() -> None:
        with project.for_thread(writes=True) as twin, twin.store.atomic():
            twin.store.set_meta("twin", "wrote")
        twin_done.set()

    with project.store.atomic():
        assert project.store.documents.text_of(doc_id) == "Raqqa"  # a read first
        writer = threading.Thread(target=twin_writes)
        writer.start()
        assert not twin_done.wait(0.3), "the twin waits for this transaction"
        project.store.set_meta("first", "wrote")  # then a write: no SQLITE_BUSY_SNAPSHOT
    writer.join(10)
    assert twin_done.is_set() and project.store.get_meta("twin") == "wrote"


def test_a_short_wait_gives_up_while_a_twin_writes(project: Project) -> None:
    """The window stores suggestions with a short wait: during a long import it skips, not freezes."""
    import threading
    import time

    started, release = threading.Event(), threading.Event()

    def twin_holds_the_lock() -> None:
        with project.for_thread(writes=True) as twin, twin.store.atomic():
            twin.store.set_meta("twin", "wrote")
            started.set()
            release.wait(10)

    holder = threading.Thread(target=twin_holds_the_lock)
    holder.start()
    started.wait(10)
    began = time.monotonic()
    with pytest.raises(AnnotatorError) as refused, project.store.atomic(wait_ms=50):
        project.store.set_meta("window", "wrote")
    assert refused.value.code == "E016" and time.monotonic() - began < 1
    release.set()
    holder.join(10)
    with project.store.atomic():  # the usual wait is back
        project.store.set_meta("window", "wrote")
    assert project.store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
