"""The schema's rules, in one place: every write path (import, each edit) and ``check`` ask this module.

A rule is stated once, with one wording, so an import refuses a record with the same sentence an edit
refuses the same annotation with, and ``check`` reports a project file that breaks it in those words too.
Domain layer only: plain records in, :class:`Violation` lists or :class:`AnnotatorError` out.

References follow :class:`~annotator.core.model.Annotated`: an event's trigger and arguments name a
span by its row id, or, for spans not stored yet (``id`` is ``None``), by their index in ``spans``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from annotator.core.model import ENTITY, TRIGGER, Event, Span
from annotator.core.schema import EventType, Schema
from annotator.errors import AnnotatorError

ERROR = "error"
WARNING = "warning"

# What a violation is about: ``check`` leaves OFFSETS to the store's own offset check, tests assert on it.
LABEL = "label"
OFFSETS = "offsets"
IDENTICAL = "identical"
OVERLAP = "overlap"
EVENT_TYPE = "event-type"
TRIGGER_KIND = "trigger-kind"
REFERENCE = "reference"
ROLE = "role"
FILLER = "filler"
REPEAT = "repeat"
REQUIRED = "required"


@dataclass(frozen=True)
class Violation:
    """One broken rule. ``span_id``/``event_id`` are row ids when the annotations are stored."""

    rule: str
    message: str
    severity: str = ERROR
    span_id: int | None = None
    event_id: int | None = None


# -- whole documents -----------------------------------------------------------------------------------

def document_violations(schema: Schema, text: str, spans: Sequence[Span],
                        events: Sequence[Event]) -> list[Violation]:
    """Everything wrong with one document's annotations, errors and warnings; never raises."""
    found: list[Violation] = []
    for span in spans:
        found.extend(_span_violations(schema, text, span))
    found.extend(_clashes_within(schema, spans))
    by_ref = {span.id if span.id is not None else index: span for index, span in enumerate(spans)}
    for event in events:
        found.extend(_event_violations(schema, event, by_ref))
        found.extend(_missing_required(schema, text, event, by_ref))
    return found


def errors(violations: Iterable[Violation]) -> list[Violation]:
    return [violation for violation in violations if violation.severity == ERROR]


def _span_violations(schema: Schema, text: str, span: Span) -> list[Violation]:
    """A span on its own: a label of the schema for its kind, and offsets that fit the text."""
    found = []
    if span.kind == ENTITY and schema.entity_label(span.label) is None:
        names = [label.name for label in schema.entity_labels]
        found.append(_on(span, LABEL, f"unknown entity label {span.label!r} on span {span.start}-{span.end} "
                                      f"({_nearest(schema, span.label, names)})"))
    elif span.kind == TRIGGER and schema.event_type(span.label) is None:
        found.append(_on(span, LABEL, f"unknown event type {span.label!r} on trigger {span.start}-{span.end} "
                                      f"({_nearest_event(schema, span.label)})"))
    wrong_place = misfit(text, span)
    if wrong_place:
        found.append(_on(span, OFFSETS, wrong_place))
    return found


