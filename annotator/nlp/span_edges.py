"""Moving one edge of a span by a whole token, for the keyboard's boundary keys and the edge drag.

Tokens come from the same blank spaCy pipeline as snapping (:mod:`annotator.nlp.tokens`). Only the few
whitespace-delimited words around the edge are tokenized, not the article: spaCy splits on whitespace
before anything else, so those tokens are the article's own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from annotator.nlp.tokens import tokenize

START, END = "start", "end"
WORDS_AROUND = 2  # whitespace-delimited words tokenized on each side of the edge


def _word_bounds(text: str, position: int, words: int) -> tuple[int, int]:
    """``position`` widened by ``words`` whitespace-delimited words each way."""
    low = high = position
    for _ in range(words):
        while low > 0 and text[low - 1].isspace():
            low -= 1
        while low > 0 and not text[low - 1].isspace():
            low -= 1
        while high < len(text) and text[high].isspace():
            high += 1
        while high < len(text) and not text[high].isspace():
            high += 1
    return low, high


def token_edges(text: str, position: int, language: str) -> tuple[list[int], list[int]]:
    """Starts and ends of the non-space tokens near ``position`` (in ``text``'s offsets)."""
    low, high = _word_bounds(text, position, WORDS_AROUND)
    tokens = [token for token in tokenize(text[low:high], language) if not token.is_space]
    return [low + token.idx for token in tokens], [low + token.idx + len(token) for token in tokens]


def moved_edge(text: str, start: int, end: int, edge: str, step: int,
               language: str) -> tuple[int, int] | None:
    """``(start, end)`` with ``edge`` moved one token left (``step`` -1) or right (+1), or None when there
    is no token to move to (the text's end) or the span would lose its last token."""
    position = start if edge == START else end
    starts, ends = token_edges(text, position, language)
    if edge == START:
        found = (starts[:bisect_left(starts, start)][-1:] if step < 0
                 else starts[bisect_right(starts, start):][:1])
        moved = (found[0], end) if found else None
    else:
        found = (ends[:bisect_left(ends, end)][-1:] if step < 0 else ends[bisect_right(ends, end):][:1])
        moved = (start, found[0]) if found else None
    return moved if moved is not None and moved[0] < moved[1] else None


def nearest_edge(text: str, position: int, edge: str, language: str) -> int:
    """The token start (for a start edge) or end (for an end edge) nearest ``position``: where a dragged
    edge lands."""
    starts, ends = token_edges(text, position, language)
    edges = starts if edge == START else ends
    return min(edges, key=lambda found: (abs(found - position), found), default=position)
