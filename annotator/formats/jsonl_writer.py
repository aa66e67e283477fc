"""JSON lines in Prodigy's shape: one document per line, byte-for-byte deterministic.

Keys come in a fixed order and lists in a fixed order (spans by position, kind, label; events by
trigger), so exporting, importing the file into a new project and exporting again gives the same bytes.
A line ends with ``\\n`` only: U+2028/U+2029 may appear raw inside strings, so readers split on ``\\n``.

``spans`` hold both entities and event triggers (``kind``); ``token_end`` is inclusive, as in Prodigy.
A span off the token edges keeps its exact character offsets and gets the tokens it overlaps; it is
reported. ``relations`` repeat each event argument and each relation as a Prodigy relation (head =
trigger or head span, child = argument or tail span) so Prodigy's relation views show them.

What a project holds besides spans and events is written only where there is some, so records without
it read as before: a discontinuous span's ``fragments`` (``[[start, end], ...]``), ``attributes``
(``{name: value}``) on a span, event or link, an argument's ``event`` (the index of the event filling
the role), ``links`` (the project's relations: ``type``, ``head`` and ``tail`` span indexes) and
``notes`` (``text``, ``on`` one of ``document``, ``span``, ``event``, ``link``, and its ``index``).
A span linked to the project's registry has an ``entity_id``, and the record lists the entities its
spans name under ``entities`` (``entity_id`` and the alias list's keys: ``name``, ``label``,
``aliases``, ``id``, ``description``), so importing the file rebuilds the links and the registry.
An event in an event record has its ``record`` (the record's reference, ``R12``), and the line lists those
records under ``records`` (``record``, ``type``, ``title``); importing the file groups the events named
alike (across the file's lines) into one new record each. Records' fields are not in this export: they
go out with ``annotator records export``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from functools import cache
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from annotator.core.model import (
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    SPAN_KINDS,
    Annotated,
    Argument,
    Event,
    Relation,
    Span,
)
from annotator.core.schema import Schema
from annotator.formats.export_report import ExportReport
from annotator.formats.gazetteer import entity_record
from annotator.formats.tokenized import TokenizedDocument, document_meta, write_text_per_document

OFF_TOKENS = "token_start/token_end are the tokens they overlap"
NON_FINITE = "records holding NaN or Infinity (written as strings: JSON has no such numbers)"
_JSON_BOOLEANS = ("false", "true")


def write_jsonl(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    write_text_per_document(documents, out, schema.language,
                            lambda tokenized: jsonl_line(tokenized, report) + "\n")


def jsonl_line(tokenized: TokenizedDocument, report: ExportReport) -> str:
    """One record, exactly as ``json.dumps(record, ensure_ascii=False)`` would write it.

    The token list is most of the line, and a dict per token made the export twice as slow as
    tokenising, so the tokens are spelled out directly between the dumped head and tail.
    """
    document = tokenized.item.document
    head = json_text({"text": document.text, "meta": document_meta(tokenized.item)}, report, tokenized.title)
    tail = json_text(_annotations(tokenized, report), report, tokenized.title)
    return f'{head[:-1]}, "tokens": {_tokens_json(tokenized)}, {tail[1:]}'


def json_text(value: Any, report: ExportReport, title: str) -> str:
    """``json.dumps(value, ensure_ascii=False)``, but never a bare ``NaN`` or ``Infinity``.

    Python writes those by default, yet they are not JSON and strict readers refuse the whole line.
    Older projects may hold them in document meta, so they are written as strings and reported.
    """
    try:
        return _strict_json(value)
    except ValueError:
        found: list[str] = []
        text = _strict_json(_non_finite_as_strings(value, found))
        report.problem(NON_FINITE, title, ", ".join(found))
        return text


_strict_json = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _non_finite_as_strings(value: Any, found: list[str]) -> Any:
    """``value`` with NaN and the infinities as strings spelled as JavaScript does, noted in ``found``."""
    if isinstance(value, float) and not math.isfinite(value):
        found.append("NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity")
        return found[-1]
    if isinstance(value, dict):
        return {key: _non_finite_as_strings(item, found) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_non_finite_as_strings(item, found) for item in value]
    return value


def _tokens_json(tokenized: TokenizedDocument) -> str:
    """The token list; numbers up to the text's length come from a shared table of numerals."""
    text = tokenized.item.document.text
    starts, ends = tokenized.starts, tokenized.ends
    numerals = _numerals()
    numeral = numerals.__getitem__ if len(text) < len(numerals) else str
    columns = zip(starts, ends, map(numeral, starts), map(numeral, ends), map(numeral, range(len(starts))),
                  tokenized.followed_by_space, strict=True)
    return "[" + ", ".join([
        f'{{"text": {encode_basestring(text[start:end])}, "start": {start_numeral}, "end": {end_numeral}, '
        f'"id": {id_numeral}, "ws": {_JSON_BOOLEANS[space]}}}'
        for start, end, start_numeral, end_numeral, id_numeral, space in columns
    ]) + "]"


