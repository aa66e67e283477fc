"""Telling repeated mentions apart in the annotations list: the same name tagged 16 times would be 16
identical rows, so a mention whose label and text repeat is shown with a few words around it.

No Qt here: :class:`Mentions` counts the open document's entity mentions, :func:`in_context` words a row.
"""

from __future__ import annotations

from annotator.core.model import Span

CONTEXT_WORDS = 3
CONTEXT_REACH = 120  # characters looked at on each side for those words
WORD_LIMIT = 24  # a "word" longer than this (a URL, a run of symbols) is cut


def quote(text: str, limit: int = 48) -> str:
    """A span's text on one line, shortened, in quotes."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def mention_key(span: Span) -> tuple[str, str]:
    return span.label, " ".join(span.text.split())


def _short(word: str) -> str:
    return word if len(word) <= WORD_LIMIT else word[: WORD_LIMIT - 1] + "…"


def in_context(text: str, span: Span, words: int = CONTEXT_WORDS) -> str:
    """``…fighters launched an “attack” on Brevnik on…``: the span in quotes between its neighbours."""
    low, high = max(0, span.start - CONTEXT_REACH), span.end + CONTEXT_REACH
    before, after = text[low:span.start].split(), text[span.end:high].split()
    left = ("…" if low > 0 or len(before) > words else "") + " ".join(map(_short, before[-words:]))
    right = " ".join(map(_short, after[:words])) + ("…" if high < len(text) or len(after) > words else "")
    return " ".join(part for part in (left, quote(span.text), right) if part)


class Mentions:
    """Which entity spans share a label and text, kept up to date span by span."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], set[int]] = {}

    def clear(self) -> None:
        self._by_key.clear()

    def add(self, span: Span) -> tuple[str, str]:
        key = mention_key(span)
        self._by_key.setdefault(key, set()).add(span.id)
        return key

    def remove(self, span: Span) -> tuple[str, str]:
        key = mention_key(span)
        same = self._by_key.get(key)
        if same is not None:
            same.discard(span.id)
            if not same:
                del self._by_key[key]
        return key

    def repeated(self, span: Span) -> bool:
        return len(self._by_key.get(mention_key(span), ())) > 1

    def ids(self, key: tuple[str, str]) -> set[int]:
        return set(self._by_key.get(key, ()))
