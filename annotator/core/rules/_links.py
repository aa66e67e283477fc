"""The rules of what links annotations: relations (their type, ends, duplicates), attribute values,
and the entity registry (an entity's name, label, external id and aliases; a span linked to an entity).

Part of :mod:`annotator.core.rules` (import that, never this).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from annotator.core.model import ENTITY, AttributeValue, Entity, Event, Relation, Span
from annotator.core.rules._wording import (
    ATTRIBUTE,
    DUPLICATE,
    LINK,
    REFERENCE,
    RELATION,
    Violation,
    nearest,
    on_subject,
    span_name,
    subject_name,
    type_of,
)
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors, Message


def relation_violations(schema: Schema, relation: Relation,
                         spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """A relation: a type of the schema between two distinct spans of the document it accepts."""
    relation_type = schema.relation_type(relation.type)
    if relation_type is None:
        names = [relation_type.name for relation_type in schema.relation_types]
        return [on_subject(relation, RELATION, Errors.E427, nearest=nearest(schema, relation.type, names))]
    head, tail = spans_by_ref.get(relation.head_id), spans_by_ref.get(relation.tail_id)
    if head is None or tail is None:
        return [on_subject(relation, REFERENCE, Errors.E430, end="head" if head is None else "tail")]
    if relation.head_id == relation.tail_id:
        return [on_subject(relation, RELATION, Errors.E431, head=span_name(head))]
    if not relation_type.accepts(head.label, tail.label):
        return [on_subject(relation, RELATION, Errors.E428, head=span_name(head), tail=span_name(tail),
                            heads=", ".join(relation_type.heads) or "any span",
                            tails=", ".join(relation_type.tails) or "any span")]
    return []


def duplicate(schema: Schema, relation: Relation, seen: set[tuple[str, int, int]],
               spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """A relation already in ``seen`` (either way round when its type is symmetric); adds it."""
    key = (relation.type, relation.head_id, relation.tail_id)
    relation_type = schema.relation_type(relation.type)
    mirrored = (relation.type, relation.tail_id, relation.head_id)
    if key in seen or (relation_type is not None and relation_type.symmetric and mirrored in seen):
        head, tail = spans_by_ref.get(relation.head_id), spans_by_ref.get(relation.tail_id)
        return [on_subject(relation, DUPLICATE, Errors.E429, head=span_name(head) if head else "?",
                            tail=span_name(tail) if tail else "?")]
    seen.add(key)
    return []


def attribute_violations(schema: Schema, value: AttributeValue,
                          target: Span | Event | Relation | None) -> list[Violation]:
    """An attribute value: on an annotation of the document, declared for it, of the declared type."""
    if target is None:
        return [Violation(ATTRIBUTE, Errors.E437.code, Errors.E437.format(target=f"a {value.target}"))]
    definitions = schema.attributes_for(value.target, type_of(target))
    definition = next((d for d in definitions if d.name == value.name), None)
    if definition is None:
        known = ", ".join(d.name for d in definitions) or "none"
        return [on_subject(target, ATTRIBUTE, Errors.E420, name=value.name, known=known)]
    problem = definition.problem(value.value)
    if problem is None:
        return []
    message = Message(f"{subject_name(target)}: {problem.message}", problem.code)
    return [on_subject(target, ATTRIBUTE, message)]


_EXTERNAL_ID = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*:\S+")


def entity_problems(schema: Schema, entity: Entity) -> list[AnnotatorError]:
    """Why ``entity`` cannot be in the registry of a project with ``schema`` (empty: it can)."""
    problems = []
    if not _one_line(entity.name):
        problems.append(AnnotatorError(Errors.E602))
    if schema.entity_label(entity.label) is None:
        problems.append(AnnotatorError(Errors.E601, label=entity.label, nearest=nearest(
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
        return AnnotatorError(Errors.E606, span=span_name(span))
    if span.label != entity.label:
        return AnnotatorError(Errors.E607, span=span_name(span), name=entity.name, label=span.label,
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
