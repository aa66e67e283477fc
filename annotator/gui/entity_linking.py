"""Linking entity spans to the project's entity registry by keyboard.

The link key on a selected entity span asks the project which entities its text may name: one is
linked at once, several are offered in a small numbered picker, none offers "create an entity from this
mention" (Enter takes it). Link-all links every unlinked mention of the span's text, in the document or
the project (found on the background runner: a scan of every span of the label), to the span's entity
in one undo step. Every change is an edit through the session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.entity_edits import CreateEntity, LinkSpan, LinkSpans, UnlinkSpan
from annotator.core.model import ENTITY, Entity, Span
from annotator.gui import keymap
from annotator.gui.document_state import DocumentState
from annotator.gui.documents_model import read_in_background
from annotator.gui.jobs import BackgroundJob
from annotator.gui.mentions import quote
from annotator.gui.plain_text import mnemonic_safe
from annotator.gui.relation_linking import point_below
from annotator.gui.session import Session

PICKER_NUMBERS = 9  # entries 1–9 get a number key


def entity_title(entity: Entity) -> str:
    """``Kofi Annan (PERSON, #3)``: how the window names an entity in one line."""
    return f"{entity.name} ({entity.label}, #{entity.id})"


class EntityLinker(QObject):
    def __init__(self, session: Session, state: DocumentState, view: QWidget) -> None:
        super().__init__(view)
        self.session, self.state, self.view = session, state, view
        self.picker: QMenu | None = None
        self.job: BackgroundJob | None = None  # the project-wide link-all's search

    def create_actions(self, parent: QWidget) -> list[QAction]:
        """The link key, link-all in the document (a key) and in the project (a menu entry)."""
        verbs = (("link_entity", "Link to an entity…", self.link_selected),
                 ("link_all_in_document", "Link all mentions in this document",
                  lambda: self.link_all(in_project=False)),
                 ("link_all_in_project", "Link all mentions in the project",
                  lambda: self.link_all(in_project=True)))
        actions = []
        for binding, title, slot in verbs:
            action = QAction(title, parent)
            if binding:
                keymap.bind(action, binding)
            action.triggered.connect(slot)
            actions.append(action)
        return actions

    def _selected_entity_span(self) -> Span | None:
        state = self.state
        span = state.spans.get(state.selected_span_id) if state.selected_span_id is not None else None
        if span is None or span.kind != ENTITY:
            self.session.message.emit("Select an entity span first, then press "
                                      f"{keymap.key_text('link_entity', sep=' or ')} to link it")
            return None
        return span

    def link_selected(self) -> None:
        """The link key: link at once, pick among several, or offer a new entity from the mention."""
        span = self._selected_entity_span()
        if span is None:
            return
        linked = self.state.entity_of_span(span.id)
        if linked is not None:
            self.session.message.emit(f"{quote(span.text)} is linked to {entity_title(linked)}; unlink it "
                                      "from its context menu")
            return
        proposal = next((p for p in self.session.project.link_proposals(self.state.doc_id)
                         if p.span.id == span.id), None)
        entities = list(proposal.entities) if proposal else []
        if len(entities) == 1:
            self.link(span, entities[0])
            return
        self.picker = self.picker_menu(span, entities)
        self.picker.popup(point_below(self.view, span))

    def picker_menu(self, span: Span, entities: list[Entity]) -> QMenu:
        """Numbered entities (plain text), then "New entity from this mention"; the first is active."""
        menu = QMenu(self.view)
        for number, entity in enumerate(entities, 1):
            prefix = f"&{number} " if number <= PICKER_NUMBERS else ""
            menu.addAction(prefix + mnemonic_safe(entity_title(entity)),
                           lambda entity=entity: self.link(span, entity))
        menu.addAction(f"New entity {mnemonic_safe(quote(span.text))} from this mention",
                       lambda: self.create_from(span))
        menu.setActiveAction(menu.actions()[0])
        return menu

    def link_text(self, span_id: int) -> str:
        """``Kofi Annan (PERSON, #3)`` for a linked span, else nothing: the article's tooltip line."""
        entity = self.state.entity_of_span(span_id)
        return entity_title(entity) if entity is not None else ""

    def link(self, span: Span, entity: Entity) -> None:
        self.session.do(LinkSpan(span.doc_id, span.id, entity.id), f"Linked to {entity_title(entity)}")

    def create_from(self, span: Span) -> None:
        """One step: a new entity named and labelled like the mention, the mention linked to it."""
        name = " ".join(span.text.split())
        self.session.do(CreateEntity(Entity(name, span.label), span.id, span.doc_id),
                        f"New entity {quote(name)}, linked")

    def unlink(self, span: Span) -> None:
        self.session.do(UnlinkSpan(span.doc_id, span.id), "Unlinked")

    def link_all(self, *, in_project: bool) -> None:
        """Link every unlinked mention of the selected span's text to its entity, in one undo step."""
        span = self._selected_entity_span()
        if span is None:
            return
        entity = self.state.entity_of_span(span.id)
        if entity is None:
            self.session.message.emit(f"Link this mention first ({keymap.key_text('link_entity')})")
            return
        if not in_project:
            self._link_found(self.session.project.link_all_edit(entity.id, span.text, span.doc_id), span.text,
                             entity, "this document")
            return
        # Across the project the mentions are found by a scan of every span of the label: in the
        # background, then linked here in one edit.
        self.session.message.emit(f"Finding every unlinked {quote(span.text)} in the project…")
        entity_id, text = entity.id, span.text
        self.job = read_in_background(self, self.session.project,
                                      lambda reader: reader.link_all_edit(entity_id, text))
        self.job.succeeded.connect(lambda edit: self._link_found(edit, text, entity, "the project"))
        self.job.start()

    def _link_found(self, edit: LinkSpans, text: str, entity: Entity, where: str) -> None:
        self.job = None
        if not edit.links:
            self.session.message.emit(f"No other unlinked {quote(text)} in {where}")
            return
        self.session.do(edit, f"Linked {len(edit.links)} mentions of {quote(text)} in {where} to "
                              f"{entity_title(entity)}")
