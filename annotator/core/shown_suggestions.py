"""Which of a document's open suggestions are shown, kept up to date by what an edit changed.

The rule: an open suggestion is shown unless an annotation covers it (:func:`covers`), and of several
sources proposing the same span and label the most confident is shown. Applying the rule to
every row after every edit cost milliseconds on a long article with a thousand suggestions, so
:class:`ShownSuggestions` re-applies it only to the span-and-label keys an edit can have changed: those
of rows that came or went, and those of rows overlapping an annotation that came, went or moved.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Sequence
from operator import attrgetter

from annotator.core.model import ENTITY, TRIGGER, Span
from annotator.core.span_index import SpanIndex

Key = tuple[int, int, str, str]


def suggestion_key(span: Span) -> Key:
    return (span.start, span.end, span.label, span.kind)


def covers(annotation: Span, key: Key) -> bool:
    """Whether an annotation hides the suggestion of ``key``: a trigger is never proposed on words
    already tagged (an entity such as a DATE "March", or another event's trigger); an entity suggestion
    is hidden by an overlapping annotation of its own label and kind, or by an entity on exactly its
    text (the window would relabel, never stack), as entities of other labels may nest."""
    start, end, label, kind = key
    if not (annotation.start < end and start < annotation.end):
        return False
    return (kind == TRIGGER or (annotation.label, annotation.kind) == (label, kind)
            or (kind == annotation.kind == ENTITY and (annotation.start, annotation.end) == (start, end)))


def uncovered(suggestions: Iterable[Span], annotations: Sequence[Span]) -> list[Span]:
    """The suggestions no annotation covers: the rule of :class:`ShownSuggestions`, all at once."""
    return [s for s in suggestions if not any(covers(a, suggestion_key(s)) for a in annotations)]


def _shown_order(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.kind)


def _preference(row: Span) -> tuple[float, str]:
    """Most confident first; of equals, the source first in the table's order."""
    return (-(row.confidence or 0.0), row.source or "")


class ShownSuggestions:
    """One document's shown suggestions (:attr:`shown`, in order) over its open rows and annotations."""

    def __init__(self, rows: Iterable[Span], annotations: Iterable[Span]) -> None:
        self._annotations = SpanIndex()
        self._annotations.reset(annotations)
        self._rows: dict[Key, list[Span]] = {}
        self._by_start = sorted(rows, key=attrgetter("start"))  # every row, to find those a range meets
        self._starts = [row.start for row in self._by_start]
        self._longest = max((row.end - row.start for row in self._by_start), default=0)  # an upper bound
        for row in self._by_start:
            self._rows.setdefault(suggestion_key(row), []).append(row)
        self._best: dict[Key, Span] = {}
        for key in self._rows:
            self._choose(key)
        self.shown = sorted(self._best.values(), key=_shown_order)

    def update(self, removed_rows: Sequence[Span] = (), added_rows: Sequence[Span] = (),
               old_annotations: Sequence[Span] = (), new_annotations: Sequence[Span] = ()) -> list[Span]:
        """Take what an edit changed (rows by identity; annotations' states before and after) and
        return the shown suggestions; only the keys it can have changed are looked at again."""
        keys: set[Key] = set()
        for row in removed_rows:
            key = suggestion_key(row)
            self._rows[key] = [kept for kept in self._rows.get(key, []) if kept is not row]
            at = bisect_left(self._starts, row.start)
            while self._by_start[at] is not row:
                at += 1
            del self._by_start[at], self._starts[at]
            keys.add(key)
        for row in added_rows:
            key = suggestion_key(row)
            self._rows.setdefault(key, []).append(row)
            at = bisect_right(self._starts, row.start)
            self._by_start.insert(at, row)
            self._starts.insert(at, row.start)
            self._longest = max(self._longest, row.end - row.start)
            keys.add(key)
        moved = []
        for span in old_annotations:
            if self._annotations.remove(span.id) is not None:
                moved.append(span)
        for span in new_annotations:
            self._annotations.add(span)
            moved.append(span)
        for span in moved:
            keys.update(map(suggestion_key, self._rows_meeting(span.start, span.end)))
        for key in keys:
            self._reshow(key)
        return self.shown

    def _rows_meeting(self, start: int, end: int) -> list[Span]:
        low = bisect_left(self._starts, start - self._longest)
        high = bisect_left(self._starts, max(end, start + 1))
        return [row for row in self._by_start[low:high] if row.end > start]

    def _covered(self, key: Key) -> bool:
        return any(covers(span, key) for span in self._annotations.overlapping(key[0], key[1]))

    def _choose(self, key: Key) -> None:
        """Set the best uncovered row of ``key`` (none: the key is not shown)."""
        rows = self._rows.get(key)
        if not rows:
            self._rows.pop(key, None)
            self._best.pop(key, None)
        elif self._covered(key):
            self._best.pop(key, None)
        else:
            self._best[key] = min(rows, key=_preference)

    def _reshow(self, key: Key) -> None:
        before = self._best.get(key)
        self._choose(key)
        after = self._best.get(key)
        if before is after:
            return
        if before is not None:
            at = bisect_left(self.shown, _shown_order(before), key=_shown_order)
            while self.shown[at] is not before:
                at += 1
            del self.shown[at]
        if after is not None:
            insort(self.shown, after, key=_shown_order)
