"""DyGIE++ JSON lines: ``{"doc_key", "dataset", "sentences", "ner", "events"}``, one document a line.

``doc_key`` is the project's document id, ``dataset`` the schema name. Sentences (spaCy's sentencizer plus
line breaks, never cutting an annotated span) are lists of tokens with whitespace tokens left out;
``ner`` and ``events`` have one list per sentence and count tokens across the whole document, as DyGIE++
does. An event is ``[[trigger_token, type], [arg_start, arg_end_inclusive, role], ...]``. DyGIE++ keeps
an event inside one sentence and its trigger on one token, so roles filled in another sentence are left
out and a longer trigger is represented by its last token; both are reported, as are spans off the
token edges (left out with what they carry).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import ENTITY, TRIGGER, Annotated
from annotator.core.schema import Schema
from annotator.formats.export_report import ExportReport
from annotator.formats.tokenized import TokenizedDocument, write_text_per_document
from annotator.nlp.tokens import sentence_bounds

LEFT_OUT = "left out, with the events or roles they carry"
OTHER_SENTENCE = "event roles filled in another sentence than the trigger (left out)"
LONG_TRIGGER = "triggers longer than one token (DyGIE++ gets the last token)"


def write_dygiepp(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    def line(tokenized: TokenizedDocument) -> str:
        return json.dumps(dygiepp_record(tokenized, schema.name, report), ensure_ascii=False) + "\n"

    write_text_per_document(documents, out, schema.language, line)


def dygiepp_record(tokenized: TokenizedDocument, dataset: str, report: ExportReport) -> dict[str, Any]:
    entities = tokenized.aligned(ENTITY, report, LEFT_OUT)
    triggers = {span.id for span in tokenized.aligned(TRIGGER, report, LEFT_OUT)}
    ranges = tokenized.ranges
    bounds = [
        (start, end) for start, end in sentence_bounds(
            tokenized.doc, [(ranges[span.id].first, ranges[span.id].last) for span in tokenized.spans
                            if ranges[span.id].aligned])
        if not all(tokenized.is_space[start:end])
    ]
    sentence_of = [0] * len(tokenized.doc)
    for number, (start, end) in enumerate(bounds):
        sentence_of[start:end] = [number] * (end - start)
    word = tokenized.word_indexes()
    ner: list[list[list[Any]]] = [[] for _ in bounds]
    for span in entities:
        token_range = ranges[span.id]
        ner[sentence_of[token_range.first]].append([word[token_range.first], word[token_range.last],
                                                    span.label])
    events: list[list[list[list[Any]]]] = [[] for _ in bounds]
    for event in tokenized.events():
        if event.trigger_id not in triggers:
            continue
        trigger = tokenized.by_id[event.trigger_id]
        head = ranges[trigger.id].last
        if word[head] != word[ranges[trigger.id].first]:
            report.problem(LONG_TRIGGER, tokenized.title, trigger.text)
        encoded: list[list[Any]] = [[word[head], event.type]]
        for argument in tokenized.arguments(event):
            filler = ranges[argument.span_id]
            if not filler.aligned:
                continue
            if sentence_of[filler.first] != sentence_of[head]:
                report.problem(OTHER_SENTENCE, tokenized.title, tokenized.by_id[argument.span_id].text)
                continue
            encoded.append([word[filler.first], word[filler.last], argument.role])
        events[sentence_of[head]].append(encoded)
    return {
        "doc_key": str(tokenized.item.document.id),
        "dataset": dataset,
        "sentences": [[tokenized.doc[i].text for i in range(start, end) if not tokenized.is_space[i]]
                      for start, end in bounds],
        "ner": ner,
        "events": events,
    }
