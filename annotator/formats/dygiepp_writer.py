"""DyGIE++ JSON lines: ``{"doc_key", "dataset", "sentences", "ner", "events"}``, one document a line.

``doc_key`` is the project's document id, ``dataset`` the schema name. Sentences (spaCy's sentencizer plus
line breaks, never cutting an annotated span) are lists of tokens with whitespace tokens left out;
``ner`` and ``events`` have one list per sentence and count tokens across the whole document, as DyGIE++
does. An event is ``[[trigger_token, type], [arg_start, arg_end_inclusive, role], ...]``. DyGIE++ keeps
an event inside one sentence and its trigger on one token, so roles filled in another sentence are left
out and a longer trigger is represented by its last token; both are reported, as are spans off the
token edges (left out with what they carry). Relations, where a document has some, are DyGIE++'s
``relations``: one list per sentence of ``[head_start, head_end, tail_start, tail_end, type]``; a relation
across sentences is left out and reported. Mentions linked to one entity of the registry (two or more
in the document) are a coreference cluster in DyGIE++'s ``clusters``: ``[[start, end_inclusive], ...]``
per cluster, in word indexes across the document.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import ENTITY, TRIGGER, Annotated, Event
from annotator.core.schema import Schema
from annotator.formats.export_report import ExportReport
from annotator.formats.jsonl_writer import json_text
from annotator.formats.tokenized import TokenizedDocument, write_text_per_document
from annotator.nlp.tokens import sentence_bounds

LEFT_OUT = "left out, with the events or roles they carry"
OTHER_SENTENCE = "event roles filled in another sentence than the trigger (left out)"
SHARED_TRIGGER = ("events sharing a trigger with another event (written, but DyGIE++'s reader keeps one "
                  "trigger label and drops their arguments)")
RELATION_ACROSS = "relations between spans of two sentences, or with an end left out (left out)"
LONG_TRIGGER = "triggers longer than one token (DyGIE++ gets the last token)"


def write_dygiepp(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    def line(tokenized: TokenizedDocument) -> str:
        return json_text(dygiepp_record(tokenized, schema.name, report), report, tokenized.title) + "\n"

    write_text_per_document(documents, out, schema.language, line)


def dygiepp_record(tokenized: TokenizedDocument, dataset: str, report: ExportReport) -> dict[str, Any]:
    entities = tokenized.aligned(ENTITY, report, LEFT_OUT)
    triggers = {span.id for span in tokenized.aligned(TRIGGER, report, LEFT_OUT)}
    bounds, sentence_of = sentences(tokenized)
    word = tokenized.word_indexes()
    text = tokenized.item.document.text
    ner: list[list[list[Any]]] = [[] for _ in bounds]
    for span in entities:
        first, last = tokenized.ranges[span.id].first, tokenized.ranges[span.id].last
        ner[sentence_of[first]].append([word[first], word[last], span.label])
    events: list[list[list[list[Any]]]] = [[] for _ in bounds]
    seen: set[int | None] = set()
    for event in tokenized.events():
        if event.trigger_id in seen:
            report.problem(SHARED_TRIGGER, tokenized.title, tokenized.by_id[event.trigger_id].text)
        seen.add(event.trigger_id)
        if event.trigger_id in triggers:
            head = tokenized.ranges[event.trigger_id].last
            events[sentence_of[head]].append(_event(tokenized, event, sentence_of, word, report))
    record = {
        "doc_key": str(tokenized.item.document.id),
        "dataset": dataset,
        "sentences": [[text[tokenized.starts[i] : tokenized.ends[i]] for i in range(start, end)
                       if not tokenized.is_space[i]] for start, end in bounds],
        "ner": ner,
        "events": events,
    }
    if tokenized.item.relations:
        record["relations"] = _relations(tokenized, {span.id for span in entities}, len(bounds),
                                         sentence_of, word, report)
    clusters = _clusters(tokenized, {span.id for span in entities}, word)
    if clusters:
        record["clusters"] = clusters
    return record


def _clusters(tokenized: TokenizedDocument, written: set[int | None], word: list[int]
              ) -> list[list[list[int]]]:
    """The mentions of each entity (two or more) written in this document, as [start, end] word indexes."""
    mentions: dict[int, list[list[int]]] = {}
    for link in sorted(tokenized.item.links, key=lambda link: tokenized.position[link.span_id]):
        if link.span_id in written:
            found = tokenized.ranges[link.span_id]
            mentions.setdefault(link.entity_id, []).append([word[found.first], word[found.last]])
    return [cluster for cluster in mentions.values() if len(cluster) > 1]


def _relations(tokenized: TokenizedDocument, written: set[int | None], sentences: int,
               sentence_of: list[int], word: list[int], report: ExportReport) -> list[list[list[Any]]]:
    """Each relation between two written entities of one sentence, in the order of its head and tail."""
    found: list[list[list[Any]]] = [[] for _ in range(sentences)]
    ranges = tokenized.ranges
    for relation in sorted(tokenized.item.relations, key=lambda r: (
            tokenized.position[r.head_id], tokenized.position[r.tail_id], r.type)):
        head, tail = ranges[relation.head_id], ranges[relation.tail_id]
        if ({relation.head_id, relation.tail_id} - written
                or sentence_of[head.first] != sentence_of[tail.first]):
            report.problem(RELATION_ACROSS, tokenized.title, relation.type)
            continue
        found[sentence_of[head.first]].append([word[head.first], word[head.last], word[tail.first],
                                               word[tail.last], relation.type])
    return found


def sentences(tokenized: TokenizedDocument) -> tuple[list[tuple[int, int]], list[int]]:
    """Sentences holding a word (never cutting an aligned span), and each token's sentence number."""
    ranges = tokenized.ranges
    kept_whole = [(ranges[span.id].first, ranges[span.id].last) for span in tokenized.spans
                  if ranges[span.id].aligned]
    bounds = [(start, end) for start, end in sentence_bounds(tokenized.doc, kept_whole)
              if not all(tokenized.is_space[start:end])]
    sentence_of = [0] * len(tokenized.doc)
    for number, (start, end) in enumerate(bounds):
        sentence_of[start:end] = [number] * (end - start)
    return bounds, sentence_of


def _event(tokenized: TokenizedDocument, event: Event, sentence_of: list[int], word: list[int],
           report: ExportReport) -> list[list[Any]]:
    trigger = tokenized.ranges[event.trigger_id]
    if trigger.first != trigger.last:
        report.problem(LONG_TRIGGER, tokenized.title, tokenized.by_id[event.trigger_id].text)
    encoded: list[list[Any]] = [[word[trigger.last], event.type]]
    for argument in tokenized.arguments(event):
        filler = tokenized.ranges[argument.span_id]
        if not filler.aligned:
            continue
        if sentence_of[filler.first] != sentence_of[trigger.last]:
            report.problem(OTHER_SENTENCE, tokenized.title, tokenized.by_id[argument.span_id].text)
            continue
        encoded.append([word[filler.first], word[filler.last], argument.role])
    return encoded
