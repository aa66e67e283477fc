"""Reversible edits of event records: make one from a mention, add and remove mentions, merge two, retitle
one, set a field from a member mention's argument or attribute (keeping the evidence) or by hand, delete one.

They follow :mod:`annotator.core.edits`: each checks :mod:`annotator.core.rules`, writes through the
store's annotations part and returns its inverse; removals snapshot a :class:`RecordState` so the undo puts
back the same rows, ids and all. A membership edit belongs to its mention's document; the others to none.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core import rules
from annotator.core.edits import Changes, Edit, EditTarget
from annotator.core.lenient_dates import document_date, parse_date
from annotator.core.model import ON_EVENT, Event
from annotator.core.records import (
    BY_HAND,
    FROM_ARGUMENT,
    FROM_ATTRIBUTE,
    EventRecord,
    Evidence,
    Membership,
    RecordField,
    RecordState,
)
from annotator.errors import AnnotatorError, Errors


def _record(store: EditTarget, record_id: int) -> EventRecord:
    try:
        return store.record(record_id)
    except KeyError:
        raise AnnotatorError(Errors.E660, record_id=record_id) from None


def _event(store: EditTarget, event_id: int) -> Event:
    try:
        return store.event(event_id)
    except KeyError:
        raise AnnotatorError(Errors.E661, event_id=event_id) from None


def _membership(store: EditTarget, event_id: int) -> Membership | None:
    found = store.memberships_of_events([event_id])
    return found[0] if found else None


def _touched(*record_ids: int | None, doc_id: int | None = None, events: tuple[int, ...] = ()
             ) -> Changes:
    records = frozenset(i for i in record_ids if i is not None)
    return Changes(doc_id, events=frozenset(events), records=records)


def snapshot(store: EditTarget, record_id: int) -> RecordState:
    return RecordState(_record(store, record_id), tuple(store.members_of(record_id)),
                       tuple(store.fields_of(record_id)))


def record_title(store: EditTarget, event: Event) -> str:
    """A new record's title: the mention's trigger word and its document's title."""
    trigger = store.span(event.trigger_id).text
    title = store.document(event.doc_id).title
    return f"{trigger} ({title})" if title else trigger


@dataclass(frozen=True)
class CreateRecord(Edit):
    """Make a record of the event's type, titled after it, with the event as its first mention;
    ``record_id`` keeps the id when redone."""

    doc_id: int
    event_id: int
    title: str = ""
    record_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        event = _event(store, self.event_id)
        record = EventRecord(event.type, self.title or record_title(store, event), self.record_id, who)
        rules.check_record(store.schema, record)
        current = _membership(store, event.id)
        if current is not None:
            raise AnnotatorError(Errors.E652, record=f"R{current.record_id}")
        added = store.add_record(record)
        store.add_memberships([Membership(added.id, event.id, event.doc_id, who)])
        return (DeleteRecord(added.id, doc_id=self.doc_id),
                _touched(added.id, doc_id=self.doc_id, events=(event.id,)))

    def describe(self) -> str:
        return "New record"


@dataclass(frozen=True)
class AddToRecord(Edit):
    doc_id: int
    event_id: int
    record_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        record, event = _record(store, self.record_id), _event(store, self.event_id)
        rules.check_member(record, event, _membership(store, event.id))
        store.add_memberships([Membership(record.id, event.id, event.doc_id, who)])
        return (RemoveFromRecord(self.doc_id, event.id, record.id),
                _touched(record.id, doc_id=self.doc_id, events=(event.id,)))

    def describe(self) -> str:
        return f"Add to record R{self.record_id}"


@dataclass(frozen=True)
class RemoveFromRecord(Edit):
    """Take the mention out of its record (the record stays, even if empty)."""

    doc_id: int
    event_id: int
    record_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        record = _record(store, self.record_id)
        current = _membership(store, self.event_id)
        if current is None or current.record_id != record.id:
            raise AnnotatorError(Errors.E655, record=record.reference())
        store.remove_memberships([self.event_id])
        return (AddToRecord(self.doc_id, self.event_id, record.id),
                _touched(record.id, doc_id=self.doc_id, events=(self.event_id,)))

    def describe(self) -> str:
        return f"Remove from record R{self.record_id}"


