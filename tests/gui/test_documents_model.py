"""The document list pages lazily, filters and sorts in the store, and refreshes one row per edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.edits import AddSpan, Changes, SetStatus
from annotator.core.model import Span
from annotator.core.project import Project
from annotator.gui.documents_model import DOC_ID_ROLE, PAGE_SIZE, SPANS, STATUS, TITLE, DocumentsModel
from tests.gui.builders import article, make_project

DOCUMENTS = 3000


@pytest.fixture
def big_project(tmp_path: Path):
    items = [article(f"Report {i:04d}", f"Report number {i} from Accra. " + ("even" if i % 2 else "odd"))
             for i in range(DOCUMENTS)]
    path = make_project(tmp_path / "big.annotator", items)
    with Project.open(path, "tester") as project:
        yield project


def test_rows_are_loaded_a_page_at_a_time(qtmodeltester, big_project: Project) -> None:
    model = DocumentsModel(big_project.store)
    assert model.total == DOCUMENTS
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == DOCUMENTS
    assert model.index(DOCUMENTS - 1, TITLE).data() == "Report 2999"
    qtmodeltester.check(model, force_py=True)


def search(qtbot, model: DocumentsModel, status: str | None, text: str) -> None:
    """Set a text filter and wait for its background query to land."""
    with qtbot.waitSignal(model.search_finished, timeout=10000):
        model.set_filter(status, text)
    assert not model.searching


def test_filters_by_status_and_text(qtbot, big_project: Project) -> None:
    store = big_project.store
    with store.atomic():
        for doc_id in (3, 5, 7):
            store.set_status(doc_id, "done")
    model = DocumentsModel(store)
    model.set_filter("done", None)
    assert not model.searching and model.total == 3, "a status filter alone is answered at once"
    assert [model.index(r, STATUS).data() for r in range(model.rowCount())] == ["done"] * 3
    search(qtbot, model, None, "number 123 ")
    assert model.total == 1
    assert model.index(0, TITLE).data() == "Report 0123"
    search(qtbot, model, None, "REPORT 001")
    assert model.total == 10, "title search ignores case"
    search(qtbot, model, None, "even")
    assert model.total == DOCUMENTS // 2 and model.rowCount() == PAGE_SIZE
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE_SIZE, "later pages keep the text filter"
    search(qtbot, model, "done", "odd")
    assert [model.index(r, TITLE).data() for r in range(model.rowCount())] == ["Report 0002", "Report 0004",
                                                                               "Report 0006"]
    model.set_filter(None, None)
    assert model.total == DOCUMENTS


def test_text_search_runs_off_the_ui_thread_and_late_results_are_dropped(
        qtbot, qtmodeltester, big_project: Project) -> None:
    model = DocumentsModel(big_project.store)
    resets = []
    model.modelReset.connect(lambda: resets.append(model.total))
    model.set_filter(None, "odd")
    assert model.searching and model.total == DOCUMENTS and model.rowCount() == PAGE_SIZE, \
        "the list keeps its rows, and the UI thread its time, while the store scans the texts"
    assert not model.canFetchMore(), "no paging under a filter that is still being computed"
    with qtbot.waitSignal(model.search_finished, timeout=10000):
        model.set_filter(None, "number 42 ")
    qtbot.wait(100)  # the first query's answer, if it was not interrupted in time, arrives and is dropped
    assert resets == [1], "only the newest filter's answer reaches the list"
    assert model.index(0, TITLE).data() == "Report 0042"
    qtmodeltester.check(model, force_py=True)


def test_sorts_by_title_in_both_directions_but_not_by_counts(big_project: Project) -> None:
    model = DocumentsModel(big_project.store)
    model.sort(TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, TITLE).data() == "Report 2999"
    assert model.rowCount() == PAGE_SIZE, "sorting reloads only the first page"
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, TITLE).data() == "Report 0000"
    model.sort(SPANS, Qt.SortOrder.DescendingOrder)
    assert model.index(0, TITLE).data() == "Report 0000"
    assert model.sort_column() == TITLE


def test_finding_a_document_pages_in_as_far_as_needed(big_project: Project) -> None:
    model = DocumentsModel(big_project.store)
    row = model.find_row(1500)
    assert row == 1499
    assert model.index(row, TITLE).data(DOC_ID_ROLE) == 1500
    assert model.rowCount() < DOCUMENTS


def test_next_unfinished_skips_finished_rows_across_pages(big_project: Project) -> None:
    store = big_project.store
    with store.atomic():
        for doc_id in range(2, PAGE_SIZE + 10):
            store.set_status(doc_id, "done")
    model = DocumentsModel(store)
    assert model.next_row(0) == 1
    assert model.next_row(0, unfinished=True) == PAGE_SIZE + 9
    assert model.next_row(DOCUMENTS - 1) is None


def test_an_edit_refreshes_only_its_row(qtbot, big_project: Project) -> None:
    model = DocumentsModel(big_project.store)
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    big_project.listeners.append(model.refresh)
    with qtbot.waitSignal(model.dataChanged) as changed:
        big_project.apply(AddSpan(2, Span(0, 6, "ORG")))
    assert changed.args[0].row() == 1
    assert model.index(1, SPANS).data() == 1
    big_project.apply(SetStatus(2, "done"))
    assert model.index(1, STATUS).data() == "done"
    assert not resets
    model.refresh(Changes(None, documents=True))
    assert resets
