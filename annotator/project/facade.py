"""The project facade: the one door to a project file.

It opens the store (nothing else does), applies each edit in its own committed transaction, runs the
verbs (import, export, suggest, train, check, stats, backup) and reports every change to its
``listeners`` as one :class:`Changes` value, the way Anki's collection reports ``OpChanges``. Worker
threads get a :meth:`Project.for_thread` twin with a connection of their own (a connection is only ever
used by the thread that made it); their changes are announced on the owner with :meth:`Project.notify`.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.edits import Changes, Edit
from annotator.core.jobs import JobControl
from annotator.core.model import (
    ENTITY,
    Annotated,
    AttributeValue,
    Document,
    DocumentSummary,
    Event,
    Note,
    Relation,
    Span,
)
from annotator.core.schema import Schema, load_schema, schema_from_dict
from annotator.core.schema_file import read_text_file
from annotator.core.suggestions import Recommender, RecommenderSettings
from annotator.errors import AnnotatorError, Errors
from annotator.project.registry_access import AliasCache, RegistryAccess
from annotator.project.suggesting import SuggestionService, SuggestReport, suggest_documents, tag_counts
from annotator.project.team_access import TeamAccess
from annotator.resources import BUILTIN_SCHEMAS, DEFAULT_SCHEMA, schema_path
from annotator.store import ProjectStore, backup_project, discard_new_project, translated
from annotator.store.documents import sort_key

if TYPE_CHECKING:
    from annotator.formats.export_report import ExportReport
    from annotator.nlp.training import TrainingResult
    from annotator.project.checking import CheckReport
    from annotator.project.consistency import ConsistencyReport
    from annotator.project.importing import ImportReport
    from annotator.project.merging import MergeReport
    from annotator.project.search import Hit, HitKey, SearchPage

PROJECT_SUFFIX = ".annotator"
RECOMMENDERS_KEY = "recommenders"
EVERYTHING = Changes(None, documents=True)
_CACHE_WAIT_MS = 200  # a token-cache write waits this long behind other writes, then is skipped


def resolve_schema(name_or_path: str | Path) -> Schema:
    """A name from ``BUILTIN_SCHEMAS`` or a path to a YAML/JSON schema file."""
    if isinstance(name_or_path, str) and name_or_path in BUILTIN_SCHEMAS:
        return load_schema(schema_path(name_or_path))
    path = Path(name_or_path)
    if not path.exists():
        raise AnnotatorError(Errors.E301, name=name_or_path, builtin=", ".join(BUILTIN_SCHEMAS))
    return load_schema(path)


def schema_from_brat(conf: str | Path) -> Schema:
    """The schema a brat ``annotation.conf`` describes, named after its collection's folder."""
    from annotator.formats.brat_conf import brat_conf_schema

    path = Path(conf)
    name = path.resolve().parent.name or "brat"
    return schema_from_dict(brat_conf_schema(read_text_file(path), name), where=str(path))


