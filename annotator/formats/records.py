"""What readers hand to the import verb, and the schema checks every reader shares.

A reader yields, per input record, either an :class:`~annotator.core.model.Annotated` ready to store or
a :class:`Rejected` saying where and why; and now and then a :class:`Note` about something it changed or
ignored. The import verb decides whether a rejection aborts the import or is listed (``--skip-invalid``).
"""

from __future__ import annotations

import difflib
import hashlib
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from annotator.core.model import ENTITY, TRIGGER, Annotated, Event, Span
from annotator.core.schema import Schema


@dataclass(frozen=True)
class Located:
    """A message about a place in the input: ``where`` is the file (and line)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class Rejected(Located):
    """A record that cannot be imported, and why."""


class Note(Located):
    """Something the reader converted or ignored that the user should know about."""


ReadItem = Annotated | Rejected | Note


class BadRecord(Exception):
    """Raised while reading one record; the reader turns it into a :class:`Rejected`."""


@dataclass
class NoteCollector:
    """Gathers repeated notes of one file so a 10,000-line file gives one note per kind, not 10,000."""

    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, message: str, line: int) -> None:
        self.lines.setdefault(message, []).append(line)

    def notes(self, where: str, unit: str = "line") -> Iterator[Note]:
        for message, lines in self.lines.items():
            shown = ", ".join(str(line) for line in lines[:5])
            more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
            yield Note(where, f"{message} ({unit}s {shown}{more})" if len(lines) > 1
                       else f"{message} ({unit} {shown})")


def printable(path: str | os.PathLike[str]) -> str:
    """A path or file name as text any output and SQLite can hold.

    Python keeps the bytes of a file name that is not valid in the file system encoding as lone
    surrogates, which cannot be encoded; here they become U+FFFD.
    """
    return os.fsencode(path).decode(sys.getfilesystemencoding(), "replace")


def text_hash(text: str) -> str:
    """The duplicate key of a document: sha256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def nearest(name: str, candidates: Sequence[str]) -> str:
    """The schema names closest to an unknown one, for the error message."""
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.0)
    return ", ".join(close) if close else "none defined"


def span_kind(label: str, schema: Schema, declared: object = None) -> str:
    """The kind of a span: as declared, else ``trigger`` for an event type and ``entity`` otherwise."""
    return SchemaLabels(schema).kind(label, declared)


def check_labels(spans: Sequence[Span], events: Sequence[Event], schema: Schema) -> None:
    """Entity spans need an entity label, triggers an event type, events a known type and roles."""
    SchemaLabels(schema).check(spans, events)


class SchemaLabels:
    """A schema's entity labels and event types as sets: a reader of many records builds this once.

    Bulk imports look up every span's label, so these are plain set lookups, not schema method calls.
    """

    def __init__(self, schema: Schema) -> None:
        self.schema = schema
        self.entities = frozenset(label.name for label in schema.entity_labels)
        self.events = frozenset(event.name for event in schema.event_types)

    def kind(self, label: str, declared: object = None) -> str:
        """As declared, else ``trigger`` for an event type and ``entity`` otherwise."""
        if declared is None:
            return TRIGGER if label in self.events else ENTITY
        if declared not in (ENTITY, TRIGGER):
            raise BadRecord(f'span kind {declared!r} is neither "{ENTITY}" nor "{TRIGGER}"')
        return str(declared)

    def check(self, spans: Sequence[Span], events: Sequence[Event]) -> None:
        """Raise :class:`BadRecord` for the first span or event the schema does not allow."""
        entities, event_types = self.entities, self.events
        for span in spans:
            if span.label not in (entities if span.kind == ENTITY else event_types):
                raise self._unknown_span_label(span)
        if events:
            self._check_events(spans, events)

    def _unknown_span_label(self, span: Span) -> BadRecord:
        schema = self.schema
        if span.kind == ENTITY:
            return BadRecord(
                f"unknown entity label {span.label!r} on span {span.start}-{span.end} "
                f"(nearest in schema {schema.name!r}: {nearest(span.label, _entity_names(schema))})"
            )
        return BadRecord(
            f"unknown event type {span.label!r} on trigger {span.start}-{span.end} "
            f"(nearest in schema {schema.name!r}: {nearest(span.label, _event_names(schema))})"
        )

    def _check_events(self, spans: Sequence[Span], events: Sequence[Event]) -> None:
        schema = self.schema
        for event in events:
            event_type = schema.event_type(event.type)
            if event_type is None:
                raise BadRecord(
                    f"unknown event type {event.type!r} "
                    f"(nearest in schema {schema.name!r}: {nearest(event.type, _event_names(schema))})"
                )
            trigger = spans[event.trigger_id]
            if trigger.kind != TRIGGER:
                raise BadRecord(
                    f"the trigger of a {event.type} event, span {trigger.start}-{trigger.end}, "
                    f"is an entity ({trigger.label}), not a trigger"
                )
            for argument in event.arguments:
                if event_type.role(argument.role) is None:
                    roles = [role.name for role in event_type.roles]
                    raise BadRecord(
                        f"{event.type} events have no role {argument.role!r} "
                        f"(roles: {', '.join(roles) or 'none'})"
                    )


def _entity_names(schema: Schema) -> list[str]:
    return [label.name for label in schema.entity_labels]


def _event_names(schema: Schema) -> list[str]:
    return [event.name for event in schema.event_types]
