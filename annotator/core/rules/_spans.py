"""The rules of a span on its own and among the document's others: its label, its offsets (the one
offset check, :func:`misfit`), identical and stacked spans, overlaps a label forbids.

Part of :mod:`annotator.core.rules` (import that, never this).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from annotator.core.model import ENTITY, TRIGGER, PlainSpan, Span
from annotator.core.rules._wording import (
    IDENTICAL,
    LABEL,
    OFFSETS,
    OVERLAP,
    STACKED,
    WARNING,
    Violation,
    nearest,
    nearest_event,
    on_span,
    span_name,
)
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors


def span_violations(schema: Schema, text: str, span: Span) -> list[Violation]:
    """A span on its own: a label of the schema for its kind, and offsets that fit the text."""
    found = []
    if span.kind == ENTITY and schema.entity_label(span.label) is None:
        names = [label.name for label in schema.entity_labels]
        found.append(on_span(span, LABEL, Errors.E403, label=span.label, start=span.start, end=span.end,
                         nearest=nearest(schema, span.label, names)))
    elif span.kind == TRIGGER and schema.event_type(span.label) is None:
        found.append(on_span(span, LABEL, Errors.E404, label=span.label, start=span.start, end=span.end,
                         nearest=nearest_event(schema, span.label)))
    wrong_place = misfit(text, span)
    if wrong_place:
        found.append(Violation(OFFSETS, wrong_place.code, wrong_place.message, span_id=span.id))
    return found


def every_span_violation(schema: Schema, text: str, spans: Sequence[Span]) -> list[Violation]:
    """:func:`span_violations` of each span; the common case (an entity of a known label in one piece
    reading exactly its text) is told first, as imports ask this of every span they read."""
    found = []
    known = _entity_names(schema)
    for span in spans:
        if (span.kind == ENTITY and span.label in known and not span.fragments
                and fits(text, span.start, span.end, span.text)):
            continue
        found.extend(span_violations(schema, text, span))
    return found


def plain_entities_pass(schema: Schema, text: str, spans: Sequence[PlainSpan]) -> bool:
    """Whether entity spans given as tuples break none of the rules of this module: each has a known
    label and :func:`fits`, no two share an extent (identical or stacked), and no two of a label that
    forbids overlaps overlap. Tells a bulk import's usual document without a :class:`Span` for each
    span; one that does not pass is checked as Span objects, for the wording."""
    known = _entity_names(schema)
    strict: dict[str, list[tuple[int, int]]] = {label.name: [] for label in schema.entity_labels
                                                 if not label.allow_overlap}
    for start, end, label, surface in spans:
        if not (label in known and fits(text, start, end, surface)):
            return False
        if label in strict:
            strict[label].append((start, end))
    return (len({(start, end) for start, end, _, _ in spans}) == len(spans)
            and not any(next(_overlapping(sorted(extents)), None) for extents in strict.values()))


def _entity_names(schema: Schema) -> set[str]:
    return {label.name for label in schema.entity_labels}


def clashes_within(schema: Schema, spans: Sequence[Span]) -> list[Violation]:
    """Identical spans, entities stacked on one extent, and overlaps among spans of a label with
    ``allow_overlap: false``.

    Sorted sweep per label rather than all pairs: an imported document may carry thousands of spans.
    Most documents have no identical or stacked spans at all, which two set sizes tell at once.
    """
    strict: dict[str, list[Span]] = {
        label.name: [] for label in schema.entity_labels if not label.allow_overlap
    }
    # identical spans share an extent and a kind, and so do stacked entities: when no two do, neither is
    if len({(span.start, span.end, span.kind) for span in spans}) < len(spans):
        return _identical_or_stacked(spans, strict) + _overlaps(strict)
    if strict:
        for span in spans:
            if span.kind == ENTITY and span.label in strict:
                strict[span.label].append(span)
    return _overlaps(strict)


def _identical_or_stacked(spans: Sequence[Span], strict: dict[str, list[Span]]) -> list[Violation]:
    """The identical and stacked spans, one by one; the rest of each strict label goes into ``strict``."""
    found = []
    seen: set[tuple[int, int, str, str]] = set()
    entities: dict[tuple[int, int], Span] = {}
    for span in spans:
        key = (span.start, span.end, span.label, span.kind)
        if key in seen:
            found.append(on_span(span, IDENTICAL, Errors.E416))
            continue
        seen.add(key)
        if span.kind != ENTITY:
            continue
        first = entities.setdefault((span.start, span.end), span)
        if first is not span:
            found.append(_stacked(span, first))
        if span.label in strict:
            strict[span.label].append(span)
    return found


def _overlaps(strict: dict[str, list[Span]]) -> list[Violation]:
    found = []
    for group in strict.values():
        ordered = sorted(group, key=lambda s: (s.start, s.end))
        found.extend(on_span(ordered[later], OVERLAP, Errors.E417, other=span_name(ordered[earlier]),
                             label=ordered[later].label)
                     for later, earlier in _overlapping([(span.start, span.end) for span in ordered]))
    return found


def _overlapping(extents: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """For ``extents`` sorted by start and end: each one starting before the end of an earlier one, as
    its index and the index of the earlier one reaching furthest."""
    reach = -1
    for index, (start, end) in enumerate(extents):
        if reach >= 0 and start < extents[reach][1]:
            yield index, reach
        if reach < 0 or end > extents[reach][1]:
            reach = index


def clash(schema: Schema, span: Span, other: Span) -> list[Violation]:
    """``span`` against one other span: the pairwise form of :func:`clashes_within`."""
    if (span.start, span.end, span.label, span.kind) == (other.start, other.end, other.label, other.kind):
        return [on_span(span, IDENTICAL, Errors.E416)]
    if (span.kind, other.kind) == (ENTITY, ENTITY) and (span.start, span.end) == (other.start, other.end):
        return [_stacked(span, other)]
    label = schema.entity_label(span.label) if span.kind == ENTITY else None
    if (label and not label.allow_overlap and other.label == span.label and other.kind == ENTITY
            and other.start < span.end and span.start < other.end):
        return [on_span(span, OVERLAP, Errors.E417, other=span_name(other), label=span.label)]
    return []


def _stacked(span: Span, other: Span) -> Violation:
    """Two entity spans on one extent: in the window a relabel gone wrong (the window relabels instead),
    but some corpora tag one extent twice on purpose, so imports keep them and ``check`` warns."""
    return on_span(span, STACKED, Errors.E438, severity=WARNING, other=span_name(other))


def fits(text: str, start: int, end: int, surface: str = "") -> bool:
    """Whether ``start``/``end`` are a span of ``text`` (inside it, not empty) reading ``surface`` when it
    is given: :func:`misfit`'s test of a span in one piece, as a yes or no quick enough for every span of
    a bulk import."""
    return 0 <= start < end <= len(text) and (not surface or text[start:end] == surface)


def misfit(text: str, span: Span) -> AnnotatorError | None:
    """Why ``span`` is not ``text[start:end]`` (outside it, empty, or reading something else), or None.

    The one offset check (and its wording): the store runs it on the way in and out, exports, ``check``
    and the readers too. The error is returned, not raised: the caller knows where the span came from.
    """
    if not 0 <= span.start < span.end <= len(text):
        return AnnotatorError(Errors.E401, span=span_name(span), length=len(text))
    if span.fragments and not _fragments_fit(span):
        return AnnotatorError(Errors.E436, span=span_name(span),
                              fragments=";".join(f"{start} {end}" for start, end in span.fragments))
    if span.text and text[span.start:span.end] != span.text:
        return AnnotatorError(Errors.E402, span=span_name(span), expected=span.text,
                              found=text[span.start:span.end])
    return None


def _fragments_fit(span: Span) -> bool:
    """Two or more pieces, in order, each non-empty, apart, from the span's start to its end."""
    pieces = span.fragments
    return (len(pieces) >= 2 and pieces[0][0] == span.start and pieces[-1][1] == span.end
            and all(start < end for start, end in pieces)
            and all(before[1] < after[0] for before, after in itertools.pairwise(pieces)))
