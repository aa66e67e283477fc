"""A document's spaCy token boundaries as a compact blob, so an export tokenises each text once.

One code per token: its length in code points, whether a single space follows it (spaCy's
``whitespace_``) and whether it is a whitespace token. A Doc's text is the concatenation of its tokens
each followed by its space, so lengths and spaces alone give every start and end exactly. A blob is
only valid for the tokenizer that made it: :func:`tokenizer_fingerprint` names one (spaCy version,
language and the tokenizer's own rules), and the store keys cached blobs by it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from annotator.nlp.tokens import tokenizer_for

if TYPE_CHECKING:
    from spacy.tokens import Doc

_NARROW, _WIDE = b"H", b"I"  # the first byte names the width of the codes that follow
_NARROW_LIMIT = 1 << 14  # a 16-bit code holds a length below this beside its two flags


@dataclass(frozen=True)
class TokenColumns:
    """Start, end, is-space and followed-by-space (0 or 1) of every token, as plain lists."""

    starts: list[int]
    ends: list[int]
    is_space: list[bool]
    followed_by_space: list[int]


@lru_cache(maxsize=8)
def tokenizer_fingerprint(language: str) -> str:
    """Names the tokenizer of ``language``: a new spaCy version or changed rules give a new name."""
    import spacy

    rules = tokenizer_for(language).to_bytes(exclude=["vocab"])
    digest = hashlib.sha256(rules).hexdigest()[:16]
    return f"spacy {spacy.__version__} {language} {digest}"


def encode_bounds(doc: Doc) -> bytes:
    """The blob of ``doc``'s tokens (see the module docstring)."""
    import numpy
    from spacy.attrs import IS_SPACE, LENGTH, SPACY

    columns = doc.to_array([LENGTH, SPACY, IS_SPACE]).astype(numpy.uint64)
    codes = (columns[:, 0] << 2) | (columns[:, 1] << 1) | columns[:, 2]
    if len(doc) and int(columns[:, 0].max()) >= _NARROW_LIMIT:
        return _WIDE + codes.astype("<u4").tobytes()
    return _NARROW + codes.astype("<u2").tobytes()


def decode_bounds(blob: bytes, text: str) -> TokenColumns | None:
    """The token columns of ``blob``, or None when they do not cover ``text`` exactly (a stale blob)."""
    import numpy

    width = {_NARROW: 2, _WIDE: 4}.get(blob[:1])
    if width is None or (len(blob) - 1) % width:
        return None
    codes = numpy.frombuffer(blob, dtype=f"<u{width}", offset=1).astype(numpy.int64)
    lengths, spaces = codes >> 2, (codes >> 1) & 1
    ends = numpy.cumsum(lengths + spaces) - spaces
    covered = int(ends[-1] + spaces[-1]) if len(codes) else 0
    if covered != len(text):
        return None
    return TokenColumns((ends - lengths).tolist(), ends.tolist(), (codes & 1).astype(bool).tolist(),
                        spaces.tolist())


def columns_of(doc: Doc) -> TokenColumns:
    """The token columns of a freshly tokenised ``doc``, read in one pass over its arrays."""
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

    columns = doc.to_array([IDX, LENGTH, IS_SPACE, SPACY])
    starts = columns[:, 0]
    return TokenColumns(starts.tolist(), (starts + columns[:, 1]).tolist(),
                        columns[:, 2].astype(bool).tolist(), columns[:, 3].tolist())


def doc_from_columns(text: str, columns: TokenColumns, language: str) -> Doc:
    """The Doc the tokenizer makes of ``text``, rebuilt from its columns (same words, spaces, lexemes)."""
    from spacy.tokens import Doc

    vocab = tokenizer_for(language).vocab
    words = [text[start:end] for start, end in zip(columns.starts, columns.ends, strict=True)]
    return Doc(vocab, words=words, spaces=[bool(space) for space in columns.followed_by_space])
