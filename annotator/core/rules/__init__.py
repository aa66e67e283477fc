"""The schema's rules, in one place: every write path (import, each edit) and ``check`` ask this module.

A rule is stated once, with one wording, so an import refuses a record with the same sentence an edit
refuses the same annotation with, and ``check`` reports a project file that breaks it in those words too.
Domain layer only: plain records in, :class:`Violation` lists or :class:`AnnotatorError` out.

References follow :class:`~annotator.core.model.Annotated`: an event's trigger and arguments, a
relation's ends and an attribute's or note's target name a row by its id, or, for rows not stored yet
(``id`` is ``None``), by their index in the list they sit in.

This module is the one entry: it checks whole documents and single edits, and its private parts hold the
rules by subject (``_spans``, ``_events``, ``_links``) and their shared wording (``_wording``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from annotator.core.model import (
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Annotated,
    Argument,
    AttributeValue,
    Event,
    Note,
    PlainAnnotated,
    Relation,
    Span,
)
from annotator.core.rules._events import argument_violations, event_violations, missing_required
from annotator.core.rules._links import (
    attribute_violations,
    check_entity,
    check_link,
    duplicate,
    entity_problems,
    link_problem,
    link_violation,
    relation_violations,
)
from annotator.core.rules._records import (
    RECORD,
    check_field_source,
    check_hand_value,
    check_member,
    check_merge,
    check_record,
    check_title,
    record_field,
    record_tag_violations,
)
from annotator.core.rules._spans import (
    clash,
    clashes_within,
    every_span_violation,
    fits,
    misfit,
    plain_entities_pass,
    span_violations,
)
from annotator.core.rules._wording import (
    ATTRIBUTE,
    DUPLICATE,
    ERROR,
    EVENT_TYPE,
    FILLER,
    IDENTICAL,
    LABEL,
    LINK,
    NOTE,
    OFFSETS,
    OVERLAP,
    REFERENCE,
    RELATION,
    REPEAT,
    REQUIRED,
    ROLE,
    STACKED,
    TRIGGER_KIND,
    WARNING,
    Violation,
    errors,
    on_subject,
    refuse,
    span_name,
    type_of,
)
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors

__all__ = [
    "ATTRIBUTE",
    "DUPLICATE",
    "ERROR",
    "EVENT_TYPE",
    "FILLER",
    "IDENTICAL",
    "LABEL",
    "LINK",
    "NOTE",
    "OFFSETS",
    "OVERLAP",
    "RECORD",
    "REFERENCE",
    "RELATION",
    "REPEAT",
    "REQUIRED",
    "ROLE",
    "STACKED",
    "TRIGGER_KIND",
    "WARNING",
    "Violation",
    "annotated_violations",
    "check_argument",
    "check_attribute",
    "check_entity",
    "check_event",
    "check_field_source",
    "check_hand_value",
    "check_link",
    "check_member",
    "check_merge",
    "check_note",
    "check_record",
    "check_relation",
    "check_span",
    "check_title",
    "document_violations",
    "entity_problems",
    "errors",
    "fits",
    "link_problem",
    "link_violation",
    "misfit",
    "misfit_arguments",
    "missing_required",
    "record_field",
]


# -- whole documents -----------------------------------------------------------------------------------

def annotated_violations(schema: Schema, item: Annotated | PlainAnnotated) -> list[Violation]:
    """:func:`document_violations` of a whole record, as readers produce and the store streams them,
    and its links to the entities it names (a link whose span was relabelled since breaks the rule).

    A bulk import's usual record (:class:`PlainAnnotated`: entity spans only, as tuples) that passes
    the span rules as it is (:func:`plain_entities_pass`) has nothing more to be checked; any other is
    checked in the general form, so each refusal is worded the same whichever form the record came in.
    """
    if isinstance(item, PlainAnnotated):
        if not schema.has_required_attributes and plain_entities_pass(schema, item.document.text, item.spans):
            return []
        item = item.annotated()
    found = document_violations(schema, item.document.text, item.spans, item.events, item.relations,
                                item.attributes, item.notes)
    for entity in item.entities:
        if entity.id is None:  # a stored one is checked once, with the registry
            found.extend(Violation(LINK, problem.code or "", problem.message)
                         for problem in entity_problems(schema, entity))
    if item.links:
        spans, entities = _by_ref(item.spans), _by_ref(item.entities)
        for link in item.links:
            span, entity = spans.get(link.span_id), entities.get(link.entity_id)
            if span is None or entity is None:
                found.append(Violation(LINK, Errors.E437.code, Errors.E437.format(
                    target="a linked span" if span is None else "a linked entity")))
                continue
            violation = link_violation(span, entity)
            if violation is not None:
                found.append(violation)
    if item.records:
        found.extend(record_tag_violations(_by_ref(item.events), item.records))
    return found


def document_violations(schema: Schema, text: str, spans: Sequence[Span], events: Sequence[Event],
                        relations: Sequence[Relation] = (), attributes: Sequence[AttributeValue] = (),
                        notes: Sequence[Note] = ()) -> list[Violation]:
    """Everything wrong with one document's annotations, errors and warnings; never raises."""
    found = every_span_violation(schema, text, spans)
    found.extend(clashes_within(schema, spans))
    if not (events or relations or attributes or notes or schema.has_required_attributes):
        return found  # spans alone (a bulk import's usual document): nothing refers to them
    by_ref = _by_ref(spans)
    events_by_ref = _by_ref(events)
    for event in events:
        found.extend(event_violations(schema, event, by_ref, events_by_ref))
        found.extend(missing_required(schema, text, event, by_ref))
    seen: set[tuple[str, int, int]] = set()
    for relation in relations:
        found.extend(relation_violations(schema, relation, by_ref))
        found.extend(duplicate(schema, relation, seen, by_ref))
    targets = {ON_SPAN: by_ref, ON_EVENT: events_by_ref, ON_RELATION: _by_ref(relations)}
    valued: dict[tuple[str, int], set[str]] = {}
    for value in attributes:
        found.extend(attribute_violations(schema, value, targets[value.target].get(value.target_id)))
        valued.setdefault((value.target, value.target_id), set()).add(value.name)
    for target, items in targets.items() if schema.has_required_attributes else ():
        for ref, item in items.items():
            found.extend(on_subject(item, REQUIRED, Errors.E426, WARNING, name=definition.name)
                         for definition in schema.missing_attributes(target, type_of(item),
                                                                     valued.get((target, ref), ())))
    for note in notes:
        if note.target != ON_DOCUMENT and note.target_id not in targets.get(note.target, {}):
            found.append(Violation(NOTE, Errors.E437.code, Errors.E437.format(target=f"a {note.target}")))
        if not note.text.strip():
            found.append(Violation(NOTE, Errors.E435.code, str(Errors.E435)))
    return found


