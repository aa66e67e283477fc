"""Reading JSONL: one JSON object per line, in the shapes annotation tools write.

Recognised shapes, told apart by their keys:

* plain ``{"text", "meta"}`` (``meta.title`` and a valid ``meta.status`` become the document's own);
* Prodigy / spaCy: ``"spans": [{"start", "end", "label", "text"?}]``; a span with ``"kind": "trigger"``
  (or, without ``kind``, a label that is an event type) is an event trigger;
* doccano sequence labelling ``"label": [[start, end, "LABEL"], ...]`` and doccano relation export
  ``"entities": [{"id", "start_offset", "end_offset", "label"}]`` with ``"relations"``: each entity
  labelled with an event type is a trigger and becomes an event, and relations from it are its arguments
  (the relation type is the role); relations between other entities whose type is a relation type of
  the schema are relations, the others are ignored with a note;
* this project's own export, which adds provenance to each span and an ``"events"`` list whose trigger
  and arguments are indexes into ``spans``, and where there are some ``fragments``, ``attributes``,
  argument ``event`` indexes, ``links`` and ``notes`` (see :mod:`jsonl_writer`); read back losslessly.

Lines are split on ``\\n`` only: texts may hold U+2028, U+0085 or ``\\r``, which ``str.splitlines`` would
treat as line ends. Offsets are code points; a record whose span texts only agree with its offsets when
these are read as UTF-16 code units (what JavaScript tools count) is converted, with a note.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.model import (
    STATUSES,
    TRIGGER,
    Annotated,
    Argument,
    Document,
    Event,
    PlainAnnotated,
    PlainSpan,
    Relation,
    Span,
)
from annotator.core.offsets import OffsetMap
from annotator.core.rules import fits, misfit
from annotator.core.schema import Schema
from annotator.errors import Errors
from annotator.formats.jsonl_extras import extras, record_index, record_list
from annotator.formats.records import (
    BadRecord,
    NoteCollector,
    ReadItem,
    Rejected,
    SchemaLabels,
    printable,
    text_hash,
)
from annotator.formats.text_reader import read_lines

SKIPPED_ANSWERS = ("reject", "ignore")
_PROVENANCE = ("annotator", "source", "created_at")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


def read_jsonl(path: Path, schema: Schema, encoding: str | None = None,
               progress: Callable[[int], None] | None = None) -> Iterator[ReadItem]:
    """Every non-empty line of ``path`` as a document or a rejection, then the file's notes."""
    collector = NoteCollector()
    labels, stem, where = SchemaLabels(schema), printable(path.stem), printable(path)
    for number, line in enumerate(read_lines(path, encoding, progress), 1):
        if not line or line.isspace():
            continue
        try:
            item = parse_record(line, labels, default_title=f"{stem} {number}",
                                note=lambda message, n=number: collector.add(message, n),
                                where=f"{where}, line {number}")
        except BadRecord as exc:
            yield Rejected.of(exc, f"{where}, line {number}")
            continue
        if item is not None:
            yield item
    yield from collector.notes(where)


