"""CoNLL-2003 style NER columns with IOB2 tags: ``TOKEN -X- _ TAG``.

Every document starts with ``-DOCSTART- -X- O O`` and a blank line; sentences are separated by a blank
line. Sentences come from spaCy's rule-based sentencizer plus line breaks, never cutting an entity (see
:func:`annotator.nlp.tokens.sentence_bounds`). Whitespace tokens are left out, so no token holds a space.
The POS and chunk columns are placeholders. Only entities fit: overlapping entities keep spaCy's
``doc.ents`` choice, and every entity left out, and every event trigger, is reported. A token that
would read as a document start is escaped and reported (see :data:`DOCSTART_ESCAPED`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from annotator.core.model import ENTITY, TRIGGER, Annotated
from annotator.core.schema import Schema
from annotator.formats.export_report import ExportReport
from annotator.formats.tokenized import TokenizedDocument, write_text_per_document
from annotator.nlp.tokens import sentence_bounds

DOCSTART = "-DOCSTART- -X- O O\n\n"
LEFT_OUT = "left out of the CoNLL tags"
OVERLAPPING = "entity spans overlapping a longer one (left out of the CoNLL tags)"
TRIGGERS = "event triggers (CoNLL holds entities only; events left out)"
# A line starting "-DOCSTART-" begins a new document for most CoNLL-2003 readers (Hugging Face's conll2003
# script and flair test the line's start, AllenNLP its first column), so a token of the text spelled so
# would split its document and be dropped. spaCy's converter splits only at the whole delimiter line, which
# a token line never is. Writing the first hyphen as "_" keeps the document whole in all of them, at the
# cost of one character of that token, which is reported.
DOCSTART_WORD = "-DOCSTART-"
DOCSTART_ESCAPED = ("tokens starting with -DOCSTART- (written with _ for the first hyphen, so CoNLL readers "
                    "do not start a new document there)")


def write_conll(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    write_text_per_document(documents, out, schema.language,
                            lambda tokenized: DOCSTART + "".join(conll_lines(tokenized, report)))


def conll_lines(tokenized: TokenizedDocument, report: ExportReport) -> list[str]:
    for span in tokenized.spans:
        if span.kind == TRIGGER:
            report.problem(TRIGGERS, tokenized.title, span.text)
    kept, overlapping = tokenized.non_overlapping(tokenized.aligned(ENTITY, report, LEFT_OUT))
    for span in overlapping:
        report.problem(OVERLAPPING, tokenized.title, span.text)
    tags = ["O"] * len(tokenized.doc)
    entity_ranges = []
    for span in kept:
        token_range = tokenized.ranges[span.id]
        tags[token_range.first] = f"B-{span.label}"
        tags[token_range.first + 1 : token_range.last + 1] = [f"I-{span.label}"] * (
            token_range.last - token_range.first)
        entity_ranges.append((token_range.first, token_range.last))
    lines = []
    for start, end in sentence_bounds(tokenized.doc, entity_ranges):
        words = [i for i in range(start, end) if not tokenized.is_space[i]]
        if words:
            lines.extend(f"{_word(tokenized, i, report)} -X- _ {tags[i]}\n" for i in words)
            lines.append("\n")
    return lines


def _word(tokenized: TokenizedDocument, index: int, report: ExportReport) -> str:
    """The token column: the token, unless CoNLL readers would take it for a document start."""
    text = tokenized.doc[index].text
    if not text.startswith(DOCSTART_WORD):
        return text
    report.problem(DOCSTART_ESCAPED, tokenized.title, text)
    return "_" + text[1:]
