"""The one place where offsets change units.

Stored offsets are Python code points into the text exactly as imported. Two other units exist:

* UTF-16 code units: what Qt counts, and what web tools (doccano, older Label Studio) export;
* Qt display positions: UTF-16 units into the text Qt shows, where a CRLF pair is one paragraph break.

An :class:`OffsetMap` is built once per text. It records only the places where the units diverge (astral
characters, which are two UTF-16 units, and the ``\\r`` of each ``\\r\\n``, which Qt folds away), so it
is cheap on long ASCII articles and exact everywhere else. Positions inside a surrogate pair or between
``\\r`` and ``\\n`` do not exist on the Qt side; mapping back snaps them to the start of the character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CR_OF_CRLF = re.compile("\r(?=\n)")


class OffsetMap:
    """Converts between code points and UTF-16 positions for one text."""

    def __init__(self, text: str, *, fold_crlf: bool = True) -> None:
        self.text = text
        # Two simple scans beat one alternation several times over on a long article, and the astral
        # scan is skipped outright when the UTF-16 length says there is nothing to find.
        astral = [] if utf16_length(text) == len(text) else [m.start() for m in _ASTRAL.finditer(text)]
        folded = [m.start() for m in _CR_OF_CRLF.finditer(text)] if fold_crlf else []
        changes = sorted([(point, 1) for point in astral] + [(point, -1) for point in folded])
        self._points: list[int] = [point for point, _ in changes]
        self._cumulative = list(accumulate(delta for _, delta in changes))
        self._foreign_points = [
            point + (self._cumulative[i - 1] if i else 0) for i, point in enumerate(self._points)
        ]
        self.foreign_length = self.to_foreign(len(text))

    def to_foreign(self, position: int) -> int:
        """Code point position -> UTF-16 (display) position."""
        if not 0 <= position <= len(self.text):
            raise ValueError(f"position {position} outside text of length {len(self.text)}")
        before = bisect_left(self._points, position)
        return position + (self._cumulative[before - 1] if before else 0)

    def to_code_points(self, position: int) -> int:
        """UTF-16 (display) position -> code point position, snapping into a character's start."""
        if not 0 <= position <= self.foreign_length:
            raise ValueError(f"position {position} outside text of UTF-16 length {self.foreign_length}")
        before = bisect_left(self._foreign_points, position)
        return position - (self._cumulative[before - 1] if before else 0)

    def is_exact_foreign(self, position: int) -> bool:
        """Whether a UTF-16 position falls on a character boundary (not mid-pair, not inside CRLF)."""
        return self.to_foreign(self.to_code_points(position)) == position


def display_text(text: str) -> str:
    """The text as Qt holds it: each CRLF folded to one line break, everything else untouched."""
    return text.replace("\r\n", "\n")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
