"""The entity registry's verbs: importing an alias list (all or nothing) and exporting the registry.

An imported row whose label and name (or whose ``scheme:id``) an entity of the project already has adds
its aliases, id and description to that entity instead of making a second one, so importing a grown
gazetteer again brings the registry up to date. Every row is checked by :mod:`annotator.core.rules` and
the first bad one refuses the file, naming its line, with the project left as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core import rules
from annotator.core.entity_edits import united
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


def import_entities(project: Project, path: Path, *, encoding: str | None = None) -> EntityImportReport:
    """Read the alias list at ``path`` into the registry in one transaction."""
    if encoding is not None:
        text_codec(encoding)
    store, report, touched = project.store, EntityImportReport(), set()
    rows = store.annotations
    with store.atomic():
        known = rows.entities()
        by_external = {entity.external_id: entity for entity in known if entity.external_id}
        by_name = {(entity.label, entity.name): entity for entity in known}
        for where, entity in read_gazetteer(path, encoding):
            problems = rules.entity_problems(store.schema, entity)
            if problems:
                raise problems[0].restated(where=where, hint=Hints.NO_ENTITY_IMPORTED)
            match = by_external.get(entity.external_id) if entity.external_id else None
            if match is None or match.label != entity.label:
                match = by_name.get((entity.label, entity.name))
            if match is None:
                stored = rows.add_entity(entity)
                report.created += 1
            else:
                stored = united(match, entity)
                if stored == match:
                    report.unchanged += 1
                    continue
                rows.update_entity(stored)
                report.updated += 1
            touched.add(stored.id)
            by_name[(stored.label, stored.name)] = stored
            if stored.external_id:
                by_external.setdefault(stored.external_id, stored)
        store.audit.record(None, project.annotator, "ImportEntities",
                           {"file": str(path), "created": report.created, "updated": report.updated})
    report.entity_ids = frozenset(touched)
    return report


def export_entities(project: Project, out: Path) -> int:
    """Write the whole registry to ``out`` (.csv, .tsv or .jsonl); how many entities were written."""
    return write_gazetteer(project.entities(), out)
