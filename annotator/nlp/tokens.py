"""Tokens and sentences from spaCy's blank pipelines, and snapping a selection to token edges.

Every tokenisation in the app (export, snapping, suggestions) comes from ``spacy.blank(language)`` so
token indices agree everywhere. spaCy is imported inside the functions: importing this module is free.
"""

from __future__ import annotations

import sys
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from annotator.errors import AnnotatorError, Errors

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Sentencizer
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc

# Characters that are invisible at the edge of a span though Python does not call them whitespace.
_INVISIBLE = frozenset("\u200b\u2060\ufeff")
LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_CHUNK_SEPARATORS = ("\n\n", "\n", ". ", " ")

# Building the first Language registers spaCy's factories, and two threads doing it at once make spaCy
# compare the twin registrations by reading their source code, which a frozen bundle does not have.
# Every spacy.blank / spacy.load in the app holds this lock.
SPACY_INIT_LOCK = threading.Lock()


@lru_cache(maxsize=8)
def blank_pipeline(language: str) -> Language:
    """The cached ``spacy.blank(language)``; an unknown or unusable language is an AnnotatorError."""
    return _new_blank(language)


class VocabularyRenewingTokenizer:
    """The blank tokenizer for a pass over a whole project (an export filling the token cache), on a fresh
    vocabulary every ``every`` documents: spaCy's vocabulary keeps every distinct word it has seen, which
    took an export of a million articles to 430 MB. The rules are the same, so the tokens are too."""

    def __init__(self, language: str, every: int = 20_000) -> None:
        self.language, self.every = language, every
        self._nlp: Language | None = None
        self._left = 0

    def __call__(self, text: str) -> Doc:
        if self._nlp is None or self._left == 0:
            self._nlp, self._left = _new_blank(self.language), self.every
        self._left -= 1
        return self._nlp.tokenizer(text)


def _new_blank(language: str) -> Language:
    """``spacy.blank(language)``. spaCy refuses texts over ``max_length`` (a million characters) for the
    memory its parser and NER need; a blank pipeline only tokenizes, which has no such cost, so its limit
    is lifted."""
    import spacy

    try:
        with SPACY_INIT_LOCK:
            nlp = spacy.blank(language)
    except (ImportError, ValueError) as exc:
        raise AnnotatorError(Errors.E501, language=language, reason=exc) from exc
    nlp.max_length = sys.maxsize
    return nlp


def tokenizer_for(language: str) -> Tokenizer:
    return blank_pipeline(language).tokenizer


def tokenize(text: str, language: str) -> Doc:
    """A fresh Doc of ``text`` (callers may set ents and spans on it)."""
    return tokenizer_for(language)(text)


@lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def sentence_bounds(doc: Doc, keep_together: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Sentences as token ranges ``[start, end)``.

    A sentence starts where spaCy's rule-based sentencizer says, and after any whitespace token holding a
    line break (headlines and datelines rarely end in a full stop; the sentencizer's punctuation
    list covers many scripts); never inside one of the inclusive
    token ranges in ``keep_together``, so an annotated span is never cut in two.
    """
    if len(doc) == 0:
        return []
    _sentencizer()(doc)
    starts = {0}
    for token in doc:
        if token.is_sent_start:
            starts.add(token.i)
        if token.is_space and token.i + 1 < len(doc) and not LINE_BREAKS.isdisjoint(token.text):
            starts.add(token.i + 1)
    for first, last in keep_together:
        starts.difference_update(range(first + 1, last + 1))
    ordered = sorted(starts)
    return list(zip(ordered, [*ordered[1:], len(doc)], strict=True))


def text_chunks(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pairs that concatenate to ``text``, no piece longer than ``limit``.

    For pipelines that refuse longer texts. A piece ends after the last blank line, else line break, else
    full stop and space, else space in its second half, so a sentence is rarely and an entity almost
    never cut; only text without any whitespace is cut hard.
    """
    start = 0
    while len(text) - start > limit:
        cut = piece_end(text, start, limit)
        yield start, text[start:cut]
        start = cut
    yield start, text[start:]


def piece_end(text: str, start: int, limit: int) -> int:
    """Where the piece of at most ``limit`` characters from ``start`` ends (see :func:`text_chunks`)."""
    end = start + limit
    if end >= len(text):
        return len(text)
    return next((found + len(separator) for separator in _CHUNK_SEPARATORS
                 if (found := text.rfind(separator, start + limit // 2, end - len(separator) + 1)) >= 0), end)


def _is_blank(char: str) -> bool:
    return char.isspace() or char in _INVISIBLE


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start`` and ``end`` inwards past whitespace and zero-width spaces.

    A range holding nothing else collapses to the empty range ``(start, start)`` at its original start.
    """
    first, last = start, end
    while first < last and _is_blank(text[first]):
        first += 1
    while last > first and _is_blank(text[last - 1]):
        last -= 1
    return (first, last) if first < last else (start, start)


@lru_cache(maxsize=4)
def _token_edges(text: str, language: str) -> tuple[list[int], list[int]]:
    doc = tokenize(text, language)
    return [token.idx for token in doc], [token.idx + len(token) for token in doc]


def snap_to_tokens(text: str, start: int, end: int, language: str) -> tuple[int, int]:
    """Widen a selection to the edges of the tokens it touches, after trimming whitespace.

    An empty or whitespace-only selection stays empty (``(start, start)``) rather than reaching into the
    words beside it. The last few texts' token edges are cached, as the GUI snaps every selection.
    """
    start, end = trim_whitespace(text, start, end)
    if start == end:
        return start, start
    starts, ends = _token_edges(text, language)
    first = bisect_right(ends, start)
    last = bisect_left(starts, end) - 1
    return min(start, starts[first]), max(end, ends[last])
