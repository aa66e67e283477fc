"""The document list: a status filter, a search box and the lazily paged table.

Choosing a row makes that document current in the session; the session's current document, however it
changed (next/previous, mark done), selects its row here. The title takes the room: status is a small
icon (its name in the tooltip) and the count columns are as narrow as their headings. Search is
debounced so typing does not run a query per key press, and runs in the background (see
documents_model).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QItemSelectionModel, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.edits import Changes
from annotator.core.model import STATUS_INFO, STATUSES
from annotator.gui.documents_model import EVENTS, SPANS, STATUS, TITLE, DocumentsModel
from annotator.gui.focus import frame_focus
from annotator.gui.session import Session

SEARCH_DELAY_MS = 300
CELL_PADDING = 12  # a cell's margins and a little air
# How far each status's dot is filled (None: struck through), and its colour: readable on light and dark
# bases and on the selection.
STATUS_MARKS = {"new": (0.0, "#8c8c8c"), "in_progress": (0.5, "#e09b00"), "done": (1.0, "#2e9e44"),
                "skipped": (None, "#8c8c8c")}
_STATUS_OF_TEXT = {name.replace("_", " "): name for name in STATUSES}  # the model shows "in progress"


@cache  # four statuses, a size or two: drawn once, not per cell per paint
def status_icon(status: str, size: int) -> QIcon:
    """A dot that fills as work progresses: hollow (new), half (in progress), full (done); a struck
    circle for skipped."""
    filled, color = STATUS_MARKS[status]
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(color), 1.5))
    circle = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.drawEllipse(circle)
    painter.setBrush(QColor(color))
    if filled == 1.0:
        painter.drawEllipse(circle)
    elif filled:
        painter.drawPie(circle, 90 * 16, 180 * 16)  # the left half, as a clock's hand has swept it
    elif filled is None:
        painter.drawLine(circle.bottomLeft() + QPointF(2, -2), circle.topRight() + QPointF(-2, 2))
    painter.end()
    return QIcon(pixmap)


class StatusIcons(QStyledItemDelegate):
    """The status column as icons alone (the status's name is the cell's tooltip)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        status = _STATUS_OF_TEXT.get(index.data(Qt.ItemDataRole.DisplayRole))
        option.text = ""
        if status is not None:
            size = option.fontMetrics.height() - 2
            option.icon = status_icon(status, size)
            option.decorationSize = QSize(size, size)
            option.decorationAlignment = Qt.AlignmentFlag.AlignCenter
            option.displayAlignment = Qt.AlignmentFlag.AlignCenter
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration


class DocumentsPane(QWidget):
    filter_changed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.model = DocumentsModel(session.project, self)

        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status filter")
        self.status_combo.addItem("All statuses", None)
        for status in STATUS_INFO.values():
            self.status_combo.addItem(status.title, status.name)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search titles and text")
        self.search_edit.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        frame_focus(self.table)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(0)
        # Fixed widths from the font, not ResizeToContents: sizing a column by its contents asks the
        # model for every row when the view is hidden or short, which here means reading every page.
        metrics = self.fontMetrics()
        self.table.setItemDelegateForColumn(STATUS, StatusIcons(self.table))
        widths = {STATUS: metrics.height() + CELL_PADDING}
        for column in (SPANS, EVENTS):
            label = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            widths[column] = max(map(metrics.horizontalAdvance, ["9999", label])) + CELL_PADDING
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, width)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionsClickable(True)

        filters = QHBoxLayout()
        filters.addWidget(self.status_combo)
        filters.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self.status_combo.currentIndexChanged.connect(self._apply_filter)
        self.search_edit.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self._apply_filter)
        self.model.search_finished.connect(self._show_filtered)
        header.sectionClicked.connect(self._sort_by)
        self.table.selectionModel().currentRowChanged.connect(self._open_row)
        session.current_changed.connect(self.show_document)
        session.changed.connect(self._refresh)

    def _refresh(self, changes: Changes) -> None:
        self.model.refresh(changes)
        if changes.documents:
            self.show_document(self._session.current_doc_id)

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(self.status_combo.currentData(), self.search_edit.text().strip())
        if not self.model.searching:
            self._show_filtered()

    def _show_filtered(self) -> None:
        self.show_document(self._session.current_doc_id)
        self.filter_changed.emit()

    def _sort_by(self, column: int) -> None:
        header = self.table.horizontalHeader()
        if self.model.sort_column() == column:
            order = Qt.SortOrder.AscendingOrder if self.model.descending else Qt.SortOrder.DescendingOrder
        else:
            order = Qt.SortOrder.AscendingOrder
        self.model.sort(column, order)
        header.setSortIndicator(self.model.sort_column(), order)
        self.show_document(self._session.current_doc_id)

    def _open_row(self, current, _previous) -> None:
        doc_id = self.model.doc_id(current.row()) if current.isValid() else None
        if doc_id is not None:
            self._session.set_current(doc_id)

    def show_document(self, doc_id: int | None) -> None:
        """Select the row of ``doc_id`` if the filter shows it; clear the selection otherwise."""
        self.model.focus = doc_id
        row = self.model.find_row(doc_id) if doc_id is not None else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.model.index(row, TITLE)
        if selection.currentIndex().row() != row or not selection.isRowSelected(row):
            flags = QItemSelectionModel.SelectionFlag
            selection.setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)
        self.table.scrollTo(index)

    def current_row(self) -> int | None:
        doc_id = self._session.current_doc_id
        return self.model.row_of(doc_id) if doc_id is not None else None

    def position_text(self) -> str:
        """"12 / 340": where the current document sits in the list as filtered."""
        row = self.current_row()
        return f"{'–' if row is None else row + 1} / {self.model.total}"

