"""The concordance table's model: a query's hits, read a page at a time on the background runner.

The first page is read when a search starts; the view asks for more (``canFetchMore``/``fetchMore``) as it
scrolls near the end, and each further page starts after the last hit's key, however deep. Sorting orders
the rows read so far (the concordance sorts: by the words just before or just after the match). Every
cell is plain text (the texts come from imports); the match column is bold on a highlight.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from annotator.core.jobs import JobControl
from annotator.errors import AnnotatorError
from annotator.gui.jobs import BackgroundJob
from annotator.project.facade import Project
from annotator.project.search import Hit, HitKey, SearchPage

COLUMNS = ("Document", "Left context", "Match", "Right context", "Annotations")
DOCUMENT, LEFT, MATCH, RIGHT, ANNOTATIONS = range(len(COLUMNS))
PAGE = 200
CONTEXT = 50  # characters of context shown in a cell
HIGHLIGHT = QColor("#fff3b0")
Index = QModelIndex | QPersistentModelIndex


def flat(text: str) -> str:
    """Text on one line: line breaks and runs of white space as one space."""
    return " ".join(text.split())


def _sort_key(column: int, hit: Hit) -> tuple:
    if column == DOCUMENT:
        return (hit.title.casefold(), hit.doc_id, hit.start)
    if column == LEFT:
        return (flat(hit.left).casefold()[::-1], hit.key)  # by the words nearest the match first
    if column == MATCH:
        return (hit.match.casefold(), hit.key)
    if column == RIGHT:
        return (flat(hit.right).casefold(), hit.key)
    return ("; ".join(hit.annotations).casefold(), hit.key)


class SearchModel(QAbstractTableModel):
    page_read = Signal()  # a page of hits is in (or the search ended with nothing)
    failed = Signal(object)  # an AnnotatorError the search met (an unknown entity, say)

    def __init__(self, project: Project, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.hits: list[Hit] = []
        self.query = ""
        self.next_key: HitKey | None = None
        self.job: BackgroundJob | None = None
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    # -- searching -----------------------------------------------------------------------------------

    def start(self, query: str) -> None:
        """Forget the rows and read the first page of ``query`` in the background."""
        self.cancel()
        self.beginResetModel()
        self.hits, self.query, self.next_key = [], query, None
        self.endResetModel()
        self._read(None)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.abandon()
            self.job = None

    @property
    def searching(self) -> bool:
        return self.job is not None

    def _read(self, after: HitKey | None) -> None:
        project, query = self.project, self.query

        def work(control: JobControl) -> SearchPage:
            with project.for_thread() as reader, control.interrupting(reader.interrupt):
                control.check()
                return reader.search(query, limit=PAGE, after=after, control=control)

        job = self.job = BackgroundJob(self, "Searching the project", work, progress=False)
        job.explain = self._explain
        job.finished.connect(lambda j=job: self._ended(j))  # emitted before succeeded
        job.succeeded.connect(self._add)
        job.cancelled.connect(self.page_read.emit)
        job.start()

    def _explain(self, error: AnnotatorError) -> bool:
        self.failed.emit(error)
        return True

    def _ended(self, job: BackgroundJob) -> None:
        if self.job is job:
            self.job = None

    def _add(self, page: SearchPage) -> None:
        """A page is in (an abandoned job, superseded by a newer search, delivers nothing)."""
        self.next_key = page.next_key
        if page.hits:
            first = len(self.hits)
            self.beginInsertRows(QModelIndex(), first, first + len(page.hits) - 1)
            self.hits += page.hits
            self.endInsertRows()
            if self._sorted is not None:
                self.sort(*self._sorted)
        self.page_read.emit()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's signature)
        return not parent.isValid() and self.next_key is not None and self.job is None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._read(self.next_key)

    # -- the table -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit, column = self.hits[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(hit, column)
        if role == Qt.ItemDataRole.ToolTipRole and column in (ANNOTATIONS, DOCUMENT):
            return "\n".join(hit.annotations) if column == ANNOTATIONS else \
                f"{hit.title} (document {hit.doc_id}, {hit.start}-{hit.end})"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            right = Qt.AlignmentFlag.AlignRight if column == LEFT else Qt.AlignmentFlag.AlignLeft
            return int(right | Qt.AlignmentFlag.AlignVCenter)
        if column == MATCH and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if column == MATCH and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(HIGHLIGHT)
        if column == MATCH and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#000000"))
        return None

    @staticmethod
    def cell(hit: Hit, column: int) -> str:
        if column == DOCUMENT:
            return hit.title or f"Document {hit.doc_id}"
        if column == LEFT:
            return flat(hit.left)[-CONTEXT:]
        if column == MATCH:
            return flat(hit.match)
        if column == RIGHT:
            return flat(hit.right)[:CONTEXT]
        return "; ".join(hit.annotations)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order the rows read so far by ``column`` (none: the search's own order, by document)."""
        self._sorted = (column, order) if column >= 0 else None
        self.layoutAboutToBeChanged.emit()
        if column >= 0:
            descending = order == Qt.SortOrder.DescendingOrder
            self.hits.sort(key=lambda hit: _sort_key(column, hit), reverse=descending)
        else:
            self.hits.sort(key=lambda hit: hit.key)
        self.layoutChanged.emit()

    def hit(self, row: int) -> Hit:
        return self.hits[row]
