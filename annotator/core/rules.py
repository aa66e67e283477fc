"""The schema's rules, in one place: every write path (import, each edit) and ``check`` ask this module.

A rule is stated once, with one wording, so an import refuses a record with the same sentence an edit
refuses the same annotation with, and ``check`` reports a project file that breaks it in those words too.
Domain layer only: plain records in, :class:`Violation` lists or :class:`AnnotatorError` out.

References follow :class:`~annotator.core.model.Annotated`: an event's trigger and arguments, a
relation's ends and an attribute's or note's target name a row by its id, or, for rows not stored yet
(``id`` is ``None``), by their index in the list they sit in.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.core.model import (
    ENTITY,
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    TRIGGER,
    Annotated,
    Argument,
    AttributeValue,
    Entity,
    Event,
    Note,
    Relation,
    Span,
)
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


# -- whole documents -----------------------------------------------------------------------------------

def annotated_violations(schema: Schema, item: Annotated) -> list[Violation]:
    """:func:`document_violations` of a whole record, as readers produce and the store streams them,
    and its links to the entities it names (a link whose span was relabelled since breaks the rule)."""
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
    return found


def document_violations(schema: Schema, text: str, spans: Sequence[Span], events: Sequence[Event],
                        relations: Sequence[Relation] = (), attributes: Sequence[AttributeValue] = (),
                        notes: Sequence[Note] = ()) -> list[Violation]:
    """Everything wrong with one document's annotations, errors and warnings; never raises."""
    found: list[Violation] = []
    for span in spans:
        found.extend(_span_violations(schema, text, span))
    found.extend(_clashes_within(schema, spans))
    by_ref = _by_ref(spans)
    events_by_ref = _by_ref(events)
    for event in events:
        found.extend(_event_violations(schema, event, by_ref, events_by_ref))
        found.extend(_missing_required(schema, text, event, by_ref))
    seen: set[tuple[str, int, int]] = set()
    for relation in relations:
        found.extend(_relation_violations(schema, relation, by_ref))
        found.extend(_duplicate(schema, relation, seen, by_ref))
    targets = {ON_SPAN: by_ref, ON_EVENT: events_by_ref, ON_RELATION: _by_ref(relations)}
    valued: set[tuple[str, int, str]] = set()
    for value in attributes:
        found.extend(_attribute_violations(schema, value, targets[value.target].get(value.target_id)))
        valued.add((value.target, value.target_id, value.name))
    for target, items in targets.items() if schema.has_required_attributes else ():
        for ref, item in items.items():
            found.extend(_of_subject(item, REQUIRED, Errors.E426, WARNING, name=definition.name)
                         for definition in schema.attributes_for(target, _type_of(item))
                         if definition.required and definition.default is None
                         and (target, ref, definition.name) not in valued)
    for note in notes:
        if note.target != ON_DOCUMENT and note.target_id not in targets.get(note.target, {}):
            found.append(Violation(NOTE, Errors.E437.code, Errors.E437.format(target=f"a {note.target}")))
        if not note.text.strip():
            found.append(Violation(NOTE, Errors.E435.code, str(Errors.E435)))
    return found


def _by_ref(items: Sequence[Any]) -> dict[int, Any]:
    return {item.id if item.id is not None else index: item for index, item in enumerate(items)}


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


def _event_violations(schema: Schema, event: Event, spans_by_ref: Mapping[int, Span],
                      events_by_ref: Mapping[int, Event] | None = None) -> list[Violation]:
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
        filler_event = None if argument.filler_event_id is None else (events_by_ref or {}).get(
            argument.filler_event_id, _MISSING)
        found.extend(_argument_violations(event, event_type, argument.role,
                                          spans_by_ref.get(argument.span_id), filled.get(argument.role, 0),
                                          filler_event, argument.span_id))
        filled[argument.role] = filled.get(argument.role, 0) + 1
    return found


_MISSING = Event("", -1)  # an argument's filler event that is not in the document


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


