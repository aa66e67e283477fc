"""The document list as a Qt table model over pages of the store, read on demand.

The model has a row for every matching document, but holds only the pages (``PAGE_SIZE`` rows) the view
has shown, keyed by page number, so the scroll bar covers the whole list at once and a row far down
costs one page. A page next to a page already held is read by keyset (the rows after the last row of
the page before, or before the first row of the page after: an index range scan of a millisecond or
so wherever it is); that runs on the UI thread. A page with no neighbour (the scroll bar dragged to
the middle) needs OFFSET, which reads every row it skips, so it is read by a job on the one background
runner (:class:`~annotator.gui.jobs.BackgroundJob`), through a read-only connection of its own, and its
rows fill in when it lands. Where a document sits is counted
by the store (``Project.document_row``), and the page around it read by keyset backwards and then
forwards from the document itself, so selecting the open document never pages through the rows
before it.

A text search reads every document's text (about 1.7 s over 200,000 news articles, see
tests/benchmarks/bench_document_search.py), so its count, first page, the open document's row and
the page around it are all read in the background in one pass, and arrive on the UI thread when done.
The list keeps its rows until then; a newer filter abandons the older job, whose Cancel interrupts its
query, and a result that arrives late is dropped. Every page of a text search is read in the background
too. A status filter alone is answered by indexes in a few milliseconds and stays on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from annotator.core.edits import Changes
from annotator.core.jobs import JobControl
from annotator.core.model import STATUS_INFO, UNFINISHED, DocumentSummary
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import literal_tooltip
from annotator.project import Project

PAGE_SIZE = 200
MAX_READS = 2  # background page reads in flight; older ones are abandoned
COLUMNS = ("Title", "Status", "Spans", "Events")
TITLE, STATUS, SPANS, EVENTS = range(len(COLUMNS))
SORT_KEYS = {TITLE: "title", STATUS: "status"}
STATUS_HELP = "Status: ○ new, ◐ in progress, ● done, ⊘ skipped"  # as the pane's status icons draw them
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Query:
    status: str | None
    search: str | None
    order: str
    descending: bool

    def filters(self, *, backwards: bool = False) -> dict[str, Any]:
        """The store's keyword arguments; ``backwards`` walks the same list from the other end."""
        return {"status": self.status, "search": self.search, "order": self.order,
                "descending": self.descending != backwards}


def read_page(project: Project, query: Query, page: int, before: DocumentSummary | None,
              after: DocumentSummary | None) -> list[DocumentSummary]:
    """Page ``page`` by keyset from the row just before it or just after it; by OFFSET without either."""
    if page == 0 or before is not None:
        return project.document_page_after(before, PAGE_SIZE, **query.filters())
    if after is not None:
        return project.document_page_after(after, PAGE_SIZE, **query.filters(backwards=True))[::-1]
    return project.document_page(page * PAGE_SIZE, PAGE_SIZE, **query.filters())


def read_around(project: Project, query: Query, row: int, doc_id: int) -> list[DocumentSummary]:
    """The page holding ``row``, where ``doc_id`` is: back from the document to the row before the
    page, then forwards from there (two index range scans, not the rows before it)."""
    page = row // PAGE_SIZE
    if page == 0:
        return read_page(project, query, 0, None, None)
    wanted = row - page * PAGE_SIZE + 1
    earlier = project.document_page_after(project.document_summary(doc_id), wanted,
                                          **query.filters(backwards=True))
    return read_page(project, query, page, earlier[-1] if len(earlier) == wanted else None, None)


@dataclass(frozen=True)
class Found:
    """A text search's answer: the count, the pages read and the open document's row."""

    total: int
    pages: dict[int, list[DocumentSummary]]
    focus: int | None
    focus_row: int | None


