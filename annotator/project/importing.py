"""The import verb: text files, folders, JSONL and brat pairs into a project, all or nothing.

Everything goes in inside one transaction, so a bad record, a bad file or Cancel leaves the project exactly
as it was. A record that breaks a schema rule (:mod:`annotator.core.rules`) is a bad record like any other.
With ``skip_invalid`` the bad records are listed in the report instead and the rest goes in.
Documents whose text is already in the project, or earlier in the same import, are skipped and listed.
Rows are inserted a batch at a time, the texts' unique index finding repeats: this path carries bulk
imports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.jobs import JobControl
from annotator.core.model import Annotated, PlainAnnotated
from annotator.errors import AnnotatorError, Hints
from annotator.formats.records import Note, Rejected
from annotator.formats.sources import Source, discover, read_sources
from annotator.formats.text_reader import text_codec
from annotator.project.records import ImportedRecords
from annotator.project.registry import EntityResolver

if TYPE_CHECKING:
    from annotator.project.facade import Project

BATCH = 250  # documents per insert: 1000 held four times the objects alive and ran 3-5% slower
_LISTED = 20


@dataclass
class ImportReport:
    documents: int = 0
    spans: int = 0
    events: int = 0
    duplicates: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = [f"imported {self.documents} document(s) with {self.spans} span(s) "
                 f"and {self.events} event(s)"]
        for heading, entries in (
            ("skipped {} duplicate document(s) (same text)", self.duplicates),
            ("skipped {} invalid record(s)", self.invalid),
            ("{} note(s)", self.notes),
        ):
            if entries:
                lines.append(heading.format(len(entries)) + ":")
                lines.extend(f"  {entry}" for entry in entries[:_LISTED])
                if len(entries) > _LISTED:
                    lines.append(f"  ... and {len(entries) - _LISTED} more")
        return lines


def import_paths(project: Project, paths: list[Path], *, annotator: str = "import",
                 encoding: str | None = None, normalize_newlines: bool = False,
                 skip_invalid: bool = False, control: JobControl | None = None) -> ImportReport:
    """Import files and folders; raise :class:`AnnotatorError` (nothing imported) on the first bad one."""
    control = control or JobControl()
    if encoding is not None:
        text_codec(encoding)  # one message for a bad --encoding, before any file is read
    report = ImportReport()
    sources = discover([Path(path) for path in paths], report.notes)
    total = sum(source.size for source in sources)
    starts = dict(zip(map(id, sources), accumulate((s.size for s in sources), initial=0), strict=False))
    store = project.store
    batch = _Batch(project, annotator, report)

    def progress_for(source: Source) -> Callable[[int], None]:
        """Progress in bytes over all sources, checked for Cancel each time a reader reports."""

        def progress(consumed: int) -> None:
            control.check()
            control.report(starts[id(source)] + consumed, total, source.path.name)

        progress(0)
        return progress

    with store.atomic(), store.deferred_upkeep(total, batch.stored_before):
        for _source, item in read_sources(sources, store.schema, encoding=encoding,
                                          normalize_newlines=normalize_newlines, progress_for=progress_for):
            if isinstance(item, Note):
                report.notes.append(str(item))
            elif isinstance(item, Rejected):
                if not skip_invalid:
                    raise AnnotatorError.coded(item.code, item.message, where=item.where,
                                               hint=Hints.SKIP_INVALID)
                report.invalid.append(str(item))
            else:
                batch.add(item)
                if batch.full:
                    control.check()
                    batch.flush()
        batch.flush()
    control.report(total, total, "imported")
    return report


class _Batch:
    """Documents waiting to be inserted; duplicates are dropped here.

    The documents of a batch go in first, the texts' unique index leaving out any repeat (the usual batch
    has none and costs no query); then the annotations of the ones that went in. A repeat is told by the
    id of the document holding its text: one earlier in this import is already in the (uncommitted)
    table, with an id above the ones stored before the import began, so no set of every hash read is
    kept: memory stays flat at any size.
    """

    def __init__(self, project: Project, annotator: str, report: ImportReport) -> None:
        self.store = project.store
        self.annotator = annotator
        self.report = report
        self.items: list[Annotated | PlainAnnotated] = []
        self.stored_before = self.store.documents.last_id()
        self.project = project
        self.resolver: EntityResolver | None = None
        self.records = ImportedRecords(project.store.annotations, annotator)

    def add(self, item: Annotated | PlainAnnotated) -> None:
        self.items.append(item)

    @property
    def full(self) -> bool:
        return len(self.items) >= BATCH

    def flush(self) -> None:
        if not self.items:
            return
        doc_ids = self.store.insert_new_documents([item.document for item in self.items])
        repeated = [item.document.sha256 for item, doc_id in zip(self.items, doc_ids, strict=True)
                    if doc_id is None]
        stored = self.store.documents.ids_by_hash(repeated) if repeated else {}
        fresh: list[tuple[int, Annotated | PlainAnnotated]] = []
        for item, doc_id in zip(self.items, doc_ids, strict=True):
            if doc_id is None:
                earlier = stored[item.document.sha256] > self.stored_before
                self.report.duplicates.append(f"{item.document.title} "
                                              + ("(repeats a document earlier in this import)" if earlier
                                                 else "(already in the project)"))
                continue
            self.report.spans += len(item.spans)
            if isinstance(item, Annotated):  # a PlainAnnotated has entity spans only
                self.report.events += len(item.events)
                item = self._with_registry(item) if item.links else item
            fresh.append((doc_id, item))
        self.store.insert_annotations(fresh, annotator=self.annotator, source="import")
        for doc_id, item in fresh:
            if isinstance(item, Annotated) and item.records:
                self.records.adopt(doc_id, item.records)
        self.report.documents += len(fresh)
        self.items = []

    def _with_registry(self, item: Annotated) -> Annotated:
        """``item`` with its links pointing at the registry's entities, found or added to it."""
        if self.resolver is None:
            self.resolver = EntityResolver(self.project)
        ids = [self.resolver.resolve(entity).id for entity in item.entities]
        links = tuple(replace(link, entity_id=ids[link.entity_id]) for link in item.links)
        return replace(item, links=links, entities=())
