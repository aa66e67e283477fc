"""The parts of this project's own JSONL export beyond spans and events: ``links`` (relations),
``attributes`` of spans, events and links, ``notes``, the spans' links to the ``entities`` the record
lists, and the events' event ``records`` (see :mod:`annotator.formats.jsonl_writer`)."""

from __future__ import annotations

from typing import Any

from annotator.core.model import (
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    AttributeValue,
    Entity,
    EntityLink,
    Note,
    Relation,
)
from annotator.core.records import RecordTag
from annotator.errors import Errors
from annotator.formats.gazetteer import entity_from_record
from annotator.formats.records import BadRecord


def record_list(record: dict[str, Any], key: str) -> list:
    """A record's list under ``key``; absent is empty."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadRecord(Errors.E120, key=key)
    return value


def record_index(value: Any, count: int, what: str = "event") -> int:
    """An index into a record's list of ``count`` ``what``s."""
    if type(value) is not int or not 0 <= value < count:  # exact: True is no index
        raise BadRecord(Errors.E144, what=what, value=value, last=count - 1)
    return value


_NOTE_TARGETS = {"document": ON_DOCUMENT, "span": ON_SPAN, "event": ON_EVENT, "link": ON_RELATION}


def extras(record: dict[str, Any], span_count: int, event_count: int) -> dict[str, tuple]:
    """The ``Annotated`` fields of a record's links, the attributes of its spans, events and links, its
    notes and its entities with the links of its spans to them."""
    counts = {ON_SPAN: span_count, ON_EVENT: event_count}
    links = [_link(raw, counts[ON_SPAN]) for raw in record_list(record, "links")]
    counts[ON_RELATION] = len(links)
    marked_spans = _marked_spans(record)
    attributes = [
        AttributeValue(name, value, target, index)
        for target, listed in ((ON_SPAN, marked_spans), (ON_EVENT, enumerate(record_list(record, "events"))),
                               (ON_RELATION, enumerate(record_list(record, "links"))))
        for index, raw in listed
        if isinstance(raw, dict) and raw.get("attributes")
        for name, value in _attributes(raw["attributes"]).items()
    ]
    notes = []
    for raw in record_list(record, "notes"):
        target = _NOTE_TARGETS.get(raw.get("on")) if isinstance(raw, dict) else None
        if target is None or not isinstance(raw.get("text"), str):
            raise BadRecord(Errors.E145, targets=", ".join(_NOTE_TARGETS))
        index = (None if target == ON_DOCUMENT
                 else record_index(raw.get("index"), counts[target], raw["on"]))
        notes.append(Note(raw["text"], target, index, annotator=_text(raw, "annotator"),
                          created_at=_text(raw, "created_at")))
    entities, entity_links = _registry(record, marked_spans, span_count)
    return {"relations": tuple(links), "attributes": tuple(attributes), "notes": tuple(notes),
            "entities": entities, "links": entity_links, "records": _record_tags(record)}


def _record_tags(record: dict[str, Any]) -> tuple[RecordTag, ...]:
    """Each event's record (``record`` on the event), named as the line's ``records`` list it."""
    named = {}
    for raw in record_list(record, "records"):
        if not (isinstance(raw, dict) and all(isinstance(raw.get(key), str) for key in ("record", "type"))
                and isinstance(raw.get("title", ""), str)):
            raise BadRecord(Errors.E664)
        if not _is_uid(raw.get("uid", "")):
            raise BadRecord(Errors.E686, value=raw.get("uid"))
        named[raw["record"]] = raw
    tags = []
    for index, raw in enumerate(record_list(record, "events")):
        key = raw.get("record") if isinstance(raw, dict) else None
        if key is None:
            continue
        if not isinstance(key, str) or key not in named:
            raise BadRecord(Errors.E665, index=index, value=key)
        tags.append(RecordTag(index, key, named[key]["type"], named[key].get("title", ""),
                              named[key].get("uid", "")))
    return tuple(tags)


def _is_uid(value: object) -> bool:
    """A record uid as exports write it: 1 to 64 ASCII letters, digits, ``-`` or ``_`` (or none: "")."""
    return isinstance(value, str) and len(value) <= 64 and all(
        c.isascii() and (c.isalnum() or c in "-_") for c in value)


def _marked_spans(record: dict[str, Any]) -> list[tuple[int, Any]]:
    """(position, span) of the record's spans with attributes or an entity: a bulk import's spans have
    none, so one pass over them tells both readers below there is nothing to read."""
    return [(position, raw) for position, raw in enumerate(record_list(record, "spans"))
            if type(raw) is not dict or "attributes" in raw or "entity_id" in raw]


def _registry(record: dict[str, Any], marked_spans: list[tuple[int, Any]],
              span_count: int) -> tuple[tuple[Entity, ...], tuple[EntityLink, ...]]:
    """The record's ``entities`` and the links of its ``marked_spans`` to them (indexes, as ``Annotated``
    wants)."""
    entities, index = [], {}
    for raw in record_list(record, "entities"):
        if not isinstance(raw, dict) or type(raw.get("entity_id")) is not int:
            raise BadRecord(Errors.E624)
        index[raw["entity_id"]] = len(entities)
        entities.append(entity_from_record(raw, ("entity_id",)))
    links = []
    for position, raw in marked_spans:
        entity_id = raw.get("entity_id") if isinstance(raw, dict) else None
        if entity_id is not None:
            if entity_id not in index or type(entity_id) is not int or position >= span_count:
                raise BadRecord(Errors.E625, index=position, value=entity_id)
            links.append(EntityLink(position, index[entity_id]))
    return tuple(entities), tuple(links)


def _link(raw: Any, span_count: int) -> Relation:
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        raise BadRecord(Errors.E146)
    return Relation(raw["type"], record_index(raw.get("head"), span_count, "span"),
                    record_index(raw.get("tail"), span_count, "span"),
                    annotator=_text(raw, "annotator"), source=_text(raw, "source"),
                    created_at=_text(raw, "created_at"))


def _attributes(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not all(type(value) in (bool, int, str) for value in raw.values()):
        raise BadRecord(Errors.E147)
    return raw


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key) or ""
    if not isinstance(value, str):
        raise BadRecord(Errors.E148, key=key)
    return value
