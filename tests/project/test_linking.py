"""Link suggestions (case, diacritics, lemmas of common nouns) and linking many mentions in one step."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.edits import AddSpan
from annotator.core.entity_edits import AddAlias, CreateEntity
from annotator.core.model import Entity, Span
from annotator.nlp.entity_links import BY_ALIAS, BY_LEMMA
from annotator.project import Project
from tests.conftest import DATA, add_document

SCHEMA = DATA / "linked_schema.yaml"
TEXT = "RAQQA fell. The militants left Raqqá; a militant stayed. Hamas and HAMAS met in Raqqa."


def tag(project: Project, doc_id: int, word: str, label: str, nth: int = 0) -> int:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    inverse, _ = project.apply(AddSpan(doc_id, Span(start, start + len(word), label)))
    return inverse.span_id


def entity(project: Project, *args, **kwargs) -> int:
    _, changes = project.apply(CreateEntity(Entity(*args, **kwargs)))
    return next(iter(changes.entities))


@pytest.fixture
def project(tmp_path: Path):
    created = Project.create(tmp_path / "linking.annotator", SCHEMA, annotator="tester")
    yield created
    created.close()


def test_mentions_match_aliases_ignoring_case_and_diacritics(project: Project) -> None:
    doc = add_document(project, TEXT)
    raqqa = entity(project, "Raqqa", "GPE", ("ar-Raqqah",))
    spans = [tag(project, doc, word, "GPE") for word in ("RAQQA", "Raqqá", "Raqqa")]
    proposals = project.link_proposals(doc)
    assert [p.span.id for p in proposals] == spans
    assert all(p.entities[0].id == raqqa and p.by == BY_ALIAS for p in proposals)


def test_common_nouns_match_by_lemma_and_proper_names_do_not(project: Project) -> None:
    doc = add_document(project, TEXT)
    militants = entity(project, "militant", "ORG")
    entity(project, "Hama", "ORG")
    tag(project, doc, "militants", "ORG")
    tag(project, doc, "Hamas", "ORG")
    (proposal,) = project.link_proposals(doc)
    assert proposal.span.text == "militants" and proposal.by == BY_LEMMA
    assert proposal.entities[0].id == militants


def test_a_label_that_differs_is_no_match(project: Project) -> None:
    doc = add_document(project, TEXT)
    entity(project, "Raqqa", "ORG")
    tag(project, doc, "Raqqa", "GPE")
    assert project.link_proposals(doc) == []


def test_link_all_in_a_document_or_the_project_is_one_undo_step(project: Project) -> None:
    first, second = add_document(project, TEXT, "one"), add_document(project, TEXT + " ", "two")
    hamas = entity(project, "Hamas", "ORG")
    for doc in (first, second):
        tag(project, doc, "Hamas", "ORG")
        tag(project, doc, "HAMAS", "ORG")
    inverse, _ = project.apply(project.link_all_edit(hamas, "hamas", first))
    assert len(project.links(first)) == 2 and project.links(second) == []
    project.apply(inverse)
    assert project.links(first) == []
    project.apply(project.link_all_edit(hamas, "Hamas"))
    assert len(project.mentions(hamas)) == 4


def test_cli_links_unambiguous_mentions(tmp_path: Path) -> None:
    path = tmp_path / "cli.annotator"
    with Project.create(path, SCHEMA) as created:
        doc = add_document(created, TEXT)
        entity(created, "Raqqa", "GPE")
        entity(created, "Hamas", "ORG")
        entity(created, "Hamas", "ORG", ("Harakat",))
        tag(created, doc, "Raqqa", "GPE")
        tag(created, doc, "Hamas", "ORG")
    runner = CliRunner()
    dry = runner.invoke(cli, ["entities", "link", str(path), "--dry-run"], catch_exceptions=False)
    assert "'Raqqa' -> 1 Raqqa" in dry.output and "would link 1 mention(s)" in dry.output
    done = runner.invoke(cli, ["entities", "link", str(path)], catch_exceptions=False)
    assert done.exit_code == 0 and "linked 1 mention(s)" in done.output
    with Project.open(path, writer=False) as opened:
        assert [link.entity_id for link in opened.links(doc)] == [1]


def test_entity_mentions_come_with_their_sentence(project: Project) -> None:
    first = add_document(project, TEXT, "one")
    second = add_document(project, "Nothing here.\nLater, Hamas spoke! Then silence.", "two")
    hamas = entity(project, "Hamas", "ORG")
    tag(project, first, "HAMAS", "ORG")
    project.apply(AddSpan(second, Span(21, 26, "ORG")))
    project.apply(project.link_all_edit(hamas, "hamas"))
    mentions = project.entity_mentions(hamas)
    assert [(m.title, m.sentence, m.sentence[m.start:m.end]) for m in mentions] == [
        ("one", "Hamas and HAMAS met in Raqqa.", "HAMAS"), ("two", "Later, Hamas spoke!", "Hamas")]


def test_proposals_follow_registry_changes_after_the_index_is_built(project: Project) -> None:
    doc = add_document(project, TEXT)
    tag(project, doc, "Hamas", "ORG")
    assert project.link_proposals(doc) == []
    hamas = entity(project, "Harakat", "ORG")
    assert project.link_proposals(doc) == []
    project.apply(AddAlias(hamas, "HAMAS"))
    assert [p.entities[0].id for p in project.link_proposals(doc)] == [hamas]
