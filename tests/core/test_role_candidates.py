"""Candidates for an armed role: allowed labels only, not already in the role, nearest the trigger first."""

from __future__ import annotations

from annotator.core.model import ENTITY, TRIGGER, Argument, Event, Span
from annotator.core.role_candidates import distance, role_candidates
from annotator.core.schema import Role

TRIGGER_SPAN = Span(50, 57, "Conflict.Attack", TRIGGER, id=1)


def entity(span_id: int, start: int, end: int, label: str) -> Span:
    return Span(start, end, label, ENTITY, id=span_id)


def test_nearest_first_on_either_side_then_by_position() -> None:
    spans = [TRIGGER_SPAN, entity(2, 0, 6, "ORG"), entity(3, 60, 65, "PERSON"), entity(4, 40, 47, "GPE"),
             entity(5, 90, 95, "PERSON"), entity(6, 70, 74, "DATE")]
    event = Event("Conflict.Attack", 1, id=9)
    found = role_candidates(Role("Attacker", ("PERSON", "ORG", "GPE")), event, TRIGGER_SPAN, spans)
    assert [span.id for span in found] == [4, 3, 5, 2]  # 4 and 3 are both 3 characters away: earlier first


def test_spans_already_in_the_role_and_other_labels_are_left_out() -> None:
    spans = [entity(2, 60, 65, "PERSON"), entity(3, 70, 75, "PERSON"), entity(4, 58, 59, "WEAPON")]
    event = Event("Conflict.Attack", 1, (Argument("Attacker", 2, id=1),), id=9)
    found = role_candidates(Role("Attacker", ("PERSON",)), event, TRIGGER_SPAN, spans)
    assert [span.id for span in found] == [3]
    assert [span.id for span in role_candidates(Role("Agent"), event, TRIGGER_SPAN, spans)] == [4, 2, 3]


def test_distance_is_zero_for_touching_and_overlapping_spans() -> None:
    assert distance(entity(2, 57, 60, "GPE"), TRIGGER_SPAN) == 0
    assert distance(entity(2, 45, 52, "GPE"), TRIGGER_SPAN) == 0
    assert distance(entity(2, 40, 48, "GPE"), TRIGGER_SPAN) == 2
