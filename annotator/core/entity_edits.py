"""Reversible edits of the entity registry and of the links of entity spans to it.

They follow :mod:`annotator.core.edits`: each checks :mod:`annotator.core.rules` (an entity's name,
label, id and aliases; a link's span must be an entity span of the entity's label), writes through the
store's annotations part and returns its inverse. Registry edits belong to no document (``doc_id`` None);
a link edit belongs to its span's document. Removals keep ids, so an undo restores the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core import rules
from annotator.core.edits import Batch, Changes, Edit, EditTarget
from annotator.core.model import Entity, EntityLink
from annotator.errors import AnnotatorError, Errors

LinkState = tuple[int, int | None, int]  # (span id, entity id or None for no link, document id)


def _entity(store: EditTarget, entity_id: int) -> Entity:
    try:
        return store.entity(entity_id)
    except KeyError:
        raise AnnotatorError(Errors.E608, entity_id=entity_id) from None


def _touched(links: Iterable[EntityLink | LinkState], *entity_ids: int | None, doc_id: int | None = None
             ) -> Changes:
    spans = frozenset(link.span_id if isinstance(link, EntityLink) else link[0] for link in links)
    return Changes(doc_id, spans=spans, entities=frozenset(i for i in entity_ids if i is not None))


def _state(store: EditTarget, spans: Iterable[tuple[int, int]]) -> tuple[LinkState, ...]:
    """How the spans (``(span id, document id)`` pairs) are linked now, for an edit's inverse."""
    pairs = list(spans)
    linked = {link.span_id: link.entity_id for link in store.links_of_spans(span_id for span_id, _ in pairs)}
    return tuple((span_id, linked.get(span_id), doc_id) for span_id, doc_id in pairs)


def _with_aliases(entity: Entity, extra: Iterable[str]) -> Entity:
    """``entity`` with the ``extra`` aliases it lacks (exact comparison: case differences are kept)."""
    have = set(entity.names())
    added = []
    for alias in extra:
        if alias not in have:
            have.add(alias)
            added.append(alias)
    return replace(entity, aliases=entity.aliases + tuple(added))


def united(entity: Entity, other: Entity) -> Entity:
    """``entity`` with the name and aliases of ``other`` it lacks, and its id and description where
    ``entity`` has none: a merge, and an imported row for an entity already in the registry."""
    return replace(_with_aliases(entity, other.names()), external_id=entity.external_id or other.external_id,
                   description=entity.description or other.description)


@dataclass(frozen=True)
class RestoreLinks(Edit):
    """Put spans' links back as they were (an entity id, or None for no link); not checked again, as
    restoring puts back a state the rules accepted. Undone by the same edit with the state it replaced."""

    doc_id: int | None
    links: tuple[LinkState, ...]
    label: str = "Restore links"

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        before = _state(store, ((span_id, doc_id) for span_id, _, doc_id in self.links))
        store.unlink_spans(span_id for span_id, entity_id, _ in self.links if entity_id is None)
        store.link_spans(EntityLink(span_id, entity_id, doc_id) for span_id, entity_id, doc_id in self.links
                         if entity_id is not None)
        entity_ids = {e for _, e, _ in (*self.links, *before)}
        return RestoreLinks(self.doc_id, before, self.label), _touched(self.links, *entity_ids,
                                                                         doc_id=self.doc_id)

    def describe(self) -> str:
        return self.label


@dataclass(frozen=True)
class LinkSpans(Edit):
    """Link each entity span to an entity (``(document id, span id, entity id)`` triples, replacing a
    span's earlier link), all checked first, written at once, undone in one step: "link all mentions"."""

    doc_id: int | None
    links: tuple[tuple[int, int, int], ...]
    label: str = "Link to entity"

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        spans = {span.id: span for span in store.spans_with_ids(span_id for _, span_id, _ in self.links)}
        entities = {entity.id: entity for entity in store.entities({e for _, _, e in self.links})}
        for doc_id, span_id, entity_id in self.links:
            span = spans.get(span_id)
            if span is None or span.doc_id != doc_id:
                raise AnnotatorError(Errors.E437, target=f"span {span_id}")
            if entity_id not in entities:
                raise AnnotatorError(Errors.E608, entity_id=entity_id)
            rules.check_link(span, entities[entity_id])
        before = _state(store, ((span_id, doc_id) for doc_id, span_id, _ in self.links))
        store.link_spans(EntityLink(span_id, entity_id, doc_id) for doc_id, span_id, entity_id in self.links)
        return (RestoreLinks(self.doc_id, before, f"Undo {self.label.lower()}"),
                _touched(before, *entities, *(state[1] for state in before), doc_id=self.doc_id))

    def describe(self) -> str:
        return self.label


