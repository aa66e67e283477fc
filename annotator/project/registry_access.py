"""The facade's doors to the project's registries: entities, their links and aliases, and event records.

A base of :class:`annotator.project.facade.Project` (kept apart so each area of the facade reads on its
own); it works through the project's ``store`` and ``notify`` like the rest of the facade. The modules
behind these doors (entity views, link proposals, record details, alias lists) are imported by the door
that first needs them: opening a project and showing it needs none, and the app's window paints sooner.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.edits import Changes, Edit
from annotator.core.model import Entity, EntityLink

if TYPE_CHECKING:
    from annotator.core.record_candidates import Candidate
    from annotator.core.records import EventRecord, Membership
    from annotator.nlp.entity_links import AliasCandidate, AliasIndex, LinkProposal
    from annotator.project.entity_view import EntityMention
    from annotator.project.facade import Project
    from annotator.project.records import RecordDetail
    from annotator.project.registry import EntityImportReport


class AliasCache:
    """The registry's alias index, built once and again only after the registry changed: through this
    project's store (a rolled-back edit too, to be safe), or as an import reports (``documents``)."""

    def __init__(self) -> None:
        self._index: AliasIndex | None = None
        self._built_at = -1

    def forget(self, changes: Changes) -> None:
        if changes.documents:
            self._index = None

    def index(self, project: Project) -> AliasIndex:
        from annotator.nlp.entity_links import AliasIndex
        from annotator.nlp.lemmas import Lemmas

        writes = project.store.annotations.registry_writes
        if self._index is None or writes != self._built_at:
            self._index = AliasIndex(project.entities(), Lemmas(project.schema.language))
            self._built_at = writes
        return self._index


class RegistryAccess:
    """Entities, links, aliases and records, read and edited through the project."""

    store: Any
    _aliases: Any
    notify: Any

    def entities(self, entity_ids: Iterable[int] | None = None) -> list[Entity]:
        """The registry in id order (or the entities ``entity_ids``)."""
        return self.store.annotations.entities(entity_ids)

    def entity(self, entity_id: int) -> Entity:
        return self.store.annotations.entity(entity_id)

    def links(self, doc_id: int) -> list[EntityLink]:
        """The document's entity spans that are linked, with their entities."""
        return self.store.annotations.links_of(doc_id)

    def links_of_spans(self, span_ids: Iterable[int]) -> list[EntityLink]:
        """The links of these spans (an unlinked span has none): what a change re-reads."""
        return self.store.annotations.links_of_spans(span_ids)

    def mentions(self, entity_id: int) -> list[EntityLink]:
        """Every span linked to the entity, across the project."""
        return self.store.annotations.links_of_entity(entity_id)

    def entity_mentions(self, entity_id: int) -> list[EntityMention]:
        """Every mention of the entity across the project, each in its sentence (the entity view)."""
        from annotator.project.entity_view import entity_mentions

        return entity_mentions(self, entity_id)

    def alias_candidates(self, entity_id: int) -> list[AliasCandidate]:
        """Texts of unlinked mentions close to the entity's names, to add as aliases (the entity view)."""
        from annotator.project.entity_view import entity_alias_candidates

        return entity_alias_candidates(self, entity_id)

    def add_aliases_edit(self, entity_id: int, texts: list[str], *, link: bool = False) -> Edit:
        """The one edit adding ``texts`` as aliases of the entity (and linking their unlinked mentions)."""
        from annotator.project.entity_view import add_aliases_edit

        return add_aliases_edit(self, entity_id, texts, link=link)

    def entities_named(self, keys: Iterable[str]) -> dict[str, list[Entity]]:
        """The entities with a name or alias under each folded key (``core.folding.fold``)."""
        return self.store.annotations.entities_named(keys)

    def records(self, record_ids: Iterable[int] | None = None, *, event_type: str | None = None
                ) -> list[EventRecord]:
        """The event records in id order (or those of ``record_ids``, or of ``event_type``)."""
        return self.store.annotations.records(record_ids, event_type=event_type)

    def record_details(self, record_ids: list[int] | None = None) -> list[RecordDetail]:
        """Records with their mentions (document, trigger offsets) and fields with evidence."""
        from annotator.project.records import record_details

        return record_details(self, record_ids)

    def record_of(self, event_id: int) -> Membership | None:
        """The event mention's place in a record, or None when it is in none."""
        found = self.store.annotations.memberships_of_events([event_id])
        return found[0] if found else None

    def candidates_ignored(self, event_id: int) -> bool:
        """Whether the analyst ignored the event mention's candidate records (kept across sessions)."""
        return bool(self.store.annotations.ignored_of_events([event_id]))

    def record_memberships(self, doc_id: int) -> list[Membership]:
        """The record of each of the document's event mentions that is in one."""
        return self.store.annotations.memberships_of_document(doc_id)

    def events_without_record(self, doc_id: int | None = None) -> list[tuple[int, int]]:
        """``(document id, event id)`` of every event mention in no record (in ``doc_id``, or in the whole
        project), in document and event order: one indexed query."""
        return self.store.annotations.events_without_record(doc_id)

    def record_candidates(self, event_id: int, *, limit: int = 5) -> list[Candidate]:
        """The records the event mention may describe, best first, each with its reasons."""
        from annotator.project.records import record_candidates

        return record_candidates(self, event_id, limit=limit)

    def export_records(self, out: str | Path, fmt: str | None = None) -> int:
        """Write every record as a table row (CSV or JSONL, by ``fmt`` or the suffix); how many."""
        from annotator.project.records import export_records

        return export_records(self, Path(out), fmt)

    def alias_index(self) -> AliasIndex:
        """The registry's names and aliases for link suggestions, rebuilt only after the registry changed."""
        return self._aliases.index(self)

    def link_proposals(self, doc_id: int) -> list[LinkProposal]:
        """The document's unlinked mentions whose text (folded, or by lemma for common nouns) is an alias
        of an entity of their label, with those entities."""
        from annotator.project.linking import link_proposals

        return link_proposals(self, doc_id)

    def link_all_edit(self, entity_id: int, text: str, doc_id: int | None = None) -> Edit:
        """The one edit (one undo step) linking every unlinked mention of ``text`` to the entity, in the
        document ``doc_id`` or in the whole project; apply it with :meth:`apply`."""
        from annotator.project.linking import link_all_edit

        return link_all_edit(self, entity_id, text, doc_id)

    def unambiguous_links_edit(self) -> tuple[Edit, list[LinkProposal]]:
        """The one edit linking every unlinked mention that is an alias of exactly one entity."""
        from annotator.project.linking import unambiguous_links_edit

        return unambiguous_links_edit(self)

    def import_entities(self, path: str | Path, *, encoding: str | None = None) -> EntityImportReport:
        """Read an alias list (CSV/TSV/JSONL) into the entity registry, all or nothing."""
        from annotator.project.registry import import_entities

        report = import_entities(self, Path(path), encoding=encoding)
        self.notify(Changes(None, entities=report.entity_ids))
        return report

    def export_entities(self, out: str | Path) -> int:
        """Write the entity registry to ``out`` as its suffix says (.csv, .tsv, .jsonl)."""
        from annotator.project.registry import export_entities

        return export_entities(self, Path(out))
