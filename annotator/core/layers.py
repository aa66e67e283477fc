"""Analysts' layers: one analyst's annotations of one document, kept as a read-only snapshot.

A layer is an :class:`Annotated` in *index form* (as importers produce it: ends, fillers, targets and
links are indexes into the record's own lists) so it stands alone, needs no rows of the project it sits
in, and compares with another analyst's layer of the same text by value. It is stored as one canonical
JSON text (keys sorted, lists in a fixed order): the same annotations always give the same bytes, which
is what lets a second merge of the same file change nothing.

Why not the JSONL export form: the exporter needs the tokenizer (spaCy) and lives above the store; a layer
needs only what the model holds, so this module (no Qt, no SQL) both writes and reads it.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from annotator.core.model import (
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    Annotated,
    Argument,
    AttributeValue,
    Document,
    Entity,
    EntityLink,
    Event,
    Note,
    Relation,
    Span,
)

LAYER_FORMAT = 1  # bump when the JSON below changes shape; readers refuse what they do not know


def span_order(span: Span) -> tuple:
    return (span.start, span.end, span.kind, span.label, span.fragments)


def index_form(item: Annotated) -> Annotated:
    """``item`` (row ids, as the store streams it) with every reference an index into its own lists, the
    lists in a fixed order (spans by position, events by trigger, relations by ends), ids dropped."""
    spans = sorted(item.spans, key=span_order)
    span_index = {span.id: index for index, span in enumerate(spans)}
    events = sorted(item.events, key=lambda e: (span_index[e.trigger_id], e.type, e.id or 0))
    event_index = {event.id: index for index, event in enumerate(events)}
    relations = sorted(item.relations, key=lambda r: (span_index[r.head_id], span_index[r.tail_id], r.type))
    relation_index = {relation.id: index for index, relation in enumerate(relations)}
    targets = {ON_SPAN: span_index, ON_EVENT: event_index, ON_RELATION: relation_index}
    entities = sorted({link.entity_id for link in item.links})
    known = {entity.id: entity for entity in item.entities}
    entity_index = {entity_id: index for index, entity_id in enumerate(entities)}
    return Annotated(
        replace(item.document, id=None),
        tuple(replace(span, id=None, doc_id=None) for span in spans),
        tuple(Event(event.type, span_index[event.trigger_id], tuple(sorted(
            (Argument(a.role, span_index[a.span_id], None,
                      None if a.filler_event_id is None else event_index[a.filler_event_id])
             for a in event.arguments), key=lambda a: (a.role, a.span_id, a.filler_event_id or -1))),
            annotator=event.annotator, source=event.source, created_at=event.created_at) for event in events),
        tuple(Relation(r.type, span_index[r.head_id], span_index[r.tail_id], annotator=r.annotator,
                       source=r.source, created_at=r.created_at) for r in relations),
        tuple(sorted((AttributeValue(v.name, v.value, v.target, targets[v.target][v.target_id])
                      for v in item.attributes), key=lambda v: (v.target, v.target_id, v.name))),
        tuple(sorted((replace(n, id=None, doc_id=None,
                              target_id=None if n.target_id is None else targets[n.target][n.target_id])
                      for n in item.notes), key=lambda n: (n.target, -1 if n.target_id is None
                                                            else n.target_id, n.text, n.created_at))),
        links=tuple(sorted((EntityLink(span_index[link.span_id], entity_index[link.entity_id])
                            for link in item.links), key=lambda link: link.span_id)),
        entities=tuple(replace(known[entity_id], id=None) for entity_id in entities),
    )


def layer_json(item: Annotated) -> str:
    """The canonical JSON of an index-form record's annotations and its document's status (not its text:
    the project holds that once)."""
    record = {
        "format": LAYER_FORMAT,
        "status": item.document.status,
        "spans": [_without_defaults({
            "start": s.start, "end": s.end, "label": s.label, "kind": s.kind, "text": s.text,
            "annotator": s.annotator, "source": s.source, "created_at": s.created_at,
            "confidence": s.confidence, "fragments": [list(piece) for piece in s.fragments]})
            for s in item.spans],
        "events": [{"type": e.type, "trigger": e.trigger_id, "annotator": e.annotator, "source": e.source,
                    "created_at": e.created_at,
                    "arguments": [_without_defaults({"role": a.role, "span": a.span_id,
                                                     "event": a.filler_event_id}) for a in e.arguments]}
                   for e in item.events],
        "relations": [{"type": r.type, "head": r.head_id, "tail": r.tail_id, "annotator": r.annotator,
                       "source": r.source, "created_at": r.created_at} for r in item.relations],
        "attributes": [{"name": v.name, "value": v.value, "on": v.target, "index": v.target_id}
                       for v in item.attributes],
        "notes": [{"text": n.text, "on": n.target, "index": n.target_id, "annotator": n.annotator,
                   "created_at": n.created_at} for n in item.notes],
        "links": [{"span": link.span_id, "entity": link.entity_id} for link in item.links],
        "entities": [{"name": e.name, "label": e.label, "aliases": list(e.aliases),
                      "external_id": e.external_id, "description": e.description} for e in item.entities],
    }
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def layer_from_json(text: str, document: Document) -> Annotated:
    """The index-form record :func:`layer_json` wrote, on ``document`` (its status the layer's own)."""
    record = json.loads(text)
    if record.get("format") != LAYER_FORMAT:
        raise ValueError(f"layer format {record.get('format')!r}, expected {LAYER_FORMAT}")
    return Annotated(
        replace(document, status=record["status"]),
        tuple(Span(s["start"], s["end"], s["label"], s["kind"], s.get("text", ""),
                   annotator=s.get("annotator", ""), source=s.get("source", ""),
                   created_at=s.get("created_at", ""), confidence=s.get("confidence"),
                   fragments=tuple(tuple(piece) for piece in s.get("fragments", ())))
              for s in record["spans"]),
        tuple(Event(e["type"], e["trigger"], tuple(Argument(a["role"], a["span"], None, a.get("event"))
                                                   for a in e["arguments"]),
                    annotator=e["annotator"], source=e["source"], created_at=e["created_at"])
              for e in record["events"]),
        tuple(Relation(r["type"], r["head"], r["tail"], annotator=r["annotator"], source=r["source"],
                       created_at=r["created_at"]) for r in record["relations"]),
        tuple(AttributeValue(v["name"], v["value"], v["on"], v["index"]) for v in record["attributes"]),
        tuple(Note(n["text"], n["on"], n["index"], annotator=n["annotator"], created_at=n["created_at"])
              for n in record["notes"]),
        links=tuple(EntityLink(link["span"], link["entity"]) for link in record["links"]),
        entities=tuple(Entity(e["name"], e["label"], tuple(e["aliases"]), e["external_id"], e["description"])
                       for e in record["entities"]),
    )


def _without_defaults(fields: dict[str, Any]) -> dict[str, Any]:
    """Leave out empty lists and None, so most records stay short."""
    return {key: value for key, value in fields.items() if value is not None and value != []}


def stored_form(item: Annotated) -> Annotated:
    """An index-form record with ids as the store would give them (spans, events, relations and entities
    numbered from 1 in list order), so every exporter, which reads store records, can write a layer."""
    def ref(index: int | None) -> int | None:
        return None if index is None else index + 1

    return replace(
        item,
        spans=tuple(replace(span, id=index + 1, doc_id=item.document.id)
                    for index, span in enumerate(item.spans)),
        events=tuple(replace(event, id=index + 1, doc_id=item.document.id, trigger_id=event.trigger_id + 1,
                             arguments=tuple(replace(a, id=number + 1, span_id=a.span_id + 1,
                                                     filler_event_id=ref(a.filler_event_id))
                                             for number, a in enumerate(event.arguments)))
                     for index, event in enumerate(item.events)),
        relations=tuple(replace(r, id=index + 1, doc_id=item.document.id, head_id=r.head_id + 1,
                                tail_id=r.tail_id + 1) for index, r in enumerate(item.relations)),
        attributes=tuple(replace(v, target_id=v.target_id + 1, doc_id=item.document.id)
                         for v in item.attributes),
        notes=tuple(replace(n, target_id=ref(n.target_id), doc_id=item.document.id)
                    for n in item.notes),
        links=tuple(EntityLink(link.span_id + 1, link.entity_id + 1, item.document.id)
                    for link in item.links),
        entities=tuple(replace(entity, id=index + 1) for index, entity in enumerate(item.entities)),
    )
