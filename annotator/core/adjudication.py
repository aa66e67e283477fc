"""Adjudication: what analysts' layers of one document disagree on, and the gold each choice means.

Layers and gold are compared as *facts* keyed by text offsets, never by row ids, so an analyst's layer
(index form) and gold (store rows) compare directly:

===========  ==============================================  =============================
kind         key                                             value
===========  ==============================================  =============================
span         the entity span's extent (start, end, pieces)   the labels there
event        the trigger's extent                            the event types there
role         trigger extent, event type, filler's extent     the roles that filler plays
relation     head extent, tail extent                        the relation types
link         the span's extent and label                     the entity (label, name)
attribute    what it is on (as above, with its label/type),  the value
             attribute name
===========  ==============================================  =============================

One :class:`Item` per key on which the layers' values differ is the queue; a key on which every layer
agrees (and gold differs) is *agreed*, and goes to gold without asking when the switch is on. Notes are
free text and are not adjudicated. Choosing a version is one :class:`Decide` edit: it works out, at apply
time, the edits that make gold hold that value (adding the spans and events a role or relation needs), and
records the decision (who, which choice) in the same step, so Ctrl+Z takes back both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from annotator.core.edit_base import Batch, Changes, Edit, EditTarget
from annotator.core.edits import AddArgument, AddEvent, AddSpan, RemoveArgument, RemoveEvent, RemoveSpan
from annotator.core.entity_edits import LinkSpan, UnlinkSpan
from annotator.core.layers import index_form
from annotator.core.model import ENTITY, ON_EVENT, ON_RELATION, ON_SPAN, TRIGGER, Annotated, Entity, Span
from annotator.core.relation_edits import AddRelation, ClearAttribute, DeleteRelation, SetAttribute

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
            add((ROLE, trigger, event.type, extent(spans[argument.span_id])), argument.role)
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
        return f"role: {quoted(key[1])} → {quoted(key[3])} ({key[2]})"
    if item.kind == RELATION:
        return f"relation: {quoted(key[1])} → {quoted(key[2])}"
    if item.kind == LINK:
        return f"link: {quoted(key[1])} ({key[2]})"
    if item.kind == ATTRIBUTE:
        return f"attribute {key[2]} of {' → '.join(quoted(where) for where in _extents(key[1]))}"
    return f"{item.kind}: {quoted(key[1])}"


# -- making gold hold a value ----------------------------------------------------------------------------

class DecisionRows(Protocol):
    """What a decision writes besides annotations: the store's ``adjudications`` rows."""

    def decision(self, doc_id: int, key: str) -> tuple[str, str] | None: ...
    def set_decision(self, doc_id: int, key: str, decided: tuple[str, str] | None) -> None: ...


@dataclass(frozen=True)
class Decide(Edit):
    """Make gold hold ``value`` for ``key`` and record ``choice`` (an analyst, both, neither, edited,
    agreed) as the decision, by whoever applies it; ``sources`` are the layers' records, for the labels of
    spans a role or relation needs and the entities of links."""

    doc_id: int
    key: Key
    value: Any
    choice: str
    sources: tuple[Annotated, ...] = ()

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        inverses: list[Edit] = []
        changes = Changes(self.doc_id)
        for edit in _Planner(store, self.doc_id, self.sources).edits(self.key, self.value):
            inverse, changed = edit.apply(store, who)
            inverses.append(inverse)
            changes = changes | changed
        rows: DecisionRows = store  # type: ignore[assignment]
        key = key_text(self.key)
        before = rows.decision(self.doc_id, key)
        rows.set_decision(self.doc_id, key, (self.choice, who))
        return Decision(self.doc_id, key, before, Batch(self.doc_id, tuple(reversed(inverses)),
                                                          "Undo decision")), changes

    def describe(self) -> str:
        return f"Decide {self.key[0]} ({self.choice})"

    def payload(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "key": key_text(self.key), "choice": self.choice,
                "value": sorted(self.value) if isinstance(self.value, frozenset) else self.value}


@dataclass(frozen=True)
class Decision(Edit):
    """Apply ``inner`` and set the stored decision of ``key`` to ``decided`` (None: undecided): the undo
    (and the redo) of a :class:`Decide`."""

    doc_id: int
    key: str
    decided: tuple[str, str] | None
    inner: Edit

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        inverse, changes = self.inner.apply(store, who)
        rows: DecisionRows = store  # type: ignore[assignment]
        before = rows.decision(self.doc_id, self.key)
        rows.set_decision(self.doc_id, self.key, self.decided)
        return Decision(self.doc_id, self.key, before, inverse), changes

    def describe(self) -> str:
        return "Decision"

    def payload(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "key": self.key, "decided": self.decided}


