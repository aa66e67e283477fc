"""A click on a suggestion accepts it: one action per accepted suggestion.

With a role armed, the accepted entity fills that role in the same edit; an accepted trigger becomes the
selected event, so its roles can be filled next (the Suggestions menu's Enter does the same through
:meth:`SuggestionClicks.select_created`). Part of the tagging controller: it hears the article's click
after the controller has, so the click's own clearing of the selection comes first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from annotator.core.edits import AddArgument, Changes
from annotator.core.model import TRIGGER, Span
from annotator.core.suggestions import accept_edit

if TYPE_CHECKING:
    from annotator.gui.tagging import TaggingController


class SuggestionClicks(QObject):
    def __init__(self, controller: TaggingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self._released_at: QPointF | None = None
        controller.view.viewport().installEventFilter(self)
        controller.view.span_clicked.connect(self._on_click)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Only notes where the left button went up; the view goes on to handle the click itself."""
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            self._released_at = event.position()
        return False

    def _on_click(self, span_id: int) -> None:
        point, self._released_at = self._released_at, None
        controller = self.controller
        if span_id >= 0 or point is None or controller.doc_id is None:
            return
        suggestion = controller.view.suggestion_at(point)
        if suggestion is None:
            return
        if controller.armed_role is not None and controller.selected_event_id is not None:
            self._fill_armed_role(suggestion)
        else:
            self.select_created(controller.session.do(accept_edit(controller.doc_id, suggestion)))

    def _fill_armed_role(self, suggestion: Span) -> None:
        controller = self.controller
        if suggestion.kind == TRIGGER:
            controller.session.message.emit(
                f"{suggestion.label} is an event trigger; a trigger never fills {controller.armed_role}")
            return
        accepted = Span(suggestion.start, suggestion.end, suggestion.label, text=suggestion.text,
                        source=suggestion.source, confidence=suggestion.confidence)
        controller._fill(AddArgument(controller.doc_id, controller.selected_event_id, controller.armed_role,
                                     new_span=accepted))

    def select_created(self, changes: Changes | None) -> None:
        """After an accept: an event it created becomes the selection."""
        if changes is not None and changes.events:
            self.controller.select_event(min(changes.events))
