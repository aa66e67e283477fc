"""The project search: a query's hits as keyword-in-context rows, a page at a time.

The store narrows (the full-text index, the annotation terms) and gives rows in (document, start, end,
span) order; this module confirms the text in each place (case and diacritics set aside, unless
``exact``), cuts the context either side and names the annotations at the match. A page ends with the key
of its last hit; the next page starts after it, however deep.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.folding import fold
from annotator.core.jobs import JobControl
from annotator.core.search_query import (
    SearchQuery,
    SpanTerms,
    find_in_text,
    in_schema,
    parse_query,
    text_test,
)
from annotator.errors import AnnotatorError, Errors

if TYPE_CHECKING:
    from annotator.project.facade import Project

CONTEXT = 60  # characters of context either side of a match
PAGE = 200
HitKey = tuple[int, int, int, int]


@dataclass(frozen=True)
class Hit:
    """One row of the concordance: where the match is, its context, and the annotations on it.

    ``span_id`` is the matched span (a search with annotation terms), else None (a place in a text);
    ``spans`` are the ids of the spans at exactly the match's extent.
    """

    doc_id: int
    title: str
    start: int
    end: int
    left: str
    match: str
    right: str
    annotations: tuple[str, ...] = ()
    span_id: int | None = None
    spans: tuple[int, ...] = ()

    @property
    def key(self) -> HitKey:
        return (self.doc_id, self.start, self.end, self.span_id or 0)


@dataclass(frozen=True)
class SearchPage:
    hits: list[Hit]
    next_key: HitKey | None  # pass as ``after`` for the next page; None: this was the last


def search(project: Project, query: SearchQuery | str, *, limit: int = PAGE, after: HitKey | None = None,
           control: JobControl | None = None) -> SearchPage:
    """One page of the query's hits after the key ``after`` (None: from the first)."""
    query = in_schema(parse_query(query) if isinstance(query, str) else query, project.schema)
    rows = project.store.search
    fulltext = rows.fulltext(query.words()) if query.text else ""
    texts: dict[int, tuple[str, str]] = {}  # the titles and texts read on the way, by document
    spans: dict[int, tuple] = {}  # each span read on the way (and its context, if read with it), by id
    found = _span_places(project, query, fulltext, after, spans, limit + 1) if query.on_spans else \
        _text_places(project, query, fulltext, after, texts)
    places: list[tuple[int, int, int, int | None]] = []
    try:
        for place in found:
            if control is not None and len(places) % 64 == 0:
                control.check()
            places.append(place)
            if len(places) > limit:
                break
    finally:
        found.close()  # the store's cursor, read no further
    more = len(places) > limit
    places = places[:limit]
    hits = _span_hits(project, places, spans, read_context=not query.text) if query.on_spans else \
        _hits(project, places, texts)
    return SearchPage(hits, hits[-1].key if more and hits else None)


def all_hits(project: Project, query: SearchQuery | str, *, cap: int = 100_000,
             control: JobControl | None = None) -> list[Hit]:
    """Every hit of the query (up to ``cap``), page after page: what a bulk action works on."""
    hits: list[Hit] = []
    after = None
    while len(hits) < cap:
        page = search(project, query, limit=min(PAGE * 5, cap - len(hits)), after=after, control=control)
        hits += page.hits
        if page.next_key is None:
            break
        after = page.next_key
    return hits


def resolve_entities(project: Project, values: Iterable[str]) -> list[int]:
    """The entity ids ``entity:`` terms name: a row id, an external id, or a name or alias (folded)."""
    ids: list[int] = []
    for value in values:
        found = project.store.search.entity_ids(value)
        if not found:
            found = [entity.id for entity in project.entities_named([fold(value)]).get(fold(value), [])
                     if entity.id is not None]
        if not found:
            raise AnnotatorError(Errors.E675, value=value)
        ids += found
    return ids


