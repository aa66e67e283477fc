"""The labels palette: every entity label and event type with its colour, key and description.

Entities and events sit on two tabs, each a grid that takes as many columns as the pane's width allows,
so the whole key map of a schema is readable at once; the palette is as tall as its shown tab (the side
panel around it scrolls on small screens). A filter narrows both tabs by name or key.
Buttons trigger the tagging controller's label actions (the same actions the keys fire), so a click and
a key press are one code path. A label without a key still gets a button.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QFontMetrics, QIcon, QPainter, QPalette, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.schema import EntityLabel, EventType, Schema
from annotator.gui.plain_text import literal_tooltip, mnemonic_safe

SWATCH_SIZE = 14
CELL_CHROME = 3 + SWATCH_SIZE + 16  # a cell's width besides its key and name: gap, swatch, button margins
MAX_COLUMNS = 3
MIN_NAME_CHARS = 11  # a column narrower than this many average characters is not worth having
ENTITIES_TAB, EVENTS_TAB = 0, 1


def swatch_icon(color: str, size: int = SWATCH_SIZE) -> QIcon:
    """A small rounded colour square, outlined so pale colours stay visible on light backgrounds."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    fill = QColor(color)
    painter.setPen(fill.darker(160))
    painter.setBrush(fill)
    painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pixmap)


def key_text(key: str | None) -> str:
    """The schema's ``shift+a`` as people read it: ``Shift+A``."""
    if not key:
        return ""
    return "+".join(part.capitalize() if len(part) > 1 else part.upper() for part in key.split("+"))


def compact_key_text(key: str | None) -> str:
    """The key as printed on keyboards, short enough for a grid cell: ``⇧A``."""
    symbols = {"Shift": "⇧", "Ctrl": "Ctrl+", "Alt": "Alt+"}
    return "".join(symbols.get(part, part) for part in key_text(key).split("+"))


def fitted_name(name: str, metrics: QFontMetrics, room: int) -> str:
    """``name`` if it fits; else its last part after a category (``Justice.Arrest-Jail`` gives
    ``…Arrest-Jail``), which tells labels of one category apart, elided at the end if still too long."""
    if metrics.horizontalAdvance(name) <= room:
        return name
    return metrics.elidedText(short_name(name), Qt.TextElideMode.ElideRight, room)


def short_name(name: str) -> str:
    """``…Arrest-Jail`` for ``Justice.Arrest-Jail``: the part that tells labels of a category apart."""
    last = re.split(r"[./]", name)[-1]
    return f"…{last}" if last != name else name


class LabelCell(QWidget):
    """One label: its key in grey, then a flat button with its colour and name (elided to fit)."""

    def __init__(self, item: EntityLabel | EventType, button: QToolButton) -> None:
        super().__init__()
        self.item = item
        self.button = button
        self.wanted = True  # matches the palette's filter
        self.key = QLabel(compact_key_text(item.key))
        self.key.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.key)
        layout.addWidget(button, 1)

    def matches(self, needle: str) -> bool:
        needle = needle.strip().casefold()
        key = key_text(self.item.key).casefold()
        return not needle or needle in self.item.name.casefold() or needle == key

    def fit(self, key_width: int, width: int) -> None:
        """Give the key column ``key_width`` and elide the name to the rest of ``width``."""
        self.key.setFixedWidth(key_width)
        room = width - key_width - CELL_CHROME
        name = fitted_name(self.item.name, self.button.fontMetrics(), max(room, 20))
        self.button.setText(mnemonic_safe(name))