class Project(RegistryAccess, TeamAccess):
    """One open project file and the analyst working on it."""

    def __init__(self, store: ProjectStore, annotator: str = "") -> None:
        self.store = store
        self.annotator = annotator
        self.listeners: list[Callable[[Changes], None]] = []
        self.before_close: list[Callable[[], None]] = []  # last writes (suggestion rows kept back)
        self._aliases = AliasCache()

    # -- opening and closing -----------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, schema: Schema | str | Path = DEFAULT_SCHEMA,
               annotator: str = "") -> Project:
        if not isinstance(schema, Schema):
            schema = resolve_schema(schema)
        return cls(ProjectStore.create(path, schema), annotator)

    @classmethod
    def open(cls, path: str | Path, annotator: str = "", *, writer: bool = True,
             read_only_ok: bool = False) -> Project:
        """Open a project; ``read_only_ok`` opens one this user cannot write read-only (see
        :attr:`read_only`) instead of refusing it."""
        return cls(ProjectStore.open(path, writer=writer, read_only_ok=read_only_ok), annotator)

    @staticmethod
    def discard_new(path: str | Path) -> None:
        """Remove a project file this process has just made and closed (a first merge into it failed)."""
        discard_new_project(Path(path))

    def for_thread(self, *, writes: bool = False) -> Project:
        """A twin for a worker thread, on a connection of its own, made in (and used by) that thread.

        A writing twin shares this process's writer lock; it reports nothing to ``listeners``: the
        owner announces the worker's changes with :meth:`notify` once the work is done.
        """
        return Project(self.store.twin(writes=writes), self.annotator)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def schema(self) -> Schema:
        return self.store.schema

    @property
    def read_only(self) -> str | None:
        """Why the project cannot be written here, or None when it can."""
        return self.store.read_only

    def close(self) -> None:
        for hook in list(self.before_close):
            hook()
        self.store.close()

    def interrupt(self) -> None:
        """Stop the query this project's connection runs; safe from any thread (a twin's Cancel)."""
        with suppress(sqlite3.ProgrammingError):  # already closed: nothing runs
            self.store.conn.interrupt()

    def guarded(self) -> AbstractContextManager[None]:
        """Re-raise SQLite damage or a full disk met while reading as one :class:`AnnotatorError`."""
        return translated(self.path)

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- edits -------------------------------------------------------------------------------------

    def apply(self, edit: Edit) -> tuple[Edit, Changes]:
        """Apply and commit one edit, record it in the history, and return its inverse."""
        with self.store.atomic():
            inverse, changes = edit.apply(self.store.annotations, self.annotator)
            self.store.audit.record(edit.doc_id, self.annotator, type(edit).__name__, edit.payload())
            if edit.doc_id is not None:
                self.store.documents.touch(edit.doc_id)
        self.notify(changes)
        return inverse, changes

    def notify(self, changes: Changes) -> None:
        self._aliases.forget(changes)
        for listener in list(self.listeners):
            listener(changes)

    # -- reading -----------------------------------------------------------------------------------

    def document(self, doc_id: int) -> Document:
        return self.store.documents.document(doc_id)

    def text(self, doc_id: int) -> str:
        return self.store.documents.text_of(doc_id)

    def spans(self, doc_id: int) -> list[Span]:
        return self.store.annotations.spans_of(doc_id)

    def events(self, doc_id: int) -> list[Event]:
        return self.store.annotations.events_of(doc_id)

    def relations(self, doc_id: int) -> list[Relation]:
        return self.store.annotations.relations_of(doc_id)

    def attributes(self, doc_id: int) -> list[AttributeValue]:
        """The document's attribute values (an attribute with no value reads as its schema default)."""
        return self.store.annotations.attributes_of(doc_id)

    def notes(self, doc_id: int) -> list[Note]:
        return self.store.annotations.notes_of(doc_id)

    def relation(self, relation_id: int) -> Relation:
        return self.store.annotations.relation(relation_id)

    def note(self, note_id: int) -> Note:
        return self.store.annotations.note(note_id)

    def attributes_on(self, target: str, target_ids: Iterable[int]) -> list[AttributeValue]:
        """The values set on these spans, events or relations (``target`` says which)."""
        return self.store.annotations.attributes_on(target, target_ids)

    def span(self, span_id: int) -> Span:
        return self.store.annotations.span(span_id)

    def event(self, event_id: int) -> Event:
        return self.store.annotations.event(event_id)

    def cached_token_bounds(self, low: int, high: int, fingerprint: str) -> dict[int, bytes]:
        """The token-boundary blobs cached for documents ``low`` to ``high`` by that tokenizer."""
        return self.store.token_cache.lookup(low, high, fingerprint)

    def cache_token_bounds(self, fingerprint: str, low: int, high: int,
                           rows: list[tuple[int, str, bytes]]) -> bool:
        """Cache ``(doc_id, text_sha256, blob)`` rows in one short transaction (not an edit: there is
        nothing to undo); False, with nothing written, when this project cannot write just now."""
        if not self.store.writes or self.read_only is not None:
            return False
        try:
            with self.store.atomic(wait_ms=_CACHE_WAIT_MS, durable=False):
                self.store.token_cache.remember(fingerprint, low, high, rows)
        except AnnotatorError:
            return False
        return True

    def document_ids(self, status: str | None = None) -> list[int]:
        return self.store.documents.ids(status)

    def document_count(self, status: str | None = None, search: str | None = None) -> int:
        return self.store.documents.count(status, search)

    def document_page(self, offset: int, limit: int, **query: Any) -> list[DocumentSummary]:
        """One page of the document list (``status``, ``search``, ``order``, ``descending``)."""
        return self.store.documents.summaries(offset, limit, **query)

    def document_page_after(self, after: DocumentSummary | None, limit: int, *, order: str = "id",
                            **query: Any) -> list[DocumentSummary]:
        """The ``limit`` rows of the list after the row ``after`` (None: from the top), read from an index
        however far down it is."""
        key = None if after is None else sort_key(after, order)
        return self.store.documents.summaries_after(key, limit, order=order, **query)

    def document_row(self, doc_id: int, **query: Any) -> int | None:
        """The row of ``doc_id`` in the list as filtered and sorted; None if the filter leaves it out."""
        return self.store.documents.row_of(doc_id, **query)

    def document_count_and_row(self, doc_id: int, **query: Any) -> tuple[int, int | None]:
        """:meth:`document_count` and :meth:`document_row` in one pass over the documents."""
        return self.store.documents.count_and_row(doc_id, **query)

    def document_summary(self, doc_id: int) -> DocumentSummary:
        return self.store.documents.summary(doc_id)

    def annotated(self, *, status: str | None = None, labels: Iterable[str] | None = None
                  ) -> Iterator[Annotated]:
        """Every document with its annotations, streamed in id order."""
        return self.store.stream(status=status, labels=labels)

    def history(self, doc_id: int | None = None) -> list[dict[str, Any]]:
        return self.store.audit.history(doc_id)

    def stats(self) -> dict[str, dict[str, int]]:
        """Documents by status, spans per label, events per type, relations per type, attribute values per
        name, notes by what they are on, entities and linked spans per label, discontinuous spans per
        label, event records and their mentions per type, record fields set per name, and mentions whose
        candidate records were ignored per event type."""
        return self.store.audit.stats()

    # -- verbs -------------------------------------------------------------------------------------

    def import_paths(self, paths: Iterable[str | Path], *, encoding: str | None = None,
                     normalize_newlines: bool = False, skip_invalid: bool = False,
                     annotator: str = "import", control: JobControl | None = None) -> ImportReport:
        """Import files and folders, all or nothing (see :mod:`annotator.project.importing`)."""
        from annotator.project.importing import import_paths

        report = import_paths(self, [Path(path) for path in paths], annotator=annotator,
                              encoding=encoding, normalize_newlines=normalize_newlines,
                              skip_invalid=skip_invalid, control=control)
        self.notify(EVERYTHING)
        return report

    def export(self, out: str | Path, fmt: str, *, status: str | None = None,
               labels: Iterable[str] | None = None, control: JobControl | None = None) -> ExportReport:
        """Write the documents (with ``status``, keeping only ``labels``) to ``out`` as ``fmt``."""
        from annotator.project.exporting import export_project

        return export_project(self, Path(out), fmt, status=status, labels=labels, control=control)[0]

    def export_layers(self, out: str | Path, fmt: str, layer: str, *, status: str | None = None,
                      labels: Iterable[str] | None = None,
                      control: JobControl | None = None) -> list[ExportReport]:
        """:meth:`export` of ``layer`` (``gold``, ``all`` or an analyst's name), one report per output (see
        :mod:`annotator.project.layer_exports`)."""
        from annotator.project.exporting import export_project

        return export_project(self, Path(out), fmt, status=status, labels=labels, control=control,
                              layer=layer)

    def search(self, query: str, *, limit: int = 200, after: HitKey | None = None,
               control: JobControl | None = None) -> SearchPage:
        """One page of the query's hits as keyword-in-context rows (see :mod:`annotator.project.search`)."""
        from annotator.project.search import search

        return search(self, query, limit=limit, after=after, control=control)

    def search_all(self, query: str, *, cap: int = 100_000, control: JobControl | None = None) -> list[Hit]:
        """Every hit of the query, up to ``cap``: what a bulk action works on."""
        from annotator.project.search import all_hits

        return all_hits(self, query, cap=cap, control=control)

    def label_matches_edit(self, hits: list[Hit], label: str) -> Edit:
        """The one edit labelling every unannotated match; apply it with :meth:`apply`."""
        from annotator.project.search_actions import label_matches_edit

        return label_matches_edit(self, hits, label)

    def link_matches_edit(self, hits: list[Hit], entity_id: int) -> Edit:
        """The one edit linking every matched entity span to the entity; apply it with :meth:`apply`."""
        from annotator.project.search_actions import link_matches_edit

        return link_matches_edit(self, hits, entity_id)

    def reject_suggestions_at(self, hits: list[Hit]) -> int:
        """Reject the open suggestions at the matches (remembered, not undoable, like one rejection)."""
        from annotator.project.search_actions import reject_suggestions_at

        count = reject_suggestions_at(self, hits)
        self.notify(Changes(None, documents=True))
        return count

    def consistency(self, *, places: int = 5, control: JobControl | None = None) -> ConsistencyReport:
        """Where the project disagrees with itself (see :mod:`annotator.project.consistency`)."""
        from annotator.project.consistency import consistency_report

        return consistency_report(self, places=places, control=control)

    def check(self) -> CheckReport:
        from annotator.project.checking import check_project

        return check_project(self)

    def backup(self, destination: str | Path, *, replace: bool = False,
               progress: Callable[[int, int], None] | None = None) -> Path:
        """A consistent copy of the project (SQLite's backup API), taken while edits go on."""
        return backup_project(self.path, Path(destination), progress, replace=replace)

    def suggest(self, recommender: Recommender, *, status: str | None = None,
                doc_ids: Iterable[int] | None = None, batch_size: int = 64, n_process: int = 1,
                control: JobControl | None = None) -> SuggestReport:
        """Pre-annotate documents with one recommender, a transaction per batch."""
        report = suggest_documents(self, recommender, status=status, doc_ids=doc_ids,
                                   batch_size=batch_size, n_process=n_process, control=control)
        self.notify(EVERYTHING)
        return report

    def train(self, out: str | Path | None = None, *, epochs: int = 10, dev_fraction: float = 0.2,
              seed: int = 0, control: JobControl | None = None, in_child: bool = True,
              layer: str = "gold") -> TrainingResult:
        """Train a spaCy NER (and spancat) from the done documents of ``layer`` (gold, or an analyst's
        name; see :mod:`annotator.nlp.training`)."""
        from annotator.nlp.training import model_dir_for, train_records
        from annotator.project.layer_exports import ALL, checked_layer, layer_items

        if checked_layer(self, layer) == ALL:
            raise AnnotatorError(Errors.E715)
        items = [item for item in layer_items(self, layer, status="done")
                 if any(span.kind == ENTITY for span in item.spans)]
        target = Path(out) if out is not None else model_dir_for(self.path)
        return train_records(items, self.schema.language, target, where=str(self.path), epochs=epochs,
                             dev_fraction=dev_fraction, seed=seed, control=control, in_child=in_child)

    # -- analysts' layers (teams: docs/TEAMS.md; reading and adjudicating them: TeamAccess) --------

    def merge(self, paths: Iterable[str | Path], *, analysts: list[str] | None = None,
              control: JobControl | None = None) -> MergeReport:
        """Merge analysts' project files into this (gold) project, all or nothing (see
        :mod:`annotator.project.merging`)."""
        from annotator.project.merging import merge_inputs, open_inputs

        inputs = open_inputs([Path(path) for path in paths], analysts, self.path)
        try:
            report = merge_inputs(self, inputs, control)
        finally:
            for project, _analyst in inputs:
                project.close()
        self.notify(EVERYTHING)
        return report

    # -- suggestions -------------------------------------------------------------------------------

    def recommender_settings(self) -> RecommenderSettings:
        return RecommenderSettings.from_dict(json.loads(self.store.get_meta(RECOMMENDERS_KEY) or "{}"))

    def save_recommender_settings(self, settings: RecommenderSettings) -> None:
        with self.store.atomic():
            self.store.set_meta(RECOMMENDERS_KEY, json.dumps(settings.to_dict(), ensure_ascii=False,
                                                             sort_keys=True))

    def tag_counts(self) -> Counter[tuple[str, str]]:
        """How often each surface string was tagged with each entity label, project-wide."""
        return tag_counts(self)

    def suggestions(self, recommenders: list[Recommender], counts: Counter[tuple[str, str]] | None = None,
                    *, follow: bool = True, taught: bool = False) -> SuggestionService:
        """The suggestion service for this project (see :class:`SuggestionService`)."""
        return SuggestionService(self, recommenders, counts, follow=follow, taught=taught)
