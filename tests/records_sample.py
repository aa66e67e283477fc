"""A small ACLED project for the event record tests: three reports of ISIS taking Abu Kamal (one says
"Islamic State" and "on Sunday") and one of a clash elsewhere a month later."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.edits import AddArgument, AddEvent
from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import Entity, Span
from annotator.core.relation_edits import SetAttribute
from annotator.project import Project
from tests.conftest import add_document

TAKES = "Battles/Non-state actor overtakes territory"
CLASH = "Battles/Armed clash"
REPORTS = (
    ("Reuters: Abu Kamal falls", "2019-03-04",
     "ISIS fighters seized Abu Kamal on 3 March 2019, killing 12 soldiers."),
    ("AFP: town captured", "2019-03-05",
     "Islamic State militants captured the town of Abu Kamal on Sunday. Résumé: «12 dead»."),
    ("Local: clash in Idlib", "2019-04-10",
     "Rebels and ISIS fought in Idlib on 9 April 2019."),
)


@dataclass
class Sample:
    project: Project
    docs: list[int]
    events: list[int] = field(default_factory=list)
    entities: dict[str, int] = field(default_factory=dict)
    spans: dict[tuple[int, str], int] = field(default_factory=dict)


def tag(sample: Sample, doc_id: int, word: str, label: str, event_id: int, role: str) -> int:
    text = sample.project.text(doc_id)
    start = text.index(word)
    _, changes = sample.project.apply(AddArgument(doc_id, event_id, role,
                                                  new_span=Span(start, start + len(word), label)))
    (span_id,) = changes.spans
    sample.spans[(doc_id, word)] = span_id
    return span_id


def event(sample: Sample, doc_id: int, trigger: str, event_type: str) -> int:
    text = sample.project.text(doc_id)
    start = text.index(trigger)
    _, changes = sample.project.apply(AddEvent(doc_id, event_type, start=start, end=start + len(trigger)))
    (event_id,) = changes.events
    sample.events.append(event_id)
    return event_id


def link(sample: Sample, doc_id: int, word: str, name: str, label: str, aliases: tuple[str, ...] = ()
         ) -> None:
    span_id = sample.spans[(doc_id, word)]
    if name in sample.entities:
        sample.project.apply(LinkSpan(doc_id, span_id, sample.entities[name]))
        return
    _, changes = sample.project.apply(CreateEntity(Entity(name, label, aliases), span_id, doc_id))
    (sample.entities[name],) = changes.entities


def build(path: Path) -> Sample:
    project = Project.create(path, "acled", annotator="analyst")
    docs = [add_document(project, text, title, date=day) for title, day, text in REPORTS]
    sample = Sample(project, docs)
    first = event(sample, docs[0], "seized", TAKES)
    tag(sample, docs[0], "ISIS", "ACTOR", first, "Actor1")
    tag(sample, docs[0], "Abu Kamal", "LOCATION", first, "Location")
    tag(sample, docs[0], "3 March 2019", "DATE", first, "Date")
    tag(sample, docs[0], "12", "FATALITIES", first, "Fatalities")
    link(sample, docs[0], "ISIS", "ISIS", "ACTOR", ("Islamic State", "Daesh"))
    link(sample, docs[0], "Abu Kamal", "Abu Kamal", "LOCATION")
    project.apply(SetAttribute(docs[0], "event", first, "fatalities", 12))
    second = event(sample, docs[1], "captured", TAKES)
    tag(sample, docs[1], "Islamic State", "ACTOR", second, "Actor1")
    tag(sample, docs[1], "Abu Kamal", "LOCATION", second, "Location")
    tag(sample, docs[1], "on Sunday", "DATE", second, "Date")
    link(sample, docs[1], "Islamic State", "ISIS", "ACTOR")
    link(sample, docs[1], "Abu Kamal", "Abu Kamal", "LOCATION")
    third = event(sample, docs[2], "fought", CLASH)
    tag(sample, docs[2], "ISIS", "ACTOR", third, "Actor2")
    tag(sample, docs[2], "9 April 2019", "DATE", third, "Date")
    link(sample, docs[2], "ISIS", "ISIS", "ACTOR")
    return sample
