"""Spans sorted by start for range queries: what the article paints and which suggestions an edit touches.

No Qt, so the suggestion logic in :mod:`annotator.core.shown_suggestions` shares it with the view.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import compress
from operator import attrgetter

from annotator.core.model import Span


class SpanIndex:
    """Spans (code points) sorted by start, keyed by id, with the longest length to bound range queries.

    Only starts are kept in order (cheap to build for 20,000 spans); a paint sorts its small window fully.
    Span objects are also known by identity, so :meth:`sync` finds what an edit changed with set
    operations instead of comparing every span.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._spans: list[Span] = []
        self._by_id: dict[int, Span] = {}
        self._by_object: dict[int, Span] = {}
        self._longest = 0

    def __len__(self) -> int:
        return len(self._spans)

    def reset(self, spans: Iterable[Span]) -> None:
        self._spans = sorted(spans, key=attrgetter("start"))
        self._starts = list(map(attrgetter("start"), self._spans))
        self._by_id = {span.id: span for span in self._spans}
        self._by_object = dict(zip(map(id, self._spans), self._spans, strict=True))
        self._longest = max((span.end - span.start for span in self._spans), default=0)

    def get(self, span_id: int) -> Span | None:
        return self._by_id.get(span_id)

    def add(self, span: Span) -> None:
        at = bisect_right(self._starts, span.start)
        self._starts.insert(at, span.start)
        self._spans.insert(at, span)
        self._by_id[span.id] = span
        self._by_object[id(span)] = span
        self._longest = max(self._longest, span.end - span.start)

    def remove(self, span_id: int) -> Span | None:
        span = self._by_id.pop(span_id, None)
        if span is not None:
            del self._by_object[id(span)]
            at = bisect_left(self._starts, span.start)
            while self._spans[at].id != span_id:
                at += 1
            del self._starts[at]
            del self._spans[at]
        return span

    def sync(self, spans: list[Span]) -> tuple[list[Span], list[Span]]:
        """Hold exactly ``spans`` from now on; returns (spans taken out, spans put in)."""
        incoming = set(map(id, spans))
        gone = [self._by_object[key] for key in self._by_object.keys() - incoming]
        arriving = incoming - self._by_object.keys()
        fresh = list(compress(spans, map(arriving.__contains__, map(id, spans)))) if arriving else []
        for span in gone:
            self.remove(span.id)
        for span in fresh:
            self.add(span)
        return gone, fresh

    def overlapping(self, start: int, end: int, *, reach: int = 1) -> list[Span]:
        """Spans meeting [start, end); ``reach=2`` also returns every span that could overlap one of
        those (what nesting depths need)."""
        low = bisect_left(self._starts, start - reach * self._longest)
        high = bisect_left(self._starts, max(end, start + 1))
        floor = start - (reach - 1) * self._longest
        return [span for span in self._spans[low:high] if span.end > floor]
