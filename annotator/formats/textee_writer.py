"""TextEE / OneIE-style event JSON lines: the shape event-extraction research code reads.

One record per sentence window, as TextEE's "processed data format" documents it: ``doc_id`` (the
project's document id), ``wnd_id`` (``<doc_id>-<n>``), the window's ``text`` and ``lang``, its
``tokens`` (whitespace tokens left out), ``entity_mentions`` (``id``, ``entity_type``, ``text``,
``start``, ``end``), ``event_mentions`` (``id``, ``event_type``, ``trigger`` with ``text``/``start``/
``end``, ``arguments`` with ``entity_id``, ``role``, ``text``, ``start``, ``end``) and
``relation_mentions`` (``id``, ``relation_type``, ``arguments`` with roles ``Arg-1`` and ``Arg-2``).
Offsets are token indexes within the window, end exclusive. Windows are the DyGIE++ writer's sentences
(never cutting an annotated span). A role filled, or a relation drawn, across two windows cannot be
written and is reported, as are spans off the token edges.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import ENTITY, TRIGGER, Annotated, Span
from annotator.core.schema import Schema
from annotator.formats.dygiepp_writer import sentences
from annotator.formats.export_report import ExportReport
from annotator.formats.jsonl_writer import json_text
from annotator.formats.tokenized import TokenizedDocument, write_text_per_document

LEFT_OUT = "left out, with the events, roles and relations they carry"
ACROSS = "event roles and relations across two sentence windows (left out)"
TRIGGER_END = "relations with an event trigger at an end (left out: TextEE relations link entity mentions)"


def write_textee(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    def lines(tokenized: TokenizedDocument) -> str:
        return "".join(json_text(record, report, tokenized.title) + "\n"
                       for record in textee_records(tokenized, schema.language, report))

    write_text_per_document(documents, out, schema.language, lines)


class _Window:
    """One sentence window: its word tokens and where each token of the document falls in it."""

    def __init__(self, tokenized: TokenizedDocument, doc_id: str, number: int, start: int, end: int) -> None:
        self.tokenized = tokenized
        self.doc_id = doc_id
        self.id = f"{doc_id}-{number}"
        self.tokens = [index for index in range(start, end) if not tokenized.is_space[index]]
        self.local = {token: position for position, token in enumerate(self.tokens)}
        self.mention_ids: dict[int | None, str] = {}

    def place(self, span: Span) -> dict[str, Any]:
        token_range = self.tokenized.ranges[span.id]
        return {"text": span.text, "start": self.local[token_range.first],
                "end": self.local[token_range.last] + 1}

    def record(self, lang: str) -> dict[str, Any]:
        tokenized, text = self.tokenized, self.tokenized.item.document.text
        first, last = self.tokens[0], self.tokens[-1]
        return {"doc_id": self.doc_id, "wnd_id": self.id,
                "text": text[tokenized.starts[first]:tokenized.ends[last]], "lang": lang,
                "tokens": [text[tokenized.starts[i]:tokenized.ends[i]] for i in self.tokens],
                "entity_mentions": [], "event_mentions": [], "relation_mentions": []}


def textee_records(tokenized: TokenizedDocument, lang: str, report: ExportReport) -> list[dict[str, Any]]:
    entities = tokenized.aligned(ENTITY, report, LEFT_OUT)
    triggers = {span.id for span in tokenized.aligned(TRIGGER, report, LEFT_OUT)}
    bounds, sentence_of = sentences(tokenized)
    doc_id = str(tokenized.item.document.id)
    windows = [_Window(tokenized, doc_id, number, start, end) for number, (start, end) in enumerate(bounds)]
    records = [window.record(lang) for window in windows]
    entity_ids = {span.id for span in entities}

    def window_of(span_id: int | None) -> int:
        return sentence_of[tokenized.ranges[span_id].first]

    for span in entities:
        number = window_of(span.id)
        mentions = records[number]["entity_mentions"]
        windows[number].mention_ids[span.id] = f"{windows[number].id}-E{len(mentions)}"
        mentions.append({"id": windows[number].mention_ids[span.id], "entity_type": span.label,
                         **windows[number].place(span)})
    for event in tokenized.events():
        if event.trigger_id not in triggers:
            continue
        number, window = window_of(event.trigger_id), windows[window_of(event.trigger_id)]
        mentions = records[number]["event_mentions"]
        arguments = []
        for argument in tokenized.arguments(event):
            if argument.span_id not in window.mention_ids:
                if argument.span_id in entity_ids:  # else off the token edges, and reported with it
                    report.problem(ACROSS, tokenized.title, tokenized.by_id[argument.span_id].text)
                continue
            arguments.append(_argument(window, argument.role, tokenized.by_id[argument.span_id]))
        mentions.append({"id": f"{window.id}-EV{len(mentions)}", "event_type": event.type,
                         "trigger": window.place(tokenized.by_id[event.trigger_id]), "arguments": arguments})
    placed = {span_id: number for number, window in enumerate(windows) for span_id in window.mention_ids}
    for relation in sorted(tokenized.item.relations, key=lambda r: (
            tokenized.position[r.head_id], tokenized.position[r.tail_id], r.type)):
        head, tail = placed.get(relation.head_id), placed.get(relation.tail_id)
        if head is None or tail is None:
            if {relation.head_id, relation.tail_id} & triggers:
                report.problem(TRIGGER_END, tokenized.title, relation.type)
            continue  # an end off the token edges was reported with it
        if head != tail:
            report.problem(ACROSS, tokenized.title, relation.type)
            continue
        window, mentions = windows[head], records[head]["relation_mentions"]
        mentions.append({"id": f"{window.id}-R{len(mentions)}", "relation_type": relation.type,
                         "arguments": [_argument(window, role, tokenized.by_id[span_id])
                                       for role, span_id in (("Arg-1", relation.head_id),
                                                             ("Arg-2", relation.tail_id))]})
    return records


def _argument(window: _Window, role: str, span: Span) -> dict[str, Any]:
    return {"entity_id": window.mention_ids[span.id], "role": role, **window.place(span)}