def parse_record(line: str, labels: SchemaLabels, *, default_title: str,
                 note: Callable[[str], None], where: str = "") -> Annotated | PlainAnnotated | None:
    """One JSONL line (read at ``where``) as a document with spans and events (a
    :class:`PlainAnnotated` when it has plain entity spans only); ``None`` for a Prodigy reject/ignore."""
    try:
        record = _DECODER.decode(line)
    except json.JSONDecodeError as exc:
        raise BadRecord(Errors.E111, reason=exc.msg, column=exc.colno) from exc
    except ValueError as exc:  # the only other one: an integer past Python's int max str digits
        raise BadRecord(Errors.E112, digits=sys.get_int_max_str_digits()) from exc
    except RecursionError as exc:
        raise BadRecord(Errors.E113) from exc
    if _SURROGATE_ESCAPE.search(line):
        _refuse_lone_surrogates(record)
    if not isinstance(record, dict):
        raise BadRecord(Errors.E114, kind=type(record).__name__)
    answer = record.get("answer")
    if answer in SKIPPED_ANSWERS:
        note(f'skipped records answered "{answer}"')
        return None
    text = record.get("text")
    if not isinstance(text, str):
        raise BadRecord(Errors.E115)
    document = _document(record, text, default_title)
    if "spans" in record:
        read, plain = _own_or_prodigy_spans(record_list(record, "spans"), labels, text)
        if plain and _NOT_PLAIN_KEYS.isdisjoint(record) and labels.events.isdisjoint(
                [span[2] for span in read]):  # plain: every one read is a PlainSpan, and of an entity
            return PlainAnnotated(document, tuple(read), where=where)
        spans = [span if isinstance(span, Span) else _bare_span(span, labels) for span in read]
        entity_ids: dict[Any, int] = {}
    else:
        (spans, entity_ids), plain = _foreign_spans(record, labels), False
    if not plain:
        spans, converted = _in_code_points(text, spans)
        if converted:
            note("converted UTF-16 offsets to code points")
    events = _events(record, spans, entity_ids, note, labels)
    if "entities" in record and record.get("relations") and "spans" not in record:  # doccano's form
        relations = _doccano_relations(record_list(record, "relations"), spans, entity_ids, labels)
        return Annotated(document, tuple(spans), tuple(events), tuple(relations), where=where)
    if "spans" not in record or (plain and _EXTRA_KEYS.isdisjoint(record)):
        # doccano's and spaCy's forms, and a bulk import's usual line: no links, attributes or notes to read
        return Annotated(document, tuple(spans), tuple(events), where=where)
    return Annotated(document, tuple(spans), tuple(events), where=where,
                     **extras(record, len(spans), len(events)))


def _refuse_constant(name: str) -> float:
    """Python's json reads NaN and Infinity, which JSON does not have and no export may write back."""
    raise BadRecord(Errors.E116, name=name)


def _finite_float(literal: str) -> float:
    """A float literal; one too large for a float (``1e999``) would become Infinity, so it is refused."""
    value = float(literal)
    if math.isinf(value):
        raise BadRecord(Errors.E117, literal=literal[:40])
    return value


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite_float)  # one, not one a line


def _refuse_lone_surrogates(record: Any) -> None:
    """JSON may escape half of a UTF-16 pair (\\ud800); that is no character and cannot be stored."""
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRecord(Errors.E118, code=ord(exc.object[exc.start])) from exc


def _document(record: dict[str, Any], text: str, default_title: str) -> Document:
    meta = record.get("meta") or {}
    if not isinstance(meta, dict):
        raise BadRecord(Errors.E119)
    title = meta.pop("title") if isinstance(meta.get("title"), str) else default_title
    status = meta.pop("status") if meta.get("status") in STATUSES else "new"
    return Document(text, title=title, meta=meta, status=status, sha256=text_hash(text))


# -- spans ---------------------------------------------------------------------------------------------

def _foreign_spans(record: dict[str, Any], labels: SchemaLabels) -> tuple[list[Span], dict[Any, int]]:
    """A record without ``spans``: its doccano or spaCy spans in the order given, and (doccano) entity id
    -> index into them."""
    if "entities" in record:
        spans, ids = [], {}
        for raw in record_list(record, "entities"):
            if isinstance(raw, dict):
                ids[raw.get("id")] = len(spans)
                spans.append(_span(raw.get("start_offset"), raw.get("end_offset"), raw.get("label"),
                                   labels))
            else:
                spans.append(_triple_span(raw, labels))
        return spans, ids
    if "label" in record:
        return [_triple_span(raw, labels) for raw in record_list(record, "label")], {}
    return [], {}



_OWN_SPAN_KEYS = frozenset({"annotator", "source", "created_at", "confidence", "fragments", "kind",
                            "attributes", "entity_id"})
_EXTRA_KEYS = frozenset({"events", "links", "notes", "entities", "records"})  # what ``extras`` reads
_NOT_PLAIN_KEYS = _EXTRA_KEYS | {"relations"}  # a record with none of these may be a PlainAnnotated


