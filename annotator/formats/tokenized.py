"""A document seen through spaCy tokens: what the token-based writers share.

A span is *aligned* when it starts at the first character of a word token and ends at the last
character of one (a whitespace token at either edge does not count: spaCy refuses to train on such
entities, and CoNLL and DyGIE++ drop whitespace tokens). Unaligned spans still get the range of the
tokens they overlap; each writer decides what to do with them and reports it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import Annotated, Argument, Event, Span
from annotator.formats.atomic_output import atomic_text
from annotator.formats.export_report import ExportReport
from annotator.nlp.token_bounds import TokenColumns, columns_of, decode_bounds, doc_from_columns
from annotator.nlp.tokens import tokenize

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan


def write_text_per_document(documents: Iterable[Annotated], out: Path, language: str,
                            render: Callable[[TokenizedDocument], str]) -> None:
    """Tokenise each document and write what ``render`` makes of it, streaming, into ``out`` atomically."""
    with atomic_text(out) as stream:
        for item in documents:
            stream.write(render(TokenizedDocument(item, language)))


def span_order(span: Span) -> tuple[int, int, str, str, int]:
    """The one order every writer lists spans in: by position, then kind, label and store id."""
    return span.start, span.end, span.kind, span.label, span.id or 0


def document_meta(item: Annotated) -> dict[str, Any]:
    """``title`` and ``status`` first (they win over same-named meta keys), then the meta keys sorted."""
    document = item.document
    meta: dict[str, Any] = {"title": document.title, "status": document.status}
    meta.update((key, document.meta[key]) for key in sorted(document.meta) if key not in meta)
    return meta


@dataclass(frozen=True)
class TokenRange:
    """Tokens ``first`` to ``last`` inclusive (as Prodigy counts) and whether the span is aligned."""

    first: int
    last: int
    aligned: bool


class TokenizedDocument:
    """One document's tokens (as plain lists: starts, ends, is_space) and each span's token range."""

    def __init__(self, item: Annotated, language: str) -> None:
        self.item = item
        self.title = item.document.title
        self.language = language
        text = item.document.text
        columns = decode_bounds(item.token_bounds, text) if item.token_bounds is not None else None
        self._doc = None if columns is not None else tokenize(text, language)
        columns = columns or columns_of(self._doc)
        self.starts, self.ends = columns.starts, columns.ends
        self.is_space, self.followed_by_space = columns.is_space, columns.followed_by_space
        self.spans = sorted(item.spans, key=span_order)
        self.by_id = {span.id: span for span in self.spans}
        self.position = {span.id: index for index, span in enumerate(self.spans)}
        self.ranges = {span.id: self._locate(span.start, span.end) for span in self.spans}

    @property
    def doc(self) -> Doc:
        """The spaCy Doc: the tokenizer's own, or (from cached bounds) one rebuilt from the same words.

        A rebuilt Doc has the tokenizer's words, spaces and lexemes, but not the norms its special
        cases set on single tokens ("n't" as "not"); the spaCy writer, which stores norms, tokenises.
        """
        if self._doc is None:
            self._doc = doc_from_columns(self.item.document.text, self.columns(), self.language)
        return self._doc

    def columns(self) -> TokenColumns:
        return TokenColumns(self.starts, self.ends, self.is_space, self.followed_by_space)

    def _locate(self, start: int, end: int) -> TokenRange:
        first = bisect_right(self.ends, start)
        last = bisect_left(self.starts, end) - 1
        if first > last:
            # Only the single spaces spaCy keeps outside tokens: point at the token before them.
            first = last = max(last, 0)
            return TokenRange(first, last, False)
        aligned = (self.starts[first] == start and self.ends[last] == end
                   and not self.is_space[first] and not self.is_space[last])
        return TokenRange(first, last, aligned)

    def aligned(self, kind: str, report: ExportReport, consequence: str) -> list[Span]:
        """The aligned spans of ``kind``; the others are reported as not on token boundaries."""
        kept = []
        for span in self.spans:
            if span.kind != kind:
                continue
            if self.ranges[span.id].aligned:
                kept.append(span)
            else:
                report.problem(f"{kind} spans not on token boundaries ({consequence})", self.title,
                               span.text)
        return kept

    def spacy_span(self, span: Span) -> SpacySpan:
        """The spaCy span of an aligned span."""
        return self.doc.char_span(span.start, span.end, label=span.label, alignment_mode="strict")

    def non_overlapping(self, spans: list[Span]) -> tuple[list[Span], list[Span]]:
        """spaCy's rule for ``doc.ents``: longest first (in tokens), then earliest; the rest overlap."""
        from spacy.util import filter_spans

        pairs = [(self.spacy_span(span), span) for span in spans]
        chosen = {id(candidate) for candidate in filter_spans([candidate for candidate, _ in pairs])}
        kept = [span for candidate, span in pairs if id(candidate) in chosen]
        dropped = [span for candidate, span in pairs if id(candidate) not in chosen]
        return kept, dropped

    def events(self) -> list[Event]:
        """Events in text order of their trigger, then type and store id."""
        return sorted(self.item.events,
                      key=lambda event: (self.position[event.trigger_id], event.type, event.id or 0))

    def arguments(self, event: Event) -> list[Argument]:
        """An event's arguments in text order of their span, then role and store id."""
        return sorted(event.arguments,
                      key=lambda argument: (self.position[argument.span_id], argument.role,
                                            argument.id or 0))

    def word_indexes(self) -> list[int]:
        """For each spaCy token, its index among the non-whitespace tokens (-1 for whitespace)."""
        indexes, count = [], 0
        for space in self.is_space:
            indexes.append(-1 if space else count)
            count += not space
        return indexes