@dataclass(frozen=True)
class DeleteRecord(Edit):
    """Remove a record, its members (the mentions stay, in no record) and fields; the undo puts all back."""

    record_id: int
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        state = snapshot(store, self.record_id)
        store.remove_memberships(member.event_id for member in state.members)
        store.delete_record(self.record_id)
        return (RestoreRecord(state, redo=self, doc_id=self.doc_id),
                _touched(self.record_id, doc_id=self.doc_id, events=tuple(m.event_id for m in state.members)))

    def describe(self) -> str:
        return "Delete record"


@dataclass(frozen=True)
class RestoreRecord(Edit):
    """Put back a record a removal or merge took (same id) with its members and fields; a merge's
    ``survivor`` goes back to how it was too. Not checked again: it restores a state the rules accepted."""

    state: RecordState
    survivor: RecordState | None = None
    redo: Edit | None = field(default=None, compare=False)
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        if self.redo is None:
            raise ValueError("RestoreRecord needs the edit that removes what it restores")
        if self.survivor is not None:
            survivor_id = self.survivor.record.id
            store.remove_memberships(member.event_id for member in self.state.members)
            for now in store.fields_of(survivor_id):
                store.delete_record_field(survivor_id, now.name)
            for kept in self.survivor.fields:
                store.set_record_field(survivor_id, kept)
        store.add_record(self.state.record)
        store.add_memberships(self.state.members)
        for kept in self.state.fields:
            store.set_record_field(self.state.record.id, kept)
        survivor = self.survivor.record.id if self.survivor else None
        return self.redo, _touched(self.state.record.id, survivor, doc_id=self.doc_id,
                                   events=tuple(m.event_id for m in self.state.members))

    def describe(self) -> str:
        return f"Restore ({self.redo.describe() if self.redo else ''})"

    def payload(self) -> dict[str, Any]:
        return {"record": self.state.record.id, "members": [m.event_id for m in self.state.members],
                "survivor": self.survivor.record.id if self.survivor else None}


@dataclass(frozen=True)
class RetitleRecord(Edit):
    """Give the record a new title (one line of plain text, kept as typed apart from the ends' spaces)."""

    record_id: int
    title: str
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        record = _record(store, self.record_id)
        rules.check_title(self.title)
        store.update_record(replace(record, title=self.title.strip()))
        return RetitleRecord(record.id, record.title, self.doc_id), _touched(record.id, doc_id=self.doc_id)

    def describe(self) -> str:
        return "Retitle record"


@dataclass(frozen=True)
class MergeRecords(Edit):
    """Merge ``absorbed_id`` into ``survivor_id`` (same type): its mentions move over, its fields fill the
    survivor's unset ones (the survivor's own values win), then it is gone."""

    survivor_id: int
    absorbed_id: int
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        survivor, absorbed = snapshot(store, self.survivor_id), snapshot(store, self.absorbed_id)
        rules.check_merge(survivor.record, absorbed.record)
        store.remove_memberships(member.event_id for member in absorbed.members)
        store.add_memberships(replace(member, record_id=survivor.record.id) for member in absorbed.members)
        have = {kept.name for kept in survivor.fields}
        for taken in absorbed.fields:
            if taken.name not in have:
                store.set_record_field(survivor.record.id, taken)
        store.delete_record(absorbed.record.id)
        return (RestoreRecord(absorbed, survivor, redo=self, doc_id=self.doc_id),
                _touched(survivor.record.id, absorbed.record.id, doc_id=self.doc_id,
                         events=tuple(m.event_id for m in absorbed.members)))

    def describe(self) -> str:
        return "Merge records"


@dataclass(frozen=True)
class RestoreField(Edit):
    """Put a record's field back as it was (``field`` None: unset); undone by the same edit."""

    record_id: int
    name: str
    field: RecordField | None
    label: str = "Restore field"
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        before = next((f for f in store.fields_of(self.record_id) if f.name == self.name), None)
        if self.field is None:
            store.delete_record_field(self.record_id, self.name)
        else:
            store.set_record_field(self.record_id, self.field)
        return RestoreField(self.record_id, self.name, before, self.label, self.doc_id), _touched(
            self.record_id, doc_id=self.doc_id)

    def describe(self) -> str:
        return self.label


