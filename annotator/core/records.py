"""Event records: one real-world event that event mentions in one or many documents describe.

A record has a type (an event type of the schema), a title, and fields (ACLED's date, location, actors,
fatalities...; see :mod:`annotator.core.record_fields`). Each field keeps its evidence: the mention's
argument or attribute it was taken from (document, offsets and the quoted text, exact in code points), or
who set it by hand. An event mention belongs to at most one record. The store satisfies
:class:`RecordRows` through ``store/records.py``; the domain never imports the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

FROM_ARGUMENT, FROM_ATTRIBUTE, BY_HAND = "argument", "attribute", "hand"
EVIDENCE_KINDS = (FROM_ARGUMENT, FROM_ATTRIBUTE, BY_HAND)
RECORD_PREFIX = "R"  # a record's reference in exports: R12 (ACLED's event_id_cnty is letters and a number)


@dataclass(frozen=True)
class Evidence:
    """Where a field's value came from. From a mention: its document, event, the span quoted (the
    argument's filler, or the trigger for an attribute), its exact offsets and text, and the role or
    attribute (``source``). By hand: only ``who`` and ``at``."""

    kind: str = BY_HAND
    source: str = ""
    doc_id: int | None = None
    event_id: int | None = None
    span_id: int | None = None
    start: int | None = None
    end: int | None = None
    quote: str = ""
    who: str = ""
    at: str = ""


@dataclass(frozen=True)
class RecordField:
    """A record's field ``name`` with its ``value`` (text; a linked filler's entity in ``entity_id``)."""

    name: str
    value: str
    evidence: Evidence = Evidence()
    entity_id: int | None = None


@dataclass(frozen=True)
class EventRecord:
    type: str
    title: str = ""
    id: int | None = None
    annotator: str = ""
    created_at: str = ""
    uid: str = ""  # stable across projects: exports write it, imports join the record that has it

    def reference(self) -> str:
        """How exports name the record (the ``event_id_cnty``-like column)."""
        return f"{RECORD_PREFIX}{self.id}"


@dataclass(frozen=True)
class Membership:
    """The event mention ``event_id`` (of document ``doc_id``) belongs to the record ``record_id``."""

    record_id: int
    event_id: int
    doc_id: int
    added_by: str = ""
    added_at: str = ""


@dataclass(frozen=True)
class IgnoredCandidates:
    """The analyst ignored the candidate records of the event mention ``event_id`` (of ``doc_id``): the
    Record pane stops offering them. It decides nothing about the mention's record."""

    event_id: int
    doc_id: int
    ignored_by: str = ""
    ignored_at: str = ""


@dataclass(frozen=True)
class RecordTag:
    """An event mention's record as a document's annotations carry it (the stream, the JSONL export):
    ``event_id`` is a row id, or before storage an index into ``Annotated.events``; ``key`` names the
    record within the file (its reference, ``R12``), with its ``type``, ``title`` and ``uid`` (which
    names it across projects)."""

    event_id: int
    key: str
    type: str = ""
    title: str = ""
    uid: str = ""


@dataclass(frozen=True)
class RecordState:
    """A record with its members and fields: what a removal or merge snapshots for its undo."""

    record: EventRecord
    members: tuple[Membership, ...] = ()
    fields: tuple[RecordField, ...] = ()


class RecordRows(Protocol):
    """The store's record rows, seen from the domain: what a record edit reads and writes through."""

    def add_record(self, record: EventRecord) -> EventRecord: ...
    def update_record(self, record: EventRecord) -> None: ...
    def delete_record(self, record_id: int) -> None: ...
    def record(self, record_id: int) -> EventRecord: ...
    def add_memberships(self, members: Iterable[Membership]) -> None: ...
    def remove_memberships(self, event_ids: Iterable[int]) -> None: ...
    def members_of(self, record_id: int) -> list[Membership]: ...
    def memberships_of_events(self, event_ids: Iterable[int]) -> list[Membership]: ...
    def set_record_field(self, record_id: int, field: RecordField) -> None: ...
    def delete_record_field(self, record_id: int, name: str) -> None: ...
    def fields_of(self, record_id: int) -> list[RecordField]: ...
    def ignored_of_events(self, event_ids: Iterable[int]) -> list[IgnoredCandidates]: ...
    def add_ignored(self, rows: Iterable[IgnoredCandidates]) -> None: ...
    def remove_ignored(self, event_ids: Iterable[int]) -> None: ...
