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
from typing import Any

from annotator.core.model import ENTITY, TRIGGER, Argument, Event, Span
from annotator.core.schema import EventType, Schema
from annotator.errors import AnnotatorError, Errors, Message

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


@dataclass(frozen=True)
class Violation:
    """One broken rule. ``span_id``/``event_id`` are row ids when the annotations are stored."""

    rule: str
    code: str
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
        found.append(_on(span, LABEL, Errors.E403, label=span.label, start=span.start, end=span.end,
                         nearest=_nearest(schema, span.label, names)))
    elif span.kind == TRIGGER and schema.event_type(span.label) is None:
        found.append(_on(span, LABEL, Errors.E404, label=span.label, start=span.start, end=span.end,
                         nearest=_nearest_event(schema, span.label)))
    wrong_place = misfit(text, span)
    if wrong_place:
        found.append(Violation(OFFSETS, wrong_place.code, wrong_place.message, span_id=span.id))
    return found


def _event_violations(schema: Schema, event: Event, spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """An event against the schema and the spans it points at (errors only)."""
    found = []
    event_type = schema.event_type(event.type)
    if event_type is None:
        found.append(_of(event, EVENT_TYPE, Errors.E405, nearest=_nearest_event(schema, event.type)))
    trigger = spans_by_ref.get(event.trigger_id)
    if trigger is None:
        found.append(_of(event, REFERENCE, Errors.E406))
    elif trigger.kind != TRIGGER:
        found.append(_of(event, TRIGGER_KIND, Errors.E407, span=_name(trigger)))
    elif trigger.label != event.type:
        found.append(_of(event, EVENT_TYPE, Errors.E408, span=_name(trigger)))
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
    """Refuse a new or relabelled ``span`` among the document's ``others`` (``span`` itself is skipped).

    Every clash needs the two spans to overlap, so ``others`` may be just the spans overlapping ``span``.
    """
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
        raise AnnotatorError(Errors.E410, role=role, type=event.type)
    if any(argument.role == role and argument.span_id == span.id for argument in event.arguments):
        raise AnnotatorError(Errors.E418, span=_name(span), role=role, type=event.type)
    event_type = schema.event_type(event.type)
    if event_type is None:
        _refuse(_event_violations(schema, event, {}))
        return
    taken = sum(argument.role == role for argument in event.arguments)
    _refuse(_argument_violations(event, event_type, role, span, taken))


def misfit_arguments(schema: Schema, event: Event, new_type: str,
                     spans_by_ref: Mapping[int, Span]) -> list[Argument]:
    """The arguments of ``event`` that would break a rule were it of ``new_type``, in their order.

    What a type change has to drop: a role the new type lacks, a filler it does not accept, a second
    filler of a role that does not repeat (the first one stays).
    """
    event_type = schema.event_type(new_type)
    if event_type is None:
        return list(event.arguments)
    dropped, filled = [], {}
    for argument in event.arguments:
        taken = filled.get(argument.role, 0)
        if _argument_violations(event, event_type, argument.role, spans_by_ref.get(argument.span_id), taken):
            dropped.append(argument)
        else:
            filled[argument.role] = taken + 1
    return dropped


# -- the rules themselves -------------------------------------------------------------------------------

def _argument_violations(event: Event, event_type: EventType, role_name: str, filler: Span | None,
                         taken: int) -> list[Violation]:
    """One argument: a named role of the type, a span of the document, an accepted entity, no repeat."""
    if not role_name:
        return [_of(event, ROLE, Errors.E409)]
    if filler is None:
        return [_of(event, REFERENCE, Errors.E410, role=role_name)]
    role = event_type.role(role_name)
    if role is None:
        roles = ", ".join(role.name for role in event_type.roles) or "none"
        return [_of(event, ROLE, Errors.E411, role=role_name, roles=roles)]
    if filler.kind == TRIGGER:
        return [_of(event, FILLER, Errors.E412, role=role_name, span=_name(filler))]
    if not role.accepts(filler.label):
        return [_of(event, FILLER, Errors.E413, role=role_name, fillers=", ".join(role.fillers),
                    label=filler.label, span=_name(filler))]
    if taken and not role.repeat:
        return [_of(event, REPEAT, Errors.E414, role=role_name)]
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
        _of(event, REQUIRED, Errors.E415, severity=WARNING, surface=surface, role=role.name)
        for role in event_type.roles if role.required and role.name not in filled
    ]


