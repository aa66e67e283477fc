"""What every rule shares: the :class:`Violation` record, the rule names, and the wording of a refusal.

Part of :mod:`annotator.core.rules` (import that, never this): one place names a span, an event or a
relation the same way in every message, whichever rule broke.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.model import Event, Relation, Span
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Message

ERROR = "error"
WARNING = "warning"

# What a violation is about: ``check`` leaves OFFSETS to the store's own offset check, tests assert on it.
LABEL = "label"
OFFSETS = "offsets"
IDENTICAL = "identical"
STACKED = "stacked"
OVERLAP = "overlap"
EVENT_TYPE = "event-type"
TRIGGER_KIND = "trigger-kind"
REFERENCE = "reference"
ROLE = "role"
FILLER = "filler"
REPEAT = "repeat"
REQUIRED = "required"
RELATION = "relation"
DUPLICATE = "duplicate"
ATTRIBUTE = "attribute"
NOTE = "note"
LINK = "link"



@dataclass(frozen=True)
class Violation:
    """One broken rule. ``span_id``/``event_id`` are row ids when the annotations are stored."""

    rule: str
    code: str
    message: str
    severity: str = ERROR
    span_id: int | None = None
    event_id: int | None = None
    relation_id: int | None = None


def errors(violations: Iterable[Violation]) -> list[Violation]:
    return [violation for violation in violations if violation.severity == ERROR]


def span_name(span: Span) -> str:
    return f"span {span.start}-{span.end} ({span.label})"


def nearest(schema: Schema, name: str, candidates: Sequence[str]) -> str:
    """The schema names closest to an unknown one, so the message suggests the likely typo's fix."""
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.0)
    return f"nearest in schema {schema.name!r}: {', '.join(close) if close else 'none defined'}"


def nearest_event(schema: Schema, name: str) -> str:
    return nearest(schema, name, [event_type.name for event_type in schema.event_types])


def on_span(subject: Span, rule: str, message: Message, *, severity: str = ERROR, **fields: Any) -> Violation:
    """A violation by span ``subject``; its name fills the template's ``{span}``."""
    return Violation(rule, message.code, message.format(span=span_name(subject), **fields), severity,
                     span_id=subject.id)


def on_event(event: Event, rule: str, message: Message, *, severity: str = ERROR, **fields: Any) -> Violation:
    """A violation by ``event``; its type fills the template's ``{type}``."""
    return Violation(rule, message.code, message.format(type=event.type, **fields), severity,
                     event_id=event.id)


def type_of(item: Span | Event | Relation) -> str:
    return item.label if isinstance(item, Span) else item.type


def subject_name(item: Span | Event | Relation) -> str:
    if isinstance(item, Span):
        return span_name(item)
    return f"the {item.type} {'event' if isinstance(item, Event) else 'relation'}"


def on_subject(item: Span | Event | Relation, rule: str, message: Message, severity: str = ERROR,
                **fields: Any) -> Violation:
    """A violation by a span, event or relation, named by ``{target}`` and its ``{type}``."""
    text = message.format(target=subject_name(item), type=type_of(item), **fields)
    ids = {"span_id": item.id} if isinstance(item, Span) else (
        {"event_id": item.id} if isinstance(item, Event) else {"relation_id": item.id})
    return Violation(rule, message.code, text, severity, **ids)


def refuse(violations: Sequence[Violation]) -> None:
    """Raise the first error as the edit's refusal."""
    first = next(iter(errors(violations)), None)
    if first is not None:
        raise AnnotatorError.coded(first.code, first.message)