def _by_ref(items: Sequence[Any]) -> dict[int, Any]:
    return {item.id if item.id is not None else index: item for index, item in enumerate(items)}


# -- single edits ---------------------------------------------------------------------------------------

def check_span(schema: Schema, text: str, span: Span, others: Iterable[Span]) -> None:
    """Refuse a new or relabelled ``span`` among the document's ``others`` (``span`` itself is skipped).

    Every clash needs the two spans to overlap, so ``others`` may be just the spans overlapping ``span``.
    """
    refuse(span_violations(schema, text, span))
    for other in others:
        if span.id is None or other.id != span.id:
            refuse(clash(schema, span, other))


def check_event(schema: Schema, event: Event, spans_by_ref: Mapping[int, Span]) -> None:
    """Refuse an event as it would stand after an edit."""
    refuse(event_violations(schema, event, spans_by_ref))


def check_argument(schema: Schema, event: Event, role: str, span: Span,
                   filler_event: Event | None = None) -> None:
    """Refuse filling ``role`` of ``event`` (its arguments as they stand) with ``span``, stored or new,
    or with ``filler_event`` (whose trigger ``span`` is).

    Besides the schema's rules, an edit may not repeat an argument the event already has.
    """
    if span.doc_id != event.doc_id:
        raise AnnotatorError(Errors.E410, role=role, type=event.type)
    if any(argument.role == role and argument.span_id == span.id for argument in event.arguments):
        raise AnnotatorError(Errors.E418, span=span_name(span), role=role, type=event.type)
    event_type = schema.event_type(event.type)
    if event_type is None:
        refuse(event_violations(schema, event, {}))
        return
    taken = sum(argument.role == role for argument in event.arguments)
    refuse(argument_violations(event, event_type, role, span, taken, filler_event, span.id))


def check_relation(schema: Schema, relation: Relation, head: Span, tail: Span,
                   existing: Iterable[Relation]) -> None:
    """Refuse a new relation between the stored spans ``head`` and ``tail`` among the ``existing``
    relations touching them."""
    by_ref = {span.id: span for span in (head, tail) if span.doc_id == relation.doc_id}
    refuse(relation_violations(schema, relation, by_ref))
    seen: set[tuple[str, int, int]] = set()
    for other in existing:
        duplicate(schema, other, seen, by_ref)
    refuse(duplicate(schema, relation, seen, by_ref))


def check_attribute(schema: Schema, value: AttributeValue, target: Span | Event | Relation) -> None:
    """Refuse setting ``value`` on ``target`` (a stored span, event or relation)."""
    refuse(attribute_violations(schema, value, target))


def check_note(note: Note) -> None:
    if not note.text.strip():
        raise AnnotatorError(Errors.E435)


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
        if argument_violations(event, event_type, argument.role, spans_by_ref.get(argument.span_id), taken):
            dropped.append(argument)
        else:
            filled[argument.role] = taken + 1
    return dropped