def _clashes_within(schema: Schema, spans: Sequence[Span]) -> list[Violation]:
    """Identical spans, entities stacked on one extent, and overlaps among spans of a label with
    ``allow_overlap: false``.

    Sorted sweep per label rather than all pairs: an imported document may carry thousands of spans.
    """
    found = []
    seen: set[tuple[int, int, str, str]] = set()
    entities: dict[tuple[int, int], Span] = {}
    strict: dict[str, list[Span]] = {
        label.name: [] for label in schema.entity_labels if not label.allow_overlap
    }
    for span in spans:
        key = (span.start, span.end, span.label, span.kind)
        if key in seen:
            found.append(_on(span, IDENTICAL, Errors.E416))
            continue
        seen.add(key)
        if span.kind != ENTITY:
            continue
        first = entities.setdefault((span.start, span.end), span)
        if first is not span:
            found.append(_stacked(span, first))
        if span.label in strict:
            strict[span.label].append(span)
    for group in strict.values():
        reach: Span | None = None
        for span in sorted(group, key=lambda s: (s.start, s.end)):
            if reach is not None and span.start < reach.end:
                found.append(_on(span, OVERLAP, Errors.E417, other=_name(reach),
                                 label=span.label))
            if reach is None or span.end > reach.end:
                reach = span
    return found


def _clash(schema: Schema, span: Span, other: Span) -> list[Violation]:
    """``span`` against one other span: the pairwise form of :func:`_clashes_within`."""
    if (span.start, span.end, span.label, span.kind) == (other.start, other.end, other.label, other.kind):
        return [_on(span, IDENTICAL, Errors.E416)]
    if (span.kind, other.kind) == (ENTITY, ENTITY) and (span.start, span.end) == (other.start, other.end):
        return [_stacked(span, other)]
    label = schema.entity_label(span.label) if span.kind == ENTITY else None
    if (label and not label.allow_overlap and other.label == span.label and other.kind == ENTITY
            and other.start < span.end and span.start < other.end):
        return [_on(span, OVERLAP, Errors.E417, other=_name(other), label=span.label)]
    return []


def _stacked(span: Span, other: Span) -> Violation:
    """Two entity spans on one extent: in the window a relabel gone wrong (the window relabels instead),
    but some corpora tag one extent twice on purpose, so imports keep them and ``check`` warns."""
    return _on(span, STACKED, Errors.E420, severity=WARNING, other=_name(other))


def misfit(text: str, span: Span) -> AnnotatorError | None:
    """Why ``span`` is not ``text[start:end]`` (outside it, empty, or reading something else), or None.

    The one offset check (and its wording): the store runs it on the way in and out, exports, ``check``
    and the readers too. The error is returned, not raised: the caller knows where the span came from.
    """
    if not 0 <= span.start < span.end <= len(text):
        return AnnotatorError(Errors.E401, span=_name(span), length=len(text))
    if span.text and text[span.start:span.end] != span.text:
        return AnnotatorError(Errors.E402, span=_name(span), expected=span.text,
                              found=text[span.start:span.end])
    return None


# -- wording --------------------------------------------------------------------------------------------

def _name(span: Span) -> str:
    return f"span {span.start}-{span.end} ({span.label})"


def _nearest(schema: Schema, name: str, candidates: Sequence[str]) -> str:
    """The schema names closest to an unknown one, so the message suggests the likely typo's fix."""
    close = difflib.get_close_matches(name, candidates, n=3, cutoff=0.0)
    return f"nearest in schema {schema.name!r}: {', '.join(close) if close else 'none defined'}"


def _nearest_event(schema: Schema, name: str) -> str:
    return _nearest(schema, name, [event_type.name for event_type in schema.event_types])


def _on(subject: Span, rule: str, message: Message, *, severity: str = ERROR, **fields: Any) -> Violation:
    """A violation by span ``subject``; its name fills the template's ``{span}``."""
    return Violation(rule, message.code, message.format(span=_name(subject), **fields), severity,
                     span_id=subject.id)


def _of(event: Event, rule: str, message: Message, *, severity: str = ERROR, **fields: Any) -> Violation:
    """A violation by ``event``; its type fills the template's ``{type}``."""
    return Violation(rule, message.code, message.format(type=event.type, **fields), severity,
                     event_id=event.id)


def _refuse(violations: Sequence[Violation]) -> None:
    """Raise the first error as the edit's refusal."""
    first = next(iter(errors(violations)), None)
    if first is not None:
        raise AnnotatorError.coded(first.code, first.message)
