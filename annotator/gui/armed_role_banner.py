"""A banner over the article and a cross cursor while a role is armed.

The status bar alone was easy to miss: an analyst would arm a role, forget it, and fill it by accident.
The banner sits in a margin at the top of the article view (the text moves down by its height rather
than hiding under it) and says which role of which event the next selection fills. It follows the
:class:`DocumentState`'s selection, so it goes as soon as the role is filled, cancelled or its event
deselected.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit

from annotator.core.schema import Schema
from annotator.gui import keymap
from annotator.gui.document_state import DocumentState
from annotator.gui.status_hints import armed_role_text


class ArmedRoleBanner(QLabel):
    def __init__(self, view: QPlainTextEdit, state: DocumentState, schema: Schema) -> None:
        super().__init__(view)
        self._view = view
        self._state = state
        self._schema = schema
        self._cursor_before: QCursor | None = None
        self.setObjectName("armed_role_banner")
        self.setTextFormat(Qt.TextFormat.PlainText)  # event types and roles come from a schema file
        self.setWordWrap(True)
        self.setStyleSheet("#armed_role_banner { background: palette(highlight); "
                           "color: palette(highlighted-text); font-weight: bold; padding: 3px 8px; }")
        self.hide()
        view.installEventFilter(self)
        state.selection_listeners.append(self.refresh)
        self.destroyed.connect(lambda: state.selection_listeners.remove(self.refresh))

    def refresh(self) -> None:
        text = armed_role_text(self._state, self._schema, keymap.names)
        self.setText(text)
        self.setVisible(bool(text))
        viewport = self._view.viewport()
        if text and self._cursor_before is None:
            self._cursor_before = viewport.cursor()
            viewport.setCursor(Qt.CursorShape.CrossCursor)
        elif not text and self._cursor_before is not None:
            viewport.setCursor(self._cursor_before)
            self._cursor_before = None
        self._place()

    def _place(self) -> None:
        """Open a margin above the viewport for the banner, or close it."""
        if self.isHidden():
            self._view.setViewportMargins(0, 0, 0, 0)
            return
        area = self._view.contentsRect()
        height = self.heightForWidth(area.width())
        self._view.setViewportMargins(0, height, 0, 0)
        self.setGeometry(area.left(), area.top(), area.width(), height)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return super().eventFilter(watched, event)
