"""The article's context menu: on an entity, "Link to…" (the relation types it may head; then click the
other end), "Unlink from <entity>" when it is linked to the registry, and "Note…"; on an event's
trigger, its note; elsewhere, a note on the document; Copy when text is selected."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from annotator.core.model import ENTITY, ON_DOCUMENT, ON_EVENT, ON_SPAN
from annotator.gui.entity_linking import EntityLinker, entity_title
from annotator.gui.notes import NoteKeeper
from annotator.gui.plain_text import mnemonic_safe
from annotator.gui.tagging import TaggingController


class SpanMenu:
    def __init__(self, controller: TaggingController, notes: NoteKeeper, entities: EntityLinker) -> None:
        self._controller = controller
        self._notes = notes
        self._entities = entities
        view = controller.view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self.open_at)
        self.menu: QMenu | None = None

    def build(self, point: QPoint) -> QMenu:
        """The menu for a point of the article's viewport."""
        controller, view = self._controller, self._controller.view
        state = controller.state
        span_id = view.span_at(QPointF(point))
        span = state.spans.get(span_id) if span_id is not None else None
        menu = QMenu(view)
        if view.textCursor().hasSelection():
            menu.addAction("Copy", QKeySequence.StandardKey.Copy, view.copy)
            menu.addSeparator()
        if span is not None and span.kind == ENTITY:
            types = controller.links.type_menu(span, menu)
            types.setTitle("Link to…")
            types.setEnabled(bool(types.actions()))
            menu.addMenu(types)
            entity = state.entity_of_span(span.id)
            if entity is not None:
                menu.addAction(f"Unlink from {mnemonic_safe(entity_title(entity))}",
                               lambda: self._entities.unlink(span))
            menu.addAction("Note…", lambda: self._notes.edit(ON_SPAN, span.id))
        elif span is not None and state.event_of_trigger(span.id) is not None:
            event = state.event_of_trigger(span.id)
            menu.addAction("Note on the event…", lambda: self._notes.edit(ON_EVENT, event.id))
        if state.doc_id is not None:
            menu.addAction("Note on the document…", lambda: self._notes.edit(ON_DOCUMENT, None))
        return menu

    def open_at(self, point: QPoint) -> None:
        self.menu = self.build(point)
        self.menu.popup(self._controller.view.viewport().mapToGlobal(point))
