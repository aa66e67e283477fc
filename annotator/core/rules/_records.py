"""The rules of event records: a record's type, which mentions may join it, which field a mention's
argument or attribute may fill, and what a value set by hand must be.

Part of :mod:`annotator.core.rules` (import that, never this).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.core.model import ON_EVENT, Event
from annotator.core.record_fields import FieldDef, record_fields, typed_value
from annotator.core.records import FROM_ARGUMENT, EventRecord, Membership, RecordTag
from annotator.core.rules._wording import Violation
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors

RECORD = "record"


def check_record(schema: Schema, record: EventRecord) -> None:
    """Refuse a record whose type the schema lacks."""
    if schema.event_type(record.type) is None:
        raise AnnotatorError(Errors.E650, type=record.type)


def check_member(record: EventRecord, event: Event, current: Membership | None) -> None:
    """Refuse adding ``event`` (now in the record ``current`` or in none) to ``record``: one record per
    mention, and a record holds mentions of its own type."""
    if current is not None:
        raise AnnotatorError(Errors.E652, record=f"R{current.record_id}")
    if event.type != record.type:
        raise AnnotatorError(Errors.E651, event_type=event.type, record=record.reference(),
                             record_type=record.type)


def record_tag_violations(events_by_ref: Mapping[int, Event], tags: Iterable[RecordTag]) -> list[Violation]:
    """A document's events' records (as a stream or an import carries them): each names an event of the
    document, of the record's type."""
    found = []
    for tag in tags:
        event = events_by_ref.get(tag.event_id)
        if event is None:
            missing = Errors.E437.format(target="an event in a record")
            found.append(Violation(RECORD, Errors.E437.code, missing))
        elif tag.type and event.type != tag.type:
            found.append(Violation(RECORD, Errors.E651.code, Errors.E651.format(
                event_type=event.type, record=tag.key, record_type=tag.type), event_id=event.id))
    return found


def check_merge(survivor: EventRecord, absorbed: EventRecord) -> None:
    if survivor.id == absorbed.id:
        raise AnnotatorError(Errors.E658)
    if survivor.type != absorbed.type:
        raise AnnotatorError(Errors.E659, type=absorbed.type, other=survivor.type)


def record_field(schema: Schema, record: EventRecord, name: str) -> FieldDef:
    """The field ``name`` of ``record``'s type, or refuse."""
    fields = record_fields(schema, record.type)
    found = next((field for field in fields if field.name == name), None)
    if found is None:
        raise AnnotatorError(Errors.E653, type=record.type, name=name,
                             fields=", ".join(field.name for field in fields) or "none")
    return found


def check_field_source(field: FieldDef, kind: str, source: str) -> None:
    """Refuse filling ``field`` from the role or attribute ``source`` (``kind`` says which) it does not
    name."""
    allowed = field.roles if kind == FROM_ARGUMENT else field.attributes
    if source not in allowed:
        takes = ([f"the role {role}" for role in field.roles]
                 + [f"the attribute {name}" for name in field.attributes])
        raise AnnotatorError(Errors.E654, name=field.name, kind="role" if kind == FROM_ARGUMENT else kind,
                             source=source, takes=", ".join(takes) or "a value set by hand only")


def check_title(title: str) -> None:
    """A record's title is one line of plain text, not blank (the list and the table show it as is)."""
    if not title.strip() or any(stop in title for stop in "\n\r\u2028\u2029"):
        raise AnnotatorError(Errors.E685, value=title)


def check_hand_value(schema: Schema, record: EventRecord, field: FieldDef, value: str) -> None:
    """A value set by hand is one line of text; for a field an attribute fills, it must also fit that
    attribute (an integer for fatalities, a date for event_date), read from its text."""
    if not value.strip() or "\n" in value or "\r" in value:
        raise AnnotatorError(Errors.E657, value=value)
    for name in field.attributes:
        definition = schema.attribute(ON_EVENT, record.type, name)
        if definition is not None:
            problem = definition.problem(typed_value(definition.type, value))
            if problem is not None:
                raise problem
