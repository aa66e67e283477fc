"""The document list pages lazily, filters and sorts in the store, and refreshes one row per edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from annotator.core.edits import AddSpan, Changes, SetStatus
from annotator.core.model import Span
from annotator.gui.documents_model import DOC_ID_ROLE, PAGE_SIZE, SPANS, STATUS, TITLE, DocumentsModel
from annotator.project import Project
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
    model = DocumentsModel(big_project)
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
            store.documents.set_status(doc_id, "done")
    model = DocumentsModel(big_project)
    odd_numbered = {f"Report {i:04d}" for i in range(1, DOCUMENTS, 2)}
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
    qtbot.waitUntil(lambda: model.rowCount() == 2 * PAGE_SIZE, timeout=10000)
    assert all(model.index(r, TITLE).data() in odd_numbered for r in range(model.rowCount())), \
        "later pages keep the text filter"
    search(qtbot, model, "done", "odd")
    assert [model.index(r, TITLE).data() for r in range(model.rowCount())] == ["Report 0002", "Report 0004",
                                                                               "Report 0006"]
    model.set_filter(None, None)
    assert model.total == DOCUMENTS


def test_text_search_runs_off_the_ui_thread_and_late_results_are_dropped(
        qtbot, qtmodeltester, big_project: Project) -> None:
    model = DocumentsModel(big_project)
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


def titles(model: DocumentsModel) -> list[str]:
    return [model.index(row, TITLE).data() for row in range(model.rowCount())]


def test_later_pages_of_a_text_search_arrive_in_the_background(
        qtbot, qtmodeltester, big_project: Project) -> None:
    model = DocumentsModel(big_project)
    search(qtbot, model, None, "even")
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    while model.rowCount() < model.total:
        loaded = model.rowCount()
        model.fetchMore()
        assert model.rowCount() == loaded, "the page is read on a worker, not during fetchMore"
        assert not model.canFetchMore(), "one page in flight at a time"
        model.fetchMore()  # a view asking again meanwhile changes nothing
        qtbot.waitUntil(lambda loaded=loaded: model.rowCount() > loaded, timeout=10000)
        assert inserted[-1] == (loaded, model.rowCount() - 1), "appended after the rows already there"
    assert not model.canFetchMore()
    direct = big_project.store.documents.summaries(0, DOCUMENTS, search="even")
    assert [model.index(r, TITLE).data(DOC_ID_ROLE) for r in range(model.rowCount())] == \
        [summary.id for summary in direct], "every match once, in the store's order"
    qtmodeltester.check(model, force_py=True)


def test_a_view_scrolled_to_the_end_pages_in_a_text_search(qtbot, big_project: Project) -> None:
    model = DocumentsModel(big_project)
    search(qtbot, model, None, "even")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()

    def scrolled_to_the_end() -> bool:
        view.scrollToBottom()
        return model.rowCount() == model.total

    qtbot.waitUntil(scrolled_to_the_end, timeout=20000)
    ids = [model.index(r, TITLE).data(DOC_ID_ROLE) for r in range(model.rowCount())]
    assert len(set(ids)) == len(ids) == DOCUMENTS // 2


@pytest.mark.parametrize("change", ["filter", "sort", "document set"])
def test_a_page_in_flight_is_dropped_when_the_list_changes(qtbot, big_project: Project, change: str) -> None:
    model = DocumentsModel(big_project)
    search(qtbot, model, None, "even")
    model.fetchMore()
    inserted = []
    model.rowsInserted.connect(lambda *_: inserted.append(True))
    with qtbot.waitSignal(model.search_finished, timeout=10000):
        if change == "filter":
            model.set_filter(None, "number 42 ")
        elif change == "sort":
            model.sort(TITLE, Qt.SortOrder.DescendingOrder)
        else:
            model.refresh(Changes(None, documents=True))
    qtbot.wait(300)  # the abandoned page, if it was read before the interrupt, arrives now and is dropped
    assert not inserted
    assert model.rowCount() == min(model.total, PAGE_SIZE)
    expected = {"filter": ["Report 0042"], "sort": ["Report 2999"], "document set": ["Report 0001"]}[change]
    assert titles(model)[:1] == expected
    assert model.canFetchMore() == (model.total > PAGE_SIZE)


def test_finding_a_document_replaces_a_page_in_flight(qtbot, big_project: Project) -> None:
    model = DocumentsModel(big_project)
    search(qtbot, model, None, "even")
    model.fetchMore()
    row = model.find_row(1000)
    assert row == 499 and model.rowCount() == 3 * PAGE_SIZE
    qtbot.wait(300)  # the replaced page lands now and is dropped
    assert model.rowCount() == 3 * PAGE_SIZE
    assert len(set(titles(model))) == 3 * PAGE_SIZE
    assert model.canFetchMore()


def test_sorts_by_title_in_both_directions_but_not_by_counts(big_project: Project) -> None:
    model = DocumentsModel(big_project)
    model.sort(TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, TITLE).data() == "Report 2999"
    assert model.rowCount() == PAGE_SIZE, "sorting reloads only the first page"
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, TITLE).data() == "Report 0000"
    model.sort(SPANS, Qt.SortOrder.DescendingOrder)
    assert model.index(0, TITLE).data() == "Report 0000"
    assert model.sort_column() == TITLE


def test_finding_a_document_pages_in_as_far_as_needed(big_project: Project) -> None:
    model = DocumentsModel(big_project)
    row = model.find_row(1500)
    assert row == 1499
    assert model.index(row, TITLE).data(DOC_ID_ROLE) == 1500
    assert model.rowCount() < DOCUMENTS


def test_next_unfinished_skips_finished_rows_across_pages(big_project: Project) -> None:
    store = big_project.store
    with store.atomic():
        for doc_id in range(2, PAGE_SIZE + 10):
            store.documents.set_status(doc_id, "done")
    model = DocumentsModel(big_project)
    assert model.next_row(0) == 1
    assert model.next_row(0, unfinished=True) == PAGE_SIZE + 9
    assert model.next_row(DOCUMENTS - 1) is None


def test_an_edit_refreshes_only_its_row(qtbot, big_project: Project) -> None:
    model = DocumentsModel(big_project)
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
