"""Moving a span's boundaries and retyping an event that keeps what fits: one edit each, undone exactly."""

from __future__ import annotations

import pytest

from annotator.core import rules
from annotator.core.edits import AddArgument, ChangeEventType, ResizeSpan
from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.conftest import add_document
from tests.core.test_edits import TEXT, add, add_event, index, snapshot


@pytest.fixture
def doc(project: Project) -> int:
    return add_document(project, TEXT, "raqqa")


def test_resizing_keeps_the_row_and_the_arguments_pointing_at_it(project, doc) -> None:
    omar = add(project, doc, "Omar", "PERSON")
    event = add_event(project, doc, "killing", "Life.Die")
    project.apply(AddArgument(doc, event, "Victim", span_id=omar))
    before = snapshot(project, doc)
    inverse, changes = project.apply(ResizeSpan(doc, omar, *index(TEXT, "Omar Haddad")))
    moved = project.span(omar)
    assert (moved.start, moved.end, moved.text) == (*index(TEXT, "Omar Haddad"), "Omar Haddad")
    assert project.events(doc)[0].arguments[0].span_id == omar
    assert changes.spans == {omar} and changes.events == {event}
    redo, _ = project.apply(inverse)
    assert snapshot(project, doc) == before
    project.apply(redo)
    assert project.span(omar).text == "Omar Haddad"


def test_resizing_is_checked_by_the_rules(project, doc) -> None:
    monday = add(project, doc, "Monday", "DATE")
    rebels = add(project, doc, "Rebels", "DATE")
    with pytest.raises(AnnotatorError) as empty:
        project.apply(ResizeSpan(doc, monday, 24, 24))
    assert empty.value.code == "E401"
    with pytest.raises(AnnotatorError) as overlap:  # DATE spans may not overlap
        project.apply(ResizeSpan(doc, rebels, 0, index(TEXT, "Monday")[1]))
    assert overlap.value.code == "E417"
    assert project.span(rebels).text == "Rebels"


def test_retyping_drops_only_the_misfits_and_undo_puts_them_back(project, doc) -> None:
    rebels = add(project, doc, "Rebels", "ORG")
    raqqa = add(project, doc, "Raqqa", "GPE")
    omar = add(project, doc, "Omar Haddad", "PERSON")
    event = add_event(project, doc, "shelled", "Conflict.Attack")
    for role, span in (("Attacker", rebels), ("Place", raqqa), ("Target", omar)):
        project.apply(AddArgument(doc, event, role, span_id=span))
    plain = ChangeEventType(doc, event, "Life.Die")
    with pytest.raises(AnnotatorError) as refused:
        project.apply(plain)
    assert refused.value.code == "E411"

    spans = {span.id: span for span in project.spans(doc)}
    dropped = rules.misfit_arguments(project.schema, project.event(event), "Life.Die", spans)
    assert [(a.role, a.span_id) for a in dropped] == [("Attacker", rebels), ("Target", omar)]

    before = snapshot(project, doc)
    inverse, _ = project.apply(ChangeEventType(doc, event, "Life.Die", drop_misfits=True))
    retyped = project.event(event)
    assert retyped.type == "Life.Die"
    assert [(a.role, a.span_id) for a in retyped.arguments] == [("Place", raqqa)]
    after = snapshot(project, doc)
    redo, _ = project.apply(inverse)
    assert snapshot(project, doc) == before  # same argument rows, same ids
    project.apply(redo)
    assert snapshot(project, doc) == after