def check_argument(schema: Schema, event: Event, role: str, span: Span,
                   filler_event: Event | None = None) -> None:
    """Refuse filling ``role`` of ``event`` (its arguments as they stand) with ``span``, stored or new,
    or with ``filler_event`` (whose trigger ``span`` is).

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
    _refuse(_argument_violations(event, event_type, role, span, taken, filler_event, span.id))


def check_relation(schema: Schema, relation: Relation, head: Span, tail: Span,
                   existing: Iterable[Relation]) -> None:
    """Refuse a new relation between the stored spans ``head`` and ``tail`` among the ``existing``
    relations touching them."""
    by_ref = {span.id: span for span in (head, tail) if span.doc_id == relation.doc_id}
    _refuse(_relation_violations(schema, relation, by_ref))
    seen: set[tuple[str, int, int]] = set()
    for other in existing:
        _duplicate(schema, other, seen, by_ref)
    _refuse(_duplicate(schema, relation, seen, by_ref))


def check_attribute(schema: Schema, value: AttributeValue, target: Span | Event | Relation) -> None:
    """Refuse setting ``value`` on ``target`` (a stored span, event or relation)."""
    _refuse(_attribute_violations(schema, value, target))


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
        if _argument_violations(event, event_type, argument.role, spans_by_ref.get(argument.span_id), taken):
            dropped.append(argument)
        else:
            filled[argument.role] = taken + 1
    return dropped


# -- the rules themselves -------------------------------------------------------------------------------

def _argument_violations(event: Event, event_type: EventType, role_name: str, filler: Span | None,
                         taken: int, filler_event: Event | None = None,
                         filler_ref: int | None = None) -> list[Violation]:
    """One argument: a named role of the type, a span of the document, an accepted entity (or an
    accepted event on that span), no repeat."""
    if not role_name:
        return [_of(event, ROLE, Errors.E409)]
    if filler is None:
        return [_of(event, REFERENCE, Errors.E410, role=role_name)]
    role = event_type.role(role_name)
    if role is None:
        roles = ", ".join(role.name for role in event_type.roles) or "none"
        return [_of(event, ROLE, Errors.E411, role=role_name, roles=roles)]
    if filler_event is not None:
        if filler_event is event or (event.id is not None and filler_event.id == event.id):
            return [_of(event, FILLER, Errors.E434)]
        if filler_event is _MISSING or filler_event.trigger_id != filler_ref:
            return [_of(event, REFERENCE, Errors.E433, role=role_name, span=_name(filler))]
        if not role.accepts_event(filler_event.type):
            return [_of(event, FILLER, Errors.E432, role=role_name, fillers=", ".join(role.fillers),
                        filler=filler_event.type)]
    elif filler.kind == TRIGGER:
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


def _relation_violations(schema: Schema, relation: Relation,
                         spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """A relation: a type of the schema between two distinct spans of the document it accepts."""
    relation_type = schema.relation_type(relation.type)
    if relation_type is None:
        names = [relation_type.name for relation_type in schema.relation_types]
        return [_of_subject(relation, RELATION, Errors.E427, nearest=_nearest(schema, relation.type, names))]
    head, tail = spans_by_ref.get(relation.head_id), spans_by_ref.get(relation.tail_id)
    if head is None or tail is None:
        return [_of_subject(relation, REFERENCE, Errors.E430, end="head" if head is None else "tail")]
    if relation.head_id == relation.tail_id:
        return [_of_subject(relation, RELATION, Errors.E431, head=_name(head))]
    if not relation_type.accepts(head.label, tail.label):
        return [_of_subject(relation, RELATION, Errors.E428, head=_name(head), tail=_name(tail),
                            heads=", ".join(relation_type.heads) or "any span",
                            tails=", ".join(relation_type.tails) or "any span")]
    return []


def _duplicate(schema: Schema, relation: Relation, seen: set[tuple[str, int, int]],
               spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """A relation already in ``seen`` (either way round when its type is symmetric); adds it."""
    key = (relation.type, relation.head_id, relation.tail_id)
    relation_type = schema.relation_type(relation.type)
    mirrored = (relation.type, relation.tail_id, relation.head_id)
    if key in seen or (relation_type is not None and relation_type.symmetric and mirrored in seen):
        head, tail = spans_by_ref.get(relation.head_id), spans_by_ref.get(relation.tail_id)
        return [_of_subject(relation, DUPLICATE, Errors.E429, head=_name(head) if head else "?",
                            tail=_name(tail) if tail else "?")]
    seen.add(key)
    return []


def _attribute_violations(schema: Schema, value: AttributeValue,
                          target: Span | Event | Relation | None) -> list[Violation]:
    """An attribute value: on an annotation of the document, declared for it, of the declared type."""
    if target is None:
        return [Violation(ATTRIBUTE, Errors.E437.code, Errors.E437.format(target=f"a {value.target}"))]
    definitions = schema.attributes_for(value.target, _type_of(target))
    definition = next((d for d in definitions if d.name == value.name), None)
    if definition is None:
        known = ", ".join(d.name for d in definitions) or "none"
        return [_of_subject(target, ATTRIBUTE, Errors.E420, name=value.name, known=known)]
    problem = definition.problem(value.value)
    if problem is None:
        return []
    return [_of_subject(target, ATTRIBUTE, Message(f"{_subject(target)}: {problem.message}", problem.code))]


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
    return _on(span, STACKED, Errors.E438, severity=WARNING, other=_name(other))


def misfit(text: str, span: Span) -> AnnotatorError | None:
    """Why ``span`` is not ``text[start:end]`` (outside it, empty, or reading something else), or None.

    The one offset check (and its wording): the store runs it on the way in and out, exports, ``check``
    and the readers too. The error is returned, not raised: the caller knows where the span came from.
    """
    if not 0 <= span.start < span.end <= len(text):
        return AnnotatorError(Errors.E401, span=_name(span), length=len(text))
    if span.fragments and not _fragments_fit(span):
        return AnnotatorError(Errors.E436, span=_name(span),
                              fragments=";".join(f"{start} {end}" for start, end in span.fragments))
    if span.text and text[span.start:span.end] != span.text:
        return AnnotatorError(Errors.E402, span=_name(span), expected=span.text,
                              found=text[span.start:span.end])
    return None


def _fragments_fit(span: Span) -> bool:
    """Two or more pieces, in order, each non-empty, apart, from the span's start to its end."""
    pieces = span.fragments
    return (len(pieces) >= 2 and pieces[0][0] == span.start and pieces[-1][1] == span.end
            and all(start < end for start, end in pieces)
            and all(before[1] < after[0] for before, after in itertools.pairwise(pieces)))


