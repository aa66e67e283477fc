"""A small folded corner on every span (an event: its trigger) that carries a note, painted as one of the
article view's ``overlays``; the note itself is read in the panes."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPolygonF, QTextCursor

from annotator.core.model import ON_EVENT, ON_SPAN
from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentDelta, DocumentState

NOTE_COLOR = QColor("#f9a825")
SIZE = 7.0


class NoteMarkers:
    def __init__(self, view: ArticleView, state: DocumentState) -> None:
        self._view = view
        self._state = state
        view.overlays.append(self.paint)
        state.listeners.append(self._on_state)

    def _on_state(self, delta: DocumentDelta) -> None:
        if delta.notes or (delta.spans & self.noted_spans()):
            self._view.viewport().update()

    def noted_spans(self) -> set[int]:
        state = self._state
        found = set()
        for note in state.notes.values():
            if note.target == ON_SPAN and note.target_id in state.spans:
                found.add(note.target_id)
            elif note.target == ON_EVENT and note.target_id in state.events:
                found.add(state.events[note.target_id].trigger_id)
        return found

    def paint(self, painter: QPainter) -> None:
        noted = self.noted_spans()
        if not noted:
            return
        view = self._view
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(NOTE_COLOR)
        cursor = QTextCursor(view.document())
        for span_id in noted:
            cursor.setPosition(view.offset_map.to_foreign(self._state.spans[span_id].end))
            corner = view.cursorRect(cursor)
            x, y = corner.left(), corner.top()
            painter.drawPolygon(QPolygonF([QPointF(x - SIZE, y), QPointF(x, y), QPointF(x, y + SIZE)]))
        painter.restore()
