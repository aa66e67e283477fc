"""The one key under which a mention's text and an alias match: case and diacritics set aside.

NFKD splits a letter from its accents (and ``ﬁ`` into ``fi``), the combining marks are dropped, and
``casefold`` is ``lower`` made for matching (``Straße`` and ``STRASSE`` agree). Runs of white space
count as one space, so a mention across a line break still matches.
"""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` without case, diacritics or repeated white space: the key aliases are looked up by."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())
