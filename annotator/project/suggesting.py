"""Suggestions for an open project: refresh a document, read them, accept and reject; and the ``suggest``
verb that pre-annotates many documents in batches.

Recommenders (``annotator.nlp`` builds them) propose spans; proposals are stored per document and kept
apart from annotations. Accepting is a normal edit (:func:`annotator.core.suggestions.accept_edit`), so
it is undoable like any other; rejecting is remembered by the store and is not on the undo stack.
"""

from __future__ import annotations

from bisect import insort
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass, replace
from itertools import islice
from typing import TYPE_CHECKING

from annotator.core.edits import Batch, Changes, Edit
from annotator.core.jobs import JobControl
from annotator.core.model import ENTITY, TRIGGER, Span
from annotator.core.shown_suggestions import ShownSuggestions, suggestion_key
from annotator.core.suggestions import LearnsFromTags, Recommender, accept_edit
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from annotator.project.facade import Project

STORE_WAIT_MS = 50  # the longest the window's thread waits to store suggestions


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _stacked(a: Span, b: Span) -> bool:
    """Two entities on one extent: the window never makes one (it relabels instead)."""
    return a.kind == b.kind == ENTITY and (a.start, a.end) == (b.start, b.end)


def _same_row(row: Span | None, other: Span) -> bool:
    """The same stored row: same object, or same text and confidence (the key is already equal)."""
    return row is other or (row is not None and (row.text, row.confidence) == (other.text, other.confidence))


@dataclass(frozen=True)
class RowChanges:
    """What :meth:`SuggestionService.store` changed in a document's open rows. ``reread``: the rows were
    read from the table first (they are new objects), so the change says nothing about rows held before."""

    removed: list[Span]
    added: list[Span]
    reread: bool = False


def _row_order(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.source or "")


def tag_counts(project: Project) -> Counter[tuple[str, str]]:
    """How often each surface string was tagged with each entity label, project-wide."""
    rows = project.store.suggestions.entity_surface_counts()
    return Counter({(text, label): count for text, label, count in rows})