class _Planner:
    """The edits that make gold hold a value. They are generated lazily and applied one by one, so each is
    worked out from gold as the edits before it left it (a role's event and filler exist by then)."""

    def __init__(self, store: EditTarget, doc_id: int, sources: Iterable[Annotated]) -> None:
        self.store = store
        self.doc_id = doc_id
        self.sources = tuple(sources)

    def spans_at(self, where: Extent, kind: str | None = None) -> list[Span]:
        return [span for span in self.store.spans_overlapping(self.doc_id, where[0], where[1])
                if extent(span) == where and (kind is None or span.kind == kind)]

    def edits(self, key: Key, value: Any) -> Iterable[Edit]:
        kind = key[0]
        if kind == SPAN:
            yield from self._labels(key[1], value)
        elif kind == EVENT:
            yield from self._types(key[1], value)
        elif kind == ROLE:
            yield from self._roles(key[1], key[2], key[3], value)
        elif kind == RELATION:
            yield from self._relations(key[1], key[2], value)
        elif kind == LINK:
            yield from self._link(key[1], key[2], value)
        else:
            yield from self._attribute(key[1], key[2], value)

    def _labels(self, where: Extent, labels: frozenset[str]) -> Iterable[Edit]:
        present = self.spans_at(where, ENTITY)
        for span in present:
            if span.label not in labels:
                yield RemoveSpan(self.doc_id, span.id)
        for label in sorted(labels - {span.label for span in present}):
            yield AddSpan(self.doc_id, Span(where[0], where[1], label, ENTITY, fragments=where[2]))

    def _events_at(self, where: Extent) -> list:
        triggers = {span.id for span in self.spans_at(where, TRIGGER)}
        return [event for event in self.store.events_of(self.doc_id) if event.trigger_id in triggers]

    def _types(self, where: Extent, types: frozenset[str]) -> Iterable[Edit]:
        present = self._events_at(where)
        for event in present:
            if event.type not in types:
                yield RemoveEvent(self.doc_id, event.id)
        for event_type in sorted(types - {event.type for event in present}):
            yield self._add_event(where, event_type)

    def _add_event(self, where: Extent, event_type: str) -> Edit:
        triggers = self.spans_at(where, TRIGGER)
        if triggers:
            return AddEvent(self.doc_id, event_type, trigger_id=triggers[0].id)
        return AddEvent(self.doc_id, event_type, start=where[0], end=where[1])

    def _source_label(self, where: Extent) -> str | None:
        for source in self.sources:
            for span in source.spans:
                if span.kind == ENTITY and extent(span) == where:
                    return span.label
        return None

    def _entity_span(self, where: Extent) -> Iterable[Edit]:
        """Add the entity span at ``where`` (with a layer's label) unless gold has one."""
        if not self.spans_at(where, ENTITY):
            label = self._source_label(where)
            if label is not None:
                yield AddSpan(self.doc_id, Span(where[0], where[1], label, ENTITY, fragments=where[2]))

    def _roles(self, trigger: Extent, event_type: str, filler: Extent,
               roles: frozenset[str]) -> Iterable[Edit]:
        if roles and not any(event.type == event_type for event in self._events_at(trigger)):
            yield self._add_event(trigger, event_type)
        if roles:
            yield from self._entity_span(filler)
        fillers = {span.id for span in self.spans_at(filler)}
        for event in self._events_at(trigger):
            if event.type != event_type:
                continue
            present = {a.role: a for a in event.arguments if a.span_id in fillers}
            for role, argument in present.items():
                if role not in roles:
                    yield RemoveArgument(self.doc_id, argument.id)
            entity = self.spans_at(filler, ENTITY)
            for role in sorted(roles - set(present)):
                if entity:
                    yield AddArgument(self.doc_id, event.id, role, span_id=entity[0].id)
            return

    def _relations(self, head: Extent, tail: Extent, types: frozenset[str]) -> Iterable[Edit]:
        if types:
            yield from self._entity_span(head)
            yield from self._entity_span(tail)
        heads, tails = self.spans_at(head, ENTITY), self.spans_at(tail, ENTITY)
        if not heads or not tails:
            return
        head_ids, tail_ids = {s.id for s in heads}, {s.id for s in tails}
        present = {r.type: r for r in self.store.relations_using_spans(head_ids)
                   if r.head_id in head_ids and r.tail_id in tail_ids}
        for relation_type, relation in present.items():
            if relation_type not in types:
                yield DeleteRelation(self.doc_id, relation.id)
        for relation_type in sorted(types - set(present)):
            yield AddRelation(self.doc_id, relation_type, heads[0].id, tails[0].id)

    def _link(self, where: Extent, label: str, entity: tuple[str, str] | None) -> Iterable[Edit]:
        spans = [span for span in self.spans_at(where, ENTITY) if span.label == label]
        if not spans:
            return
        linked = self.store.links_of_spans([spans[0].id])
        if entity is None:
            if linked:
                yield UnlinkSpan(self.doc_id, spans[0].id)
            return
        found = [e for e in self.store.entities() if (e.label, e.name) == entity]
        if found and not (linked and linked[0].entity_id == found[0].id):
            yield LinkSpan(self.doc_id, spans[0].id, found[0].id)

    def _attribute(self, target: Key, name: str, value: Any) -> Iterable[Edit]:
        found = self._target(target)
        if found is None:
            return
        on, target_id = found
        if value is None:
            if self.store.attribute(on, target_id, name) is not None:
                yield ClearAttribute(self.doc_id, on, target_id, name)
        else:
            yield SetAttribute(self.doc_id, on, target_id, name, value)

    def _target(self, target: Key) -> tuple[str, int] | None:
        if target[0] == SPAN:
            spans = [s for s in self.spans_at(target[1], ENTITY) if s.label == target[2]]
            return (ON_SPAN, spans[0].id) if spans else None
        if target[0] == EVENT:
            events = [e for e in self._events_at(target[1]) if e.type == target[2]]
            return (ON_EVENT, events[0].id) if events else None
        heads = {s.id for s in self.spans_at(target[1], ENTITY)}
        tails = {s.id for s in self.spans_at(target[2], ENTITY)}
        relations = [r for r in self.store.relations_using_spans(heads)
                     if r.head_id in heads and r.tail_id in tails and r.type == target[3]]
        return (ON_RELATION, relations[0].id) if relations else None


def gold_in_index_form(gold: Annotated, entities: Iterable[Entity]) -> Annotated:
    """Gold (store rows) with its linked entities attached, in index form, ready for :func:`facts`."""
    wanted = {link.entity_id for link in gold.links}
    return index_form(replace(gold, entities=tuple(e for e in entities if e.id in wanted)))