def _event_violations(schema: Schema, event: Event, spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """An event against the schema and the spans it points at (errors only)."""
    found = []
    event_type = schema.event_type(event.type)
    if event_type is None:
        found.append(_of(event, EVENT_TYPE, f"unknown event type {event.type!r} "
                                            f"({_nearest_event(schema, event.type)})"))
    trigger = spans_by_ref.get(event.trigger_id)
    if trigger is None:
        found.append(_of(event, REFERENCE, f"the trigger of a {event.type} event is not a span of its "
                                           "document"))
    elif trigger.kind != TRIGGER:
        found.append(_of(event, TRIGGER_KIND, f"the trigger of a {event.type} event, {_name(trigger)}, "
                                              "is an entity, not a trigger"))
    elif trigger.label != event.type:
        found.append(_of(event, EVENT_TYPE, f"a {event.type} event has the trigger {_name(trigger)}; an "
                                            "event's type must be its trigger's label"))
    if event_type is None:
        return found
    filled: dict[str, int] = {}
    for argument in event.arguments:
        found.extend(_argument_violations(event, event_type, argument.role,
                                          spans_by_ref.get(argument.span_id), filled.get(argument.role, 0)))
        filled[argument.role] = filled.get(argument.role, 0) + 1
    return found


# -- single edits ---------------------------------------------------------------------------------------

def check_span(schema: Schema, text: str, span: Span, others: Iterable[Span]) -> None:
    """Refuse a new or relabelled ``span`` among the document's ``others`` (``span`` itself is skipped)."""
    _refuse(_span_violations(schema, text, span))
    for other in others:
        if span.id is None or other.id != span.id:
            _refuse(_clash(schema, span, other))


def check_event(schema: Schema, event: Event, spans_by_ref: Mapping[int, Span]) -> None:
    """Refuse an event as it would stand after an edit."""
    _refuse(_event_violations(schema, event, spans_by_ref))


def check_argument(schema: Schema, event: Event, role: str, span: Span) -> None:
    """Refuse filling ``role`` of ``event`` (its arguments as they stand) with ``span``, stored or new.

    Besides the schema's rules, an edit may not repeat an argument the event already has.
    """
    if span.doc_id != event.doc_id:
        raise AnnotatorError(_stray_argument(event, role))
    if any(argument.role == role and argument.span_id == span.id for argument in event.arguments):
        raise AnnotatorError(f"{_name(span)} already fills {role} of the {event.type} event")
    event_type = schema.event_type(event.type)
    if event_type is None:
        _refuse(_event_violations(schema, event, {}))
        return
    taken = sum(argument.role == role for argument in event.arguments)
    _refuse(_argument_violations(event, event_type, role, span, taken))


# -- the rules themselves -------------------------------------------------------------------------------

def _argument_violations(event: Event, event_type: EventType, role_name: str, filler: Span | None,
                         taken: int) -> list[Violation]:
    """One argument: a named role of the type, a span of the document, an accepted entity, no repeat."""
    if not role_name:
        return [_of(event, ROLE, f"an argument of the {event.type} event has an empty role name")]
    if filler is None:
        return [_of(event, REFERENCE, _stray_argument(event, role_name))]
    role = event_type.role(role_name)
    if role is None:
        roles = ", ".join(role.name for role in event_type.roles) or "none"
        return [_of(event, ROLE, f"{event.type} events have no role {role_name!r} (roles: {roles})")]
    if filler.kind == TRIGGER:
        return [_of(event, FILLER, f"{role_name} of {event.type} is filled by the trigger {_name(filler)}; "
                                   "a trigger never fills a role")]
    if not role.accepts(filler.label):
        return [_of(event, FILLER, f"{role_name} of {event.type} takes {', '.join(role.fillers)}, "
                                   f"not {filler.label} ({_name(filler)})")]
    if taken and not role.repeat:
        return [_of(event, REPEAT, f"{role_name} of {event.type} can be filled only once")]
    return []


def _missing_required(schema: Schema, text: str, event: Event,
                      spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """Warnings, not errors: an event is annotated before all its roles are, so this cannot block a write."""
    event_type = schema.event_type(event.type)
    if event_type is None:
        return []
    filled = {argument.role for argument in event.arguments}
    trigger = spans_by_ref.get(event.trigger_id)
    surface = text[trigger.start:trigger.end] if trigger else "?"
    return [
        _of(event, REQUIRED, f"the {event.type} event on {surface!r} has no {role.name}, a required role",
            severity=WARNING)
        for role in event_type.roles if role.required and role.name not in filled
    ]


def _clashes_within(schema: Schema, spans: Sequence[Span]) -> list[Violation]:
    """Identical spans, and overlaps among spans of a label with ``allow_overlap: false``.

    Sorted sweep per label rather than all pairs: an imported document may carry thousands of spans.
    """
    found = []
    seen: set[tuple[int, int, str, str]] = set()
    strict: dict[str, list[Span]] = {
        label.name: [] for label in schema.entity_labels if not label.allow_overlap
    }
    for span in spans:
        key = (span.start, span.end, span.label, span.kind)
        if key in seen:
            found.append(_on(span, IDENTICAL, _identical(span)))
            continue
        seen.add(key)
        if span.kind == ENTITY and span.label in strict:
            strict[span.label].append(span)
    for group in strict.values():
        reach: Span | None = None
        for span in sorted(group, key=lambda s: (s.start, s.end)):
            if reach is not None and span.start < reach.end:
                found.append(_on(span, OVERLAP, _overlap(span, reach)))
            if reach is None or span.end > reach.end:
                reach = span
    return found


def _clash(schema: Schema, span: Span, other: Span) -> list[Violation]:
    """``span`` against one other span: the pairwise form of :func:`_clashes_within`."""
    if (span.start, span.end, span.label, span.kind) == (other.start, other.end, other.label, other.kind):
        return [_on(span, IDENTICAL, _identical(span))]
    label = schema.entity_label(span.label) if span.kind == ENTITY else None
    if (label and not label.allow_overlap and other.label == span.label and other.kind == ENTITY
            and other.start < span.end and span.start < other.end):
        return [_on(span, OVERLAP, _overlap(span, other))]
    return []


def misfit(text: str, span: Span) -> str | None:
    """Why ``span`` is not ``text[start:end]`` (outside it, empty, or reading something else), or None.

    The one offset check: the store runs it on the way in and out, exports and ``check`` too.
    """
    if not 0 <= span.start < span.end <= len(text):
        return f"{_name(span)} falls outside the text of length {len(text)} or is empty"
    if span.text and text[span.start:span.end] != span.text:
        return f"{_name(span)} should read {span.text!r} but the text there is {text[span.start:span.end]!r}"
    return None


# -- wording --------------------------------------------------------------------------------------------

def _name(span: Span) -> str:
    return f"span {span.start}-{span.end} ({span.label})"


def _identical(span: Span) -> str:
    return f"{_name(span)} is there twice: no two spans may share offsets, label and kind"


def _overlap(span: Span, other: Span) -> str:
    return f"{_name(span)} overlaps {_name(other)}, and {span.label} spans may not overlap"


def _stray_argument(event: Event, role: str) -> str:
    return f"the {role} argument of a {event.type} event is not a span of its document"


def _nearest(schema: Schema, name: str, candidates: Sequence[str]) -> str:
    """The schema names closest to an unknown one, so the message suggests the likely typo's fix."""
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.0)
    return f"nearest in schema {schema.name!r}: {', '.join(close) if close else 'none defined'}"


def _nearest_event(schema: Schema, name: str) -> str:
    return _nearest(schema, name, [event_type.name for event_type in schema.event_types])


def _on(span: Span, rule: str, message: str) -> Violation:
    return Violation(rule, message, span_id=span.id)


def _of(event: Event, rule: str, message: str, *, severity: str = ERROR) -> Violation:
    return Violation(rule, message, severity, event_id=event.id)


def _refuse(violations: Sequence[Violation]) -> None:
    """Raise the first error as the edit's refusal."""
    first = next(iter(errors(violations)), None)
    if first is not None:
        raise AnnotatorError(first.message)
