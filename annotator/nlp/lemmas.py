"""Lemmas from spaCy's lookup tables (the ``spacy-lookups-data`` package), read offline.

A context-free word -> lemma table ("battles" -> "battle", "seized" -> "seize", "left" -> "leave") is
what the field uses to match word lists in any inflection without a trained pipeline. The table ships
inside the installed package, so nothing is downloaded; it is read once per language and kept.

A language without a table (or an install without the package) is not an error: every word is then
its own lemma, so matching falls back to the word forms as written, ignoring case, and
:attr:`Lemmas.available` says so.
"""

from __future__ import annotations

import gc
import logging
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.lookups import Table

LOOKUP_TABLE = "lemma_lookup"

log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def lemma_table(language: str) -> Table | None:
    """The language's lookup table from ``spacy-lookups-data``, or None when it has none (logged once)."""
    from spacy.lookups import load_lookups

    lookups = load_lookups(language, [LOOKUP_TABLE], strict=False)
    table = lookups.get_table(LOOKUP_TABLE) if lookups.has_table(LOOKUP_TABLE) else None
    # spaCy and the table live as long as the process: out of the collector's reach, a full collection
    # (it holds the GIL, so a worker's collection stalls the window) stays short (150 ms less, measured).
    gc.freeze()
    if not table:
        log.warning("no lemma lookup table for language %r in spacy-lookups-data: trigger words match "
                    "only as they are written (ignoring case)", language)
        return None
    return table


class Lemmas:
    """A language's lemmas, looked up once per distinct word."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._table = lemma_table(language)
        self._known: dict[str, frozenset[str]] = {}

    @property
    def available(self) -> bool:
        """Whether the language has a lookup table (else every word is its own lemma)."""
        return self._table is not None

    def lemma(self, word: str) -> str:
        """The lower-cased lemma of ``word`` ("Battles" -> "battle"); the word itself when unknown."""
        lower = word.lower()
        if self._table is None:
            return lower
        found = self._table.get(word) or self._table.get(lower) or lower
        return found.lower()

    def forms(self, word: str) -> frozenset[str]:
        """The word lower-cased and its lemma: two words match when their forms share one."""
        forms = self._known.get(word)
        if forms is None:
            forms = self._known[word] = frozenset({word.lower(), self.lemma(word)})
        return forms
