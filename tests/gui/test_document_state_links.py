"""Relations, attribute values and notes in the open-document state (no Qt): read once on load, then
only what each change names, undo included."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.core.edits import RemoveSpan
from annotator.core.model import ENTITY, ON_DOCUMENT, ON_EVENT, ON_SPAN, Event, Span
from annotator.core.relation_edits import AddRelation, ClearAttribute, DeleteNote, SetAttribute, SetNote
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.project import Project
from tests.conftest import DATA
from tests.gui.builders import article, make_project

LINKED = DATA / "linked_schema.yaml"
TEXT = "Kofi Annan of the UN attacked Accra."


class Counting:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str):
        self.calls[name] += 1
        return getattr(self.project, name)


@pytest.fixture
def project(tmp_path: Path):
    spans = (Span(0, 10, "PERSON", ENTITY), Span(18, 20, "ORG", ENTITY),
             Span(21, 29, "Conflict.Attack", "trigger"), Span(30, 35, "GPE", ENTITY))
    item = replace(article("UN", TEXT, spans), events=(Event("Conflict.Attack", 2),))
    opened = Project.open(make_project(tmp_path / "linked.annotator", [item], LINKED), "tester")
    yield opened
    opened.close()


def test_relations_values_and_notes_follow_each_change(project: Project) -> None:
    state = DocumentState(Counting(project))
    deltas: list[DocumentDelta] = []
    state.listeners.append(deltas.append)
    state.load(1)
    project.listeners.append(state.apply)
    person, org, _, gpe = sorted(state.spans)
    (event,) = state.events

    inverse, _ = project.apply(AddRelation(1, "member_of", person, org))
    (relation,) = state.relations.values()
    assert (relation.type, relation.head_id, relation.tail_id) == ("member_of", person, org)
    assert deltas[-1].relations == {relation.id}
    assert state.relations_of_span(org) == [relation]
    project.apply(inverse)
    assert state.relations == {}

    project.apply(SetAttribute(1, ON_EVENT, event, "fatalities", 3))
    assert state.values_of(ON_EVENT, event)["fatalities"].value == 3
    project.apply(ClearAttribute(1, ON_EVENT, event, "fatalities"))
    assert state.values_of(ON_EVENT, event) == {}

    _, changes = project.apply(SetNote(1, "check the spelling", ON_SPAN, person))
    assert [note.text for note in state.notes_on(ON_SPAN, person)] == ["check the spelling"]
    (note_id,) = changes.notes
    project.apply(SetNote(1, "spelling fine", ON_SPAN, person, note_id))
    assert [note.text for note in state.notes_on(ON_SPAN, person)] == ["spelling fine"]
    project.apply(DeleteNote(1, note_id))
    assert state.notes == {}
    project.apply(SetNote(1, "whole document"))
    assert [note.text for note in state.notes_on(ON_DOCUMENT, None)] == ["whole document"]
    assert gpe in state.spans


def test_removing_a_span_takes_its_relations_values_and_notes(project: Project) -> None:
    state = DocumentState(project)
    state.load(1)
    project.listeners.append(state.apply)
    person, org, _, _ = sorted(state.spans)
    project.apply(AddRelation(1, "member_of", person, org))
    project.apply(SetAttribute(1, ON_SPAN, person, "comment", "former head"))
    project.apply(SetNote(1, "a note", ON_SPAN, person))
    inverse, _ = project.apply(RemoveSpan(1, person))
    assert (state.relations, state.values_of(ON_SPAN, person), state.notes) == ({}, {}, {})
    project.apply(inverse)  # the undo brings all of them back
    assert len(state.relations) == 1 and state.values_of(ON_SPAN, person)["comment"].value == "former head"
    assert [note.text for note in state.notes.values()] == ["a note"]