def _span_places(project: Project, query: SearchQuery, fulltext: str, after: HitKey | None,
                 spans: dict[int, tuple], wanted: int) -> Iterator[tuple[int, int, int, int | None]]:
    """The matching spans' places, ``wanted`` at most: read with their context, unless the text passes
    most spans over (then only the hits' context is read, afterwards)."""
    terms = SpanTerms(labels=query.labels, entity_ids=resolve_entities(project, query.entities),
                      event_types=query.event_types, roles=query.roles, attributes=query.attributes,
                      statuses=query.statuses, annotators=query.annotators, fulltext=fulltext,
                      text_holds=text_test(query) if query.text else None)
    rows = project.store.search.spans_matching(terms, after, context=0 if query.text else CONTEXT,
                                               limit=wanted)
    try:
        for row in rows:
            spans[row[0]] = row
            yield row[1], row[2], row[3], row[0]
    finally:
        rows.close()


def _text_places(project: Project, query: SearchQuery, fulltext: str, after: HitKey | None,
                 texts: dict[int, tuple[str, str]]) -> Iterator[tuple[int, int, int, int | None]]:
    pattern = query.text_pattern()
    from_doc = after[0] if after else 0
    for doc_id, title, text in project.store.search.documents_matching(fulltext, query.statuses, from_doc):
        texts[doc_id] = (title, text)
        for start, end in find_in_text(query, text, pattern):
            if after is None or (doc_id, start, end, 0) > after:
                yield doc_id, start, end, None


def _span_hits(project: Project, places: list[tuple[int, int, int, int | None]],
               spans: dict[int, tuple], *, read_context: bool) -> list[Hit]:
    """The rows for matched spans, with their context, link and event parts (read with the spans, or
    now)."""
    span_ids = [place[3] for place in places if place[3] is not None]
    contexts = {} if read_context or not span_ids else project.store.search.span_contexts(span_ids, CONTEXT)
    hits = []
    for doc_id, start, end, span_id in places:
        assert span_id is not None  # a span search's places are spans
        row = spans[span_id]
        title, left, right, entity_id, name, parts = row[7:] if read_context else contexts[span_id]
        described = _describe(row[4], row[6], entity_id, name, parts)
        hits.append(Hit(doc_id, title, start, end, left, row[6], right, (described,), span_id, (span_id,)))
    return hits


def _hits(project: Project, places: list[tuple[int, int, int, int | None]],
          texts: dict[int, tuple[str, str]]) -> list[Hit]:
    """The rows for places in texts: context from the texts, annotations from the spans at each match."""
    if not places:
        return []
    rows = project.store.search
    doc_ids = {place[0] for place in places}
    missing = doc_ids - texts.keys()
    if missing:
        texts.update(rows.titles_and_texts(missing))
    spans_by_doc: dict[int, list[tuple]] = {}
    for span in rows.spans_at([place[:3] for place in places]):
        spans_by_doc.setdefault(span[1], []).append(span)
    hits = []
    for doc_id, start, end, span_id in places:
        title, text = texts[doc_id]
        at = [span for span in spans_by_doc.get(doc_id, ()) if span[2] < end and start < span[3]]
        exact = tuple(span[0] for span in at if span[2] == start and span[3] == end)
        hits.append(Hit(doc_id, title, start, end, text[max(0, start - CONTEXT):start], text[start:end],
                        text[end:end + CONTEXT], tuple(_describe(*span[4:5], *span[6:]) for span in at),
                        span_id, exact))
    return hits


def _describe(label: str, text: str, entity_id: int | None, name: str | None,
              parts: tuple[tuple[str, str], ...]) -> str:
    """``GPE 'Abu Kamal' → Abu Kamal (entity 12); Place of Conflict.Attack``."""
    described = f"{label} {text!r}" + (f" → {name} (entity {entity_id})" if entity_id is not None else "")
    return "; ".join([described, *(f"{role} of {event_type}" if role else f"{event_type} trigger"
                                   for event_type, role in parts)])


def kwic_line(hit: Hit, width: int = 40) -> str:
    """One line of the concordance: ``document 3 'Title' … left [match] right … | annotations``, white
    space flattened so a line break in the text does not break the line."""
    left = " ".join(hit.left.split())[-width:]
    right = " ".join(hit.right.split())[:width]
    line = f"{hit.doc_id}:{hit.start}-{hit.end} {left:>{width}} [{' '.join(hit.match.split())}] {right}"
    return line + (f"  | {'; '.join(hit.annotations)}" if hit.annotations else "")
