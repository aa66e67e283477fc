"""Widening and shrinking the selected span by whole tokens, with the keyboard or by dragging an edge.

Keys (the keymap's ``move_start_*`` and ``move_end_*``): Alt+Shift+Left/Right move the span's start a
token left or right, Ctrl+Alt+Left/Right move its end; the arrow says which way the edge goes. With the
mouse, press on the selected span's first or last character edge and drag: the edge lands on the
nearest token edge when snapping is on (on the character otherwise). Either way it is one
:class:`ResizeSpan`, one undo step, and the span keeps its row, so the events using it keep it.
"""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QAction, QMouseEvent, QTextCursor
from PySide6.QtWidgets import QWidget

from annotator.core.edits import ResizeSpan
from annotator.core.model import Span
from annotator.errors import AnnotatorError
from annotator.gui import keymap
from annotator.nlp.span_edges import END, START, moved_edge, nearest_edge

if TYPE_CHECKING:
    from annotator.gui.tagging import TaggingController

EDGE_GRAB = 4  # pixels either side of an edge that grab it
MOVES = (("move_start_left", START, -1), ("move_start_right", START, +1),
         ("move_end_left", END, -1), ("move_end_right", END, +1))


class BoundaryEditor(QObject):
    def __init__(self, controller: TaggingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self._dragging: tuple[int, str] | None = None  # span id, edge
        viewport = controller.view.viewport()
        viewport.setMouseTracking(True)  # the edge cursor shows on hover
        viewport.installEventFilter(self)

    def create_actions(self, parent: QWidget) -> list[QAction]:
        actions = []
        for binding, edge, step in MOVES:
            action = QAction(keymap.KEYMAP[binding].title, parent)
            keymap.bind(action, binding)
            action.triggered.connect(partial(self.move, edge, step))
            actions.append(action)
        return actions

    def _selected(self) -> Span | None:
        span_id = self.controller.selected_span_id
        return self.controller.state.spans.get(span_id) if span_id is not None else None

    @property
    def _language(self) -> str:
        return self.controller.session.project.schema.language

    # -- keys --------------------------------------------------------------------------------------

    def move(self, edge: str, step: int) -> None:
        """Move one edge of the selected span by a token."""
        span, session = self._selected(), self.controller.session
        if span is None:
            session.message.emit("Click a span to select it, then move its edges")
            return
        try:
            moved = moved_edge(self.controller.state.text, span.start, span.end, edge, step, self._language)
        except AnnotatorError as error:
            session.message.emit(str(error))
            return
        if moved is None:
            session.message.emit(f"The span's {edge} cannot move further that way")
            return
        self._resize(span, *moved)

    def _resize(self, span: Span, start: int, end: int) -> None:
        if self.controller.session.do(ResizeSpan(span.doc_id, span.id, start, end)) is not None:
            text = self.controller.state.text[start:end]
            self.controller.session.message.emit(f"{span.label} now reads \u201c{text}\u201d")

    # -- mouse -------------------------------------------------------------------------------------

    def _edge_at(self, point: QPointF) -> str | None:
        """The selected span's edge under ``point``, if any; none while a role is armed, when a press
        starts the selection that fills the role (and the pointer is the armed role's cross)."""
        span = self._selected()
        if span is None or self.controller.armed_role is not None:
            return None
        view = self.controller.view
        for edge, offset in ((START, span.start), (END, span.end)):
            cursor = QTextCursor(view.document())
            cursor.setPosition(view.offset_map.to_foreign(offset))
            rect = view.cursorRect(cursor)
            if abs(point.x() - rect.center().x()) <= EDGE_GRAB and rect.top() <= point.y() <= rect.bottom():
                return edge
        return None

    def _extent(self, span: Span, edge: str, point: QPointF) -> tuple[int, int] | None:
        """Where the dragged edge lands: the span's new offsets, or None if it would be empty."""
        view = self.controller.view
        position = view.offset_map.to_code_points(view.cursorForPosition(point.toPoint()).position())
        if self.controller._snapping:
            # A language spaCy cannot tokenize: the edge goes where it was dropped.
            with suppress(AnnotatorError):
                position = nearest_edge(self.controller.state.text, position, edge, self._language)
        start, end = (position, span.end) if edge == START else (span.start, position)
        return (start, end) if start < end else None

    def _show_extent(self, point: QPointF) -> None:
        """While an edge is dragged, the text it would cover is the article's selection."""
        span_id, edge = self._dragging
        span = self.controller.state.spans.get(span_id)
        extent = self._extent(span, edge, point) if span else None
        view = self.controller.view
        if extent is None:
            view.clear_text_selection()
            return
        view.select_text(*extent, reveal=False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(event, QMouseEvent):
            return False
        kind, viewport = event.type(), self.controller.view.viewport()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            plain = event.modifiers() == Qt.KeyboardModifier.NoModifier
            edge = self._edge_at(event.position()) if plain else None
            if edge is not None:
                self._dragging = (self.controller.selected_span_id, edge)
                return True
        elif kind == QEvent.Type.MouseMove and self._dragging is None:
            if self.controller.armed_role is None:  # armed, the pointer stays the armed role's cross
                near = self._edge_at(event.position()) is not None
                viewport.setCursor(Qt.CursorShape.SizeHorCursor if near else Qt.CursorShape.IBeamCursor)
        elif kind == QEvent.Type.MouseMove:
            self._show_extent(event.position())
            return True
        elif kind == QEvent.Type.MouseButtonRelease and self._dragging is not None:
            (span_id, edge), self._dragging = self._dragging, None
            self.controller.view.clear_text_selection()
            span = self.controller.state.spans.get(span_id)
            extent = self._extent(span, edge, event.position()) if span else None
            if span is not None and extent is not None and extent != (span.start, span.end):
                self._resize(span, *extent)
            return True
        return False