class SuggestionService:
    """Suggestions for one open project: refresh a document, read them, accept and reject.

    The tag dictionary is loaded project-wide once; after that only the edited document is re-read
    (its tag counts are diffed against the last look), so an edit never rescans the project.

    Recommenders that learn from tags (the dictionary) are cheap and change with every edit; the others
    (a trained model, a pipeline, the trigger list) depend only on the text, so a window runs them once
    per document on a worker (:meth:`text_only`) and stores what they found with :meth:`store`.
    """

    def __init__(self, project: Project, recommenders: list[Recommender],
                 tag_counts: Counter[tuple[str, str]] | None = None, *, follow: bool = True,
                 taught: bool = False) -> None:
        """``tag_counts`` (from :func:`tag_counts`, read off the UI thread on a big project) saves the
        first refresh from reading the whole project's tags itself; ``taught`` says the learners know
        them already (taught where they were loaded, off the UI thread). Without ``follow`` the service
        does not listen to the project: its owner calls :meth:`learn` after each edit, in its order."""
        self.project = project
        self.recommenders = recommenders
        self.table = project.store.suggestions
        self.learners = [r for r in recommenders if isinstance(r, LearnsFromTags)]
        self.text_only = [r for r in recommenders if not isinstance(r, LearnsFromTags)]
        self._taught: dict[int, Counter[tuple[str, str]]] = {}
        self._docs: dict[str, tuple[int, str, Doc]] = {}
        self._stale = True
        # The open rows and rejected keys of documents read once, then kept in step by store and reject
        # (reading ~1,300 rows back after every edit cost more than the edit). Cleared when the project
        # changes wholesale (a batch of pre-annotation, an import) and by :meth:`forget`.
        self._open_rows: dict[int, list[Span]] = {}
        self._rejected: dict[int, set[tuple[int, int, str, str]]] = {}
        self._unwritten: list[tuple[int, list[Span], list[Span]]] = []  # see store(later=True)
        if tag_counts is not None:
            self._stale = False
            if not taught:
                self._learn_everything(tag_counts)
        project.listeners.append(self._on_change if follow else self._on_wholesale_change)
        project.before_close.append(self.close)  # rows kept back for a later write go in first

    def close(self) -> None:
        with suppress(AnnotatorError):  # a read-only or full project keeps what it had
            self.flush()
        for listener in (self._on_change, self._on_wholesale_change):
            if listener in self.project.listeners:
                self.project.listeners.remove(listener)
        if self.close in self.project.before_close:
            self.project.before_close.remove(self.close)

    def forget(self, doc_id: int | None = None) -> None:
        """Drop the kept open suggestions (of one document): the next read goes to the table."""
        if doc_id is None:
            self._open_rows.clear()
            self._rejected.clear()
        else:
            self._open_rows.pop(doc_id, None)
            self._rejected.pop(doc_id, None)

    def _on_wholesale_change(self, changes: Changes) -> None:
        if changes.doc_id is None:
            self.forget()

    # -- keeping the dictionary in step -----------------------------------------------------------

    @staticmethod
    def _tags(spans: Iterable[Span]) -> Counter[tuple[str, str]]:
        return Counter((s.text, s.label) for s in spans if s.kind == ENTITY)

    def _teach(self, delta: Counter[tuple[str, str]]) -> None:
        for learner in self.learners:
            learner.learn(delta)

    def _reload_dictionary(self) -> None:
        self._learn_everything(tag_counts(self.project))

    def _learn_everything(self, everything: Counter[tuple[str, str]]) -> None:
        for learner in self.learners:
            learner.forget()
        self._teach(everything)
        self._taught.clear()
        self._stale = False

    def _on_change(self, changes: Changes) -> None:
        self._on_wholesale_change(changes)
        if changes.doc_id is not None:
            self.learn(changes.doc_id, lambda: self.project.spans(changes.doc_id))

    def learn(self, doc_id: int, spans: Callable[[], Iterable[Span]]) -> None:
        """Teach the dictionary what one edit changed in a document, given (lazily) its spans now."""
        if not self.learners or self._stale:
            return
        if doc_id not in self._taught:
            self._stale = True
            return
        now = self._tags(spans())
        delta = Counter(now)
        delta.subtract(self._taught[doc_id])
        self._taught[doc_id] = now
        self._teach(Counter({key: n for key, n in delta.items() if n}))

    # -- verbs -----------------------------------------------------------------------------------

    def refresh(self, doc_id: int) -> list[Span]:
        """Run every recommender on one document, store their proposals, return what to show."""
        text = self.project.store.documents.text_of(doc_id)
        spans = self.project.spans(doc_id)
        proposals = self.learners_suggest(doc_id, text, spans)
        proposals += [span for r in self.text_only for span in r.suggest(doc_id, text)]
        self.store(doc_id, proposals, self.recommenders)
        return self.open(doc_id, spans)

    def learners_suggest(self, doc_id: int, text: str, spans: Iterable[Span]) -> list[Span]:
        """What the recommenders that learn from tags propose now (cheap: run after every edit)."""
        if not self.learners:
            return []
        if self._stale:
            self._reload_dictionary()
        self._taught.setdefault(doc_id, self._tags(spans))
        return [span for r in self.learners for span in r.spans_in(self._parsed(r, doc_id, text), doc_id)]

    def _parsed(self, recommender: Recommender, doc_id: int, text: str) -> Doc:
        """The recommender's Doc of the document last asked about, made once: tokenizing a long article
        costs more than matching the whole dictionary in it."""
        kept = self._docs.get(recommender.id)
        if kept is None or kept[:2] != (doc_id, text):  # not Doc.text: that joins every token
            doc = (recommender.nlp(text) if len(text) <= recommender.nlp.max_length
                   else recommender.nlp.make_doc(text))
            kept = self._docs[recommender.id] = (doc_id, text, doc)
        return kept[2]

    def store(self, doc_id: int, proposals: list[Span], sources: Iterable[Recommender], *,
              later: bool = False) -> RowChanges:
        """Replace the open suggestions of these recommenders in a document (rejected ones stay out).

        Only the rows that differ from the document's open rows (read once, then kept) are written, and
        the change is returned (rows by identity: what a :class:`ShownSuggestions` over them takes).
        ``later`` keeps the change in memory until :meth:`flush`: a window's dictionary changes with
        every edit, and a second synchronous commit per edit cost more than the rest of its work.
        A write waits at most :data:`STORE_WAIT_MS` for another connection's write (a long import),
        then the project is busy (E016) and what was stored before stays: the window must not freeze.
        """
        source_ids = {r.id for r in sources}
        reread = doc_id not in self._open_rows
        rows = self.open_rows(doc_id)
        # What replace_open does, worked out in memory: a proposal whose span and label were rejected,
        # or that repeats one of the same source, is left out.
        rejected = self._rejected[doc_id]
        old = {(*suggestion_key(row), row.source): row for row in rows if row.source in source_ids}
        new: dict[tuple[int, int, str, str, str | None], Span] = {}
        for span in proposals:
            key = (*suggestion_key(span), span.source)
            if key not in new and key[:4] not in rejected:
                new[key] = span if span.doc_id == doc_id else replace(span, doc_id=doc_id)
        removed = [row for key, row in old.items() if not _same_row(new.get(key), row)]
        added = [span for key, span in new.items() if not _same_row(old.get(key), span)]
        if removed or added:
            self._unwritten.append((doc_id, removed, added))
            if not later:
                self.flush()
            gone = set(map(id, removed))
            kept = [row for row in rows if id(row) not in gone]
            for span in added:
                insort(kept, span, key=_row_order)
            self._open_rows[doc_id] = kept
        return RowChanges(removed, added, reread)

    def flush(self) -> None:
        """Write the rows' changes kept by ``store(later=True)``, in order, in one transaction."""
        unwritten, self._unwritten = self._unwritten, []
        if unwritten:
            self._write(unwritten[0][0], lambda: [self.table.change_open(*change) for change in unwritten])

    def _write(self, doc_id: int, write: Callable[[], object]) -> None:
        try:
            with self.project.store.atomic(wait_ms=STORE_WAIT_MS):
                write()
        except BaseException:
            self._unwritten.clear()
            self.forget()
            raise

    def open_rows(self, doc_id: int) -> list[Span]:
        """The document's open rows, as the table holds them (covered or not), in the table's order."""
        rows = self._open_rows.get(doc_id)
        if rows is None:
            if any(unwritten[0] == doc_id for unwritten in self._unwritten):
                self.flush()
            rows = self._open_rows[doc_id] = self.table.all_open_for(doc_id)
            self._rejected[doc_id] = {suggestion_key(span) for span in self.table.rejected_for(doc_id)}
        return rows

    def open(self, doc_id: int, spans: Iterable[Span] | None = None) -> list[Span]:
        """Open suggestions not covered by an annotation of the same label, one per span and label
        (the most confident source wins). ``spans``: the document's annotations, if already at hand."""
        existing = list(spans) if spans is not None else self.project.spans(doc_id)
        return ShownSuggestions(self.open_rows(doc_id), existing).shown

    def accept_all_edit(self, doc_id: int, suggestions: Iterable[Span] | None = None) -> Edit | None:
        """One undo step accepting the given (default: all open) suggestions of a document.

        Where a label forbids overlap, or two entities share an extent, the most confident suggestion wins.
        """
        chosen: list[Span] = []
        candidates = self.open(doc_id) if suggestions is None else list(suggestions)
        schema = self.project.schema
        for s in sorted(candidates, key=lambda s: (-(s.confidence or 0.0), s.start, s.end)):
            label = schema.entity_label(s.label)
            exclusive = (label is not None and not label.allow_overlap) or s.kind == TRIGGER
            if any((exclusive and c.label == s.label and c.kind == s.kind and _overlaps(c, s))
                   or _stacked(c, s) for c in chosen):
                continue
            chosen.append(s)
        if not chosen:
            return None
        chosen.sort(key=lambda s: (s.start, s.end))
        return Batch(doc_id, tuple(accept_edit(doc_id, s) for s in chosen),
                     f"Accept {len(chosen)} suggestion{'s' if len(chosen) != 1 else ''}")

    def occurrences_edit(self, doc_id: int, text: str, label: str, *, ignore_case: bool = False
                         ) -> Edit | None:
        """Label every open suggestion of this surface string and label in the document at once."""
        def same(s: Span) -> bool:
            return s.text.lower() == text.lower() if ignore_case else s.text == text

        return self.accept_all_edit(
            doc_id, [s for s in self.open(doc_id) if s.label == label and same(s)])

    def reject(self, doc_id: int, suggestions: Iterable[Span]) -> None:
        """Hide these suggestions and never propose them in this document again."""
        suggestions = list(suggestions)
        self.flush()
        try:
            with self.project.store.atomic():
                for suggestion in suggestions:
                    self.table.reject(doc_id, suggestion)
        finally:
            self.forget(doc_id)  # rare and small: read the document's rows again next time

    def reject_all(self, doc_id: int) -> None:
        self.reject(doc_id, self.open(doc_id))


