"""The project dictionary: every string an analyst tagged, proposed wherever else it occurs.

A spaCy ``PhraseMatcher`` over the blank pipeline's tokens (``ORTH``, or ``LOWER`` when ignoring case),
so a string is only found at token edges ("Raqqa" in "Raqqa's", not in "Raqqawi"). Each string is
proposed with the label it was tagged with most often. The counts change by deltas (see
:class:`annotator.core.suggestions.SuggestionService`), so an edit adds or removes one pattern rather
than rebuilding the matcher.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.core.model import Span
from annotator.nlp.recommenders import DICTIONARY, Recommender
from annotator.nlp.tokens import blank_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc


class DictionaryRecommender(Recommender):
    """Proposes tagged strings; asked again about the same Doc, it re-matches only the strings an edit
    changed (see :meth:`spans_in`)."""

    def __init__(self, language: str, *, ignore_case: bool = False) -> None:
        from spacy.matcher import PhraseMatcher

        self.id = DICTIONARY
        self.nlp = blank_pipeline(language)
        self.ignore_case = ignore_case
        self._attr = "LOWER" if ignore_case else "ORTH"
        self._matcher = PhraseMatcher(self.nlp.vocab, attr=self._attr)
        self._labels: dict[str, Counter[str]] = {}
        self._patterns: dict[str, str] = {}  # key -> the text its pattern was made from
        self._last = _LastLook(None, 0, {}, {})
        self._changed: set[str] | None = None  # keys learnt since the last look; None: look again whole

    def _key(self, text: str) -> str:
        return text.lower() if self.ignore_case else text

    def learn(self, delta: Counter[tuple[str, str]]) -> None:
        """Add (positive) or take back (negative) tags of ``(surface string, label)``."""
        added = []
        for (text, label), count in delta.items():
            key = self._key(text)
            if not key.strip():
                continue
            if self._changed is not None:
                self._changed.add(key)
            labels = self._labels.setdefault(key, Counter())
            labels[label] += count
            if labels[label] <= 0:
                del labels[label]
            if not labels:
                del self._labels[key]
                if key in self._matcher:
                    self._matcher.remove(key)
                    del self._patterns[key]
            elif key not in self._matcher:
                added.append((key, text))
        for key, text in added:
            self._matcher.add(key, [self.nlp.make_doc(text)])
            self._patterns[key] = text

    def forget(self) -> None:
        for key in list(self._labels):
            self._matcher.remove(key)
        self._labels.clear()
        self._patterns.clear()
        self._changed = None

    def label_of(self, text: str) -> str | None:
        """The label this string was tagged with most often (ties: alphabetical)."""
        labels = self._labels.get(self._key(text))
        if not labels:
            return None
        return min(labels, key=lambda label: (-labels[label], label))

    def __len__(self) -> int:
        return len(self._labels)

    def spans_in(self, doc: Doc, doc_id: int) -> list[Span]:
        """The longest non-overlapping matches (spaCy's ``filter_spans`` rule), each with its label.

        Asked about the Doc it was last asked about, only the strings learnt since are matched again
        (a matcher holding just those), and the proposals of every other string are the same objects
        as last time: an edit costs its own strings, not the whole dictionary over the whole article.
        """
        last = self._last
        changed = self._changed
        if last.doc is doc and last.doc_id == doc_id and changed is not None:
            matches = {key: found for key, found in last.matches.items() if key not in changed}
            matches.update(self._match(doc, [key for key in changed if key in self._patterns]))
            kept = {place: span for place, span in last.proposals.items() if place[2] not in changed}
        else:
            matches, kept = self._match(doc, None), {}
        proposals = {}
        for place in _longest_first(matches):
            span = kept.get(place)
            if span is None:
                start, end, key = place
                span = self.proposal(doc[start:end], self.label_of(key), doc_id)
            proposals[place] = span
        self._last = _LastLook(doc, doc_id, matches, proposals)
        self._changed = set()
        return list(proposals.values())

    def _match(self, doc: Doc, keys: list[str] | None) -> dict[str, list[tuple[int, int]]]:
        """Token ranges of each key in ``doc``: of every key, or only of ``keys``."""
        from spacy.matcher import PhraseMatcher

        matcher = self._matcher
        if keys is not None:
            if not keys:
                return {}
            matcher = PhraseMatcher(self.nlp.vocab, attr=self._attr)
            for key in keys:
                matcher.add(key, [self.nlp.make_doc(self._patterns[key])])
        strings = self.nlp.vocab.strings
        found: dict[str, list[tuple[int, int]]] = {}
        for match_id, start, end in matcher(doc):
            found.setdefault(strings[match_id], []).append((start, end))
        return found


@dataclass(frozen=True)
class _LastLook:
    """What :meth:`DictionaryRecommender.spans_in` saw last: matches per key, proposals per place."""

    doc: Doc | None
    doc_id: int
    matches: dict[str, list[tuple[int, int]]]
    proposals: dict[tuple[int, int, str], Span]


def _longest_first(matches: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int, str]]:
    """spaCy's ``filter_spans`` over (start, end, key) token ranges, in order of start.

    The rule (longest first, then earliest, then by key so the answer never depends on the order keys
    were learnt; a range is kept unless its first or last token is taken) is applied to each run of
    overlapping ranges on its own: runs share no token, so that is the same answer, and most ranges
    overlap nothing and are kept as they are.
    """
    kept: list[tuple[int, int, str]] = []
    run: list[tuple[int, int, str]] = []
    run_end = -1
    for place in sorted((start, end, key) for key, found in matches.items() for start, end in found):
        if place[0] >= run_end:
            kept += run if len(run) == 1 else _filter_run(run)
            run, run_end = [place], place[1]
        else:
            run.append(place)
            run_end = max(run_end, place[1])
    kept += run if len(run) == 1 else _filter_run(run)
    return kept


def _filter_run(run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    ranges = sorted(run, key=lambda place: (place[1] - place[0], -place[0], place[2]), reverse=True)
    taken: set[int] = set()
    kept = []
    for start, end, key in ranges:
        if start not in taken and end - 1 not in taken:
            kept.append((start, end, key))
            taken.update(range(start, end))
    kept.sort(key=lambda place: place[0])
    return kept
