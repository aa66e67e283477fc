"""Aliases from unlinked mentions (the entity view): which texts are close to an entity's names, and
adding chosen ones as aliases, linking their mentions, in one undoable edit."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.edits import AddSpan
from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import Entity, Span
from annotator.errors import AnnotatorError
from annotator.nlp.entity_links import AliasCandidate, alias_candidates, stop_words
from annotator.project import Project
from tests.conftest import DATA, add_document

SCHEMA = DATA / "linked_schema.yaml"
FIRST = ("ISIS took the town. Isis fighters and the Islamic State left; Daesh stayed. "
         "The State Department spoke.")
SECOND = "The ISLAMIC STATE returned. ISIS is the Islamic State of Iraq. Hamas met the Islamic Jihad."


def tag(project: Project, doc_id: int, text: str, word: str, label: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    inverse, _ = project.apply(AddSpan(doc_id, Span(start, start + len(word), label)))
    return inverse.span_id


@pytest.fixture
def project(tmp_path: Path):
    created = Project.create(tmp_path / "aliases.annotator", SCHEMA, annotator="tester")
    yield created
    created.close()


@pytest.fixture
def isis(project: Project) -> int:
    """ISIS (its first mention linked) and mentions of other names, none linked."""
    first, second = add_document(project, FIRST, "one"), add_document(project, SECOND, "two")
    _, changes = project.apply(CreateEntity(Entity("ISIS", "ORG", ("Islamic State",))))
    entity_id = next(iter(changes.entities))
    project.apply(LinkSpan(first, tag(project, first, FIRST, "ISIS", "ORG"), entity_id))
    for word in ("Isis", "the Islamic State", "Daesh", "The State Department"):
        tag(project, first, FIRST, word, "ORG")
    for word in ("The ISLAMIC STATE", "ISIS", "the Islamic State of Iraq", "Hamas", "the Islamic Jihad"):
        tag(project, second, SECOND, word, "ORG")
    return entity_id


def test_close_texts_are_folded_matches_first_then_shared_words(project: Project, isis: int) -> None:
    found = project.alias_candidates(isis)
    assert [(c.text, c.count, c.folded) for c in found[:1]] == [("Isis", 1, True)]
    shared = {c.text: (c.count, c.shared) for c in found[1:]}
    assert shared == {"The ISLAMIC STATE": (2, ("islamic", "state")),  # and "the Islamic State": one key
                      "the Islamic State of Iraq": (1, ("islamic", "state")),
                      "the Islamic Jihad": (1, ("islamic",)), "The State Department": (1, ("state",))}
    assert found[1].why == "shares islamic, state" and found[0].why == "same name in other case or accents"
    texts = [c.text for c in found]
    assert "ISIS" not in texts, "already its name: linking it is link-all's job"
    assert "Daesh" not in texts and "Hamas" not in texts, "nothing in common"


def test_texts_folding_alike_are_one_candidate_and_stop_words_make_nothing_close() -> None:
    entity = Entity("the Islamic State", "ORG", id=1)
    texts = [("the islamic state", 2), ("THE ISLAMIC STATE", 1), ("the Hague", 5), ("Islamic Jihad", 1)]
    found = alias_candidates(entity, texts, stop_words("en"))
    assert found == [AliasCandidate("the islamic state", 3, folded=True),
                     AliasCandidate("Islamic Jihad", 1, folded=False, shared=("islamic",))]
    assert "the" in stop_words("en") and stop_words("xx") == frozenset()


def test_adding_aliases_links_their_mentions_in_one_undoable_step(project: Project, isis: int) -> None:
    edit = project.add_aliases_edit(isis, ["the Islamic State", "Isis"], link=True)
    inverse, changes = project.apply(edit)
    entity = project.entity(isis)
    assert entity.aliases == ("Islamic State", "the Islamic State", "Isis")
    linked = {span.text for doc in (1, 2) for span in project.spans(doc)
              if span.id in {link.span_id for link in project.links(doc)}}
    assert linked == {"ISIS", "Isis", "the Islamic State", "The ISLAMIC STATE"}
    assert isis in changes.entities
    project.apply(inverse)
    assert project.entity(isis).aliases == ("Islamic State",)
    assert [link.span_id for doc in (1, 2) for link in project.links(doc)] == [1]


def test_aliases_without_linking_and_nothing_chosen(project: Project, isis: int) -> None:
    project.apply(project.add_aliases_edit(isis, ["Daesh"], link=False))
    assert project.entity(isis).aliases == ("Islamic State", "Daesh")
    assert len(project.links(1)) == 1
    with pytest.raises(AnnotatorError) as refused:
        project.add_aliases_edit(isis, [], link=True)
    assert refused.value.code == "E627"