@dataclass(frozen=True)
class SuggestReport:
    documents: int
    suggestions: int
    sources: dict[str, int]

    def summary_lines(self) -> list[str]:
        lines = [f"{self.suggestions} suggestions written for {self.documents} documents"]
        lines += [f"  open suggestions from {source}: {count}" for source, count in self.sources.items()]
        return lines


def suggest_documents(project: Project, recommender: Recommender, *, status: str | None = None,
                      doc_ids: Iterable[int] | None = None, batch_size: int = 64, n_process: int = 1,
                      control: JobControl | None = None) -> SuggestReport:
    """Pre-annotate documents with one recommender through ``nlp.pipe``: one transaction per batch.

    What is stored is what the window stores for that recommender: its id as the source, rejected
    spans left out, and annotations hiding what they cover when the suggestions are shown.

    Cancelling stops between batches; batches already written stay (each is complete).
    """
    control = control or JobControl()
    if isinstance(recommender, LearnsFromTags):  # the dictionary proposes what the project has tagged
        recommender.forget()
        recommender.learn(tag_counts(project))
    store = project.store
    table = store.suggestions
    wanted = list(doc_ids) if doc_ids is not None else None
    total = len(wanted) if wanted is not None else store.documents.count(status=status)
    results = recommender.suggest_many(table.texts(status, wanted), batch_size=batch_size,
                                       n_process=n_process)
    done = written = 0
    control.report(0, total, "suggesting")
    while batch := list(islice(results, batch_size)):
        control.check()
        with store.atomic():
            written += table.replace_open(batch, [recommender.id])
        done += len(batch)
        control.report(done, total, "suggesting")
    return SuggestReport(done, written, table.open_counts())