@cache
def _numerals() -> list[str]:
    """``str(n)`` for n below 65,536: formatting each token's three numbers was a third of the line's cost.

    A token's offsets and index never exceed the length of its text, so shorter texts find all of them
    here (4 MB, built once); longer ones format their numbers as they go.
    """
    return [str(number) for number in range(1 << 16)]


class _Extras:
    """A document's attribute values by what they are on, and where each event and link is written."""

    def __init__(self, tokenized: TokenizedDocument, events: list[Event], links: list[Relation]) -> None:
        self.values: dict[tuple[str, int | None], dict[str, Any]] = {}
        for value in sorted(tokenized.item.attributes, key=lambda value: value.name):
            self.values.setdefault((value.target, value.target_id), {})[value.name] = value.value
        self.index = {ON_SPAN: tokenized.position, ON_EVENT: {e.id: i for i, e in enumerate(events)},
                      ON_RELATION: {r.id: i for i, r in enumerate(links)}}

    def add(self, record: dict[str, Any], target: str, target_id: int | None) -> dict[str, Any]:
        values = self.values.get((target, target_id))
        if values:
            record["attributes"] = values
        return record


_NOTE_ON = {ON_DOCUMENT: "document", ON_SPAN: "span", ON_EVENT: "event", ON_RELATION: "link"}


def _annotations(tokenized: TokenizedDocument, report: ExportReport) -> dict[str, Any]:
    """The record after its tokens: spans, relations, events, links and notes (if any), answer."""
    for kind in SPAN_KINDS:
        tokenized.aligned(kind, report, OFF_TOKENS)
    events = tokenized.events()
    links = sorted(tokenized.item.relations, key=lambda relation: (
        tokenized.position[relation.head_id], tokenized.position[relation.tail_id], relation.type,
        relation.id or 0))
    extras = _Extras(tokenized, events, links)
    linked = {link.span_id: link.entity_id for link in tokenized.item.links}
    in_record = {tag.event_id: tag.key for tag in tokenized.item.records}
    record: dict[str, Any] = {
        "spans": [extras.add(_span_record(tokenized, index, span, linked.get(span.id)), ON_SPAN, span.id)
                  for index, span in enumerate(tokenized.spans)],
        "relations": [
            *(_prodigy_relation(tokenized, event.trigger_id, argument.span_id, argument.role)
              for event in events for argument in tokenized.arguments(event)),
            *(_prodigy_relation(tokenized, link.head_id, link.tail_id, link.type) for link in links),
        ],
        "events": [extras.add(_event_record(tokenized, index, event, extras.index[ON_EVENT],
                                            in_record.get(event.id)), ON_EVENT, event.id)
                   for index, event in enumerate(events)],
    }
    if links:
        record["links"] = [extras.add(_link_record(tokenized, link), ON_RELATION, link.id) for link in links]
    notes = sorted(tokenized.item.notes, key=lambda note: (
        list(_NOTE_ON).index(note.target),
        -1 if note.target_id is None else extras.index[note.target][note.target_id], note.id or 0))
    if notes:
        record["notes"] = [{"text": note.text, "on": _NOTE_ON[note.target],
                            "index": None if note.target_id is None
                            else extras.index[note.target][note.target_id],
                            "annotator": note.annotator, "created_at": note.created_at} for note in notes]
    if tokenized.item.entities:
        record["entities"] = [{"entity_id": entity.id, **entity_record(entity)}
                              for entity in tokenized.item.entities]
    if tokenized.item.records:
        named = {tag.key: tag for tag in sorted(tokenized.item.records, key=lambda tag: tag.event_id)}
        record["records"] = [{"record": tag.key, "type": tag.type, "title": tag.title, "uid": tag.uid}
                             for tag in sorted(named.values(), key=lambda tag: (len(tag.key), tag.key))]
    record["answer"] = "accept"
    return record


