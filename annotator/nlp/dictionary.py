"""The project dictionary: every string an analyst tagged, proposed wherever else it occurs.

A spaCy ``PhraseMatcher`` over the blank pipeline's tokens (``ORTH``, or ``LOWER`` when ignoring case),
so a string is only found at token edges ("Raqqa" in "Raqqa's", not in "Raqqawi"). Each string is
proposed with the label it was tagged with most often. The counts change by deltas (see
:class:`annotator.core.suggestions.SuggestionService`), so an edit adds or removes one pattern rather
than rebuilding the matcher.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from annotator.core.model import Span
from annotator.nlp.recommenders import DICTIONARY, Recommender
from annotator.nlp.tokens import blank_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc


class DictionaryRecommender(Recommender):
    def __init__(self, language: str, *, ignore_case: bool = False) -> None:
        from spacy.matcher import PhraseMatcher

        self.id = DICTIONARY
        self.nlp = blank_pipeline(language)
        self.ignore_case = ignore_case
        self._attr = "LOWER" if ignore_case else "ORTH"
        self._matcher = PhraseMatcher(self.nlp.vocab, attr=self._attr)
        self._labels: dict[str, Counter[str]] = {}

    def _key(self, text: str) -> str:
        return text.lower() if self.ignore_case else text

    def learn(self, delta: Counter[tuple[str, str]]) -> None:
        """Add (positive) or take back (negative) tags of ``(surface string, label)``."""
        added = []
        for (text, label), count in delta.items():
            key = self._key(text)
            if not key.strip():
                continue
            labels = self._labels.setdefault(key, Counter())
            labels[label] += count
            if labels[label] <= 0:
                del labels[label]
            if not labels:
                del self._labels[key]
                if key in self._matcher:
                    self._matcher.remove(key)
            elif key not in self._matcher:
                added.append((key, text))
        for key, text in added:
            self._matcher.add(key, [self.nlp.make_doc(text)])

    def forget(self) -> None:
        for key in list(self._labels):
            self._matcher.remove(key)
        self._labels.clear()

    def label_of(self, text: str) -> str | None:
        """The label this string was tagged with most often (ties: alphabetical)."""
        labels = self._labels.get(self._key(text))
        if not labels:
            return None
        return min(labels, key=lambda label: (-labels[label], label))

    def __len__(self) -> int:
        return len(self._labels)

    def spans_in(self, doc: Doc, doc_id: int) -> list[Span]:
        from spacy.util import filter_spans

        matches = self._matcher(doc, as_spans=True)
        found = []
        for match in filter_spans(matches):
            label = self.label_of(match.label_)
            if label:
                found.append(self.proposal(match, label, doc_id))
        return found