@dataclass(frozen=True)
class LinkSpan(Edit):
    """Link the entity span ``span_id`` to ``entity_id`` (replacing its earlier link, if any)."""

    doc_id: int
    span_id: int
    entity_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        return LinkSpans(self.doc_id, ((self.doc_id, self.span_id, self.entity_id),)).apply(store, who)

    def describe(self) -> str:
        return "Link to entity"


@dataclass(frozen=True)
class UnlinkSpan(Edit):
    doc_id: int
    span_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        before = _state(store, [(self.span_id, self.doc_id)])
        if before[0][1] is None:
            span = store.span(self.span_id)
            raise AnnotatorError(Errors.E609, span=f"span {span.start}-{span.end} ({span.label})")
        store.unlink_span(self.span_id)
        return RestoreLinks(self.doc_id, before, "Link"), _touched(before, before[0][1], doc_id=self.doc_id)

    def describe(self) -> str:
        return "Unlink from entity"


@dataclass(frozen=True)
class CreateEntity(Edit):
    """Add ``entity`` to the registry; with ``span_id`` (of ``doc_id``), create it from that mention and
    link the mention to it, in one step."""

    entity: Entity
    span_id: int | None = None
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        rules.check_entity(store.schema, self.entity)
        before: tuple[LinkState, ...] = ()
        if self.span_id is not None:
            span = store.span(self.span_id)
            rules.check_link(span, self.entity)
            before = _state(store, [(self.span_id, span.doc_id)])
        added = store.add_entity(self.entity)
        if self.span_id is not None:
            store.link_span(EntityLink(self.span_id, added.id, before[0][2]))
        undo: Edit = DeleteEntity(added.id, doc_id=self.doc_id)
        if any(entity_id is not None for _, entity_id, _ in before):
            undo = Batch(self.doc_id, (undo, RestoreLinks(self.doc_id, before)), "Delete entity")
        return undo, _touched(before, added.id, doc_id=self.doc_id)

    def describe(self) -> str:
        return f"New entity {self.entity.name}"


@dataclass(frozen=True)
class DeleteEntity(Edit):
    """Remove an entity and the links to it; the undo puts both back."""

    entity_id: int
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        entity = _entity(store, self.entity_id)
        links = tuple(store.links_of_entity(self.entity_id))
        for link in links:
            store.unlink_span(link.span_id)
        store.delete_entity(self.entity_id)
        return (RestoreEntity(entity, links, redo=self, doc_id=self.doc_id),
                _touched(links, self.entity_id, doc_id=self.doc_id))

    def describe(self) -> str:
        return "Delete entity"


@dataclass(frozen=True)
class RestoreEntity(Edit):
    """Put back an entity a removal or merge took (same id) with its links; a merge's ``survivor`` goes
    back to how it was too. Undone by the removal itself."""

    entity: Entity
    links: tuple[EntityLink, ...] = ()
    survivor: Entity | None = None
    redo: Edit | None = field(default=None, compare=False)
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        if self.redo is None:
            raise ValueError("RestoreEntity needs the edit that removes what it restores")
        if self.survivor is not None:
            store.update_entity(self.survivor)
        store.add_entity(self.entity)
        for link in self.links:
            store.link_span(link)
        survivor_id = self.survivor.id if self.survivor else None
        return self.redo, _touched(self.links, self.entity.id, survivor_id, doc_id=self.doc_id)

    def describe(self) -> str:
        return f"Restore ({self.redo.describe() if self.redo else ''})"

    def payload(self) -> dict[str, Any]:
        return {"entity": self.entity.id, "links": [link.span_id for link in self.links],
                "survivor": self.survivor.id if self.survivor else None}


@dataclass(frozen=True)
class ReplaceEntity(Edit):
    """Give an entity new details (name, aliases, id, description, label), checked like a new one; a
    new label must still fit every mention linked to it. Rename and the alias edits are made of this."""

    entity: Entity
    label: str = "Edit entity"
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        if self.entity.id is None:
            raise ValueError("ReplaceEntity needs the entity's id")
        old = _entity(store, self.entity.id)
        new = replace(self.entity, created_at=old.created_at)
        rules.check_entity(store.schema, new)
        if new.label != old.label:
            for link in store.links_of_entity(old.id):
                rules.check_link(store.span(link.span_id), new)
        store.update_entity(new)
        return ReplaceEntity(old, self.label, self.doc_id), _touched((), old.id, doc_id=self.doc_id)

    def describe(self) -> str:
        return self.label


def rename_entity(store: EditTarget, entity_id: int, name: str, *, keep_old_name: bool = False) -> Edit:
    """The edit that renames an entity (keeping the old name as an alias when asked)."""
    entity = _entity(store, entity_id)
    renamed = replace(entity, name=name)
    if keep_old_name:
        renamed = _with_aliases(renamed, [entity.name])
    return ReplaceEntity(renamed, f"Rename {entity.name} to {name}")