def _prodigy_relation(tokenized: TokenizedDocument, head: int, child: int, label: str) -> dict[str, Any]:
    return {
        "head": tokenized.ranges[head].last,
        "child": tokenized.ranges[child].last,
        "head_span": _relation_end(tokenized, tokenized.by_id[head]),
        "child_span": _relation_end(tokenized, tokenized.by_id[child]),
        "label": label,
    }


def _link_record(tokenized: TokenizedDocument, link: Relation) -> dict[str, Any]:
    return {"type": link.type, "head": tokenized.position[link.head_id],
            "tail": tokenized.position[link.tail_id], "annotator": link.annotator, "source": link.source,
            "created_at": link.created_at}


def _span_record(tokenized: TokenizedDocument, index: int, span: Span, entity_id: int | None
                 ) -> dict[str, Any]:
    token_range = tokenized.ranges[span.id]
    record = {
        "id": index,
        "start": span.start,
        "end": span.end,
        "text": span.text,
        "label": span.label,
        "kind": span.kind,
        "token_start": token_range.first,
        "token_end": token_range.last,
        "annotator": span.annotator,
        "source": span.source,
        "created_at": span.created_at,
    }
    if span.confidence is not None:
        record["confidence"] = span.confidence
    if span.fragments:
        record["fragments"] = [list(fragment) for fragment in span.fragments]
    if entity_id is not None:
        record["entity_id"] = entity_id
    return record


def _relation_end(tokenized: TokenizedDocument, span: Span) -> dict[str, Any]:
    token_range = tokenized.ranges[span.id]
    return {"start": span.start, "end": span.end, "token_start": token_range.first,
            "token_end": token_range.last, "label": span.label}


def _event_record(tokenized: TokenizedDocument, index: int, event: Event,
                  event_index: dict[int | None, int], record_key: str | None) -> dict[str, Any]:
    trigger = tokenized.by_id[event.trigger_id]
    record = {
        "id": index,
        "type": event.type,
        "trigger": {"span": tokenized.position[trigger.id], "start": trigger.start, "end": trigger.end,
                    "text": trigger.text},
        "arguments": [_argument_record(tokenized, argument, event_index)
                      for argument in tokenized.arguments(event)],
        "annotator": event.annotator,
        "source": event.source,
        "created_at": event.created_at,
    }
    if record_key is not None:
        record["record"] = record_key
    return record


def _argument_record(tokenized: TokenizedDocument, argument: Argument,
                     event_index: dict[int | None, int]) -> dict[str, Any]:
    span = tokenized.by_id[argument.span_id]
    record = {"role": argument.role, "span": tokenized.position[span.id], "start": span.start,
              "end": span.end, "text": span.text, "label": span.label}
    if argument.filler_event_id is not None:
        record["event"] = event_index[argument.filler_event_id]
    return record
