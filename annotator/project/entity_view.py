"""What the entity view lists: every mention of an entity across the project, in its sentence; and
the texts of unlinked mentions close to its names, to add as aliases (and link) in one edit.

A sentence here is the text between the sentence ends around the mention (``.``, ``!`` or ``?`` before a
space, or a line break), at most :data:`REACH` characters on each side: the view needs a readable line
for each of thousands of mentions, not a parse of every document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from annotator.core.entity_edits import AddAliases
from annotator.core.folding import fold
from annotator.core.model import Span
from annotator.errors import AnnotatorError, Errors
from annotator.nlp.entity_links import AliasCandidate, alias_candidates, stop_words

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


def entity_alias_candidates(project: Project, entity_id: int) -> list[AliasCandidate]:
    """The texts of unlinked mentions of the entity's label that are close to its names (folded alike,
    or sharing a word that is not a stop word), with how many mentions read so."""
    entity = project.entity(entity_id)
    texts = project.store.annotations.unlinked_texts(entity.label)
    return alias_candidates(entity, texts, stop_words(project.schema.language))


def add_aliases_edit(project: Project, entity_id: int, texts: list[str], *, link: bool) -> AddAliases:
    """One edit adding ``texts`` as aliases of the entity and, with ``link``, linking every unlinked
    mention of its label that reads as one of them (any case or accents) across the project."""
    if not texts:
        raise AnnotatorError(Errors.E627)
    entity = project.entity(entity_id)
    links: list[tuple[int, int]] = []
    if link:
        for key in dict.fromkeys(fold(text) for text in texts):
            spans = project.store.annotations.unlinked_spans(entity.label, key)
            links += [(span.doc_id, span.id) for span in spans]
    return AddAliases(entity_id, tuple(texts), tuple(links))