@dataclass(frozen=True)
class RenameEntity(Edit):
    entity_id: int
    name: str
    keep_old_name: bool = False
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        return rename_entity(store, self.entity_id, self.name, keep_old_name=self.keep_old_name).apply(
            store, who)

    def describe(self) -> str:
        return f"Rename entity to {self.name}"


@dataclass(frozen=True)
class AddAlias(Edit):
    entity_id: int
    alias: str
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        entity = _entity(store, self.entity_id)
        if self.alias in entity.names():
            raise AnnotatorError(Errors.E613, name=entity.name, alias=self.alias)
        return ReplaceEntity(replace(entity, aliases=(*entity.aliases, self.alias)),
                             self.describe()).apply(store, who)

    def describe(self) -> str:
        return f"Add alias {self.alias}"


@dataclass(frozen=True)
class AddAliases(Edit):
    """Add ``aliases`` to an entity (those it has are skipped; case differences kept) and link the
    mentions ``links`` (``(document id, span id)`` pairs) to it, in one undo step: aliases taken from
    unlinked mentions in the entity view."""

    entity_id: int
    aliases: tuple[str, ...]
    links: tuple[tuple[int, int], ...] = ()
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        entity = _entity(store, self.entity_id)
        edits: list[Edit] = [ReplaceEntity(_with_aliases(entity, self.aliases), self.describe())]
        if self.links:
            links = tuple((doc_id, span_id, entity.id) for doc_id, span_id in self.links)
            edits.append(LinkSpans(None, links))
        return Batch(self.doc_id, tuple(edits), self.describe()).apply(store, who)

    def describe(self) -> str:
        count = len(self.links)
        linked = f", {count} mention{'s' if count != 1 else ''} linked" if count else ""
        return f"Add alias{'es' if len(self.aliases) != 1 else ''} {', '.join(self.aliases)}{linked}"


@dataclass(frozen=True)
class RemoveAlias(Edit):
    entity_id: int
    alias: str
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        entity = _entity(store, self.entity_id)
        if self.alias not in entity.aliases:
            raise AnnotatorError(Errors.E612, name=entity.name, alias=self.alias)
        kept = tuple(alias for alias in entity.aliases if alias != self.alias)
        return ReplaceEntity(replace(entity, aliases=kept), self.describe()).apply(store, who)

    def describe(self) -> str:
        return f"Remove alias {self.alias}"


@dataclass(frozen=True)
class MergeEntities(Edit):
    """Merge ``absorbed_id`` into ``survivor_id``: its links move to the survivor, its name and aliases
    join the survivor's, its id and description fill the survivor's if empty; then it is gone."""

    survivor_id: int
    absorbed_id: int
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        if self.survivor_id == self.absorbed_id:
            raise AnnotatorError(Errors.E610)
        survivor, absorbed = _entity(store, self.survivor_id), _entity(store, self.absorbed_id)
        if survivor.label != absorbed.label:
            raise AnnotatorError(Errors.E611, label=absorbed.label, other=survivor.label)
        links = tuple(store.links_of_entity(absorbed.id))
        merged = united(survivor, absorbed)
        for link in links:
            store.link_span(replace(link, entity_id=survivor.id))
        store.delete_entity(absorbed.id)
        store.update_entity(merged)
        return (RestoreEntity(absorbed, links, survivor, redo=self, doc_id=self.doc_id),
                _touched(links, survivor.id, absorbed.id, doc_id=self.doc_id))

    def describe(self) -> str:
        return "Merge entities"


@dataclass(frozen=True)
class SplitEntity(Edit):
    """Move the mentions ``span_ids`` of an entity to a new entity ``name`` of the same label (some of
    its mentions, never none or all); ``new_id`` keeps the new entity's id when redone."""

    entity_id: int
    span_ids: tuple[int, ...]
    name: str
    new_id: int | None = None
    doc_id: int | None = None

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        entity = _entity(store, self.entity_id)
        linked = {link.span_id: link for link in store.links_of_entity(entity.id)}
        for span_id in self.span_ids:
            if span_id not in linked:
                raise AnnotatorError(Errors.E621, span_id=span_id, name=entity.name)
        if not self.span_ids or set(self.span_ids) >= set(linked):
            raise AnnotatorError(Errors.E620)
        new = Entity(self.name, entity.label, id=self.new_id)
        rules.check_entity(store.schema, new)
        added = store.add_entity(new)
        moved = tuple(linked[span_id] for span_id in dict.fromkeys(self.span_ids))
        for link in moved:
            store.link_span(replace(link, entity_id=added.id))
        undo = Batch(self.doc_id, (RestoreLinks(self.doc_id, tuple(
            (link.span_id, entity.id, link.doc_id) for link in moved)), DeleteEntity(added.id)), "Unsplit")
        return undo, _touched(moved, entity.id, added.id, doc_id=self.doc_id)

    def describe(self) -> str:
        return f"Split off {self.name}"
