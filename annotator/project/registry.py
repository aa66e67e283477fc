"""The entity registry's verbs: importing an alias list (all or nothing) and exporting the registry.

An imported row whose label and name (or whose ``scheme:id``) an entity of the project already has adds
its aliases, id and description to that entity instead of making a second one, so importing a grown
gazetteer again brings the registry up to date. Every row is checked by :mod:`annotator.core.rules` and
the first bad one refuses the file, naming its line, with the project left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core import rules
from annotator.core.entity_edits import united
from annotator.core.model import Entity
from annotator.errors import Hints
from annotator.formats.gazetteer import read_gazetteer, write_gazetteer
from annotator.formats.text_reader import text_codec

if TYPE_CHECKING:
    from annotator.project.facade import Project


@dataclass
class EntityImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    entity_ids: frozenset[int] = frozenset()

    def summary_lines(self) -> list[str]:
        return [f"imported {self.created} new entit{'y' if self.created == 1 else 'ies'}, "
                f"added to {self.updated}, {self.unchanged} already known"]


class EntityResolver:
    """Finds each incoming entity in the registry (by ``scheme:id``, else by label and name) and adds what
    it brings, or stores it as new; the caller holds the transaction."""

    def __init__(self, project: Project) -> None:
        self.rows = project.store.annotations
        known = self.rows.entities()
        self.by_external = {entity.external_id: entity for entity in known if entity.external_id}
        self.by_name = {(entity.label, entity.name): entity for entity in known}
        self.report = EntityImportReport()
        self.touched: set[int] = set()

    def resolve(self, entity: Entity) -> Entity:
        """The stored entity ``entity`` is, after adding its aliases, id and description."""
        match = self.by_external.get(entity.external_id) if entity.external_id else None
        if match is None or match.label != entity.label:
            match = self.by_name.get((entity.label, entity.name))
        if match is None:
            stored = self.rows.add_entity(replace(entity, id=None, created_at=""))
            self.report.created += 1
        else:
            stored = united(match, entity)
            if stored == match:
                self.report.unchanged += 1
                return match
            self.rows.update_entity(stored)
            self.report.updated += 1
        self.touched.add(stored.id)
        self.by_name[(stored.label, stored.name)] = stored
        if stored.external_id:
            self.by_external.setdefault(stored.external_id, stored)
        return stored


def import_entities(project: Project, path: Path, *, encoding: str | None = None) -> EntityImportReport:
    """Read the alias list at ``path`` into the registry in one transaction."""
    if encoding is not None:
        text_codec(encoding)
    store = project.store
    with store.atomic():
        resolver = EntityResolver(project)
        for where, entity in read_gazetteer(path, encoding):
            problems = rules.entity_problems(store.schema, entity)
            if problems:
                raise problems[0].restated(where=where, hint=Hints.NO_ENTITY_IMPORTED)
            resolver.resolve(entity)
        report = resolver.report
        store.audit.record(None, project.annotator, "ImportEntities",
                           {"file": str(path), "created": report.created, "updated": report.updated})
    report.entity_ids = frozenset(resolver.touched)
    return report


def export_entities(project: Project, out: Path) -> int:
    """Write the whole registry to ``out`` (.csv, .tsv or .jsonl); how many entities were written."""
    return write_gazetteer(project.entities(), out)
