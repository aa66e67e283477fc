"""Which layer an export or training reads: ``gold`` (the default: the project's own annotations), one
analyst's layer by name, or ``all``.

``all`` in JSONL is one file holding, for every document, its gold record and then one record per
analyst's layer (in name order after all gold records), each with ``layer`` in its ``meta``; a JSONL
reader keeps the first record of a text, so importing it back gives gold. Every other format cannot
tell one record of a text from another, so ``all`` writes one output per layer beside ``out``:
``NAME.gold.SUFFIX``, ``NAME.alice.SUFFIX``... (a folder format: ``out/gold``, ``out/alice``...).
An analyst's layer holds only the documents that analyst had; its status filter reads the analyst's status.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import Annotated, Entity
from annotator.errors import AnnotatorError, Errors
from annotator.formats.registry import WRITERS

if TYPE_CHECKING:
    from annotator.project.facade import Project

GOLD = "gold"
ALL = "all"
RESERVED = (GOLD, ALL)
ONE_FILE_FOR_ALL = frozenset({"jsonl"})


@dataclass(frozen=True)
class LayerSource:
    """A layer's documents, streamed on demand, and how many there are (for progress)."""

    items: Callable[[], Iterator[Annotated]]
    total: int


def layer_names(project: Project) -> list[str]:
    return [GOLD, *project.store.layers.analysts()]


def checked_layer(project: Project, layer: str) -> str:
    if layer != ALL and layer not in layer_names(project):
        raise AnnotatorError(Errors.E713, layer=layer, layers=", ".join([*layer_names(project), ALL]))
    return layer


def layer_items(project: Project, layer: str, *, status: str | None = None,
                labels: Iterable[str] | None = None) -> Iterator[Annotated]:
    """One layer's documents (gold or an analyst's) as the exporters read them."""
    if layer == GOLD:
        return project.annotated(status=status, labels=labels)
    return _analyst_items(project, layer, status, labels)


def _analyst_items(project: Project, analyst: str, status: str | None,
                   labels: Iterable[str] | None) -> Iterator[Annotated]:
    registry = _Registry(project)
    for _name, item in project.store.layers.stream(analyst, status=status, labels=labels):
        yield registry.in_gold(item)


def layer_outputs(project: Project, out: Path, fmt: str, layer: str, status: str | None,
                  labels: list[str] | None) -> list[tuple[Path, LayerSource]]:
    """Each output to write and the documents going into it."""
    checked_layer(project, layer)
    if layer != ALL:
        return [(out, _source(project, layer, status, labels))]
    names = layer_names(project)
    if fmt in ONE_FILE_FOR_ALL:
        sources = [_source(project, name, status, labels, tagged=True) for name in names]
        return [(out, LayerSource(lambda: chain.from_iterable(source.items() for source in sources),
                                  sum(source.total for source in sources)))]
    folder = WRITERS[fmt].suffix == ""
    return [(out / name if folder else out.with_name(f"{out.stem}.{name}{out.suffix}"),
             _source(project, name, status, labels)) for name in names]


def _source(project: Project, layer: str, status: str | None, labels: list[str] | None, *,
            tagged: bool = False) -> LayerSource:
    def items() -> Iterator[Annotated]:
        for item in layer_items(project, layer, status=status, labels=labels):
            yield replace(item, document=replace(item.document, meta={**item.document.meta, "layer": layer})
                          ) if tagged else item

    total = project.document_count(status) if layer == GOLD else project.store.layers.count(layer)
    return LayerSource(items, total)


class _Registry:
    """A layer's entities as the gold registry's, found by ``scheme:id`` or label and name, so exports name
    them as gold does (a merge put every analyst's registry into gold's, so each is found)."""

    def __init__(self, project: Project) -> None:
        known = project.entities()
        self.by_external = {entity.external_id: entity for entity in known if entity.external_id}
        self.by_name = {(entity.label, entity.name): entity for entity in known}

    def in_gold(self, item: Annotated) -> Annotated:
        if not item.entities:
            return item
        ids = {entity.id: self._gold(entity).id for entity in item.entities}
        entities = {ids[entity.id]: self._gold(entity) for entity in item.entities}
        return replace(item, links=tuple(replace(link, entity_id=ids[link.entity_id]) for link in item.links),
                       entities=tuple(entities[key] for key in sorted(entities)))

    def _gold(self, entity: Entity) -> Entity:
        found = self.by_external.get(entity.external_id) if entity.external_id else None
        return found or self.by_name.get((entity.label, entity.name)) or entity

