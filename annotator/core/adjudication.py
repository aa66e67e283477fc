"""Adjudication: what analysts' layers of one document disagree on, and the gold each choice means.

Layers and gold are compared as *facts* keyed by text offsets, never by row ids, so an analyst's layer
(index form) and gold (store rows) compare directly:

===========  ==============================================  =============================
kind         key                                             value
===========  ==============================================  =============================
span         the entity span's extent (start, end, pieces)   the labels there
event        the trigger's extent                            the event types there
role         trigger extent, event type, filler's extent     the roles that filler plays
             (and the filler event's type, when an event
             fills the role)
relation     head extent, tail extent                        the relation types
link         the span's extent and label                     the entity (label, name)
attribute    what it is on (as above, with its label/type),  the value
             attribute name
===========  ==============================================  =============================

One :class:`Item` per key on which the layers' values differ is the queue; a key on which every layer
agrees (and gold differs) is *agreed*, and goes to gold without asking when the switch is on. Notes are
free text and are not adjudicated. Choosing a version is one ``Decide`` edit
(:mod:`annotator.core.adjudication_edits`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.layers import index_form
from annotator.core.model import ENTITY, ON_EVENT, ON_SPAN, Annotated, Entity, Span

SPAN, EVENT, ROLE, RELATION, LINK, ATTRIBUTE = "span", "event", "role", "relation", "link", "attribute"
KINDS = (SPAN, EVENT, ROLE, RELATION, LINK, ATTRIBUTE)  # the queue's order: what later kinds stand on first
SET_VALUED = frozenset({SPAN, EVENT, ROLE, RELATION})  # "both" is the union; a link or value is one thing
BOTH, NEITHER, EDITED, AGREED = "both", "neither", "edited", "agreed"

Extent = tuple[int, int, tuple[tuple[int, int], ...]]
Key = tuple[Any, ...]


def extent(span: Span) -> Extent:
    return (span.start, span.end, tuple(tuple(piece) for piece in span.fragments))


def facts(item: Annotated) -> dict[Key, Any]:
    """Every fact of a record in index form (see the module's table); empty sets are left out."""
    found: dict[Key, Any] = {}
    spans = item.spans

    def add(key: Key, value: str) -> None:
        found[key] = found.get(key, frozenset()) | {value}

    for span in spans:
        if span.kind == ENTITY:
            add((SPAN, extent(span)), span.label)
    for event in item.events:
        trigger = extent(spans[event.trigger_id])
        add((EVENT, trigger), event.type)
        for argument in event.arguments:
            filler = extent(spans[argument.span_id])  # an event filler: its trigger's extent
            by = argument.filler_event_id
            add((ROLE, trigger, event.type, filler, *(() if by is None else (item.events[by].type,))),
                argument.role)
    for relation in item.relations:
        add((RELATION, extent(spans[relation.head_id]), extent(spans[relation.tail_id])), relation.type)
    for link in item.links:
        span, entity = spans[link.span_id], item.entities[link.entity_id]
        found[(LINK, extent(span), span.label)] = (entity.label, entity.name)
    for value in item.attributes:
        found[(ATTRIBUTE, _target_key(item, value.target, value.target_id), value.name)] = value.value
    return found


def _target_key(item: Annotated, target: str, index: int) -> Key:
    spans = item.spans
    if target == ON_SPAN:
        return (SPAN, extent(spans[index]), spans[index].label)
    if target == ON_EVENT:
        event = item.events[index]
        return (EVENT, extent(spans[event.trigger_id]), event.type)
    relation = item.relations[index]
    return (RELATION, extent(spans[relation.head_id]), extent(spans[relation.tail_id]), relation.type)


def empty(kind: str) -> Any:
    return frozenset() if kind in SET_VALUED else None


@dataclass(frozen=True)
class Item:
    """One thing the layers disagree (or agree) on: each analyst's value, gold's, and the decision."""

    key: Key
    versions: Mapping[str, Any]
    gold: Any
    decision: str | None = None
    decided_by: str = ""

    @property
    def kind(self) -> str:
        return self.key[0]

    @property
    def agreed(self) -> bool:
        return len(set(self.versions.values())) == 1

    def options(self) -> dict[str, Any]:
        """Each choice and the value it gives gold: every analyst's, both (set-valued kinds), neither."""
        choices = dict(self.versions)
        if self.kind in SET_VALUED:
            union = frozenset().union(*self.versions.values())
            if union not in choices.values():
                choices[BOTH] = union
        choices[NEITHER] = empty(self.kind)
        return choices

    def describe(self, value: Any) -> str:
        """A value as a person reads it: labels joined, an entity by name, or "(none)"."""
        if value is None or value == frozenset():
            return "(none)"
        if isinstance(value, frozenset):
            return " + ".join(sorted(value))
        if isinstance(value, tuple):
            return f"{value[1]} ({value[0]})"
        return json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


@dataclass(frozen=True)
class Queue:
    """A document's disagreements in order, the keys all layers agree on that gold lacks, and the layers
    (by analyst, index form) they were read from."""

    items: tuple[Item, ...]
    agreed: tuple[Item, ...] = field(default=())
    layers: Mapping[str, Annotated] = field(default_factory=dict, compare=False)

    @property
    def decided(self) -> int:
        return sum(1 for item in self.items if item.decision is not None)


def key_text(key: Key) -> str:
    """The key as stored with a decision (canonical JSON)."""
    return json.dumps(key, ensure_ascii=False, separators=(",", ":"))


def _sort_key(item: Item) -> tuple:
    return (KINDS.index(item.kind), json.dumps(item.key[1:], default=str))


def build_queue(layers: Mapping[str, Annotated], gold: Annotated,
                decisions: Mapping[str, tuple[str, str]]) -> Queue:
    """The queue of ``layers`` (analyst -> index form) against ``gold`` (index form); ``decisions`` are
    the stored ones (key text -> (choice, who decided))."""
    per_layer = {analyst: facts(item) for analyst, item in sorted(layers.items())}
    gold_facts = facts(gold)
    keys = {key for found in per_layer.values() for key in found}
    items, agreed = [], []
    for key in keys:
        versions = {analyst: found.get(key, empty(key[0])) for analyst, found in per_layer.items()}
        decided = decisions.get(key_text(key))
        item = Item(key, versions, gold_facts.get(key, empty(key[0])), *(decided or (None, "")))
        if not item.agreed:
            items.append(item)
        elif item.gold != next(iter(versions.values())) and len(versions) > 1:
            agreed.append(item)
    return Queue(tuple(sorted(items, key=_sort_key)), tuple(sorted(agreed, key=_sort_key)),
                 dict(sorted(layers.items())))


def _extents(key: Key) -> list[Extent]:
    kind = key[0]
    if kind in (SPAN, EVENT):
        return [key[1]]
    if kind == ROLE:
        return [key[1], key[3]]
    if kind == RELATION:
        return [key[1], key[2]]
    if kind == LINK:
        return [key[1]]
    return _extents(key[1])  # an attribute: what it is on


def extent_text_ranges(key: Key) -> list[tuple[int, int]]:
    """The code point ranges of the text an item is about (each piece of a discontinuous span)."""
    return [piece for where in _extents(key) for piece in (where[2] or ((where[0], where[1]),))]


def item_title(item: Item, text: str) -> str:
    """One line naming what a queue row is about, quoting the text."""
    def quoted(where: Extent) -> str:
        return f"“{' … '.join(text[start:end] for start, end in where[2] or ((where[0], where[1]),))}”"

    key = item.key
    if item.kind == ROLE:
        filler = f"{key[4]} event {quoted(key[3])}" if len(key) > 4 else quoted(key[3])
        return f"role: {quoted(key[1])} → {filler} ({key[2]})"
    if item.kind == RELATION:
        return f"relation: {quoted(key[1])} → {quoted(key[2])}"
    if item.kind == LINK:
        return f"link: {quoted(key[1])} ({key[2]})"
    if item.kind == ATTRIBUTE:
        return f"attribute {key[2]} of {' → '.join(quoted(where) for where in _extents(key[1]))}"
    return f"{item.kind}: {quoted(key[1])}"


def gold_in_index_form(gold: Annotated, entities: Iterable[Entity]) -> Annotated:
    """Gold (store rows) with its linked entities attached, in index form, ready for :func:`facts`."""
    wanted = {link.entity_id for link in gold.links}
    return index_form(replace(gold, entities=tuple(e for e in entities if e.id in wanted)))
