"""Reversible edits: the only way annotations change.

``Edit.apply(target, who)`` checks the edit against the schema's rules (:mod:`annotator.core.rules`, which
imports and ``check`` use too), writes it (the caller holds the transaction) and returns the edit that
undoes it, built from the state it replaced. Undoing is applying that inverse, which returns the redo, so
an undo stack is just a list of pairs. Removals snapshot what they take (an event's arguments, the
arguments a span filled) and restore the same row ids, so edits further up the stack keep pointing at the
right rows; restoring puts back a state the rules accepted, so it is not checked again.

What every edit is (``Edit``, ``Changes``, the ``EditTarget`` it writes through, ``Batch``) lives in
:mod:`annotator.core.edit_base`, shared with the relation and entity edits; the names are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core import rules
from annotator.core.attached import Attached
from annotator.core.edit_base import Batch, Changes, Edit, EditTarget
from annotator.core.model import ENTITY, STATUSES, TRIGGER, Argument, EntityLink, Event, Span
from annotator.errors import AnnotatorError, Errors

__all__ = [  # with the contract from edit_base, so callers import every span and event edit from here
    "AddArgument", "AddEvent", "AddSpan", "Batch", "ChangeEventType", "Changes", "Edit", "EditTarget",
    "RelabelSpan", "RemoveArgument", "RemoveEvent", "RemoveSpan", "ResizeSpan", "Restore", "SetStatus",
]


def _changed(doc_id: int, attached: Attached) -> Changes:
    """What removing or restoring ``attached`` touches: its relations and notes, the events it fills, the
    records the removed events belonged to."""
    return Changes(doc_id, events=frozenset(event_id for event_id, _ in attached.arguments),
                   relations=frozenset(r.id for r in attached.relations),
                   notes=frozenset(n.id for n in attached.notes),
                   records=frozenset(member.record_id for member in attached.members))


def _check_span(store: EditTarget, span: Span) -> None:
    """A new or relabelled span against the schema and the spans it could clash with (those it overlaps):
    an edit on a document of 20,000 spans reads a handful, not all of them."""
    rules.check_span(store.schema, store.text_of(span.doc_id), span,
                     store.spans_overlapping(span.doc_id, span.start, span.end))


@dataclass(frozen=True)
class AddSpan(Edit):
    doc_id: int
    span: Span

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        span = replace(self.span, doc_id=self.doc_id, annotator=self.span.annotator or who)
        _check_span(store, span)
        added = store.add_span(self.doc_id, span)
        return RemoveSpan(self.doc_id, added.id), Changes(self.doc_id, spans=frozenset({added.id}))

    def describe(self) -> str:
        return f"Add {self.span.label}"


@dataclass(frozen=True)
class RemoveSpan(Edit):
    doc_id: int
    span_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        span = store.span(self.span_id)
        users = store.events_using_span(self.span_id)
        lost_events = tuple(e for e in users if e.trigger_id == self.span_id)
        lost_arguments = tuple(
            (e.id, a) for e in users if e.trigger_id != self.span_id
            for a in e.arguments if a.span_id == self.span_id
        )
        attached = Attached.of(store, spans=[self.span_id], events=[e.id for e in lost_events],
                               skip_arguments=[a.id for _, a in lost_arguments])
        store.delete_span(self.span_id)
        undo = Restore(self.doc_id, spans=(span,), events=lost_events, arguments=lost_arguments,
                       attached=attached, redo=self)
        return undo, Changes(self.doc_id, spans=frozenset({span.id}),
                             events=frozenset(e.id for e in users)) | _changed(self.doc_id, attached)

    def describe(self) -> str:
        return "Delete span"


@dataclass(frozen=True)
class RelabelSpan(Edit):
    """Give an entity span another label. Its link to an entity of the old label goes (the undo, which
    carries it in ``relink``, puts it back): a link joins a span to an entity of its own label."""

    doc_id: int
    span_id: int
    label: str
    relink: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        span = store.span(self.span_id)
        if span.kind != ENTITY:
            raise AnnotatorError(Errors.E419)
        relabelled = replace(span, label=self.label)
        _check_span(store, relabelled)
        for event in store.events_using_span(self.span_id):
            for argument in event.arguments:
                if argument.span_id == self.span_id:
                    rest = tuple(other for other in event.arguments if other.id != argument.id)
                    rules.check_argument(store.schema, replace(event, arguments=rest), argument.role,
                                         relabelled)
        store.relabel_span(self.span_id, self.label)
        dropped = None
        for link in store.links_of_spans([self.span_id]):
            if store.entity(link.entity_id).label != self.label:
                store.unlink_span(self.span_id)
                dropped = link.entity_id
        if self.relink is not None:
            store.link_span(EntityLink(self.span_id, self.relink, self.doc_id))
        entities = frozenset(e for e in (dropped, self.relink) if e is not None)
        return RelabelSpan(self.doc_id, self.span_id, span.label, dropped), Changes(
            self.doc_id, spans=frozenset({self.span_id}), entities=entities)

    def describe(self) -> str:
        return f"Relabel as {self.label}"


@dataclass(frozen=True)
class AddEvent(Edit):
    """An event on an existing trigger span (``trigger_id``) or on new text (``start``/``end``)."""

    doc_id: int
    type: str
    trigger_id: int | None = None
    start: int | None = None
    end: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        created: frozenset[int] = frozenset()
        if self.trigger_id is None:
            if self.start is None or self.end is None:
                raise ValueError("AddEvent needs a trigger span or trigger offsets")
            candidate = Span(self.start, self.end, self.type, TRIGGER, doc_id=self.doc_id, annotator=who)
            _check_span(store, candidate)
            trigger = store.add_span(self.doc_id, candidate)
            created = frozenset({trigger.id})
        else:
            trigger = store.span(self.trigger_id)
        event = Event(self.type, trigger.id, doc_id=self.doc_id, annotator=who)
        rules.check_event(store.schema, event, {trigger.id: trigger} if trigger.doc_id == self.doc_id else {})
        event = store.add_event(self.doc_id, event)
        return RemoveEvent(self.doc_id, event.id), Changes(
            self.doc_id, spans=created, events=frozenset({event.id}))

    def describe(self) -> str:
        return f"Add event {self.type}"


@dataclass(frozen=True)
class RemoveEvent(Edit):
    """Remove an event; its trigger span goes too unless another event shares it."""

    doc_id: int
    event_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        event = store.event(self.event_id)
        sharing = [e for e in store.events_using_span(event.trigger_id)
                   if e.trigger_id == event.trigger_id and e.id != event.id]
        spans: tuple[Span, ...] = () if sharing else (store.span(event.trigger_id),)
        attached = Attached.of(store, spans=[s.id for s in spans], events=[event.id])
        if sharing:
            store.delete_event(self.event_id)
        else:
            store.delete_span(event.trigger_id)
        undo = Restore(self.doc_id, spans=spans, events=(event,), attached=attached, redo=self)
        return undo, Changes(self.doc_id, spans=frozenset(s.id for s in spans),
                             events=frozenset({event.id})) | _changed(self.doc_id, attached)

    def describe(self) -> str:
        return "Delete event"


@dataclass(frozen=True)
class ResizeSpan(Edit):
    """Give a span new offsets (a boundary moved by a token, an edge dragged): the same row, so every
    argument and event pointing at it keeps pointing at it."""

    doc_id: int
    span_id: int
    start: int
    end: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        span = store.span(self.span_id)
        text = store.text_of(self.doc_id)
        _check_span(store, replace(span, start=self.start, end=self.end, text=text[self.start:self.end]))
        store.move_span(self.span_id, self.start, self.end)
        return ResizeSpan(self.doc_id, self.span_id, span.start, span.end), Changes(
            self.doc_id, spans=frozenset({self.span_id}),
            events=frozenset(event.id for event in store.events_using_span(self.span_id)))

    def describe(self) -> str:
        return "Resize span"


@dataclass(frozen=True)
class ChangeEventType(Edit):
    """Retype an event. With ``drop_misfits`` the arguments the new type cannot take are removed in the
    same edit (its undo retypes back and puts them back, ``restore``); without it they refuse the edit."""

    doc_id: int
    event_id: int
    type: str
    drop_misfits: bool = False
    restore: tuple[Argument, ...] = ()

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        event = store.event(self.event_id)
        retyped = replace(store.span(event.trigger_id), label=self.type)
        _check_span(store, retyped)
        spans = {span.id: span for span in store.spans_of(self.doc_id)} | {retyped.id: retyped}
        dropped = tuple(rules.misfit_arguments(store.schema, event, self.type, spans)) \
            if self.drop_misfits else ()
        kept = replace(event, type=self.type,
                       arguments=tuple(a for a in event.arguments if a not in dropped))
        for member in store.memberships_of_events([event.id]):  # a record holds events of its own type
            rules.check_member(store.record(member.record_id), kept, None)
        for user in store.events_using_span(retyped.id):  # events sharing the trigger must agree too
            if user.trigger_id == retyped.id:
                rules.check_event(store.schema, kept if user.id == event.id else user, spans)
        for argument in dropped:
            store.delete_argument(argument.id)
        store.set_event_type(self.event_id, self.type)
        store.relabel_span(event.trigger_id, self.type)
        for argument in self.restore:  # undoing a change that dropped these: same rows back
            store.add_argument(self.event_id, argument)
        undo = (ChangeEventType(self.doc_id, self.event_id, event.type, drop_misfits=True) if self.restore
                else ChangeEventType(self.doc_id, self.event_id, event.type, restore=dropped))
        return undo, Changes(self.doc_id, spans=frozenset({event.trigger_id}),
                             events=frozenset({self.event_id}))

    def describe(self) -> str:
        return f"Change event to {self.type}"


@dataclass(frozen=True)
class AddArgument(Edit):
    """Fill a role with an existing span (``span_id``) or a new entity span (``new_span``)."""

    doc_id: int
    event_id: int
    role: str
    span_id: int | None = None
    new_span: Span | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        event = store.event(self.event_id)
        if self.new_span is not None:
            candidate = replace(self.new_span, doc_id=self.doc_id, kind=ENTITY,
                                annotator=self.new_span.annotator or who)
            _check_span(store, candidate)
            rules.check_argument(store.schema, event, self.role, candidate)
            span = store.add_span(self.doc_id, candidate)
            store.add_argument(self.event_id, Argument(self.role, span.id))
            return RemoveSpan(self.doc_id, span.id), Changes(
                self.doc_id, spans=frozenset({span.id}), events=frozenset({self.event_id}))
        if self.span_id is None:
            raise ValueError("AddArgument needs a span or a new span")
        rules.check_argument(store.schema, event, self.role, store.span(self.span_id))
        argument = store.add_argument(self.event_id, Argument(self.role, self.span_id))
        return RemoveArgument(self.doc_id, argument.id), Changes(
            self.doc_id, events=frozenset({self.event_id}))

    def describe(self) -> str:
        return f"Fill {self.role}"


@dataclass(frozen=True)
class RemoveArgument(Edit):
    doc_id: int
    arg_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        event_id, argument = store.argument(self.arg_id)
        store.delete_argument(self.arg_id)
        return Restore(self.doc_id, arguments=((event_id, argument),), redo=self), Changes(
            self.doc_id, events=frozenset({event_id}))

    def describe(self) -> str:
        return "Remove argument"


@dataclass(frozen=True)
class SetStatus(Edit):
    doc_id: int
    status: str

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        if self.status not in STATUSES:
            raise AnnotatorError(Errors.E019, status=self.status, statuses=", ".join(STATUSES))
        old = store.document(self.doc_id).status
        store.set_status(self.doc_id, self.status)
        return SetStatus(self.doc_id, old), Changes(self.doc_id, status=True)

    def describe(self) -> str:
        return f"Mark {self.status.replace('_', ' ')}"


@dataclass(frozen=True)
class Restore(Edit):
    """Put back rows a removal took, with their original ids; undone by the removal itself."""

    doc_id: int
    spans: tuple[Span, ...] = ()
    events: tuple[Event, ...] = ()
    arguments: tuple[tuple[int, Argument], ...] = ()
    attached: Attached = field(default_factory=Attached)
    redo: Edit | None = field(default=None, compare=False)

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        for span in self.spans:
            store.add_span(self.doc_id, span)
        for event in self.events:
            store.add_event(self.doc_id, event)
        for event_id, argument in self.arguments:
            store.add_argument(event_id, argument)
        self.attached.restore(store)
        if self.redo is None:
            raise ValueError("Restore needs the edit that removes what it restores")
        return self.redo, Changes(
            self.doc_id,
            spans=frozenset(s.id for s in self.spans),
            events=frozenset(e.id for e in self.events) | frozenset(e for e, _ in self.arguments),
        ) | _changed(self.doc_id, self.attached)

    def describe(self) -> str:
        return f"Restore ({self.redo.describe() if self.redo else ''})"

    def payload(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "spans": [s.id for s in self.spans],
                "events": [e.id for e in self.events],
                "arguments": [a.id for _, a in self.arguments], **self.attached.ids()}
