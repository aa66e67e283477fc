"""The document list as a Qt table model that pages through the store on demand.

Only the rows the view scrolls to are ever loaded (``canFetchMore``/``fetchMore``, a page at a time),
so a project with a million documents opens as fast as one with ten. Filtering and sorting are done by
the store's query; an edit refreshes just the row of the document it touched.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.core.edits import Changes
from annotator.core.model import TRIGGER, DocumentSummary
from annotator.store import ProjectStore

PAGE_SIZE = 200
COLUMNS = ("Title", "Status", "Spans", "Events")
TITLE, STATUS, SPANS, EVENTS = range(len(COLUMNS))
SORT_KEYS = {TITLE: "title", STATUS: "status"}
DOC_ID_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class DocumentsModel(QAbstractTableModel):
    def __init__(self, store: ProjectStore, parent=None) -> None:
        super().__init__(parent)
        self._store = store
        self._rows: list[DocumentSummary] = []
        self._total = 0
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
            return f"{summary.title}\nDocument {summary.id}, last changed {summary.updated_at}"
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
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        page = self._store.document_summaries(
            len(self._rows), PAGE_SIZE, status=self.status, search=self.search,
            order=self.order, descending=self.descending,
        )
        if not page:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

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

    def reload(self) -> None:
        self.beginResetModel()
        self._total = self._store.document_count(self.status, self.search)
        self._rows = []
        self.endResetModel()
        self.fetchMore()

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
        while row is None and self.canFetchMore() and pages < max_pages:
            before = len(self._rows)
            self.fetchMore()
            pages += 1
            row = next((r for r in range(before, len(self._rows)) if self._rows[r].id == doc_id), None)
        return row

    def next_row(self, row: int, *, unfinished: bool = False) -> int | None:
        """The row after ``row`` (the first unfinished one if asked), paging in as needed."""
        candidate = row + 1
        while True:
            if candidate >= len(self._rows):
                if not self.canFetchMore():
                    return None
                self.fetchMore()
                continue
            if not unfinished or self._rows[candidate].status in ("new", "in_progress"):
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
        document = self._store.document(changes.doc_id)
        spans = self._store.spans_of(changes.doc_id)
        self._rows[row] = DocumentSummary(
            id=document.id, title=document.title, status=document.status,
            spans=sum(1 for span in spans if span.kind != TRIGGER),
            events=len(self._store.events_of(changes.doc_id)), updated_at=document.updated_at,
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
