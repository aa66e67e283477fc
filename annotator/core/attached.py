"""What hangs on a span or event: its relations, attribute values, notes, its link to an entity, the
roles the event fills, and the event's place in an event record.

Deleting a span or an event deletes these too (the store's foreign keys cascade). A removal takes an
:class:`Attached` snapshot first, and the undo puts the same rows back, ids and all, after the spans
and events they hang on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from annotator.core.model import (
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Argument,
    AttributeValue,
    EntityLink,
    Note,
    Relation,
)
from annotator.core.records import IgnoredCandidates, Membership


class LinkRows(Protocol):
    """The store's relation, attribute and note rows, seen from the domain (``store.relations``)."""

    def add_relation(self, doc_id: int, relation: Relation) -> Relation: ...
    def relation(self, relation_id: int) -> Relation: ...
    def relations_using_spans(self, span_ids: Iterable[int]) -> list[Relation]: ...
    def delete_relation(self, relation_id: int) -> None: ...
    def set_attribute(self, doc_id: int, value: AttributeValue) -> AttributeValue: ...
    def attribute(self, target: str, target_id: int, name: str) -> AttributeValue | None: ...
    def attributes_on(self, target: str, target_ids: Iterable[int]) -> list[AttributeValue]: ...
    def delete_attribute(self, attribute_id: int) -> None: ...
    def add_note(self, doc_id: int, note: Note) -> Note: ...
    def note(self, note_id: int) -> Note: ...
    def notes_on(self, target: str, target_ids: Iterable[int]) -> list[Note]: ...
    def delete_note(self, note_id: int) -> None: ...
    def add_argument(self, event_id: int, argument: Argument) -> Argument: ...
    def arguments_filled_by(self, event_ids: Iterable[int]) -> list[tuple[int, Argument]]: ...
    def links_of_spans(self, span_ids: Iterable[int]) -> list[EntityLink]: ...
    def link_span(self, link: EntityLink) -> None: ...
    def memberships_of_events(self, event_ids: Iterable[int]) -> list[Membership]: ...
    def add_memberships(self, members: Iterable[Membership]) -> None: ...
    def ignored_of_events(self, event_ids: Iterable[int]) -> list[IgnoredCandidates]: ...
    def add_ignored(self, rows: Iterable[IgnoredCandidates]) -> None: ...


@dataclass(frozen=True)
class Attached:
    relations: tuple[Relation, ...] = ()
    attributes: tuple[AttributeValue, ...] = ()
    notes: tuple[Note, ...] = ()
    arguments: tuple[tuple[int, Argument], ...] = ()  # (event id, argument) filled by a removed event
    links: tuple[EntityLink, ...] = ()
    members: tuple[Membership, ...] = ()  # the removed events' places in event records
    ignored: tuple[IgnoredCandidates, ...] = ()  # the removed events' ignored candidate records

    @classmethod
    def of(cls, store: LinkRows, *, spans: Iterable[int] = (), events: Iterable[int] = (),
           relations: Iterable[Relation] = (), skip_arguments: Iterable[int] = ()) -> Attached:
        """Everything hanging on the ``spans`` and ``events`` about to go (and on ``relations``, given
        when a relation itself goes), except the arguments ``skip_arguments`` restored otherwise."""
        span_ids, event_ids = list(spans), list(events)
        lost = {relation.id: relation for relation in (*relations, *store.relations_using_spans(span_ids))}
        relation_ids = list(lost)
        skipped = set(skip_arguments)
        return cls(
            relations=tuple(lost.values()),
            attributes=tuple(store.attributes_on(ON_SPAN, span_ids) + store.attributes_on(ON_EVENT, event_ids)
                             + store.attributes_on(ON_RELATION, relation_ids)),
            notes=tuple(store.notes_on(ON_SPAN, span_ids) + store.notes_on(ON_EVENT, event_ids)
                        + store.notes_on(ON_RELATION, relation_ids)),
            arguments=tuple((event_id, argument)
                            for event_id, argument in store.arguments_filled_by(event_ids)
                            if argument.id not in skipped and event_id not in event_ids),
            links=tuple(store.links_of_spans(span_ids)),
            members=tuple(store.memberships_of_events(event_ids)),
            ignored=tuple(store.ignored_of_events(event_ids)),
        )

    def restore(self, store: LinkRows) -> None:
        """Put every row back with its id; the spans and events they hang on are back already."""
        for relation in self.relations:
            store.add_relation(relation.doc_id, relation)
        for event_id, argument in self.arguments:
            store.add_argument(event_id, argument)
        for value in self.attributes:
            store.set_attribute(value.doc_id, value)
        for note in self.notes:
            store.add_note(note.doc_id, note)
        for link in self.links:
            store.link_span(link)
        store.add_memberships(self.members)
        store.add_ignored(self.ignored)

    def ids(self) -> dict[str, list[int]]:
        """The rows by kind, for the history's payload."""
        return {"relations": [r.id for r in self.relations], "attributes": [a.id for a in self.attributes],
                "notes": [n.id for n in self.notes], "filled": [a.id for _, a in self.arguments],
                "links": [link.span_id for link in self.links],
                "records": [member.record_id for member in self.members]}
