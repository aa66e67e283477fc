"""A small project whose done documents are regular enough for a tiny NER to learn in seconds."""

from __future__ import annotations

import random

import pytest

from annotator.core.model import Annotated, Document, Span
from annotator.project import Project
from tests.conftest import sha

PEOPLE = ["Kofi Mensah", "Amira Haddad", "Omar Khalil", "Nour Saleh"]
PLACES = ["Raqqa", "Aleppo", "Accra", "Mayadin"]


def training_text(person: str, place: str, number: int) -> str:
    return f"{person} arrived in {place} on day {number}. People in {place} welcomed {person}."


def entity_spans(text: str, person: str, place: str) -> tuple[Span, ...]:
    spans = []
    for word, label in ((person, "PERSON"), (place, "GPE")):
        start = text.find(word)
        while start >= 0:
            spans.append(Span(start, start + len(word), label))
            start = text.find(word, start + 1)
    return tuple(sorted(spans, key=lambda s: s.start))


def fill(project: Project, count: int, *, status: str = "done") -> None:
    rng = random.Random(3)
    items = []
    for number in range(count):
        person, place = rng.choice(PEOPLE), rng.choice(PLACES)
        text = training_text(person, place, number)
        spans = entity_spans(text, person, place)
        items.append(Annotated(Document(text, f"report {number}", sha256=sha(text), status=status), spans))
    with project.store.atomic():
        project.store.insert_annotated(items, annotator="analyst", source="manual")


@pytest.fixture
def done_project(project: Project) -> Project:
    fill(project, 16)
    return project
