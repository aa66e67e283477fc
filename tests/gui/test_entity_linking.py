"""Linking entity spans to the registry with real keys: K links the one match at once, offers a numbered
picker for several, and Enter creates an entity from the mention when none matches; Shift+K links every
mention of the string in the document in one undo step. Checked against the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from annotator.core.edits import AddSpan
from annotator.core.entity_edits import CreateEntity
from annotator.core.model import Entity, Span
from annotator.gui.entity_linking import EntityLinker
from annotator.project import Project
from tests.conftest import DATA

LINKED = DATA / "linked_schema.yaml"
TEXT = "Kofi Annan spoke. Kofi Annan left. Kofi Annan smiled in Accra."


@pytest.fixture
def project(tmp_path: Path):
    created = Project.create(tmp_path / "linked.annotator", LINKED, annotator="tester")
    yield created
    created.close()


def linked(h) -> dict[int, str]:
    """Each linked mention's start, with its entity's name."""
    spans = {span.id: span for span in h.project.spans(h.doc_id)}
    return {spans[link.span_id].start: h.project.entity(link.entity_id).name
            for link in h.project.links(h.doc_id)}


def mentions(h) -> list[int]:
    starts = [i for i in range(len(h.text)) if h.text.startswith("Kofi Annan", i)]
    for start in starts:
        h.session.do(AddSpan(h.doc_id, Span(start, start + 10, "PERSON", text="Kofi Annan")))
    h.window.addActions(EntityLinker(h.session, h.controller.state, h.view).create_actions(h.window))
    return starts


def popup_key(h, key: Qt.Key | str) -> None:
    h.qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    h.qtbot.keyClick(QApplication.activePopupWidget(), key)


def test_k_creates_an_entity_from_the_mention_then_links_the_next_at_once(harness) -> None:
    h = harness(TEXT)
    first, second, _ = mentions(h)
    h.click(first + 2)
    h.key("k")  # nothing matches: the picker offers a new entity, Enter takes it
    popup_key(h, Qt.Key.Key_Return)
    assert linked(h) == {first: "Kofi Annan"}
    h.click(second + 2)
    h.key("k")  # exactly one entity has this name: linked at once
    assert linked(h) == {first: "Kofi Annan", second: "Kofi Annan"}
    assert "Linked to Kofi Annan" in h.messages[-1]
    h.key("z", Qt.KeyboardModifier.ControlModifier)
    assert linked(h) == {first: "Kofi Annan"}


def test_several_matches_are_numbered_and_a_number_picks_one(harness) -> None:
    h = harness(TEXT)
    first, *_ = mentions(h)
    h.project.apply(CreateEntity(Entity("Kofi Annan", "PERSON", description="the diplomat")))
    h.project.apply(CreateEntity(Entity("K. Annan", "PERSON", aliases=("Kofi Annan",))))
    h.click(first + 2)
    h.key("k")
    popup_key(h, "2")
    assert linked(h) == {first: "K. Annan"}


def test_ctrl_k_links_every_mention_in_the_document_in_one_undo_step(harness) -> None:
    h = harness(TEXT)
    first, second, third = mentions(h)
    h.click(first + 2)
    h.key("k")
    popup_key(h, Qt.Key.Key_Return)
    h.key("k", Qt.KeyboardModifier.ControlModifier)
    assert linked(h) == dict.fromkeys((first, second, third), "Kofi Annan")
    assert "Linked 2 mentions" in h.messages[-1]
    h.key("z", Qt.KeyboardModifier.ControlModifier)
    assert linked(h) == {first: "Kofi Annan"}
