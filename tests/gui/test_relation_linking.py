"""Linking entities by a relation with real keys and clicks: the link key offers the types the head may
start, the nearest possible tail is preselected, the key again steps on, Enter or a click takes it, Escape
cancels; every link is one undoable edit. Checked against the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu

from annotator.gui import keymap
from annotator.gui.relation_painting import arc_levels
from annotator.gui.status_hints import hint_for
from annotator.project import Project
from tests.conftest import DATA
from tests.gui.test_tagging import add_entity, at

LINKED = DATA / "linked_schema.yaml"
TEXT = "Kofi Annan of the UN met the AU and Ghana in Accra."


@pytest.fixture
def project(tmp_path: Path):
    """The linked schema, with member_of given a key of its own."""
    schema = tmp_path / "keyed.yaml"
    text = LINKED.read_text(encoding="utf-8")
    schema.write_text(text.replace("{name: member_of,", "{name: member_of, key: m,"), encoding="utf-8")
    created = Project.create(tmp_path / "linked.annotator", schema, annotator="tester")
    yield created
    created.close()


def relations(h) -> list[tuple[str, str, str]]:
    spans = {span.id: span for span in h.project.spans(h.doc_id)}
    return [(r.type, spans[r.head_id].text, spans[r.tail_id].text) for r in h.project.relations(h.doc_id)]


def tagged(h) -> None:
    add_entity(h, "Kofi Annan", "PERSON")
    add_entity(h, "UN", "ORG")
    add_entity(h, "AU", "ORG")
    add_entity(h, "Ghana", "GPE")


def test_the_link_key_arms_the_one_type_and_enter_takes_the_nearest_tail(harness) -> None:
    h = harness(TEXT)
    tagged(h)
    h.click(at(h.text, "Kofi")[0])  # a PERSON heads only member_of: armed at once
    assert "R links it" in hint_for(h.controller.state, h.project.schema, keymap.names)
    h.key("r")
    assert h.view.selected_range() == at(h.text, "UN")  # the nearest ORG
    assert "member_of" in h.messages[-1] and "1 of 2" in h.messages[-1]
    h.key("r")  # again: the next one
    assert h.view.selected_range() == at(h.text, "AU")
    h.key(Qt.Key.Key_Return)
    assert relations(h) == [("member_of", "Kofi Annan", "AU")]
    assert h.controller.links.armed is None and h.view.selected_range() is None
    h.key("z", Qt.KeyboardModifier.ControlModifier)
    assert relations(h) == []
    h.key("z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert relations(h) == [("member_of", "Kofi Annan", "AU")]


def test_a_click_takes_the_tail_and_escape_cancels(harness) -> None:
    h = harness(TEXT)
    tagged(h)
    h.click(at(h.text, "Kofi")[0])
    h.key("r")
    h.key(Qt.Key.Key_Escape)
    assert h.controller.links.armed is None
    h.click(at(h.text, "Kofi")[0])
    h.key("r")
    h.click(at(h.text, "UN")[0])
    assert relations(h) == [("member_of", "Kofi Annan", "UN")]


def test_several_types_are_offered_in_a_menu(harness) -> None:
    h = harness(TEXT)
    tagged(h)
    h.click(at(h.text, "UN")[0] + 1)  # an ORG may head member_of and allied_with
    h.key("r")
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    assert [action.text().split("  ")[1] for action in menu.actions()] == ["member_of", "allied_with"]
    h.qtbot.keyClick(menu, "2")
    assert h.controller.links.armed is not None and h.controller.links.armed[0] == "allied_with"
    assert h.view.selected_range() == at(h.text, "AU")
    h.key(Qt.Key.Key_Return)
    assert relations(h) == [("allied_with", "UN", "AU")]


def test_the_link_key_without_an_entity_says_what_to_do(harness) -> None:
    h = harness(TEXT)
    h.key("r")
    assert "Select an entity first" in h.messages[-1]
    assert relations(h) == []


def test_a_label_key_while_linking_does_not_relabel_the_preselected_tail(harness) -> None:
    h = harness(TEXT)
    tagged(h)
    h.click(at(h.text, "Kofi")[0])
    h.key("r")
    h.key("g")
    assert "other end" in h.messages[-1]
    assert [span.label for span in h.project.spans(h.doc_id) if span.text == "UN"] == ["ORG"]


def test_a_relation_type_key_arms_that_type_and_cycles(harness) -> None:
    h = harness(TEXT)
    tagged(h)
    h.click(at(h.text, "UN")[0] + 1)  # an ORG may head two types: m picks member_of, no menu
    h.key("m")
    assert h.controller.links.armed[0] == "member_of"
    assert h.view.selected_range() == at(h.text, "AU")
    h.key("m")  # again: the next candidate wraps round to AU (the only other ORG)
    assert h.view.selected_range() == at(h.text, "AU")
    h.key(Qt.Key.Key_Return)
    assert relations(h) == [("member_of", "UN", "AU")]
    h.click(at(h.text, "Ghana")[0])
    h.key("m")
    assert "cannot start" in h.messages[-1]


def test_arcs_over_others_rise_above_them_and_apart_ones_stay_low() -> None:
    levels = arc_levels([(1, 0, 50), (2, 5, 10), (3, 20, 30), (4, 25, 60), (5, 70, 80)])
    assert levels[2] == levels[3] == levels[5] == 0  # short and apart
    assert levels[4] == 1  # crosses 3
    assert levels[1] == 2  # spans 2 and 3, crosses 4


NESTED = "Kofi Annan was sentenced for the attack on Accra."


def test_an_event_fills_a_role_that_takes_its_type_by_key_or_click(harness) -> None:
    h = harness(NESTED)
    h.drag(*at(h.text, "attack"))
    h.key("A", Qt.KeyboardModifier.ShiftModifier)
    h.drag(*at(h.text, "sentenced"))
    h.key("S", Qt.KeyboardModifier.ShiftModifier)
    h.key("2")  # Crime takes a Conflict.Attack: its trigger is the candidate
    assert h.view.selected_range() == at(h.text, "attack")
    h.key(Qt.Key.Key_Return)
    (attack, sentence) = sorted(h.project.events(h.doc_id), key=lambda event: event.type)
    (crime,) = sentence.arguments
    assert (crime.role, crime.filler_event_id) == ("Crime", attack.id)
    h.key("z", Qt.KeyboardModifier.ControlModifier)
    assert [e.arguments for e in h.project.events(h.doc_id)] == [(), ()]
    h.key("2")
    h.click(at(h.text, "attack")[0] + 1)  # a click on the trigger fills it too
    sentence = next(e for e in h.project.events(h.doc_id) if e.type == "Justice.Sentence")
    assert [a.filler_event_id for a in sentence.arguments] == [attack.id]
