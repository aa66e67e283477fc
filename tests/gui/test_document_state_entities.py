"""Entity links in the open-document state (no Qt): read on load, then only what each change names —
link edits, registry edits (no document) and undo alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.entity_edits import CreateEntity, LinkSpan, RenameEntity, UnlinkSpan
from annotator.core.model import ENTITY, Entity, Span
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.project import Project
from tests.gui.builders import article, make_project
from tests.gui.test_document_state_links import LINKED, Counting

TEXT = "Kofi Annan met Annan in Accra."


@pytest.fixture
def project(tmp_path: Path):
    spans = (Span(0, 10, "PERSON", ENTITY), Span(15, 20, "PERSON", ENTITY), Span(24, 29, "GPE", ENTITY))
    items = [article("one", TEXT, spans), article("two", TEXT + " ", spans)]
    opened = Project.open(make_project(tmp_path / "ent.annotator", items, LINKED), "tester")
    yield opened
    opened.close()


def test_links_and_entities_follow_each_change(project: Project) -> None:
    counting = Counting(project)
    state = DocumentState(counting)
    deltas: list[DocumentDelta] = []
    state.listeners.append(deltas.append)
    state.load(1)
    project.listeners.append(state.apply)
    kofi, annan, _ = sorted(state.spans)
    assert state.links == {} and state.entities == {}

    project.apply(CreateEntity(Entity("Kofi Annan", "PERSON"), kofi, 1))
    (entity,) = state.entities.values()
    assert state.links == {kofi: entity.id} and state.entity_of_span(kofi) == entity
    assert deltas[-1].links == {kofi} and entity.id in deltas[-1].entities

    inverse, _ = project.apply(LinkSpan(1, annan, entity.id))
    assert state.links == {kofi: entity.id, annan: entity.id}
    project.apply(inverse)
    assert state.links == {kofi: entity.id}

    calls = sum(counting.calls.values())
    project.apply(RenameEntity(entity.id, "Annan, Kofi"))
    assert state.entity_of_span(kofi).name == "Annan, Kofi"
    assert sum(counting.calls.values()) - calls == 1  # only the renamed entity is re-read

    other = project.spans(2)[1].id
    project.apply(project.link_all_edit(entity.id, "Annan"))  # the whole project: this document's Annan too
    assert state.links[annan] == entity.id and other not in state.spans

    project.apply(UnlinkSpan(1, kofi))
    assert kofi not in state.links and deltas[-1].links == {kofi}
