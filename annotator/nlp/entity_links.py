"""Link suggestions: which registry entity an unlinked mention probably is.

A mention matches an entity when its text and one of the entity's names or aliases agree once case,
diacritics and repeated spaces are set aside (:func:`annotator.core.folding.fold`), and the entity has
the mention's label. A mention written all in lower case is a common noun phrase ("the militants"); it
also matches by lemma, word for word ("militant"), through spaCy's lookup tables (:mod:`nlp.lemmas`).
Proper names are not lemmatized: "Hamas" is not a plural.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from annotator.core.folding import fold
from annotator.core.model import ENTITY, Entity, Span
from annotator.nlp.lemmas import Lemmas

BY_ALIAS = "alias"
BY_LEMMA = "lemma"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class LinkProposal:
    """The entities (one or more, best first) that the mention ``span`` may be, and how it matched."""

    span: Span
    entities: tuple[Entity, ...]
    by: str

    @property
    def unambiguous(self) -> bool:
        return len(self.entities) == 1


class AliasIndex:
    """The registry's names and aliases by folded key, and the common-noun ones by lemma key."""

    def __init__(self, entities: Iterable[Entity], lemmas: Lemmas) -> None:
        self.lemmas = lemmas
        self._by_key: dict[tuple[str, str], dict[int, Entity]] = {}
        self._by_lemma: dict[tuple[str, str], dict[int, Entity]] = {}
        for entity in entities:
            for alias in entity.names():
                self._by_key.setdefault((entity.label, fold(alias)), {})[entity.id] = entity
                if _common(alias):
                    self._by_lemma.setdefault((entity.label, self.lemma_key(alias)), {})[entity.id] = entity

    def lemma_key(self, text: str) -> str:
        return " ".join(self.lemmas.lemma(word) for word in fold(text).split())

    def match(self, text: str, label: str) -> tuple[tuple[Entity, ...], str]:
        """The entities ``text`` names under ``label``, and whether by alias or lemma (none: ``()``)."""
        found = self._by_key.get((label, fold(text)))
        if found:
            return tuple(found.values()), BY_ALIAS
        if _common(text):
            found = self._by_lemma.get((label, self.lemma_key(text)))
            if found:
                return tuple(found.values()), BY_LEMMA
        return (), BY_ALIAS


def propose_links(spans: Iterable[Span], linked: set[int], index: AliasIndex) -> list[LinkProposal]:
    """A proposal for each entity span not in ``linked`` whose text matches an alias."""
    proposals = []
    for span in spans:
        if span.kind != ENTITY or span.id in linked:
            continue
        entities, by = index.match(span.text, span.label)
        if entities:
            proposals.append(LinkProposal(span, entities, by))
    return proposals


def _common(text: str) -> bool:
    """Whether ``text`` reads as a common noun phrase: letters, none of them upper case."""
    return any(char.isalpha() for char in text) and not any(char.isupper() for char in text)


@dataclass(frozen=True)
class AliasCandidate:
    """A text of unlinked mentions that may name an entity: as first written, how many mentions read so
    (any case or accents), and why it is close (``folded``: one of its names once case and diacritics
    are set aside; else the words it shares with them)."""

    text: str
    count: int
    folded: bool
    shared: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        return "same name in other case or accents" if self.folded else f"shares {', '.join(self.shared)}"


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words for the language (none if it has none): words ("the", "of") that make no two
    names close."""
    from spacy.util import get_lang_class

    try:
        return frozenset(fold(word) for word in get_lang_class(language).Defaults.stop_words)
    except Exception:  # an unknown language: no stop words rather than no candidates
        return frozenset()


def alias_candidates(entity: Entity, texts: Iterable[tuple[str, int]], stop: frozenset[str] = frozenset()
                     ) -> list[AliasCandidate]:
    """The ``texts`` (with their mention counts) that are not yet names of ``entity`` but close to one:
    equal once folded, or sharing a word that is not a stop word. Texts that fold alike are one
    candidate; folded matches come first, then the most mentioned."""
    names = set(entity.names())
    folded_names = {fold(name) for name in names}
    words = {word for name in folded_names for word in _WORD.findall(name)} - stop
    found: dict[str, AliasCandidate] = {}
    for text, count in texts:
        key = fold(text)
        if text in names or not key:
            continue
        if key in found:
            found[key] = AliasCandidate(found[key].text, found[key].count + count, found[key].folded,
                                        found[key].shared)
            continue
        if key in folded_names:
            found[key] = AliasCandidate(text, count, folded=True)
            continue
        shared = tuple(dict.fromkeys(word for word in _WORD.findall(key) if word in words))
        if shared:
            found[key] = AliasCandidate(text, count, folded=False, shared=shared)
    return sorted(found.values(), key=lambda found: (not found.folded, -found.count, found.text))
