"""A report table (formats/agreement_tables.Table) as a read-only Qt view over a light model.

A report can hold thousands of rows (each document and pair), so cells are not items: the model hands the
view the strings it paints, columns are sized from the longest string of each, and a long table scrolls
inside a view of at most ``SHOWN_ROWS`` rows instead of growing the page. Cells are plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from annotator.formats.agreement_tables import Table

SHOWN_ROWS = 25
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

Index = QModelIndex | QPersistentModelIndex


class ReportTableModel(QAbstractTableModel):
    def __init__(self, table: Table, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.table.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.table.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_LEFT if index.column() < self.table.names else _RIGHT)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.table.headers[section]
        return None


def table_view(table: Table, parent: QWidget | None = None) -> QTableView:
    """The table, named by its title, as tall as its rows up to ``SHOWN_ROWS`` (then it scrolls)."""
    view = QTableView(parent)
    view.setObjectName(table.title)
    view.setAccessibleName(table.title)
    view.setModel(ReportTableModel(table, view))
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    rows = view.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    metrics, header = view.fontMetrics(), view.horizontalHeader()
    rows.setDefaultSectionSize(metrics.height() + 8)
    for column, title in enumerate(table.headers):
        longest = max((row[column] for row in table.rows), key=len, default="")
        header.resizeSection(column, max(metrics.horizontalAdvance(text) for text in (longest, title)) + 24)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    shown = min(len(table.rows), SHOWN_ROWS)
    view.setFixedHeight(header.sizeHint().height() + shown * rows.defaultSectionSize()
                        + 2 * view.frameWidth() + 4)
    if len(table.rows) <= SHOWN_ROWS:
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return view