def _from_mention(store: EditTarget, record: EventRecord, name: str, event_id: int, kind: str, source: str,
                  argument_id: int | None, who: str) -> RecordField:
    """The field ``name`` as the member mention's argument (role ``source``) or attribute gives it."""
    definition = rules.record_field(store.schema, record, name)
    rules.check_field_source(definition, kind, source)
    current = _membership(store, event_id)
    if current is None or current.record_id != record.id:
        raise AnnotatorError(Errors.E655, record=record.reference())
    event = _event(store, event_id)
    if kind == FROM_ARGUMENT:
        argument = next((a for a in event.arguments if a.role == source
                         and (argument_id is None or a.id == argument_id)), None)
        if argument is None:
            raise AnnotatorError(Errors.E656, kind="role", source=source, name=name)
        span = store.span(argument.span_id)
        links = store.links_of_spans([span.id]) if definition.entity else []
        entity = store.entity(links[0].entity_id) if links else None
        day = (parse_date(span.text, document_date(store.document(event.doc_id).meta))
               if definition.date else None)
        return RecordField(name, entity.name if entity else day.isoformat() if day else span.text,
                           Evidence(FROM_ARGUMENT, source, event.doc_id, event.id, span.id, span.start,
                                    span.end, span.text, who), entity.id if entity else None)
    value = store.attribute(ON_EVENT, event.id, source)
    if value is None:
        raise AnnotatorError(Errors.E656, kind="attribute", source=source, name=name)
    trigger = store.span(event.trigger_id)
    shown = str(value.value).lower() if isinstance(value.value, bool) else str(value.value)
    return RecordField(name, shown, Evidence(FROM_ATTRIBUTE, source, event.doc_id, event.id, trigger.id,
                                             trigger.start, trigger.end, trigger.text, who))


@dataclass(frozen=True)
class SetRecordField(Edit):
    """Set the record's field ``name``: from the member mention ``event_id``'s argument of role ``source``
    (``kind`` argument; ``argument_id`` picks one of several) or its attribute ``source`` (``kind``
    attribute), keeping that as evidence; or by hand to ``value`` (``kind`` hand), noting who."""

    record_id: int
    name: str
    kind: str = BY_HAND
    value: str = ""
    event_id: int | None = None
    source: str = ""
    argument_id: int | None = None
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        record = _record(store, self.record_id)
        if self.kind == BY_HAND:
            definition = rules.record_field(store.schema, record, self.name)
            rules.check_hand_value(store.schema, record, definition, self.value)
            new = RecordField(self.name, self.value.strip(), Evidence(BY_HAND, who=who))
        elif self.kind in (FROM_ARGUMENT, FROM_ATTRIBUTE) and self.event_id is not None:
            new = _from_mention(store, record, self.name, self.event_id, self.kind, self.source,
                                self.argument_id, who)
        else:
            raise ValueError(f"SetRecordField needs a value by hand or a mention, not {self.kind!r}")
        before = next((f for f in store.fields_of(record.id) if f.name == self.name), None)
        store.set_record_field(record.id, new)
        return (RestoreField(record.id, self.name, before, f"Undo set {self.name}", self.doc_id),
                _touched(record.id, doc_id=self.doc_id))

    def describe(self) -> str:
        return f"Set {self.name}"


@dataclass(frozen=True)
class ClearRecordField(Edit):
    record_id: int
    name: str
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        record = _record(store, self.record_id)
        before = next((f for f in store.fields_of(record.id) if f.name == self.name), None)
        if before is None:
            raise AnnotatorError(Errors.E663, name=self.name, record=record.reference())
        store.delete_record_field(record.id, self.name)
        return (RestoreField(record.id, self.name, before, f"Set {self.name}", self.doc_id),
                _touched(record.id, doc_id=self.doc_id))

    def describe(self) -> str:
        return f"Clear {self.name}"
