"""Exports tokenise each document once: its token boundaries come from the project's cache, or are made
now, attached to the document for the writer and cached a batch at a time for the next export.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING

from annotator.core.model import Annotated
from annotator.nlp.token_bounds import encode_bounds, tokenizer_fingerprint
from annotator.nlp.tokens import VocabularyRenewingTokenizer

if TYPE_CHECKING:
    from annotator.project.facade import Project

BATCH = 200  # documents looked up at a time
WRITE_EVERY = 2000  # documents tokenised here before they are stored, in one transaction


def with_token_bounds(project: Project, items: Iterable[Annotated], language: str) -> Iterator[Annotated]:
    """``items`` (in id order) with their ``token_bounds``; the ones made here are cached on the way."""
    fingerprint = tokenizer_fingerprint(language)
    tokenizer = VocabularyRenewingTokenizer(language)
    stream = iter(items)
    made: list[tuple[int, str, bytes]] = []
    low = 0
    while batch := list(islice(stream, BATCH)):
        if not made:
            low = batch[0].document.id or 0
        high = batch[-1].document.id or 0
        cached = project.cached_token_bounds(batch[0].document.id or 0, high, fingerprint)
        for index, item in enumerate(batch):
            document = item.document
            blob = cached.get(document.id or 0)
            if blob is None:
                blob = encode_bounds(tokenizer(document.text))
                made.append((document.id or 0, document.sha256, blob))
            batch[index] = replace(item, token_bounds=blob)
        if len(made) >= WRITE_EVERY:
            project.cache_token_bounds(fingerprint, low, high, made)
            made = []
        yield from batch
    if made:
        project.cache_token_bounds(fingerprint, low, made[-1][0], made)
