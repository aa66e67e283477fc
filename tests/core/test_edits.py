"""Reversible edits: schema rules, undo restoring the same rows, redo after undo."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.edits import (
    AddArgument,
    AddEvent,
    AddSpan,
    Batch,
    ChangeEventType,
    RelabelSpan,
    RemoveArgument,
    RemoveEvent,
    RemoveSpan,
    SetStatus,
)
from annotator.core.model import Span
from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.conftest import add_document

TEXT = "Rebels shelled Raqqa on Monday, killing Omar Haddad with a mortar."


def snapshot(project: Project, doc_id: int):
    return (project.spans(doc_id), project.events(doc_id), project.document(doc_id).status)


def index(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.fixture
def doc(project: Project) -> int:
    return add_document(project, TEXT, "raqqa")


def add(project: Project, doc_id: int, word: str, label: str) -> int:
    inverse, _ = project.apply(AddSpan(doc_id, Span(*index(TEXT, word), label)))
    return inverse.span_id


def add_event(project: Project, doc_id: int, word: str, event_type: str) -> int:
    inverse, _ = project.apply(AddEvent(doc_id, event_type, start=index(TEXT, word)[0],
                                        end=index(TEXT, word)[1]))
    return inverse.event_id


def test_every_edit_kind_undoes_and_redoes_exactly(project: Project, doc: int) -> None:
    rebels = add(project, doc, "Rebels", "ORG")
    event = add_event(project, doc, "shelled", "Conflict.Attack")
    edits = [
        AddSpan(doc, Span(*index(TEXT, "Monday"), "DATE")),
        RelabelSpan(doc, rebels, "GPE"),
        AddArgument(doc, event, "Attacker", span_id=rebels),
        AddArgument(doc, event, "Place", new_span=Span(*index(TEXT, "Raqqa"), "GPE")),
        ChangeEventType(doc, event, "Conflict.Attack"),
        SetStatus(doc, "done"),
        RemoveSpan(doc, rebels),
        RemoveEvent(doc, event),
    ]
    for edit in edits:
        before = snapshot(project, doc)
        inverse, _ = project.apply(edit)
        after = snapshot(project, doc)
        redo, _ = project.apply(inverse)
        assert snapshot(project, doc) == before, edit
        project.apply(redo)
        assert snapshot(project, doc) == after, edit


def test_removing_a_filler_removes_the_argument_and_undo_brings_it_back(project, doc) -> None:
    omar = add(project, doc, "Omar Haddad", "PERSON")
    event = add_event(project, doc, "killing", "Life.Die")
    project.apply(AddArgument(doc, event, "Victim", span_id=omar))
    inverse, _ = project.apply(RemoveSpan(doc, omar))
    assert project.events(doc)[0].arguments == ()
    project.apply(inverse)
    (argument,) = project.events(doc)[0].arguments
    assert (argument.role, argument.span_id) == ("Victim", omar)


def test_forbidden_filler_is_refused(project, doc) -> None:
    monday = add(project, doc, "Monday", "DATE")
    event = add_event(project, doc, "killing", "Life.Die")
    with pytest.raises(AnnotatorError, match="takes PERSON, not DATE"):
        project.apply(AddArgument(doc, event, "Victim", span_id=monday))
    with pytest.raises(AnnotatorError, match="no role"):
        project.apply(AddArgument(doc, event, "Weapon", span_id=monday))
    assert project.events(doc)[0].arguments == ()


def test_single_roles_do_not_repeat(project, doc) -> None:
    raqqa = add(project, doc, "Raqqa", "GPE")
    rebels = add(project, doc, "Rebels", "GPE")
    event = add_event(project, doc, "shelled", "Conflict.Attack")
    project.apply(AddArgument(doc, event, "Place", span_id=raqqa))
    with pytest.raises(AnnotatorError, match="only once"):
        project.apply(AddArgument(doc, event, "Place", span_id=rebels))
    with pytest.raises(AnnotatorError, match="already fills"):
        project.apply(AddArgument(doc, event, "Place", span_id=raqqa))


def test_failed_new_filler_leaves_no_span(project, doc) -> None:
    event = add_event(project, doc, "killing", "Life.Die")
    with pytest.raises(AnnotatorError):
        project.apply(AddArgument(doc, event, "Victim", new_span=Span(*index(TEXT, "Monday"), "DATE")))
    assert [s.label for s in project.spans(doc)] == ["Life.Die"]


def test_relabel_that_breaks_a_role_is_refused(project, doc) -> None:
    omar = add(project, doc, "Omar Haddad", "PERSON")
    event = add_event(project, doc, "killing", "Life.Die")
    project.apply(AddArgument(doc, event, "Victim", span_id=omar))
    with pytest.raises(AnnotatorError, match="takes PERSON"):
        project.apply(RelabelSpan(doc, omar, "GPE"))


def test_labels_must_be_in_the_schema_and_overlap_rules_hold(project, doc) -> None:
    with pytest.raises(AnnotatorError, match="unknown entity label 'MONSTER'"):
        project.apply(AddSpan(doc, Span(0, 6, "MONSTER")))
    with pytest.raises(AnnotatorError, match=r"unknown event type 'Conflict\.Dance'"):
        project.apply(AddEvent(doc, "Conflict.Dance", start=7, end=14))
    add(project, doc, "Monday", "DATE")
    start, end = index(TEXT, "Monday")
    with pytest.raises(AnnotatorError, match="may not overlap"):
        project.apply(AddSpan(doc, Span(start + 1, end, "DATE")))
    project.apply(AddSpan(doc, Span(start, end - 1, "PERSON")))  # other labels may overlap


def test_two_events_of_its_type_can_share_a_trigger(project, doc) -> None:
    first = add_event(project, doc, "killing", "Life.Die")
    trigger = project.events(doc)[0].trigger_id
    with pytest.raises(AnnotatorError, match="an event's type must be its trigger's label"):
        project.apply(AddEvent(doc, "Conflict.Attack", trigger_id=trigger))
    inverse, _ = project.apply(AddEvent(doc, "Life.Die", trigger_id=trigger))
    assert len(project.events(doc)) == 2
    project.apply(RemoveEvent(doc, first))
    assert [s.id for s in project.spans(doc)] == [trigger]
    project.apply(inverse)
    assert project.spans(doc) == []


def test_batch_is_one_undo_step(project, doc) -> None:
    batch = Batch(doc, (AddSpan(doc, Span(0, 6, "ORG")), AddSpan(doc, Span(15, 20, "GPE"))), "Accept all")
    inverse, changes = project.apply(batch)
    assert len(project.spans(doc)) == 2 and len(changes.spans) == 2
    project.apply(inverse)
    assert project.spans(doc) == []


WORDS = ["Rebels", "shelled", "Raqqa", "Monday", "killing", "Omar Haddad", "mortar"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(["PERSON", "ORG", "GPE", "WEAPON"]),
                          st.booleans()), min_size=1, max_size=8))
def test_undoing_any_sequence_restores_the_start(project, steps) -> None:
    doc_id = add_document(project, TEXT + str(len(project.store.documents.ids())), "h")
    start = snapshot(project, doc_id)
    inverses = []
    for word, label, remove_last in steps:
        try:
            inverse, _ = project.apply(AddSpan(doc_id, Span(*index(TEXT, word), label)))
        except AnnotatorError:
            continue
        inverses.append(inverse)
        if remove_last:
            inverses.append(project.apply(RemoveSpan(doc_id, inverse.span_id))[0])
    end = snapshot(project, doc_id)
    redos = [project.apply(inverse)[0] for inverse in reversed(inverses)]
    assert snapshot(project, doc_id) == start
    for redo in reversed(redos):
        project.apply(redo)
    assert snapshot(project, doc_id) == end
    assert project.store.check() == []


def test_remove_argument_undo_restores_the_same_row(project, doc) -> None:
    omar = add(project, doc, "Omar Haddad", "PERSON")
    event = add_event(project, doc, "killing", "Life.Die")
    project.apply(AddArgument(doc, event, "Victim", span_id=omar))
    (argument,) = project.events(doc)[0].arguments
    inverse, _ = project.apply(RemoveArgument(doc, argument.id))
    assert project.events(doc)[0].arguments == ()
    project.apply(inverse)
    assert project.events(doc)[0].arguments == (argument,)
