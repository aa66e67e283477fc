"""Linking two entities with a relation, by keyboard or mouse, the way a role is filled.

Select the head entity and press the link key: the relation types its label may head are offered (one
is armed at once, several in a small menu); a relation type with a key of its own in the schema is armed
by that key. The nearest entity that may be the tail is preselected as the article's text selection,
the same key again steps to the next candidate, and Enter (or a click on any entity, or selecting its
text) takes it: one undoable ``AddRelation``. Escape disarms. Part of the tagging controller, which
hands it clicks, selections and Escape while a relation is armed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import ENTITY, Span
from annotator.core.relation_edits import AddRelation
from annotator.core.role_candidates import distance
from annotator.core.schema import RelationType
from annotator.gui import keymap
from annotator.gui.mentions import quote
from annotator.gui.plain_text import mnemonic_safe

if TYPE_CHECKING:
    from annotator.gui.tagging import TaggingController


def point_below(view, span: Span) -> QPoint:
    """The screen point just under the span's start in the article ``view``: where its pickers open."""
    cursor = view.textCursor()
    cursor.setPosition(view.offset_map.to_foreign(span.start))
    return view.viewport().mapToGlobal(view.cursorRect(cursor).bottomLeft())


class RelationLinker(QObject):
    def __init__(self, controller: TaggingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.armed: tuple[str, int] | None = None  # relation type, head span id
        self._candidates: list[int] = []
        self._index = -1

    @property
    def _state(self):
        return self.controller.state

    def create_actions(self, parent: QWidget) -> list[QAction]:
        """The link key, then one action per relation type the schema gives a key of its own."""
        link = QAction("Link the selected entity to another…", parent)
        keymap.bind(link, "link")
        link.triggered.connect(self.press_key)
        actions = [link]
        for relation_type in self.controller.session.project.schema.relation_types:
            if relation_type.key:
                action = QAction(mnemonic_safe(relation_type.name), parent)
                action.setShortcut(QKeySequence(relation_type.key))
                action.setProperty("keymap_id", "relation_keys")
                action.triggered.connect(lambda _=False, name=relation_type.name: self.press_type(name))
                actions.append(action)
        return actions

    def types_for(self, span: Span) -> list[RelationType]:
        schema = self.controller.session.project.schema
        return [t for t in schema.relation_types if t.may_start_at(span.label)]

    # -- arming ------------------------------------------------------------------------------------

    def press_key(self) -> None:
        """The link key: offer the relation types of the selected entity, or show the next candidate."""
        if self.armed is not None:
            self._show(self._index + 1)
            return
        state = self._state
        head = state.spans.get(state.selected_span_id) if state.selected_span_id is not None else None
        if head is None or head.kind != ENTITY:
            self.controller.session.message.emit("Select an entity first, then press "
                                                 f"{keymap.key_text('link', sep=' or ')} to link it")
            return
        types = self.types_for(head)
        if not types:
            self.controller.session.message.emit(f"No relation type of this schema starts at a {head.label}")
        elif len(types) == 1:
            self.arm(types[0].name, head.id)
        else:
            self.type_menu(head, self.controller.view).popup(self._below(head))

    def press_type(self, type_name: str) -> None:
        """A relation type's own key: arm it from the selected entity, or, armed already, the next tail."""
        if self.armed is not None and self.armed[0] == type_name:
            self._show(self._index + 1)
            return
        state = self._state
        head = state.spans.get(state.selected_span_id) if state.selected_span_id is not None else None
        relation_type = self.controller.session.project.schema.relation_type(type_name)
        if head is None or head.kind != ENTITY:
            self.controller.session.message.emit(f"Select an entity first, then press {type_name}'s key")
        elif not relation_type.may_start_at(head.label):
            self.controller.session.message.emit(f"A {head.label} cannot start a {type_name} relation")
        else:
            self.arm(type_name, head.id)

    def type_menu(self, head: Span, parent: QWidget) -> QMenu:
        """The relation types ``head`` may head, each arming itself (number keys pick one)."""
        menu = QMenu(parent)
        for number, relation_type in enumerate(self.types_for(head), start=1):
            prefix = f"&{number}  " if number <= 9 else ""
            action = menu.addAction(prefix + mnemonic_safe(relation_type.name))
            action.setToolTip(relation_type.description or relation_type.name)
            action.triggered.connect(lambda _=False, name=relation_type.name: self.arm(name, head.id))
        return menu

    def _below(self, span: Span) -> QPoint:
        return point_below(self.controller.view, span)

    def arm(self, type_name: str, head_id: int) -> None:
        """Arm a relation from ``head_id`` and preselect the nearest entity that may be its tail."""
        state = self._state
        head = state.spans.get(head_id)
        relation_type = self.controller.session.project.schema.relation_type(type_name)
        if head is None or relation_type is None:
            return
        self.controller.select_span(head_id)
        self.armed = (type_name, head_id)
        linked = {r.tail_id for r in state.relations.values() if (r.type, r.head_id) == (type_name, head_id)}
        found = [span for span in state.spans.values() if span.kind == ENTITY and span.id != head_id
                 and span.id not in linked and relation_type.accepts(head.label, span.label)]
        found.sort(key=lambda span: (distance(span, head), span.start, span.end))  # as role candidates
        self._candidates = [span.id for span in found]
        self._show(0)

    def _show(self, index: int) -> None:
        """Make candidate ``index`` (wrapping round) the article's selection and say how to take it."""
        type_name, head_id = self.armed
        candidates = [span_id for span_id in self._candidates if span_id in self._state.spans]
        head = self._state.spans[head_id]
        if not candidates:
            self._index = -1
            self.controller.session.message.emit(
                f"{type_name} from {quote(head.text)}: no entity can be its other end yet; tag one and "
                "click it (Esc cancels)")
            return
        self._index = index % len(candidates)
        tail = self._state.spans[candidates[self._index]]
        self.controller.view.select_text(tail.start, tail.end)
        again = f", {keymap.key_text('link', sep=' or ')} the next one" if len(candidates) > 1 else ""
        self.controller.session.message.emit(
            f"{type_name}: {quote(head.text)} → {tail.label} {quote(tail.text)} ({self._index + 1} of "
            f"{len(candidates)}) — {keymap.key_text('tag_selection', sep=' or ')} links it{again}; or click "
            "an entity; Esc cancels")

    def disarm(self) -> None:
        self.armed, self._candidates, self._index = None, [], -1

    # -- taking the tail -----------------------------------------------------------------------------

    def use_selection(self) -> None:
        """Enter on the preselected candidate, or text selected by hand: the entity on exactly it."""
        bounds = self.controller._selection_bounds()
        if bounds is None:
            return
        tail = next((span for span in self._state.spans_at(*bounds) if span.kind == ENTITY), None)
        if tail is None:
            self.controller.session.message.emit("Select exactly an entity's text, or click the entity")
            return
        self.take(tail.id)

    def take(self, tail_id: int) -> None:
        """Link the armed head to ``tail_id``; a link the schema refuses keeps the relation armed."""
        type_name, head_id = self.armed
        tail = self._state.spans.get(tail_id)
        if tail is None:
            return
        head = self._state.spans[head_id]
        done = self.controller.session.do(
            AddRelation(self._state.doc_id, type_name, head_id, tail_id),
            f"Linked {quote(head.text)} {type_name} {quote(tail.text)}")
        if done is not None:
            self.disarm()
            self.controller.view.clear_text_selection()
