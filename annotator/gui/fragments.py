"""Discontinuous spans (brat's ``T1 ORG 0 5;12 17``) made in the article: select the first piece, then
Ctrl+drag over each further piece; the pieces stay highlighted, and a label key tags them as one entity
with fragments (one ``AddSpan``). A selection made without Ctrl, a click, an edit, Escape, or another
document starts over. Part of the tagging controller, which hands it selections and label keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from annotator.core.edits import AddSpan
from annotator.core.model import ENTITY, Span
from annotator.nlp.tokens import trim_whitespace

if TYPE_CHECKING:
    from annotator.gui.span_painting import Geometry, Mark, Piece
    from annotator.gui.tagging import TaggingController

PIECE_COLOR = QColor(255, 213, 79, 140)


class FragmentCollector(QObject):
    def __init__(self, controller: TaggingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.pieces: list[tuple[int, int]] = []  # the pieces so far, the last one still being selected
        self._adding = False  # the selection under way began with Ctrl held
        self._edits = -1  # the undo stack's index when the first piece was selected
        controller.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            self._adding = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        return False

    def take_selection(self) -> bool:
        """A selection was made: remember it as a piece; say whether it added to earlier pieces (then
        the controller does nothing else with it)."""
        adding, self._adding = self._adding, False
        selected = self.controller.view.selected_range()
        if selected is None:
            return False
        edits = self.controller.session.undo_stack.index()
        if not adding or not self.pieces or edits != self._edits:  # an edit since: the pieces are stale
            self.pieces = [selected]  # as selected: trimmed and snapped only if it becomes a piece
            self._edits = edits
            self._show()
            return False
        pieces = [self._bounds(*piece) for piece in {*self.pieces, selected}]
        self.pieces = sorted({piece for piece in pieces if piece is not None})
        self._show()
        self.controller.session.message.emit(
            f"{len(self.pieces)} pieces selected: press a label's key to tag them as one entity "
            "(Ctrl+drag adds another, Esc starts over)")
        return True

    def _bounds(self, start: int, end: int) -> tuple[int, int] | None:
        """A piece trimmed of whitespace and, when snapping is on, widened to whole tokens."""
        start, end = trim_whitespace(self.controller.state.text, start, end)
        if start < end and self.controller._snapping:
            start, end = self.controller._snap(start, end)
        return (start, end) if start < end else None

    @property
    def pending(self) -> bool:
        return len(self.pieces) > 1

    def reset(self) -> None:
        if self.pieces:
            self.pieces = []
            self._show()

    def tag(self, label: str) -> None:
        """Tag the pieces as one entity labelled ``label``."""
        controller = self.controller
        text = controller.state.text
        start, end = self.pieces[0][0], self.pieces[-1][1]
        span = Span(start, end, label, ENTITY, text=text[start:end], fragments=tuple(self.pieces))
        changes = controller.session.do(AddSpan(controller.doc_id, span),
                                        f"Tagged {len(self.pieces)} pieces as one {label}")
        if changes is not None:
            self.reset()
            controller._select_new_span(changes)

    def _show(self) -> None:
        """Highlight every piece but the one still selected (Qt shows that one)."""
        view = self.controller.view
        marks = []
        if len(self.pieces) > 1:
            for start, end in self.pieces:
                mark = QTextEdit.ExtraSelection()
                mark.cursor = QTextCursor(view.document())
                mark.cursor.setPosition(view.offset_map.to_foreign(start))
                mark.cursor.setPosition(view.offset_map.to_foreign(end), QTextCursor.MoveMode.KeepAnchor)
                mark.format = QTextCharFormat()
                mark.format.setBackground(PIECE_COLOR)
                marks.append(mark)
        view.setExtraSelections(marks)


def mark_pieces(geometry: Geometry, mark: Mark, to_foreign: Callable[[int], int]) -> list[Piece]:
    """Where a mark is painted: its extent, or each of its fragments (never the gaps between them)."""
    if not mark.span.fragments:
        return geometry.pieces(mark.start, mark.end)
    return [piece for start, end in mark.span.fragments
            for piece in geometry.pieces(to_foreign(start), to_foreign(end))]
