"""The document list as a Qt table model that pages through the store on demand.

Only the rows the view scrolls to are ever loaded (``canFetchMore``/``fetchMore``, a page at a time),
so a project with a million documents opens as fast as one with ten. Filtering and sorting are done by
the store's query; an edit refreshes just the row of the document it touched.

A text search reads every document's text (about 1.7 s over 200,000 news articles, see
tests/benchmarks/bench_document_search.py), so its count and first page are computed on the thread pool
through a read-only connection of their own, and arrive on the UI thread when done. The list keeps its
rows until then; a newer filter interrupts the older query, and a result that arrives late is dropped.
Later pages of a text search scan the texts again (OFFSET starts from the top), so scrolling fetches
them the same way: one page in flight at a time, appended when it lands, dropped if the filter, sort or
document set changed meanwhile. A status filter alone is an indexed query of a few milliseconds and
stays on the UI thread.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRunnable,
    Qt,
    QThreadPool,
    Signal,
    SignalInstance,
)

from annotator.core.edits import Changes
from annotator.core.model import TRIGGER, UNFINISHED, DocumentSummary
from annotator.gui.plain_text import literal_tooltip
from annotator.project import Project

PAGE_SIZE = 200
COLUMNS = ("Title", "Status", "Spans", "Events")
TITLE, STATUS, SPANS, EVENTS = range(len(COLUMNS))
SORT_KEYS = {TITLE: "title", STATUS: "status"}
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Query:
    status: str | None
    search: str | None
    order: str
    descending: bool


def _page(project: Project, query: Query, first: int) -> list[DocumentSummary]:
    return project.document_page(first, PAGE_SIZE, status=query.status, search=query.search,
                                 order=query.order, descending=query.descending)


class _Relay(QObject):
    """Carries a background read's outcome from the worker to the model on the UI thread (queued)."""

    searched = Signal(int, object)  # generation, (total, first page)
    paged = Signal(int, object)  # generation, (first row, page)
    failed = Signal(int, object)  # generation, exception


class _StoreRead(QRunnable):
    """One read of the project on the thread pool, through a read-only twin of its own."""

    def __init__(self, project: Project, generation: int, read: Callable[[Project], object],
                 done: SignalInstance, failed: SignalInstance) -> None:
        super().__init__()
        self._project = project
        self._generation = generation
        self._read = read
        self._done = done
        self._failed = failed
        self._reader: Project | None = None
        self._stopped = False

    def stop(self) -> None:
        """Abandon the read: interrupts SQLite mid-scan (safe from another thread)."""
        self._stopped = True
        reader = self._reader
        if reader is not None:
            reader.interrupt()

    def run(self) -> None:
        try:
            with self._project.for_thread() as reader:
                self._reader = reader
                if self._stopped:
                    return
                result = self._read(reader)
        except sqlite3.OperationalError as error:
            if not self._stopped:
                self._failed.emit(self._generation, error)
        except Exception as error:  # a bug: to the crash log on the UI thread
            self._failed.emit(self._generation, error)
        else:
            self._done.emit(self._generation, result)
        finally:
            self._reader = None


