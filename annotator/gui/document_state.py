"""The open document, held once for every view: its text, spans, events, relations, attribute values,
notes, suggestions and selection.

The selection and the armed role change only through :meth:`DocumentState.select` and
:attr:`DocumentState.armed_role`, which tell the selection listeners, so every view showing them (the
status hint, the armed-role banner, the event pane's highlight) leaves with the state it belongs to.

Views used to keep their own copies and each re-read the document from SQL after every edit. This state
loads a document once, then reads only the rows a :class:`Changes` names, and tells its listeners what
changed as a :class:`DocumentDelta`, in the order they registered (so no view relies on a timer to run
after another). It imports no Qt, so it is tested without a window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from annotator.core.edits import Changes
from annotator.core.model import (
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    AttributeValue,
    Document,
    Entity,
    EntityLink,
    Event,
    Note,
    Relation,
    Span,
)


class DocumentSource(Protocol):
    """What the state reads; :class:`annotator.project.Project` satisfies it."""

    def document(self, doc_id: int) -> Document: ...
    def spans(self, doc_id: int) -> list[Span]: ...
    def events(self, doc_id: int) -> list[Event]: ...
    def span(self, span_id: int) -> Span: ...
    def event(self, event_id: int) -> Event: ...
    def relations(self, doc_id: int) -> list[Relation]: ...
    def attributes(self, doc_id: int) -> list[AttributeValue]: ...
    def notes(self, doc_id: int) -> list[Note]: ...
    def relation(self, relation_id: int) -> Relation: ...
    def note(self, note_id: int) -> Note: ...
    def attributes_on(self, target: str, target_ids: Iterable[int]) -> list[AttributeValue]: ...
    def links(self, doc_id: int) -> list[EntityLink]: ...
    def links_of_spans(self, span_ids: Iterable[int]) -> list[EntityLink]: ...
    def entities(self, entity_ids: Iterable[int] | None = None) -> list[Entity]: ...


@dataclass(frozen=True)
class DocumentDelta:
    """What one load or edit changed. ``loaded`` means a whole (possibly no) document replaced the last."""

    loaded: bool = False
    added_spans: frozenset[int] = frozenset()
    changed_spans: frozenset[int] = frozenset()
    removed_spans: frozenset[int] = frozenset()
    changed_events: frozenset[int] = frozenset()  # added or changed
    removed_events: frozenset[int] = frozenset()
    old_spans: dict[int, Span] = field(default_factory=dict)  # the previous state of changed/removed spans
    relations: frozenset[int] = frozenset()  # added, changed or removed (a span's removal takes its own)
    notes: frozenset[int] = frozenset()  # added, changed or removed
    links: frozenset[int] = frozenset()  # spans whose entity link was made, changed or removed
    entities: frozenset[int] = frozenset()  # registry entries added, changed or removed

    @property
    def spans(self) -> frozenset[int]:
        return self.added_spans | self.changed_spans | self.removed_spans

    @property
    def events(self) -> frozenset[int]:
        return self.changed_events | self.removed_events


Listener = Callable[[DocumentDelta], None]
SelectionListener = Callable[[], None]


class DocumentState:
    """The open document and what the analyst has selected in it."""

    def __init__(self, source: DocumentSource) -> None:
        self.source = source
        self.doc_id: int | None = None
        self.document: Document = Document("")
        self.spans: dict[int, Span] = {}
        self._extents: dict[tuple[int, int], set[int]] = {}  # span ids by (start, end)
        self.events: dict[int, Event] = {}
        self.relations: dict[int, Relation] = {}
        self._values: dict[tuple[str, int], dict[str, AttributeValue]] = {}  # by (target, id), then name
        self.notes: dict[int, Note] = {}
        self.links: dict[int, int] = {}  # entity id by linked span id
        self.entities: dict[int, Entity] = {}  # the entities the document's links name
        self.suggestions: list[Span] = []
        self.selected_span_id: int | None = None
        self.selected_event_id: int | None = None
        self._armed_role: str | None = None
        self.listeners: list[Listener] = []
        self.selection_listeners: list[SelectionListener] = []

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def armed_role(self) -> str | None:
        """The role of the selected event the next selected text or clicked entity fills."""
        return self._armed_role

    @armed_role.setter
    def armed_role(self, role: str | None) -> None:
        if role != self._armed_role:
            self._armed_role = role
            self._notify_selection()

    def select(self, span_id: int | None, event_id: int | None) -> bool:
        """Select a span and/or event (another event disarms the role); say whether anything changed."""
        if (span_id, event_id) == (self.selected_span_id, self.selected_event_id):
            return False
        if event_id != self.selected_event_id:
            self._armed_role = None
        self.selected_span_id, self.selected_event_id = span_id, event_id
        self._notify_selection()
        return True

    def load(self, doc_id: int | None) -> None:
        """Read a whole document (None empties the state); the only full read."""
        self.doc_id = doc_id
        selected = (self.selected_span_id, self.selected_event_id, self._armed_role) != (None, None, None)
        self.selected_span_id = self.selected_event_id = self._armed_role = None
        self.suggestions = []
        self.relations, self._values, self.notes = {}, {}, {}
        self.links, self.entities = {}, {}
        if doc_id is None:
            self.document, self.spans, self.events = Document(""), {}, {}
        else:
            self.document = self.source.document(doc_id)
            self.spans = {span.id: span for span in self.source.spans(doc_id)}
            self.events = {event.id: event for event in self.source.events(doc_id)}
            self.relations = {relation.id: relation for relation in self.source.relations(doc_id)}
            for value in self.source.attributes(doc_id):
                self._values.setdefault((value.target, value.target_id), {})[value.name] = value
            self.notes = {note.id: note for note in self.source.notes(doc_id)}
            self.links = {link.span_id: link.entity_id for link in self.source.links(doc_id)}
            self._reread_entities(set(self.links.values()))
        self._extents = {}
        for span in self.spans.values():
            self._extents.setdefault((span.start, span.end), set()).add(span.id)
        self._notify(DocumentDelta(loaded=True))
        if selected:
            self._notify_selection()

    def apply(self, changes: Changes) -> DocumentDelta | None:
        """Take one edit's changes: re-read only the rows it names (a missing row was removed)."""
        if self.doc_id is not None and changes.doc_id is None and changes.documents and changes.spans:
            self.load(self.doc_id)  # one edit across documents (a bulk action on search results)
            return DocumentDelta(loaded=True)
        if self.doc_id is not None and changes.doc_id is None and (changes.entities or changes.spans):
            return self._apply_registry(changes)
        if self.doc_id is None or changes.doc_id != self.doc_id or not (
                changes.spans or changes.events or changes.relations or changes.notes or changes.entities):
            return None
        added, changed, removed, old = set(), set(), set(), {}
        for span_id in changes.spans:
            before = self.spans.get(span_id)
            if before is not None:
                self._extents[(before.start, before.end)].discard(span_id)
            try:
                after = self.spans[span_id] = self.source.span(span_id)
            except KeyError:
                self.spans.pop(span_id, None)
                if before is not None:
                    removed.add(span_id)
            else:
                self._extents.setdefault((after.start, after.end), set()).add(span_id)
                (added if before is None else changed).add(span_id)
            if before is not None:
                old[span_id] = before
        changed_events, removed_events = set(), set()
        for event_id in changes.events:
            try:
                self.events[event_id] = self.source.event(event_id)
                changed_events.add(event_id)
            except KeyError:
                if self.events.pop(event_id, None) is not None:
                    removed_events.add(event_id)
        relations = self._apply_relations(changes.relations, removed)
        self._reread_values({ON_SPAN: added | changed, ON_EVENT: changed_events, ON_RELATION: relations},
                            {ON_SPAN: removed, ON_EVENT: removed_events})
        notes = self._apply_notes(changes.notes)
        links = self._apply_links(changes.spans) if changes.entities else set()
        links |= {span_id for span_id in removed if self.links.pop(span_id, None) is not None}
        entities = self._reread_entities(set(changes.entities))  # a link edit names its entities
        delta = DocumentDelta(False, frozenset(added), frozenset(changed), frozenset(removed),
                              frozenset(changed_events), frozenset(removed_events), old, frozenset(relations),
                              frozenset(notes), frozenset(links), frozenset(entities))
        self._notify(delta)
        return delta

    def _apply_relations(self, named: Iterable[int], removed_spans: set[int]) -> set[int]:
        """Re-read the relations a change names; a relation on a removed span went with it."""
        touched = set(named)
        for relation_id in named:
            try:
                self.relations[relation_id] = self.source.relation(relation_id)
            except KeyError:
                self.relations.pop(relation_id, None)
        if removed_spans:
            gone = [relation.id for relation in self.relations.values()
                    if {relation.head_id, relation.tail_id} & removed_spans]
            for relation_id in gone:
                del self.relations[relation_id]
            touched.update(gone)
        return touched

    def _reread_values(self, named: dict[str, set[int]], removed: dict[str, set[int]]) -> None:
        """Re-read the attribute values of what a change names (one read per kind); drop the removed's."""
        for target, ids in removed.items():
            for target_id in ids:
                self._values.pop((target, target_id), None)
        for target, ids in named.items():
            present = [target_id for target_id in ids if target_id in self._owner(target)]
            for target_id in ids:
                self._values.pop((target, target_id), None)
            if present:
                for value in self.source.attributes_on(target, present):
                    self._values.setdefault((target, value.target_id), {})[value.name] = value

    def _owner(self, target: str) -> dict:
        return {ON_SPAN: self.spans, ON_EVENT: self.events, ON_RELATION: self.relations}[target]

    def _apply_notes(self, named: Iterable[int]) -> set[int]:
        touched = set(named)
        for note_id in touched:
            try:
                self.notes[note_id] = self.source.note(note_id)
            except KeyError:
                self.notes.pop(note_id, None)
        return touched

    def _apply_registry(self, changes: Changes) -> DocumentDelta | None:
        """A registry or project-wide edit (no document): re-read the links of this document's spans it
        names and the entities it names that this document uses."""
        links = self._apply_links(span_id for span_id in changes.spans if span_id in self.spans)
        named = set(changes.entities) & (set(self.entities) | set(self.links.values()))
        entities = self._reread_entities(named | {self.links[s] for s in links if s in self.links})
        if not (links or entities):
            return None
        delta = DocumentDelta(links=frozenset(links), entities=frozenset(entities))
        self._notify(delta)
        return delta

    def _apply_links(self, named: Iterable[int]) -> set[int]:
        """Re-read the links of the spans a change names (one read); say whose link changed."""
        named = list(named)
        present = [span_id for span_id in named if span_id in self.spans]
        found = self.source.links_of_spans(present) if present else []
        now = {link.span_id: link.entity_id for link in found}
        touched = set()
        for span_id in named:
            if self.links.get(span_id) != now.get(span_id):
                touched.add(span_id)
            if span_id in now:
                self.links[span_id] = now[span_id]
            else:
                self.links.pop(span_id, None)
        return touched

    def _reread_entities(self, entity_ids: set[int]) -> set[int]:
        """Re-read the named entities the document's links use (a deleted or unused one is dropped)."""
        if not entity_ids:
            return set()
        used = set(self.links.values())
        for entity_id in entity_ids:
            self.entities.pop(entity_id, None)
        for entity in self.source.entities(sorted(entity_ids & used)) if entity_ids & used else ():
            self.entities[entity.id] = entity
        return entity_ids

    def entity_of_span(self, span_id: int) -> Entity | None:
        """The entity the span is linked to, if any."""
        entity_id = self.links.get(span_id)
        return None if entity_id is None else self.entities.get(entity_id)

    def values_of(self, target: str, target_id: int) -> dict[str, AttributeValue]:
        """The attribute values set on one span, event or relation, by name (unset ones read as their
        schema default)."""
        return self._values.get((target, target_id), {})

    def notes_on(self, target: str, target_id: int | None) -> list[Note]:
        """The notes on one span, event or relation (``document`` and None: on the document itself)."""
        return [note for note in self.notes.values() if (note.target, note.target_id) == (target, target_id)]

    def relations_of_span(self, span_id: int) -> list[Relation]:
        return [relation for relation in self.relations.values() if span_id in (relation.head_id,
                                                                                relation.tail_id)]

    def spans_at(self, start: int, end: int) -> list[Span]:
        """The spans on exactly this extent, of any label and kind; a dictionary look-up, not a scan."""
        return [self.spans[span_id] for span_id in self._extents.get((start, end), ())]

    def event_of_trigger(self, span_id: int) -> Event | None:
        return next((event for event in self.events.values() if event.trigger_id == span_id), None)

    def catch_up(self, first: int) -> None:
        """Tell the listeners from index ``first`` on, views built after the document opened, that it did."""
        if self.doc_id is not None:
            for listener in self.listeners[first:]:
                listener(DocumentDelta(loaded=True))

    def _notify(self, delta: DocumentDelta) -> None:
        for listener in list(self.listeners):
            listener(delta)

    def _notify_selection(self) -> None:
        for listener in list(self.selection_listeners):
            listener()


def follow_session(state: DocumentState, session) -> DocumentState:
    """Feed the state from a GUI session: a document opens on ``current_changed``, edits arrive on
    ``changed``. Duck-typed, so this module stays free of Qt."""
    session.current_changed.connect(state.load)
    session.changed.connect(state.apply)
    return state
