"""One analyst's work on one document, as the agreement measures read it.

An :class:`~annotator.core.model.Annotated` in index form names spans by their place in ``spans``; two
analysts' layers share no ids, so every item is keyed here by what it covers in the text (a span's
pieces, exact code points) and its label, type or role.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.model import ENTITY, Annotated, Entity, Span

Pieces = tuple[tuple[int, int], ...]


def pieces_overlap(a: Pieces, b: Pieces) -> bool:
    """Whether two spans share at least one character (any piece of one meets any piece of the other)."""
    return any(start < other_end and other_start < end for start, end in a for other_start, other_end in b)


def entity_identity(entity: Entity) -> str:
    """How two projects' registries name the same thing: the external ``scheme:id`` if it has one, else
    its label and case-folded name (registries number their entities each their own way)."""
    return entity.external_id or f"{entity.label}:{entity.name.casefold()}"


@dataclass(frozen=True)
class EventItem:
    """An event: its type, its trigger's pieces, and its arguments as (role, filler span's pieces)."""

    index: int
    type: str
    trigger: int
    pieces: Pieces
    arguments: tuple[tuple[str, Pieces], ...]

    @property
    def key(self) -> tuple[str, Pieces]:
        return self.type, self.pieces


@dataclass(frozen=True)
class RelationItem:
    index: int
    type: str
    head: Pieces
    tail: Pieces

    @property
    def key(self) -> tuple[str, Pieces, Pieces]:
        return self.type, self.head, self.tail


class Layer:
    """The entity spans, events, relations, links and attribute values of one ``Annotated``."""

    def __init__(self, annotated: Annotated) -> None:
        self.text = annotated.document.text
        spans = annotated.spans
        self.span_pieces: list[Pieces] = [span.pieces() for span in spans]
        self.entity_indexes = [index for index, span in enumerate(spans) if span.kind == ENTITY]
        self.entities: list[Span] = [spans[index] for index in self.entity_indexes]
        self.events = [EventItem(index, event.type, event.trigger_id, self.span_pieces[event.trigger_id],
                                 tuple((argument.role, self.span_pieces[argument.span_id])
                                       for argument in event.arguments))
                       for index, event in enumerate(annotated.events)]
        self.relations = [RelationItem(index, relation.type, self.span_pieces[relation.head_id],
                                       self.span_pieces[relation.tail_id])
                          for index, relation in enumerate(annotated.relations)]
        self.links: dict[int, str] = {link.span_id: entity_identity(annotated.entities[link.entity_id])
                                      for link in annotated.links}
        self.attributes: dict[tuple[str, int], dict[str, bool | int | str]] = {}
        for value in annotated.attributes:
            self.attributes.setdefault((value.target, value.target_id), {})[value.name] = value.value

    def entity_keys(self) -> list[tuple[str, Pieces]]:
        """(label, pieces) of each entity span, in ``entities`` order."""
        return [(span.label, span.pieces()) for span in self.entities]

    def values_on(self, target: str, index: int) -> dict[str, bool | int | str]:
        return self.attributes.get((target, index), {})
