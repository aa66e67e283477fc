"""The labels palette: every entity label and event type with its colour, key and description.

Buttons trigger the tagging controller's label actions (the same actions the keys fire), so a click
and a key press are one code path. A label without a key still gets a button.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.core.schema import EntityLabel, EventType, Schema

SWATCH_SIZE = 14
MIN_BUTTON_WIDTH = 60


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


class LabelPalette(QScrollArea):
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
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(2)
        self._add_section(layout, "Entities", schema.entity_labels)
        self._add_section(layout, "Events", schema.event_types)
        layout.addStretch(1)
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _add_section(self, layout: QVBoxLayout, heading: str,
                     items: Iterable[EntityLabel | EventType]) -> None:
        items = list(items)
        if not items:
            return
        title = QLabel(heading)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setContentsMargins(0, 6, 0, 2)
        layout.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        grid.setColumnStretch(1, 1)
        for row, item in enumerate(items):
            key = QLabel(key_text(item.key))
            key.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(key, row, 0)
            grid.addWidget(self._button(item), row, 1)
        layout.addLayout(grid)

    def _button(self, item: EntityLabel | EventType) -> QToolButton:
        button = QToolButton()
        button.setText(item.name)
        button.setIcon(swatch_icon(item.color))
        button.setIconSize(QSize(SWATCH_SIZE, SWATCH_SIZE))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        button.setMinimumWidth(MIN_BUTTON_WIDTH)  # long event names may be cut; the tooltip has them whole
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        shortcut = f"\nKey: {key_text(item.key)}" if item.key else ""
        button.setToolTip(f"{item.name}: {item.description or 'no description'}{shortcut}")
        button.setAccessibleName(f"Tag as {item.name}")
        action = self._actions.get(item.name)
        if action is not None:
            button.clicked.connect(action.trigger)
        else:
            button.clicked.connect(lambda _=False, name=item.name: self._apply_label(name))
        self.buttons[item.name] = button
        return button