class LabelGrid(QWidget):
    """Cells in as many columns as fit, filled down each column first, like a printed key map."""

    def __init__(self, cells: list[LabelCell]) -> None:
        super().__init__()
        self.cells = cells
        for cell in cells:
            cell.setParent(self)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(4, 2, 4, 2)
        self._grid.setHorizontalSpacing(8)
        self._grid.setVerticalSpacing(1)
        self._grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._key_width = max((cell.key.sizeHint().width() for cell in cells), default=0)
        self._shape: tuple[int, tuple[LabelCell, ...]] | None = None
        self.columns = 1
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def visible_cells(self) -> list[LabelCell]:
        return [cell for cell in self.cells if cell.wanted]

    def reflow(self) -> None:
        """Lay the shown cells out again for the current width (only if columns or cells changed)."""
        shown = self.visible_cells()
        margins = self._grid.contentsMargins()
        width = self.width() - margins.left() - margins.right()
        spacing = self._grid.horizontalSpacing()
        narrowest = self._key_width + CELL_CHROME + self._name_width(shown)  # as fit() lays a cell out
        columns = max(1, min(MAX_COLUMNS, (width + spacing) // (narrowest + spacing), len(shown) or 1))
        column_width = (width - spacing * (columns - 1)) // columns
        for cell in self.cells:
            cell.fit(self._key_width, column_width)
        if self._shape == (columns, tuple(shown)):
            return
        self._shape = (columns, tuple(shown))
        self.columns = columns
        while self._grid.count():
            self._grid.takeAt(0)
        for cell in self.cells:
            cell.setVisible(cell.wanted)
        rows = -(-len(shown) // columns)
        for number, cell in enumerate(shown):
            self._grid.addWidget(cell, number % rows, number // rows)
        for column in range(MAX_COLUMNS):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)

    def _name_width(self, shown: list[LabelCell]) -> int:
        """Room for the widest name as a cell may shorten it (``…Transfer-Ownership``): more columns
        than that allows would cut names off mid-word."""
        least = self.fontMetrics().averageCharWidth() * MIN_NAME_CHARS
        if not shown:
            return least
        metrics = shown[0].button.fontMetrics()
        return max(least, *(metrics.horizontalAdvance(short_name(cell.item.name)) for cell in shown))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.reflow()


class LabelPalette(QWidget):
    def __init__(
        self,
        schema: Schema,
        actions: Iterable[QAction],
        apply_label: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._actions = {action.data(): action for action in actions}
        self._apply_label = apply_label
        self.buttons: dict[str, QToolButton] = {}
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter labels by name or key")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter labels")
        self.filter_edit.textChanged.connect(self.set_filter)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.grids: list[LabelGrid] = []
        for heading, items in (("Entities", schema.entity_labels), ("Events", schema.event_types)):
            self._add_tab(heading, list(items))
        self.tabs.currentChanged.connect(self._fit_current_tab)
        self._fit_current_tab(self.tabs.currentIndex())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tabs, 1)

    def _fit_current_tab(self, current: int) -> None:
        """The palette is as tall as the shown tab's grid (the side panel scrolls, not the palette):
        hidden tabs ignore their height, so a long Events tab leaves no gap under the Entities."""
        for number, grid in enumerate(self.grids):
            vertical = QSizePolicy.Policy.Preferred if number == current else QSizePolicy.Policy.Ignored
            grid.setSizePolicy(QSizePolicy.Policy.Ignored, vertical)

    def _add_tab(self, heading: str, items: list[EntityLabel | EventType]) -> None:
        grid = LabelGrid([LabelCell(item, self._button(item)) for item in items])
        self.grids.append(grid)
        self.tabs.addTab(grid, f"{heading} ({len(items)})")
        self.tabs.setTabToolTip(self.tabs.count() - 1, f"{heading}: click a name or press its key")

    def set_filter(self, needle: str) -> None:
        """Show only labels whose name contains ``needle`` (or whose key it is), on both tabs; switch to
        the other tab when the current one has no match left."""
        for grid in self.grids:
            for cell in grid.cells:
                cell.wanted = cell.matches(needle)
            grid.reflow()
        current = self.tabs.currentIndex()
        if not self.grids[current].visible_cells():
            other = next((number for number, grid in enumerate(self.grids) if grid.visible_cells()), current)
            self.tabs.setCurrentIndex(other)

    def _button(self, item: EntityLabel | EventType) -> QToolButton:
        button = QToolButton()
        button.setText(mnemonic_safe(item.name))
        button.setIcon(swatch_icon(item.color))
        button.setIconSize(QSize(SWATCH_SIZE, SWATCH_SIZE))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        shortcut = f"\nKey: {key_text(item.key)}" if item.key else ""
        button.setToolTip(literal_tooltip(f"{item.name}: {item.description or 'no description'}{shortcut}"))
        button.setAccessibleName(f"Tag as {item.name}")
        action = self._actions.get(item.name)
        if action is not None:
            button.clicked.connect(action.trigger)
        else:
            button.clicked.connect(lambda _=False, name=item.name: self._apply_label(name))
        self.buttons[item.name] = button
        return button
