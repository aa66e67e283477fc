"""Deciding a disagreement (:mod:`annotator.core.adjudication`): the edit that makes gold hold a value.

:class:`Decide` works out, at apply time, the edits that make gold hold the chosen value (adding the spans
and events a role or relation stands on), applies them through the usual edits (so the rules check each),
and records the decision (which choice, by whom) in the same step; its inverse, a :class:`Decision`, takes
back both, so Ctrl+Z undoes a decision whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from annotator.core.adjudication import (
    EVENT,
    LINK,
    RELATION,
    ROLE,
    SPAN,
    Extent,
    Key,
    extent,
    key_text,
)
from annotator.core.edit_base import Batch, Changes, Edit, EditTarget
from annotator.core.edits import (
    AddArgument,
    AddEvent,
    AddSpan,
    RelabelSpan,
    RemoveArgument,
    RemoveEvent,
    RemoveSpan,
)
from annotator.core.entity_edits import LinkSpan, UnlinkSpan
from annotator.core.model import ENTITY, ON_EVENT, ON_RELATION, ON_SPAN, TRIGGER, Annotated, Span
from annotator.core.relation_edits import (
    AddRelation,
    ClearAttribute,
    DeleteRelation,
    FillRoleWithEvent,
    SetAttribute,
)


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
            yield from self._roles(key[1], key[2], key[3], value, key[4] if len(key) > 4 else None)
        elif kind == RELATION:
            yield from self._relations(key[1], key[2], value)
        elif kind == LINK:
            yield from self._link(key[1], key[2], value)
        else:
            yield from self._attribute(key[1], key[2], value)

    def _labels(self, where: Extent, labels: frozenset[str]) -> Iterable[Edit]:
        """A span of a label not chosen is relabelled to a chosen one gold lacks, so the roles, relations,
        notes and attributes standing on it (agreed, perhaps, and put in gold already) stay; else removed."""
        present = self.spans_at(where, ENTITY)
        missing = sorted(labels - {span.label for span in present})
        for span in present:
            if span.label in labels:
                continue
            if missing:
                yield RelabelSpan(self.doc_id, span.id, missing.pop(0))
            else:
                yield RemoveSpan(self.doc_id, span.id)
        for label in missing:
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

    def _roles(self, trigger: Extent, event_type: str, filler: Extent, roles: frozenset[str],
               filler_type: str | None = None) -> Iterable[Edit]:
        """The roles the filler at ``filler`` plays in the ``event_type`` event at ``trigger``: an entity
        span, or (``filler_type`` given) the event of that type triggered there (brat's nested events)."""
        if roles and not any(event.type == event_type for event in self._events_at(trigger)):
            yield self._add_event(trigger, event_type)
        if roles and filler_type is None:
            yield from self._entity_span(filler)
        elif roles and not self._filler_events(filler, filler_type):
            yield self._add_event(filler, filler_type)
        for event in self._events_at(trigger):
            if event.type != event_type:
                continue
            if filler_type is None:
                entities = self.spans_at(filler, ENTITY)
                ids = {span.id for span in entities}
                present = {a.role: a for a in event.arguments
                           if a.filler_event_id is None and a.span_id in ids}
            else:
                filler_events = self._filler_events(filler, filler_type)
                ids = {filler_event.id for filler_event in filler_events}
                present = {a.role: a for a in event.arguments if a.filler_event_id in ids}
            for role, argument in present.items():
                if role not in roles:
                    yield RemoveArgument(self.doc_id, argument.id)
            for role in sorted(roles - set(present)):
                if filler_type is None and entities:
                    yield AddArgument(self.doc_id, event.id, role, span_id=entities[0].id)
                elif filler_type is not None and filler_events:
                    yield FillRoleWithEvent(self.doc_id, event.id, role, filler_events[0].id)
            return

    def _filler_events(self, where: Extent, event_type: str) -> list:
        return [event for event in self._events_at(where) if event.type == event_type]

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
