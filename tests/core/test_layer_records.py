"""A layer's record: index form from store rows, and canonical JSON that reads back to the same record."""

from __future__ import annotations

from annotator.core.layers import index_form, layer_from_json, layer_json, stored_form
from annotator.core.model import (
    ON_DOCUMENT,
    ON_EVENT,
    ON_RELATION,
    ON_SPAN,
    TRIGGER,
    Annotated,
    Argument,
    AttributeValue,
    Document,
    Entity,
    EntityLink,
    Event,
    Note,
    Relation,
    Span,
)

TEXT = "Rebels shelled Homs and Hama on Monday."


def stored() -> Annotated:
    """Rows as the store streams them: ids, listed out of text order."""
    spans = (Span(24, 28, "GPE", id=31, annotator="bob"), Span(7, 14, "Conflict.Attack", TRIGGER, id=12),
             Span(15, 28, "GPE", id=40, fragments=((15, 19), (24, 28))), Span(0, 6, "ORG", id=5))
    events = (Event("Conflict.Attack", 12, (Argument("Place", 31, id=3), Argument("Attacker", 5, id=2)),
                    id=7),)
    return Annotated(
        Document(TEXT, "d", id=9, sha256="x", status="done"), spans, events,
        (Relation("located_in", 5, 31, id=4),),
        (AttributeValue("negated", True, ON_EVENT, 7), AttributeValue("certain", "high", ON_RELATION, 4),
         AttributeValue("kind", "city", ON_SPAN, 31)),
        (Note("check", ON_SPAN, 40, id=1), Note("about the day", ON_DOCUMENT, None, id=2)),
        links=(EntityLink(31, 77, 9),), entities=(Entity("Hama", "GPE", ("Hamah",), id=77),))


def test_index_form_orders_by_text_and_refers_by_index() -> None:
    item = index_form(stored())
    assert [(s.start, s.end) for s in item.spans] == [(0, 6), (7, 14), (15, 28), (24, 28)]
    (event,) = item.events
    assert event.trigger_id == 1
    assert [(a.role, a.span_id) for a in event.arguments] == [("Attacker", 0), ("Place", 3)]
    assert [(r.head_id, r.tail_id) for r in item.relations] == [(0, 3)]
    assert {(v.target, v.target_id, v.name) for v in item.attributes} == {
        (ON_EVENT, 0, "negated"), (ON_RELATION, 0, "certain"), (ON_SPAN, 3, "kind")}
    assert [(n.target, n.target_id) for n in item.notes] == [(ON_DOCUMENT, None), (ON_SPAN, 2)]
    assert item.links == (EntityLink(3, 0),) and item.entities[0].id is None
    assert all(span.id is None for span in item.spans)


def test_the_json_is_canonical_and_reads_back() -> None:
    item = index_form(stored())
    text = layer_json(item)
    assert text == layer_json(index_form(stored())) and ": " not in text
    back = layer_from_json(text, stored().document)
    assert back.document.status == "done"
    assert back.spans == item.spans and back.events == item.events and back.relations == item.relations
    assert back.attributes == item.attributes and back.notes == item.notes
    assert back.links == item.links and back.entities == item.entities


def test_stored_form_numbers_every_reference_from_one() -> None:
    item = stored_form(layer_from_json(layer_json(index_form(stored())), stored().document))
    assert [span.id for span in item.spans] == [1, 2, 3, 4]
    assert item.events[0].trigger_id == 2 and item.relations[0].head_id == 1
    assert item.links == (EntityLink(4, 1, 9),) and item.entities[0].id == 1