def _own_or_prodigy_spans(raws: list, labels: SchemaLabels, text: str) -> tuple[list[PlainSpan | Span], bool]:
    """Prodigy spans as :data:`PlainSpan` tuples, this project's (with provenance) as spans, and whether
    every one was plain: a tuple whose offsets in code points fit ``text`` (so neither
    :func:`_in_code_points` nor :func:`extras` has anything to do). Bulk imports run this for every span:
    the plain one takes a short road."""
    read: list[PlainSpan | Span] = []
    append, plain = read.append, True
    for raw in raws:
        if type(raw) is not dict:
            raise BadRecord(Errors.E121)
        if not _OWN_SPAN_KEYS.isdisjoint(raw):
            append(_provenanced_span(raw, labels))
            plain = False
            continue
        get = raw.get
        start, end, label, surface = get("start"), get("end"), get("label"), get("text", "")
        if type(surface) is not str:
            raise BadRecord(Errors.E122)
        if type(start) is not int or type(end) is not int or type(label) is not str or not label:
            _check_span_fields(start, end, label)
        if plain and not fits(text, start, end, surface):
            plain = False
        append((start, end, label, surface))
    return read, plain


def _bare_span(span: PlainSpan, labels: SchemaLabels) -> Span:
    start, end, label, surface = span
    return Span.bare(start, end, label, labels.kind(label), surface)


def _provenanced_span(raw: dict, labels: SchemaLabels) -> Span:
    get = raw.get
    surface, annotator, source, created_at = (get("text", ""), get("annotator", ""), get("source", ""),
                                              get("created_at", ""))
    if not (type(surface) is str and type(annotator) is str and type(source) is str
            and type(created_at) is str):
        raise BadRecord(Errors.E122)
    confidence = get("confidence")
    if confidence is not None and (type(confidence) not in (int, float) or not 0 <= confidence <= 1):
        raise BadRecord(Errors.E123, confidence=confidence)
    start, end, label = get("start"), get("end"), get("label")
    _check_span_fields(start, end, label)
    return Span(start, end, label, labels.kind(label, get("kind")), surface, annotator=annotator,
                source=source, created_at=created_at, confidence=confidence,
                fragments=_fragments(get("fragments")))