def read_search(project: Project, query: Query, focus: int | None) -> Found:
    if focus is None:
        total, row = project.document_count(query.status, query.search), None
    else:
        total, row = project.document_count_and_row(focus, **query.filters())
    pages = {0: read_page(project, query, 0, None, None)}
    if row is not None and focus is not None and row >= PAGE_SIZE:
        pages[row // PAGE_SIZE] = read_around(project, query, row, focus)
    return Found(total, pages, focus, row)


def read_in_background(parent: QObject, project: Project, read: Callable[[Project], object]
                       ) -> BackgroundJob:
    """``read(reader)`` on the background runner through a read-only twin of ``project``; cancelling
    (or abandoning) the job interrupts its SQLite scan."""
    def work(control: JobControl) -> object:
        with project.for_thread() as reader, control.interrupting(reader.interrupt):
            control.check()
            return read(reader)

    return BackgroundJob(parent, "Reading the document list", work, progress=False)


class DocumentsModel(QAbstractTableModel):
    search_finished = Signal()  # a background search's rows are in

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self._project = project
        self._pages: dict[int, list[DocumentSummary]] = {}
        self._rows_of: dict[int, int | None] = {}  # document id -> row (None: filtered out), as learnt
        self._reads: dict[int, BackgroundJob] = {}  # pages on their way, by page number, oldest first
        self._total = 0
        self._generation = 0
        self._search: BackgroundJob | None = None
        self.status: str | None = None
        self.search: str | None = None
        self.order = "id"
        self.descending = False
        self.focus: int | None = None  # the open document: a text search finds its row in the same pass
        self.reload()

    # -- what the view asks ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary = self._held(index.row())
        if summary is None:
            self._request(index.row() // PAGE_SIZE)
            summary = self._held(index.row())
        if summary is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == TITLE else None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (summary.title or f"Document {summary.id}", summary.status.replace("_", " "),
                    summary.spans, summary.events)[column]
        if role == DOC_ID_ROLE:
            return summary.id
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return literal_tooltip(
                f"{summary.title}\nDocument {summary.id}, last changed {summary.updated_at}")
        if role == Qt.ItemDataRole.ToolTipRole and column == STATUS:
            return STATUS_INFO[summary.status].title
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SPANS, EVENTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "" if section == STATUS else COLUMNS[section]  # the status column shows icons only
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            if section == STATUS:
                return f"{STATUS_HELP}\nClick to sort"
            return "Click to sort" if section in SORT_KEYS else "Entity spans / events in the document"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Title and status sort in the store; the count columns keep the current order."""
        key = SORT_KEYS.get(column)
        if key is None:
            return
        self.order = key
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def sort_column(self) -> int:
        return next((c for c, key in SORT_KEYS.items() if key == self.order), -1)

    # -- pages -----------------------------------------------------------------------------------

    @property
    def pages_held(self) -> set[int]:
        """The page numbers read so far under the current filter and sort."""
        return set(self._pages)

    def _held(self, row: int) -> DocumentSummary | None:
        rows = self._pages.get(row // PAGE_SIZE, [])
        offset = row % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def _neighbours(self, page: int) -> tuple[DocumentSummary | None, DocumentSummary | None]:
        """The last row of the page before and the first row of the page after, where held."""
        before = self._pages.get(page - 1)
        after = self._pages.get(page + 1)
        return (before[-1] if before and len(before) == PAGE_SIZE else None), (after[0] if after else None)

    def _request(self, page: int) -> None:
        """Read ``page``: now if the indexes answer it (a neighbour by keyset), else on the thread pool."""
        if page in self._pages or page in self._reads or self.searching:
            return
        before, after = self._neighbours(page)
        if not self.search and (page == 0 or before is not None or after is not None):
            self._keep(page, read_page(self._project, self._query(), page, before, after))
            return
        query, generation = self._query(), self._generation
        read = read_in_background(self, self._project,
                                  lambda reader: read_page(reader, query, page, before, after))
        read.succeeded.connect(lambda rows: self._page_found(generation, page, rows))
        read.finished.connect(lambda: self._read_ended(page, read))
        self._reads[page] = read
        while len(self._reads) > MAX_READS:  # the view has scrolled past the oldest
            self._stop_read(next(iter(self._reads)))
        read.start()

    def _now(self, page: int) -> list[DocumentSummary]:
        """``page``, read on this thread if not held (what the app's next/previous needs at once)."""
        if page not in self._pages and not self.searching:
            self._stop_read(page)
            self._keep(page, read_page(self._project, self._query(), page, *self._neighbours(page)))
            self._announce(page)
        return self._pages.get(page, [])

    def _keep(self, page: int, rows: list[DocumentSummary]) -> None:
        self._pages[page] = rows
        first = page * PAGE_SIZE
        self._rows_of.update((summary.id, first + offset) for offset, summary in enumerate(rows))

    def _announce(self, page: int) -> None:
        first = page * PAGE_SIZE
        last = min(first + PAGE_SIZE, self._total) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _page_found(self, generation: int, page: int, rows: list[DocumentSummary]) -> None:
        if generation != self._generation:
            return  # the filter, sort or rows changed since it was asked for (a stopped read says nothing)
        self._keep(page, rows)
        self._announce(page)

    def _read_ended(self, page: int, read: BackgroundJob) -> None:
        """Runs before ``_page_found``; a read that failed (the runner reports why) ends here too.

        Ended jobs stay the model's children until it goes, like every job of the window's: deleting
        one as it reports could free its runner while the pool thread is still leaving it."""
        if self._reads.get(page) is read:
            del self._reads[page]

    def _stop_read(self, page: int) -> None:
        read = self._reads.pop(page, None)
        if read is not None:
            read.abandon()

    # -- what the app asks -----------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Documents matching the filter, loaded or not."""
        return self._total

    def set_filter(self, status: str | None, search: str | None) -> None:
        self.status = status or None
        self.search = search or None
        self.reload()

    @property
    def searching(self) -> bool:
        """A background search is under way; the rows shown are the previous filter's."""
        return self._search is not None

    def reload(self) -> None:
        """Count the rows for the current filter: at once, or in the background for a text search (see
        module doc). Pages are read as the view shows them."""
        self._generation += 1
        for page in list(self._reads):
            self._stop_read(page)
        if self._search is not None:
            self._search.abandon()
            self._search = None
        if self.search:
            query, focus, generation = self._query(), self.focus, self._generation
            search = self._search = read_in_background(self, self._project,
                                                       lambda reader: read_search(reader, query, focus))
            search.succeeded.connect(lambda found: self._search_found(generation, found))
            search.finished.connect(lambda: self._search_ended(search))
            search.start()
            return
        self.beginResetModel()
        self._total = self._project.document_count(self.status, None)
        self._pages, self._rows_of = {}, {}
        self.endResetModel()

    def _query(self) -> Query:
        return Query(self.status, self.search, self.order, self.descending)

    def _search_found(self, generation: int, found: Found) -> None:
        if generation != self._generation:
            return  # a newer filter has been asked for since
        self.beginResetModel()
        self._total = found.total
        self._pages, self._rows_of = {}, {}
        for page, rows in found.pages.items():
            self._keep(page, rows)
        if found.focus is not None:
            self._rows_of[found.focus] = found.focus_row
        self.endResetModel()
        self.search_finished.emit()

    def _search_ended(self, search: BackgroundJob) -> None:
        """Runs before ``_search_found``; a search that failed (the runner reports why) ends here too."""
        if self._search is search:
            self._search = None

    def doc_id(self, row: int) -> int | None:
        summary = self.summary(row) if 0 <= row < self._total else None
        return summary.id if summary else None

    def summary(self, row: int) -> DocumentSummary | None:
        rows = self._now(row // PAGE_SIZE)
        offset = row % PAGE_SIZE
        return rows[offset] if offset < len(rows) else None

    def row_of(self, doc_id: int) -> int | None:
        """The row of ``doc_id`` under the current filter and sort (None: filtered out), counted by the
        store if not seen yet; under a text search, only as far as the search found out."""
        if doc_id not in self._rows_of:
            if self.search:
                return None
            self._rows_of[doc_id] = self._counted_row(doc_id)
        return self._rows_of[doc_id]

    def _counted_row(self, doc_id: int) -> int | None:
        """Counted from the nearer end of the list, as a count reads every row it passes (the last of a
        million documents took a quarter of a second from the top). In id order over the whole list the
        id tells which end is nearer; the answer is exact either way."""
        query = self._query()
        if query.order == "id" and query.status is None and (doc_id > self._total // 2) != query.descending:
            row = self._project.document_row(doc_id, **query.filters(backwards=True))
            return None if row is None else self._total - 1 - row
        return self._project.document_row(doc_id, **query.filters())

    def find_row(self, doc_id: int) -> int | None:
        """Like :meth:`row_of`, with the page holding the row read (around the document), to show it."""
        row = self.row_of(doc_id)
        if row is None or row // PAGE_SIZE in self._pages or self.search:
            return row
        page = row // PAGE_SIZE
        self._stop_read(page)
        self._keep(page, read_around(self._project, self._query(), row, doc_id))
        self._announce(page)
        return row

    def next_row(self, row: int, *, unfinished: bool = False) -> int | None:
        """The row after ``row`` (the first unfinished one if asked), reading pages as needed."""
        for candidate in range(row + 1, self._total):
            summary = self.summary(candidate)
            if summary is None:
                return None
            if not unfinished or summary.status in UNFINISHED:
                return candidate
        return None

    def refresh(self, changes: Changes) -> None:
        """Bring the row of the edited document up to date; a change to the document set reloads."""
        if changes.documents:
            self.reload()
            return
        if changes.doc_id is None:
            return
        row = self._rows_of.get(changes.doc_id)
        if row is None or self._held(row) is None:
            return
        self._pages[row // PAGE_SIZE][row % PAGE_SIZE] = self._project.document_summary(changes.doc_id)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
