"""Building small annotated projects for the export tests through the same edits the GUI makes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.edits import AddArgument, AddEvent, AddSpan, SetStatus
from annotator.core.model import TRIGGER, Annotated, Argument, Document, Event, Span
from annotator.project import Project
from tests.conftest import add_document, sha

STAMP = "2024-05-06T07:08:09+00:00"


def locate(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


def add_span(project: Project, doc_id: int, needle: str, label: str, occurrence: int = 0) -> int:
    start, end = locate(project.store.documents.text_of(doc_id), needle, occurrence)
    _, changes = project.apply(AddSpan(doc_id, Span(start, end, label)))
    return next(iter(changes.spans))


def add_event(project: Project, doc_id: int, trigger: str, event_type: str,
              **roles: int) -> int:
    start, end = locate(project.store.documents.text_of(doc_id), trigger)
    _, changes = project.apply(AddEvent(doc_id, event_type, start=start, end=end))
    event_id = next(iter(changes.events))
    for role, span_id in roles.items():
        project.apply(AddArgument(doc_id, event_id, role, span_id=span_id))
    return event_id


def set_status(project: Project, doc_id: int, status: str) -> None:
    project.apply(SetStatus(doc_id, status))


def annotated_project(project: Project) -> Project:
    """Two documents: an attack with three arguments (done) and a death (new)."""
    first = add_document(project, "Rebels shelled Aleppo on Monday, killing Omar Haddad.", "Aleppo",
                         source="wire", id="a1")
    rebels = add_span(project, first, "Rebels", "ORG")
    aleppo = add_span(project, first, "Aleppo", "GPE")
    monday = add_span(project, first, "Monday", "DATE")
    omar = add_span(project, first, "Omar Haddad", "PERSON")
    add_event(project, first, "shelled", "Conflict.Attack", Attacker=rebels, Place=aleppo, Time=monday)
    add_event(project, first, "killing", "Life.Die", Victim=omar, Place=aleppo)
    set_status(project, first, "done")
    second = add_document(project, "Kofi Annan visited Accra.", "Accra")
    add_span(project, second, "Kofi Annan", "PERSON")
    add_span(project, second, "Accra", "GPE")
    return project


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


def insert(project: Project, text: str, title: str, spans: list[tuple],
           events: list[tuple[str, str, dict[str, str]]] = (), status: str = "new",
           meta: dict[str, Any] | None = None) -> int:
    """Store a document in one go with fixed provenance, so exported records can be spelled out.

    ``spans`` are (text, label) or (text, label, confidence), the first occurrence taken; a label that
    is an event type makes a trigger. ``events`` are (trigger text, type, {role: argument text}).
    """
    event_types = {event.name for event in project.schema.event_types}
    built = []
    for needle, label, *confidence in spans:
        start, end = locate(text, needle)
        kind = TRIGGER if label in event_types else "entity"
        built.append(Span(start, end, label, kind, annotator="ann", source="import", created_at=STAMP,
                          confidence=confidence[0] if confidence else None))
    index = {spec[0]: i for i, spec in enumerate(spans)}
    built_events = [
        Event(event_type, index[trigger],
              tuple(Argument(role, index[filler]) for role, filler in roles.items()),
              annotator="ann", source="import", created_at=STAMP)
        for trigger, event_type, roles in events
    ]
    document = Document(text, title, meta=meta or {}, sha256=sha(text), status=status)
    with project.store.atomic():
        (doc_id,) = project.store.insert_annotated([Annotated(document, tuple(built), tuple(built_events))],
                                                   annotator="ann", source="import")
    return doc_id