# -- entities and links ---------------------------------------------------------------------------------

_EXTERNAL_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:\S+")


def entity_problems(schema: Schema, entity: Entity) -> list[AnnotatorError]:
    """Why ``entity`` cannot be in the registry of a project with ``schema`` (empty: it can)."""
    problems = []
    if not _one_line(entity.name):
        problems.append(AnnotatorError(Errors.E602))
    if schema.entity_label(entity.label) is None:
        problems.append(AnnotatorError(Errors.E601, label=entity.label, nearest=_nearest(
            schema, entity.label, [label.name for label in schema.entity_labels])))
    if entity.external_id and not _EXTERNAL_ID.fullmatch(entity.external_id):
        problems.append(AnnotatorError(Errors.E603, value=entity.external_id))
    seen: set[str] = set()
    for alias in entity.aliases:
        if not _one_line(alias):
            problems.append(AnnotatorError(Errors.E605, alias=alias))
        elif alias in seen:
            problems.append(AnnotatorError(Errors.E604, name=entity.name, alias=alias))
        seen.add(alias)
    return problems


def check_entity(schema: Schema, entity: Entity) -> None:
    """Refuse an entity the registry cannot hold, with its first problem."""
    problems = entity_problems(schema, entity)
    if problems:
        raise problems[0]


def link_problem(span: Span, entity: Entity) -> AnnotatorError | None:
    """Why ``span`` cannot be linked to ``entity``: only an entity span of the entity's label can."""
    if span.kind != ENTITY:
        return AnnotatorError(Errors.E606, span=_name(span))
    if span.label != entity.label:
        return AnnotatorError(Errors.E607, span=_name(span), name=entity.name, label=span.label,
                              entity_label=entity.label)
    return None


def check_link(span: Span, entity: Entity) -> None:
    problem = link_problem(span, entity)
    if problem is not None:
        raise problem


def link_violation(span: Span, entity: Entity) -> Violation | None:
    """A stored link that breaks the rule (its span was relabelled since), for ``check``."""
    problem = link_problem(span, entity)
    if problem is None:
        return None
    return Violation(LINK, problem.code or "", problem.message, span_id=span.id)


def _one_line(text: str) -> bool:
    return bool(text.strip()) and text.isprintable()


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


def _type_of(item: Span | Event | Relation) -> str:
    return item.label if isinstance(item, Span) else item.type


def _subject(item: Span | Event | Relation) -> str:
    if isinstance(item, Span):
        return _name(item)
    return f"the {item.type} {'event' if isinstance(item, Event) else 'relation'}"


def _of_subject(item: Span | Event | Relation, rule: str, message: Message, severity: str = ERROR,
                **fields: Any) -> Violation:
    """A violation by a span, event or relation, named by ``{target}`` and its ``{type}``."""
    text = message.format(target=_subject(item), type=_type_of(item), **fields)
    ids = {"span_id": item.id} if isinstance(item, Span) else (
        {"event_id": item.id} if isinstance(item, Event) else {"relation_id": item.id})
    return Violation(rule, message.code, text, severity, **ids)


def _refuse(violations: Sequence[Violation]) -> None:
    """Raise the first error as the edit's refusal."""
    first = next(iter(errors(violations)), None)
    if first is not None:
        raise AnnotatorError.coded(first.code, first.message)
