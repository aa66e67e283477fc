"""What the entity view lists: every mention of an entity across the project, in its sentence.

A sentence here is the text between the sentence ends around the mention (``.``, ``!`` or ``?`` before a
space, or a line break), at most :data:`REACH` characters on each side: the view needs a readable line
for each of thousands of mentions, not a parse of every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from annotator.core.model import Span

if TYPE_CHECKING:
    from annotator.project.facade import Project

REACH = 300
_SENTENCE_END = re.compile(r"[.!?。！？](?=\s)|\n")


@dataclass(frozen=True)
class EntityMention:
    """A linked span with its document and sentence; ``start``/``end`` place the mention in ``sentence``."""

    doc_id: int
    title: str
    span: Span
    sentence: str
    start: int
    end: int


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of the sentence holding ``text[start:end]`` (within :data:`REACH` of it)."""
    low = max(0, start - REACH)
    ends_before = [match.end() for match in _SENTENCE_END.finditer(text, low, start)]
    first = ends_before[-1] if ends_before else low
    after = _SENTENCE_END.search(text, end, min(len(text), end + REACH))
    last = after.end() if after else min(len(text), end + REACH)
    while first < start and text[first].isspace():
        first += 1
    while last > end and text[last - 1].isspace():
        last -= 1
    return first, last


def entity_mentions(project: Project, entity_id: int) -> list[EntityMention]:
    """Every mention linked to the entity, by document and position."""
    found = []
    for doc_id, links in groupby(project.mentions(entity_id), key=lambda link: link.doc_id):
        document = project.document(doc_id)
        wanted = {link.span_id for link in links}
        for span in sorted((s for s in project.spans(doc_id) if s.id in wanted), key=lambda s: s.start):
            first, last = sentence_around(document.text, span.start, span.end)
            found.append(EntityMention(doc_id, document.title, span, document.text[first:last],
                                       span.start - first, span.end - first))
    return found