def _fragments(raw: Any) -> tuple[tuple[int, int], ...]:
    """A span's ``fragments``: pairs of whole numbers (the rules check they fit the span)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
            type(pair) is list and len(pair) == 2 and all(type(n) is int for n in pair) for pair in raw):
        raise BadRecord(Errors.E143, value=str(raw)[:60])
    return tuple((start, end) for start, end in raw)


def _triple_span(raw: Any, labels: SchemaLabels) -> Span:
    if type(raw) is not list or len(raw) != 3:
        raise BadRecord(Errors.E124, raw=raw)
    return _span(raw[0], raw[1], raw[2], labels)


def _span(start: Any, end: Any, label: Any, labels: SchemaLabels) -> Span:
    _check_span_fields(start, end, label)
    return Span(start=start, end=end, label=label, kind=labels.kind(label))


def _check_span_fields(start: Any, end: Any, label: Any) -> None:
    """Whole-number offsets (exact types, so ``True`` is no offset) and a non-empty label."""
    if type(start) is not int or type(end) is not int:
        raise BadRecord(Errors.E125, start=start, end=end)
    if type(label) is not str or not label:
        raise BadRecord(Errors.E126, start=start, end=end)


def _is_int(value: Any) -> bool:
    """An integer and not a bool (``type`` is exact, so ``True`` does not pass)."""
    return type(value) is int


def _in_code_points(text: str, spans: list[Span]) -> tuple[list[Span], bool]:
    """The spans with code point offsets: as given, or converted when they were UTF-16 code units."""
    misfits = [span for span in spans if not fits(text, span.start, span.end, span.text)]
    if not misfits:
        return spans, False
    if any(span.text for span in misfits):
        converted = _from_utf16(text, spans)
        if converted is not None:
            return converted, True
    problem = misfit(text, misfits[0])
    assert problem is not None  # the filter above is misfit's own test
    raise BadRecord.coded(problem.code, problem.message)


def _from_utf16(text: str, spans: list[Span]) -> list[Span] | None:
    offsets = OffsetMap(text, fold_crlf=False)
    converted = []
    for span in spans:
        if not (0 <= span.start < span.end <= offsets.foreign_length
                and offsets.is_exact_foreign(span.start) and offsets.is_exact_foreign(span.end)):
            return None
        start, end = offsets.to_code_points(span.start), offsets.to_code_points(span.end)
        if not fits(text, start, end, span.text):
            return None
        pieces = tuple((offsets.to_code_points(a), offsets.to_code_points(b)) for a, b in span.fragments
                       if 0 <= a < b <= offsets.foreign_length
                       and offsets.is_exact_foreign(a) and offsets.is_exact_foreign(b))
        if len(pieces) != len(span.fragments):
            return None
        converted.append(replace(span, start=start, end=end, fragments=pieces))
    return converted


# -- events --------------------------------------------------------------------------------------------

def _events(record: dict[str, Any], spans: list[Span], entity_ids: dict[Any, int],
            note: Callable[[str], None], labels: SchemaLabels) -> list[Event]:
    if "events" in record:
        raws = record_list(record, "events")
        return [_own_event(raw, len(spans), len(raws)) for raw in raws]
    if "entities" in record:
        return _doccano_events(record_list(record, "relations"), spans, entity_ids, note,
                               labels.relations)
    if record.get("relations"):
        note("ignored relations: only events (a trigger with argument roles) are imported")
    return []


def _own_event(raw: Any, span_count: int, event_count: int) -> Event:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        raise BadRecord(Errors.E127)
    trigger = raw.get("trigger")
    if not isinstance(trigger, dict):
        raise BadRecord(Errors.E128, type=raw["type"])
    arguments = []
    for argument in raw.get("arguments") or []:
        if not isinstance(argument, dict) or not isinstance(argument.get("role"), str):
            raise BadRecord(Errors.E129, type=raw["type"])
        filler = argument.get("event")
        arguments.append(Argument(argument["role"], _span_index(argument.get("span"), span_count),
                                  filler_event_id=None if filler is None
                                  else record_index(filler, event_count)))
    provenance = {key: raw.get(key) or "" for key in _PROVENANCE}
    if not all(isinstance(value, str) for value in provenance.values()):
        raise BadRecord(Errors.E130, type=raw["type"])
    return Event(type=raw["type"], trigger_id=_span_index(trigger.get("span"), span_count),
                 arguments=tuple(arguments), **provenance)


def _span_index(value: Any, span_count: int) -> int:
    if not _is_int(value) or not 0 <= value < span_count:
        raise BadRecord(Errors.E131, value=value, last=span_count - 1)
    return value


def _doccano_relations(relations: list, spans: list[Span], entity_ids: dict[Any, int],
                       labels: SchemaLabels) -> list[Relation]:
    """The doccano relations between entities that are no trigger, typed by a relation type of the schema
    (checked as they are read by :func:`_doccano_events`)."""
    return [Relation(raw["type"], entity_ids[raw["from_id"]], entity_ids[raw["to_id"]]) for raw in relations
            if spans[entity_ids[raw["from_id"]]].kind != TRIGGER and raw["type"] in labels.relations]


def _doccano_events(relations: list, spans: list[Span], entity_ids: dict[Any, int],
                    note: Callable[[str], None], relation_types: frozenset[str] = frozenset()) -> list[Event]:
    """Each trigger entity is an event; relations from a trigger are its arguments."""
    arguments: dict[int, list[Argument]] = {}
    ignored = False
    for relation in relations:
        if not isinstance(relation, dict):
            raise BadRecord(Errors.E132)
        source, target = relation.get("from_id"), relation.get("to_id")
        if source not in entity_ids or target not in entity_ids:
            raise BadRecord(Errors.E133, id=relation.get("id"), source=source, target=target)
        role = relation.get("type")
        if not isinstance(role, str) or not role:
            raise BadRecord(Errors.E134, id=relation.get("id"))
        if spans[entity_ids[source]].kind == TRIGGER:
            arguments.setdefault(entity_ids[source], []).append(Argument(role, entity_ids[target]))
        else:
            ignored = ignored or role not in relation_types
    if ignored:
        note("ignored relations that do not start at an event trigger")
    return [Event(type=span.label, trigger_id=index, arguments=tuple(arguments.get(index, ())))
            for index, span in enumerate(spans) if span.kind == TRIGGER]
