"""Reversible edits of relations, attribute values, notes, and of events filling roles of other events.

They follow :mod:`annotator.core.edits`: each checks :mod:`annotator.core.rules`, writes through the
store's annotations part and returns its inverse. Attribute values are addressed by target and name
rather than row id (setting a value replaces the row), so an undo never depends on a value's id.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core import rules
from annotator.core.attached import Attached
from annotator.core.edits import Changes, Edit, EditTarget, RemoveArgument, Restore
from annotator.core.model import (
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Argument,
    AttributeValue,
    Event,
    Note,
    Relation,
    Span,
)
from annotator.errors import AnnotatorError, Errors


def _target(store: EditTarget, doc_id: int, target: str, target_id: int) -> Span | Event | Relation:
    """The stored span, event or relation an attribute or note is on; refused if not in ``doc_id``."""
    read = {ON_SPAN: store.span, ON_EVENT: store.event, ON_RELATION: store.relation}[target]
    try:
        item = read(target_id)
    except KeyError:
        item = None
    if item is None or item.doc_id != doc_id:
        raise AnnotatorError(Errors.E437, target=f"{target} {target_id}")
    return item


def _touched(doc_id: int, target: str, target_id: int | None, note_id: int | None = None) -> Changes:
    """The row an attribute or note edit changed: its target (a document note changes the document)."""
    notes = frozenset({note_id}) if note_id is not None else frozenset()
    if target == ON_SPAN:
        return Changes(doc_id, spans=frozenset({target_id}), notes=notes)
    if target == ON_EVENT:
        return Changes(doc_id, events=frozenset({target_id}), notes=notes)
    if target == ON_RELATION:
        return Changes(doc_id, relations=frozenset({target_id}), notes=notes)
    return Changes(doc_id, notes=notes)


@dataclass(frozen=True)
class AddRelation(Edit):
    doc_id: int
    type: str
    head_id: int
    tail_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        relation = Relation(self.type, self.head_id, self.tail_id, doc_id=self.doc_id, annotator=who)
        head, tail = store.span(self.head_id), store.span(self.tail_id)
        rules.check_relation(store.schema, relation, head, tail,
                             store.relations_using_spans([self.head_id, self.tail_id]))
        added = store.add_relation(self.doc_id, relation)
        return DeleteRelation(self.doc_id, added.id), Changes(self.doc_id, relations=frozenset({added.id}))

    def describe(self) -> str:
        return f"Add relation {self.type}"


@dataclass(frozen=True)
class DeleteRelation(Edit):
    """Delete a relation with its attribute values and notes; the undo puts all of them back."""

    doc_id: int
    relation_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        relation = store.relation(self.relation_id)
        attached = Attached.of(store, relations=[relation])
        store.delete_relation(self.relation_id)
        return Restore(self.doc_id, attached=attached, redo=self), Changes(
            self.doc_id, relations=frozenset({relation.id}), notes=frozenset(n.id for n in attached.notes))

    def describe(self) -> str:
        return "Delete relation"


@dataclass(frozen=True)
class SetAttribute(Edit):
    """Give the span, event or relation ``target_id`` the value ``value`` of attribute ``name``."""

    doc_id: int
    target: str
    target_id: int
    name: str
    value: bool | int | str

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        item = _target(store, self.doc_id, self.target, self.target_id)
        value = AttributeValue(self.name, self.value, self.target, self.target_id, doc_id=self.doc_id)
        rules.check_attribute(store.schema, value, item)
        old = store.attribute(self.target, self.target_id, self.name)
        store.set_attribute(self.doc_id, value)
        undo: Edit = (ClearAttribute(self.doc_id, self.target, self.target_id, self.name) if old is None
                      else SetAttribute(self.doc_id, self.target, self.target_id, self.name, old.value))
        return undo, _touched(self.doc_id, self.target, self.target_id)

    def describe(self) -> str:
        return f"Set {self.name} to {self.value}"


@dataclass(frozen=True)
class ClearAttribute(Edit):
    doc_id: int
    target: str
    target_id: int
    name: str

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        _target(store, self.doc_id, self.target, self.target_id)
        old = store.attribute(self.target, self.target_id, self.name)
        if old is None:
            raise AnnotatorError(Errors.E420, target=f"{self.target} {self.target_id}", name=self.name,
                                 known="none set")
        store.delete_attribute(old.id)
        return (SetAttribute(self.doc_id, self.target, self.target_id, self.name, old.value),
                _touched(self.doc_id, self.target, self.target_id))

    def describe(self) -> str:
        return f"Clear {self.name}"


@dataclass(frozen=True)
class SetNote(Edit):
    """Write a note on a span, event, relation or the document (``target`` ``document``, no id); with
    ``note_id``, replace that note's text."""

    doc_id: int
    text: str
    target: str = ON_DOCUMENT
    target_id: int | None = None
    note_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        note = Note(self.text, self.target, self.target_id, doc_id=self.doc_id, annotator=who)
        rules.check_note(note)
        if self.target != ON_DOCUMENT:
            _target(store, self.doc_id, self.target, self.target_id)
        undo: Edit
        if self.note_id is None:
            written = store.add_note(self.doc_id, note)
            undo = DeleteNote(self.doc_id, written.id)
        else:
            old = store.note(self.note_id)
            store.delete_note(self.note_id)
            written = store.add_note(self.doc_id, Note(self.text, old.target, old.target_id, old.id,
                                                       self.doc_id, who))
            undo = SetNote(self.doc_id, old.text, old.target, old.target_id, old.id)
        return undo, _touched(self.doc_id, written.target, written.target_id, written.id)

    def describe(self) -> str:
        return "Edit note" if self.note_id is not None else "Add note"


@dataclass(frozen=True)
class DeleteNote(Edit):
    doc_id: int
    note_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        note = store.note(self.note_id)
        store.delete_note(self.note_id)
        return (Restore(self.doc_id, attached=Attached(notes=(note,)), redo=self),
                _touched(self.doc_id, note.target, note.target_id, note.id))

    def describe(self) -> str:
        return "Delete note"


@dataclass(frozen=True)
class FillRoleWithEvent(Edit):
    """Fill ``role`` of event ``event_id`` with the event ``filler_id`` (brat's nested events)."""

    doc_id: int
    event_id: int
    role: str
    filler_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        event, filler = store.event(self.event_id), store.event(self.filler_id)
        trigger = store.span(filler.trigger_id)
        rules.check_argument(store.schema, event, self.role, trigger, filler_event=filler)
        argument = store.add_argument(self.event_id, Argument(self.role, trigger.id,
                                                              filler_event_id=filler.id))
        return RemoveArgument(self.doc_id, argument.id), Changes(self.doc_id,
                                                                 events=frozenset({self.event_id}))

    def describe(self) -> str:
        return f"Fill {self.role} with an event"
