"""doccano's relation-extraction JSONL: entities with offsets, relations between them, one document a line.

Events fit doccano's model as a trigger entity labelled with the event type plus one relation per
argument, from the trigger to the argument, typed by the role; a relation between two entities is a
doccano relation typed by the relation type. The import verb reads this shape back into the same events
and relations.

Offsets are code points, which is what doccano's Python server stores and its importer expects (its
older browser front end counted UTF-16 units instead; this project's importer recognises those when span
texts are present). Entity and relation ids count from 1 within each document, so output depends only on
the annotations, not on database ids.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import Annotated
from annotator.core.schema import Schema
from annotator.formats.atomic_output import atomic_text
from annotator.formats.export_report import ExportReport
from annotator.formats.jsonl_writer import json_text
from annotator.formats.tokenized import document_meta, span_order


def write_doccano(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    with atomic_text(out) as stream:
        for item in documents:
            stream.write(json_text(doccano_record(item, report), report, item.document.title))
            stream.write("\n")


def doccano_record(item: Annotated, report: ExportReport) -> dict[str, Any]:
    spans = sorted(item.spans, key=span_order)
    entity_id = {span.id: number for number, span in enumerate(spans, 1)}
    triggers_seen: set[int | None] = set()
    relations = []
    for event in item.events:
        if event.trigger_id in triggers_seen:
            report.problem("events sharing a trigger with another event (merged: doccano has one entity "
                           "per trigger)", item.document.title, event.type)
        triggers_seen.add(event.trigger_id)
        for argument in event.arguments:
            relations.append({"id": len(relations) + 1, "from_id": entity_id[event.trigger_id],
                              "to_id": entity_id[argument.span_id], "type": argument.role})
    for relation in sorted(item.relations,
                           key=lambda r: (entity_id[r.head_id], entity_id[r.tail_id], r.type)):
        relations.append({"id": len(relations) + 1, "from_id": entity_id[relation.head_id],
                          "to_id": entity_id[relation.tail_id], "type": relation.type})
    return {
        "id": item.document.id,
        "text": item.document.text,
        "entities": [
            {"id": entity_id[span.id], "label": span.label, "start_offset": span.start,
             "end_offset": span.end}
            for span in spans
        ],
        "relations": relations,
        "meta": document_meta(item),
    }
