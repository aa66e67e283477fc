"""Helpers for the import tests: writing inputs and reading back what a project holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.project import Project


def write_jsonl(path: Path, records: list[Any]) -> Path:
    """One JSON value per line, non-ASCII raw (so U+2028 and friends appear unescaped)."""
    path.write_bytes("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
                     .encode("utf-8"))
    return path


def snapshot(project: Project) -> tuple[dict, int, list]:
    """Everything a failed import must leave unchanged."""
    store = project.store
    return store.audit.stats(), store.documents.count(), [item.document.sha256 for item in store.stream()]


def stored(project: Project) -> list[dict[str, Any]]:
    """Each document's title, text, spans and events, events told by their trigger and argument offsets."""
    documents = []
    for item in project.annotated():
        by_id = {span.id: span for span in item.spans}
        documents.append({
            "title": item.document.title,
            "text": item.document.text,
            "status": item.document.status,
            "meta": item.document.meta,
            "spans": [(span.start, span.end, span.label, span.kind) for span in item.spans],
            "events": sorted(
                (event.type, (by_id[event.trigger_id].start, by_id[event.trigger_id].end),
                 tuple(sorted((argument.role, by_id[argument.span_id].start, by_id[argument.span_id].end)
                              for argument in event.arguments)))
                for event in item.events
            ),
        })
    return documents
