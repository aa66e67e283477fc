"""Link suggestions: which registry entity an unlinked mention probably is.

A mention matches an entity when its text and one of the entity's names or aliases agree once case,
diacritics and repeated spaces are set aside (:func:`annotator.core.folding.fold`), and the entity has
the mention's label. A mention written all in lower case is a common noun phrase ("the militants"); it
also matches by lemma, word for word ("militant"), through spaCy's lookup tables (:mod:`nlp.lemmas`).
Proper names are not lemmatized: "Hamas" is not a plural.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from annotator.core.folding import fold
from annotator.core.model import ENTITY, Entity, Span
from annotator.nlp.lemmas import Lemmas

BY_ALIAS = "alias"
BY_LEMMA = "lemma"


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