class DocumentsModel(QAbstractTableModel):
    search_finished = Signal()  # a background search's rows are in

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self._project = project
        self._rows: list[DocumentSummary] = []
        self._total = 0
        self._generation = 0
        self._search: _StoreRead | None = None
        self._paging: _StoreRead | None = None  # the next page of a text search, on its way
        self._relay = _Relay(self)
        self._relay.searched.connect(self._search_found)
        self._relay.paged.connect(self._page_found)
        self._relay.failed.connect(self._read_failed)
        self.status: str | None = None
        self.search: str | None = None
        self.order = "id"
        self.descending = False
        self.reload()

    # -- what the view asks ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (summary.title or f"Document {summary.id}", summary.status.replace("_", " "),
                    summary.spans, summary.events)[column]
        if role == DOC_ID_ROLE:
            return summary.id
        if role == Qt.ItemDataRole.ToolTipRole and column == TITLE:
            return literal_tooltip(
                f"{summary.title}\nDocument {summary.id}, last changed {summary.updated_at}")
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (SPANS, EVENTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return "Click to sort" if section in SORT_KEYS else "Entity spans / events in the document"
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._paging is None and self._can_load_more()

    def _can_load_more(self) -> bool:
        return not self.searching and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        """The next page: at once, or in the background under a text search (see module doc)."""
        if not self.canFetchMore(parent):
            return
        if not self.search:
            self._load_page_now()
            return
        query = self._query()
        first = len(self._rows)
        self._paging = _StoreRead(
            self._project, self._generation,
            lambda reader: (first, _page(reader, query, first)),
            self._relay.paged, self._relay.failed,
        )
        QThreadPool.globalInstance().start(self._paging)

    def _load_page_now(self) -> None:
        """Append the next page on the UI thread (replacing any page still on its way)."""
        self._stop_paging()
        self._append(_page(self._project, self._query(), len(self._rows)))

    def _append(self, page: list[DocumentSummary]) -> None:
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def _page_found(self, generation: int, result: tuple[int, list[DocumentSummary]]) -> None:
        first, page = result
        if generation != self._generation or self._paging is None or first != len(self._rows):
            return  # the filter, sort or rows changed since it was asked for
        self._paging = None
        self._append(page)

    def _stop_paging(self) -> None:
        if self._paging is not None:
            self._paging.stop()
            self._paging = None

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
        """Load the count and first page for the current filter: at once, or in the background for a
        text search (see module doc)."""
        self._generation += 1
        self._stop_paging()
        if self._search is not None:
            self._search.stop()
            self._search = None
        if self.search:
            query = self._query()
            self._search = _StoreRead(
                self._project, self._generation,
                lambda reader: (reader.document_count(query.status, query.search), _page(reader, query, 0)),
                self._relay.searched, self._relay.failed,
            )
            QThreadPool.globalInstance().start(self._search)
            return
        self.beginResetModel()
        self._total = self._project.document_count(self.status, None)
        self._rows = []
        self.endResetModel()
        self.fetchMore()

    def _query(self) -> Query:
        return Query(self.status, self.search, self.order, self.descending)

    def _search_found(self, generation: int, result: tuple[int, list[DocumentSummary]]) -> None:
        if generation != self._generation:
            return  # a newer filter has been asked for since
        total, page = result
        self._search = None
        self.beginResetModel()
        self._total = total
        self._rows = list(page)
        self.endResetModel()
        self.search_finished.emit()

    def _read_failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation:
            self._search = None
            self._paging = None
        sys.excepthook(type(error), error, error.__traceback__)

    def doc_id(self, row: int) -> int | None:
        return self._rows[row].id if 0 <= row < len(self._rows) else None

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]

    def row_of(self, doc_id: int) -> int | None:
        """The row showing ``doc_id`` among the rows loaded so far."""
        return next((row for row, summary in enumerate(self._rows) if summary.id == doc_id), None)

    def find_row(self, doc_id: int, max_pages: int = 50) -> int | None:
        """Like :meth:`row_of`, loading further pages (a bounded number) until the document shows up."""
        row = self.row_of(doc_id)
        pages = 0
        while row is None and self._can_load_more() and pages < max_pages:
            before = len(self._rows)
            self._load_page_now()
            pages += 1
            row = next((r for r in range(before, len(self._rows)) if self._rows[r].id == doc_id), None)
        return row

    def next_row(self, row: int, *, unfinished: bool = False) -> int | None:
        """The row after ``row`` (the first unfinished one if asked), paging in as needed."""
        candidate = row + 1
        while True:
            if candidate >= len(self._rows):
                if not self._can_load_more():
                    return None
                self._load_page_now()
                continue
            if not unfinished or self._rows[candidate].status in UNFINISHED:
                return candidate
            candidate += 1

    def refresh(self, changes: Changes) -> None:
        """Bring the row of the edited document up to date; a change to the document set reloads."""
        if changes.documents:
            self.reload()
            return
        if changes.doc_id is None:
            return
        row = self.row_of(changes.doc_id)
        if row is None:
            return
        document = self._project.document(changes.doc_id)
        spans = self._project.spans(changes.doc_id)
        self._rows[row] = DocumentSummary(
            id=document.id, title=document.title, status=document.status,
            spans=sum(1 for span in spans if span.kind != TRIGGER),
            events=len(self._project.events(changes.doc_id)), updated_at=document.updated_at,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
