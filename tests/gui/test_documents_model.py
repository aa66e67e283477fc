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


def test_the_rows_cover_the_list_and_pages_are_read_as_shown(
        qtbot, qtmodeltester, big_project: Project) -> None:
    model = DocumentsModel(big_project)
    assert model.total == model.rowCount() == DOCUMENTS
    assert model.pages_held == set(), "nothing is read until the view shows it"
    assert model.index(1, TITLE).data() == "Report 0001"
    assert model.index(PAGE_SIZE, TITLE).data() == f"Report {PAGE_SIZE:04d}", "the next page, by keyset"
    assert model.pages_held == {0, 1}
    assert model.index(DOCUMENTS - 1, TITLE).data() == "…", "a page with no neighbour is read on a worker"
    qtbot.waitUntil(lambda: model.index(DOCUMENTS - 1, TITLE).data() == "Report 2999", timeout=10000)
    assert model.pages_held == {0, 1, (DOCUMENTS - 1) // PAGE_SIZE}
    qtmodeltester.check(model, force_py=True)


def loaded(model: DocumentsModel, row: int) -> bool:
    return model.index(row, TITLE).data() != "…"


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
    assert model.total == model.rowCount() == DOCUMENTS // 2
    qtbot.waitUntil(lambda: loaded(model, 2 * PAGE_SIZE - 1), timeout=10000)
    assert all(model.index(r, TITLE).data() in odd_numbered for r in range(2 * PAGE_SIZE)), \
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
    assert model.searching and model.total == model.rowCount() == DOCUMENTS, \
        "the list keeps its rows, and the UI thread its time, while the store scans the texts"
    model.index(PAGE_SIZE, TITLE).data()
    assert model.pages_held == set(), "no paging under a filter that is still being computed"
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
    assert model.pages_held == {0}
    for page in range(1, model.total // PAGE_SIZE + 1):
        row = page * PAGE_SIZE
        assert not loaded(model, row), "the page is read on a worker, not while the view waits"
        with qtbot.waitSignal(model.dataChanged, timeout=10000) as changed:
            model.index(row + 1, TITLE).data()  # a view asking again meanwhile reads nothing more
        assert changed.args[0].row() == row
    direct = big_project.store.documents.summaries(0, DOCUMENTS, search="even")
    assert [model.index(r, TITLE).data(DOC_ID_ROLE) for r in range(model.rowCount())] == \
        [summary.id for summary in direct], "every match once, in the store's order"
    qtmodeltester.check(model, force_py=True)


def test_a_view_scrolled_to_the_end_reads_only_the_end(qtbot, big_project: Project) -> None:
    model = DocumentsModel(big_project)
    search(qtbot, model, None, "even")
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    view.scrollToBottom()
    qtbot.waitUntil(lambda: loaded(model, model.total - 1), timeout=20000)
    assert model.index(model.total - 1, TITLE).data() == "Report 2999"
    assert model.pages_held <= {0, (model.total - 1) // PAGE_SIZE - 1, (model.total - 1) // PAGE_SIZE}


@pytest.mark.parametrize("change", ["filter", "sort", "document set"])
def test_a_page_in_flight_is_dropped_when_the_list_changes(qtbot, big_project: Project, change: str) -> None:
    model = DocumentsModel(big_project)
    search(qtbot, model, None, "even")
    far = 5 * PAGE_SIZE
    assert not loaded(model, far)
    with qtbot.waitSignal(model.search_finished, timeout=10000):
        if change == "filter":
            model.set_filter(None, "number 42 ")
        elif change == "sort":
            model.sort(TITLE, Qt.SortOrder.DescendingOrder)
        else:
            model.refresh(Changes(None, documents=True))
    qtbot.wait(300)  # the abandoned page, if it was read before the interrupt, arrives now and is dropped
    assert model.pages_held == {0}
    expected = {"filter": ["Report 0042"], "sort": ["Report 2999"], "document set": ["Report 0001"]}[change]
    assert titles(model)[:1] == expected


def test_a_text_search_finds_the_open_documents_row_in_the_same_pass(qtbot, big_project: Project) -> None:
    model = DocumentsModel(big_project)
    model.focus = 2002  # "Report 2001 ... even"
    search(qtbot, model, None, "even")
    assert model.row_of(2002) == 1000
    assert model.pages_held == {0, 1000 // PAGE_SIZE}, "the page around it came with the answer"
    assert model.index(1000, TITLE).data(DOC_ID_ROLE) == 2002
    search(qtbot, model, None, "odd")
    assert model.row_of(2002) is None, "left out by the filter, and known to be"
    assert 2002 in model._rows_of


def test_sorts_by_title_in_both_directions_but_not_by_counts(big_project: Project) -> None:
    model = DocumentsModel(big_project)
    model.sort(TITLE, Qt.SortOrder.DescendingOrder)
    assert model.index(0, TITLE).data() == "Report 2999"
    assert model.pages_held == {0}, "sorting reloads only the first page"
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    assert model.index(0, TITLE).data() == "Report 0000"
    model.sort(SPANS, Qt.SortOrder.DescendingOrder)
    assert model.index(0, TITLE).data() == "Report 0000"
    assert model.sort_column() == TITLE


class Reads:
    """The pages a model asks the project for: by OFFSET (reads every row before) or by keyset."""

    def __init__(self, project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
        self.offset: list[int] = []
        self.keyset = 0
        page, after = project.document_page, project.document_page_after

        def by_offset(offset: int, limit: int, **query):
            self.offset.append(offset)
            return page(offset, limit, **query)

        def by_keyset(*args, **query):
            self.keyset += 1
            return after(*args, **query)

        monkeypatch.setattr(project, "document_page", by_offset)
        monkeypatch.setattr(project, "document_page_after", by_keyset)


@pytest.mark.parametrize(("column", "order"), [(TITLE, Qt.SortOrder.AscendingOrder),
                                               (TITLE, Qt.SortOrder.DescendingOrder),
                                               (STATUS, Qt.SortOrder.DescendingOrder)])
def test_a_far_document_is_counted_to_and_only_its_page_read(
        big_project: Project, monkeypatch: pytest.MonkeyPatch, column: int, order: Qt.SortOrder) -> None:
    with big_project.store.atomic():
        big_project.store.documents.set_status(2900, "done")
    model = DocumentsModel(big_project)
    model.sort(column, order)
    reads = Reads(big_project, monkeypatch)
    expected = [s.id for s in big_project.document_page(0, DOCUMENTS, **model._query().filters())]
    reads.offset.clear()
    for doc_id in (2900, 1500, 3):
        row = model.find_row(doc_id)
        assert row == expected.index(doc_id)
        assert model.index(row, TITLE).data(DOC_ID_ROLE) == doc_id
        assert model.index(row // PAGE_SIZE * PAGE_SIZE, TITLE).data(DOC_ID_ROLE) == \
            expected[row // PAGE_SIZE * PAGE_SIZE], "the whole page around it, aligned"
    assert reads.offset == [], "no page read by OFFSET"
    assert len(model.pages_held) <= 3 and reads.keyset <= 6, "two keyset reads per document found"


def test_a_filter_that_leaves_out_the_open_document_reads_no_pages(
        big_project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    model = DocumentsModel(big_project)
    reads = Reads(big_project, monkeypatch)
    model.set_filter("done", None)
    assert model.find_row(2900) is None
    assert model.pages_held == set() and reads.offset == [] and reads.keyset == 0


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
    assert model.index(1, SPANS).data() == 0
    with qtbot.waitSignal(model.dataChanged) as changed:
        big_project.apply(AddSpan(2, Span(0, 6, "ORG")))
    assert changed.args[0].row() == 1
    assert model.index(1, SPANS).data() == 1
    big_project.apply(SetStatus(2, "done"))
    assert model.index(1, STATUS).data() == "done"
    assert not resets
    model.refresh(Changes(None, documents=True))
    assert resets


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("status", [None, "done"])
def test_in_id_order_a_row_is_counted_from_the_nearer_end(
        big_project: Project, monkeypatch: pytest.MonkeyPatch, descending: bool, status: str | None) -> None:
    with big_project.store.atomic():
        for doc_id in (3, 1500, 2900, 2999):
            big_project.store.documents.set_status(doc_id, "done")
    model = DocumentsModel(big_project)
    model.set_filter(status, None)
    model.descending = descending  # id order, newest first (no column sorts by id)
    model.reload()
    asked = []
    real = big_project.document_row
    monkeypatch.setattr(big_project, "document_row",
                        lambda doc_id, **query: asked.append(query["descending"]) or real(doc_id, **query))
    expected = [s.id for s in big_project.document_page(0, DOCUMENTS, **model._query().filters())]
    for doc_id in (2999, 2900, 3, 1500):
        assert model.row_of(doc_id) == expected.index(doc_id)
    assert model.row_of(1) == (None if status else expected.index(1))
    if status is None:  # under a filter ids do not tell rows: counted from the top as before
        assert asked[0] is True and asked[2] is False, \
            "the highest id is counted down from the highest end, the lowest up from the lowest"
