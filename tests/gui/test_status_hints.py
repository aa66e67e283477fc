"""Status hints without Qt: each is derived from the open document's state, and changes with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.edits import AddSpan, ChangeEventType, RelabelSpan, RemoveArgument, RemoveEvent
from annotator.gui import mentions, status_hints
from annotator.gui.document_state import DocumentState
from annotator.gui.status_hints import NO_SELECTION, armed_role_text, hint_for
from annotator.project import Project
from tests.gui.builders import attack_article, make_project

KEYS = {"delete": ["Del", "Backspace"], "cancel": ["Esc"], "undo": ["Ctrl+Z"], "redo": ["Ctrl+Y"],
        "arm_role": [str(number) for number in range(1, 10)], "next_suggestion": ["F8"]}


def keys(binding_id: str) -> list[str]:
    return KEYS[binding_id]


@pytest.fixture
def project(tmp_path: Path):
    opened = Project.open(make_project(tmp_path / "hints.annotator", [attack_article()]), "tester")
    yield opened
    opened.close()


def state_of(project: Project) -> tuple[DocumentState, list[int]]:
    state = DocumentState(project)
    project.listeners.append(state.apply)
    told: list[int] = []
    state.selection_listeners.append(lambda: told.append(1))
    return state, told


def test_each_state_has_its_hint_and_no_document_has_none(project) -> None:
    state, _ = state_of(project)
    assert hint_for(state, project.schema, keys) == ""
    state.load(1)
    assert hint_for(state, project.schema, keys) == NO_SELECTION
    spans = {span.text: span for span in state.spans.values()}
    state.select(spans["Kofi Annan"].id, None)
    assert hint_for(state, project.schema, keys) == (
        "PERSON “Kofi Annan” selected: a label's key relabels it, Del or Backspace deletes it, "
        "Esc deselects it")
    attack = next(event for event in state.events.values() if event.type == "Conflict.Attack")
    state.select(attack.trigger_id, attack.id)
    assert hint_for(state, project.schema, keys) == (
        "Conflict.Attack event on “shelled” selected: 1–5 fills a role, Del or Backspace deletes it, "
        "Esc deselects it")
    state.armed_role = "Attacker"
    armed = ("Filling role Attacker (PERSON, ORG, GPE) of Conflict.Attack: select its text or click an "
             "entity, Esc cancels")
    assert hint_for(state, project.schema, keys) == armed_role_text(state, project.schema, keys) == armed


def test_the_selection_listeners_hear_every_change_of_selection_or_armed_role(project) -> None:
    state, told = state_of(project)
    state.load(1)
    assert told == [], "nothing was selected before"
    attack = next(event for event in state.events.values() if event.type == "Conflict.Attack")
    assert state.select(attack.trigger_id, attack.id)
    state.armed_role = "Place"
    state.armed_role = "Place"
    assert len(told) == 2
    assert not state.select(attack.trigger_id, attack.id)
    state.select(None, None)  # another event (here none) disarms the role
    assert (state.armed_role, len(told)) == (None, 3)
    state.select(attack.trigger_id, attack.id)
    state.armed_role = "Place"
    state.load(1)  # a document opening drops the selection and says so
    assert (state.selected_event_id, state.armed_role, len(told)) == (None, None, 6)


def test_an_edit_rewords_the_hint_of_what_it_removed(project) -> None:
    state, _ = state_of(project)
    state.load(1)
    death = next(event for event in state.events.values() if event.type == "Life.Die")
    state.select(death.trigger_id, death.id)
    assert hint_for(state, project.schema, keys).startswith("Life.Die event on “killing” selected: 1–3")
    project.apply(RemoveEvent(1, death.id))
    assert hint_for(state, project.schema, keys) == NO_SELECTION


def test_notices_name_what_changed_and_the_keys_that_take_it_back(project) -> None:
    state, _ = state_of(project)
    state.load(1)
    annan = next(span for span in state.spans.values() if span.text == "Kofi Annan")
    assert status_hints.relabelled(annan, "ORG", keys) == "“Kofi Annan”: PERSON → ORG (Ctrl+Z to undo)"
    assert status_hints.deleted_span(annan, keys) == "Deleted PERSON “Kofi Annan” (Ctrl+Z to undo)"
    assert status_hints.undone("Add GPE", keys) == "Undone: Add GPE (Ctrl+Y to redo)"
    assert status_hints.none_in_view(0, keys) == "No suggestions left in this document"
    assert mentions.quote("a  long\nline " * 20, limit=12) == "“a long line…”"


def test_a_notice_is_worded_from_the_state_before_the_edit(project) -> None:
    state, _ = state_of(project)
    state.load(1)
    attack = next(event for event in state.events.values() if event.type == "Conflict.Attack")
    time = next(argument for argument in attack.arguments if argument.role == "Time")
    assert status_hints.notice_for(RemoveArgument(1, time.id), state, keys) == (
        "“Monday” no longer fills Time of Conflict.Attack (Ctrl+Z to undo)")
    assert status_hints.notice_for(ChangeEventType(1, attack.id, "Life.Die"), state, keys) == (
        "“shelled”: Conflict.Attack → Life.Die (Ctrl+Z to undo)")
    assert status_hints.notice_for(RelabelSpan(1, time.span_id, "PERSON"), state, keys) == (
        "“Monday”: DATE → PERSON (Ctrl+Z to undo)")
    assert status_hints.notice_for(AddSpan(1, state.spans[time.span_id]), state, keys) == ""
