"""Adjudication without the window: the queue of disagreements, deciding them into gold, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.adjudication import BOTH, EDITED, NEITHER, ROLE, SPAN, facts
from annotator.project import Project
from tests.project.test_merging import SHARED, merged_gold

HOMS = (15, 19, ())
SHELLED = (7, 14, ())


@pytest.fixture
def gold(tmp_path: Path):
    with Project.open(merged_gold(tmp_path), annotator="lead") as project:
        yield project


def shared_id(project: Project) -> int:
    return next(i for i in project.document_ids() if project.text(i) == SHARED)


def test_the_queue_holds_what_the_layers_disagree_on(gold: Project) -> None:
    queue = gold.adjudication_queue(shared_id(gold))
    assert [(item.key, dict(item.versions)) for item in queue.items] == [
        ((SPAN, HOMS), {"alice": frozenset({"GPE"}), "bob": frozenset({"ORG"})}),
        ((ROLE, SHELLED, "Conflict.Attack", HOMS), {"alice": frozenset({"Place"}), "bob": frozenset()}),
    ]
    (agreed,) = queue.agreed  # both tagged the attack: it goes to gold without asking
    assert agreed.key == ("event", SHELLED) and agreed.versions["bob"] == frozenset({"Conflict.Attack"})
    assert queue.items[0].options() == {"alice": frozenset({"GPE"}), "bob": frozenset({"ORG"}),
                                        BOTH: frozenset({"GPE", "ORG"}), NEITHER: frozenset()}


def test_deciding_puts_the_chosen_version_in_gold_with_who_decided(gold: Project) -> None:
    doc_id = shared_id(gold)
    gold.apply(gold.agreed_edit(doc_id, gold.adjudication_queue(doc_id)))
    assert [(e.type, gold.span(e.trigger_id).text) for e in gold.events(doc_id)] == [("Conflict.Attack",
                                                                                       "shelled")]
    queue = gold.adjudication_queue(doc_id)
    span_item, role_item = queue.items
    gold.apply(gold.decide_edit(doc_id, span_item, "alice", queue))
    inverse, _ = gold.apply(gold.decide_edit(doc_id, role_item, "alice", queue))
    (event,) = gold.events(doc_id)
    assert [(a.role, gold.span(a.span_id).text) for a in event.arguments] == [("Place", "Homs")]
    assert [(s.text, s.label, s.annotator) for s in gold.spans(doc_id) if s.kind == "entity"] == [
        ("Homs", "GPE", "lead")]
    queue = gold.adjudication_queue(doc_id)
    assert [(item.decision, item.decided_by) for item in queue.items] == [("alice", "lead")] * 2
    assert queue.decided == 2 and queue.agreed == ()
    redo, _ = gold.apply(inverse)  # undo takes back the argument and the decision
    assert gold.events(doc_id)[0].arguments == ()
    assert [item.decision for item in gold.adjudication_queue(doc_id).items] == ["alice", None]
    undo, _ = gold.apply(redo)  # and redo puts both back
    assert [a.role for a in gold.events(doc_id)[0].arguments] == ["Place"]
    assert [item.decision for item in gold.adjudication_queue(doc_id).items] == ["alice", "alice"]
    gold.apply(undo)
    history = [entry["kind"] for entry in gold.history(doc_id)]
    assert history[-5:] == ["Decide", "Decide", "Decision", "Decision", "Decision"]


def test_neither_removes_and_edited_keeps_gold(gold: Project) -> None:
    doc_id = shared_id(gold)
    for choice in ("bob", NEITHER, EDITED):
        queue = gold.adjudication_queue(doc_id)
        gold.apply(gold.decide_edit(doc_id, queue.items[0], choice, queue))
        if choice == NEITHER:
            assert [s for s in gold.spans(doc_id) if s.kind == "entity"] == []
    assert gold.adjudication_queue(doc_id).items[0].decision == EDITED


def test_facts_of_gold_and_of_a_layer_compare_by_offsets(gold: Project) -> None:
    from annotator.project.adjudicating import gold_record

    doc_id = shared_id(gold)
    alice = gold.layers_of(doc_id)["alice"]
    queue = gold.adjudication_queue(doc_id)
    for item in queue.items + queue.agreed:
        gold.apply(gold.decide_edit(doc_id, item, "alice", queue))
    assert facts(gold_record(gold, doc_id)) == facts(alice)
