"""The entity registry: records, rules, the store's rows, link and registry edits and their undo."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.edits import RelabelSpan, RemoveSpan
from annotator.core.entity_edits import (
    AddAlias,
    CreateEntity,
    DeleteEntity,
    LinkSpan,
    MergeEntities,
    RemoveAlias,
    RenameEntity,
    SplitEntity,
    UnlinkSpan,
)
from annotator.core.folding import fold
from annotator.core.model import Entity
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.store.identity import expected_tables
from annotator.store.migrations import CURRENT_VERSION
from tests.conftest import DATA, add_document
from tests.core.test_relations import TEXT, span
from tests.safety.helpers import as_version

SCHEMA = DATA / "linked_schema.yaml"


@pytest.fixture
def project(tmp_path: Path):
    created = Project.create(tmp_path / "entities.annotator", SCHEMA, annotator="tester")
    yield created
    created.close()


@pytest.fixture
def doc(project: Project) -> int:
    return add_document(project, TEXT, "linked")


def create(project: Project, entity: Entity, span_id: int | None = None, doc_id: int | None = None) -> int:
    _, changes = project.apply(CreateEntity(entity, span_id, doc_id))
    (entity_id,) = changes.entities
    return entity_id


def undo_redo(project: Project, edit):
    """Apply ``edit``, undo it and redo it; return the state after each step."""
    inverse, _ = project.apply(edit)
    after = snapshot(project)
    redo, _ = project.apply(inverse)
    undone = snapshot(project)
    project.apply(redo)
    assert snapshot(project) == after
    return after, undone


def snapshot(project: Project):
    return (tuple(project.entities()),
            tuple(link for entity in project.entities() for link in project.mentions(entity.id)))


def test_aliases_are_kept_as_given_even_when_they_differ_only_by_case(project: Project) -> None:
    entity_id = create(project, Entity("ISIS", "ORG", ("Isis", "ISIS ", "Daesh", "isis"), "wikidata:Q2429253",
                                       "an armed group"))
    stored = project.entity(entity_id)
    assert stored.aliases == ("Isis", "ISIS ", "Daesh", "isis")
    assert stored.external_id == "wikidata:Q2429253" and stored.description == "an armed group"
    assert [e.id for e in project.entities_named([fold("DAESH")])[fold("daesh")]] == [entity_id]


def test_fold_sets_case_and_diacritics_aside() -> None:
    assert fold("Raqqa") == fold("RAQQA") == fold("Raqqá")
    assert fold("Straße") == fold("STRASSE")
    assert fold("Abu\nKamal") == fold("abu kamal")


@pytest.mark.parametrize(("entity", "code"), [
    (Entity("", "ORG"), "E602"), (Entity("X", "NOPE"), "E601"),
    (Entity("X", "ORG", external_id="Q42"), "E603"),
    (Entity("X", "ORG", ("a", "a")), "E604"), (Entity("X", "ORG", ("a\nb",)), "E605"),
])
def test_an_entity_the_registry_cannot_hold_is_refused(project: Project, entity: Entity, code: str) -> None:
    with pytest.raises(AnnotatorError) as caught:
        project.apply(CreateEntity(entity))
    assert caught.value.code == code and project.entities() == []


def test_create_from_a_mention_links_it_in_one_undoable_step(project: Project, doc: int) -> None:
    omar = span(project, doc, "Omar", "PERSON")
    after, undone = undo_redo(project, CreateEntity(Entity("Omar", "PERSON"), omar, doc))
    assert undone == ((), ())
    assert [link.span_id for link in after[1]] == [omar]
    assert project.links(doc)[0].entity_id == after[0][0].id


def test_a_link_needs_an_entity_span_of_the_entitys_label(project: Project, doc: int) -> None:
    hamas = span(project, doc, "Hamas", "ORG")
    person = create(project, Entity("Omar", "PERSON"))
    with pytest.raises(AnnotatorError) as caught:
        project.apply(LinkSpan(doc, hamas, person))
    assert caught.value.code == "E607" and "relabel the span" in str(caught.value)
    with pytest.raises(AnnotatorError) as missing:
        project.apply(LinkSpan(doc, hamas, 999))
    assert missing.value.code == "E608"


def test_link_relink_and_unlink_are_undoable(project: Project, doc: int) -> None:
    hamas = span(project, doc, "Hamas", "ORG")
    first, second = create(project, Entity("Hamas", "ORG")), create(project, Entity("Harakat", "ORG"))
    project.apply(LinkSpan(doc, hamas, first))
    after, undone = undo_redo(project, LinkSpan(doc, hamas, second))
    assert [link.entity_id for link in undone[1]] == [first]
    assert [link.entity_id for link in after[1]] == [second]
    after, undone = undo_redo(project, UnlinkSpan(doc, hamas))
    assert after[1] == () and [link.entity_id for link in undone[1]] == [second]
    with pytest.raises(AnnotatorError) as caught:
        project.apply(UnlinkSpan(doc, hamas))
    assert caught.value.code == "E609"


def test_deleting_a_span_drops_its_link_and_undo_restores_it(project: Project, doc: int) -> None:
    omar = span(project, doc, "Omar", "PERSON")
    entity_id = create(project, Entity("Omar", "PERSON"), omar, doc)
    after, undone = undo_redo(project, RemoveSpan(doc, omar))
    assert after[1] == ()
    assert [(link.span_id, link.entity_id) for link in undone[1]] == [(omar, entity_id)]


def test_rename_and_aliases(project: Project) -> None:
    entity_id = create(project, Entity("ISIS", "ORG", ("Daesh",)))
    after, _ = undo_redo(project, RenameEntity(entity_id, "Islamic State", keep_old_name=True))
    assert after[0][0].name == "Islamic State" and after[0][0].aliases == ("Daesh", "ISIS")
    after, _ = undo_redo(project, AddAlias(entity_id, "isis"))
    assert after[0][0].aliases[-1] == "isis"
    with pytest.raises(AnnotatorError) as twice:
        project.apply(AddAlias(entity_id, "Daesh"))
    assert twice.value.code == "E613"
    after, _ = undo_redo(project, RemoveAlias(entity_id, "Daesh"))
    assert "Daesh" not in after[0][0].aliases
    with pytest.raises(AnnotatorError) as missing:
        project.apply(RemoveAlias(entity_id, "Daesh"))
    assert missing.value.code == "E612"


def test_merge_moves_links_and_unites_aliases_in_one_step(project: Project, doc: int) -> None:
    first, second = span(project, doc, "Hamas", "ORG"), span(project, doc, "Hamas", "ORG", 1)
    keep = create(project, Entity("Hamas", "ORG", ("HAMAS",)), first, doc)
    gone = create(project, Entity("Harakat al-Muqawama", "ORG", ("Hamas", "hamas"), "wikidata:Q38799"),
                  second, doc)
    before = snapshot(project)
    inverse, _ = project.apply(MergeEntities(keep, gone))
    (merged,) = project.entities()
    assert merged.aliases == ("HAMAS", "Harakat al-Muqawama", "hamas")
    assert merged.external_id == "wikidata:Q38799"
    assert {link.entity_id for link in project.links(doc)} == {keep}
    project.apply(inverse)
    assert snapshot(project) == before
    with pytest.raises(AnnotatorError) as itself:
        project.apply(MergeEntities(keep, keep))
    assert itself.value.code == "E610"
    person = create(project, Entity("Omar", "PERSON"))
    with pytest.raises(AnnotatorError) as labels:
        project.apply(MergeEntities(keep, person))
    assert labels.value.code == "E611"


def test_split_moves_some_mentions_to_a_new_entity(project: Project, doc: int) -> None:
    first, second = span(project, doc, "Hamas", "ORG"), span(project, doc, "Hamas", "ORG", 1)
    entity_id = create(project, Entity("Hamas", "ORG"), first, doc)
    project.apply(LinkSpan(doc, second, entity_id))
    after, undone = undo_redo(project, SplitEntity(entity_id, (second,), "Hamas (2)"))
    assert [e.name for e in after[0]] == ["Hamas", "Hamas (2)"]
    assert len(undone[0]) == 1 and {link.entity_id for link in undone[1]} == {entity_id}
    with pytest.raises(AnnotatorError) as everything:
        project.apply(SplitEntity(entity_id, (first,), "alone"))
    assert everything.value.code == "E620"


def test_delete_entity_takes_its_links_and_undo_restores_them(project: Project, doc: int) -> None:
    omar = span(project, doc, "Omar", "PERSON")
    entity_id = create(project, Entity("Omar", "PERSON"), omar, doc)
    after, undone = undo_redo(project, DeleteEntity(entity_id))
    assert after == ((), ()) and undone[1][0].span_id == omar


def test_a_version_4_project_opens_and_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    Project.create(path, SCHEMA).close()
    as_version(path, 4)
    with Project.open(path) as opened:
        assert opened.store.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        assert opened.entities() == []
    assert {"entities", "entity_aliases", "entity_links"} <= set(expected_tables(5)) - set(expected_tables(4))


def test_a_version_4_project_read_without_migrating_reads_as_current(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    with Project.create(path, SCHEMA) as created:
        add_document(created, TEXT, "linked")
    as_version(path, 4)
    with Project.open(path, writer=False) as reader:
        assert reader.entities() == [] and reader.links(1) == []
        assert reader.check().errors == []
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 4, "reading never migrates"
    conn.close()


def test_stats_count_entities_and_links_and_check_finds_broken_links(tmp_path: Path, project: Project,
                                                                      doc: int) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    omar, hamas = span(project, doc, "Omar", "PERSON"), span(project, doc, "Hamas", "ORG")
    create(project, Entity("Omar", "PERSON"), omar, doc)
    create(project, Entity("Hamas", "ORG"), hamas, doc)
    create(project, Entity("Iran", "GPE"))
    stats = project.stats()
    assert stats["entities"] == {"GPE": 1, "ORG": 1, "PERSON": 1}
    assert stats["linked spans"] == {"ORG": 1, "PERSON": 1}
    assert project.check().errors == []
    with project.store.atomic():  # as an older version's relabel left it: the link kept, now broken
        project.store.annotations.relabel_span(hamas, "GPE")
    (error,) = project.check().errors
    assert error.startswith("document 1 (linked): span") and "cannot be linked to Hamas" in error
    path = project.path
    project.close()
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path)])
    assert checked.exit_code == 1 and "cannot be linked to Hamas" in checked.output
    assert "entities: 3" in runner.invoke(cli, ["stats", str(path)], catch_exceptions=False).output


def test_relabelling_a_linked_span_drops_its_link_and_undo_restores_it(project: Project, doc: int) -> None:
    hamas = span(project, doc, "Hamas", "ORG")
    entity_id = create(project, Entity("Hamas", "ORG"), hamas, doc)
    after, undone = undo_redo(project, RelabelSpan(doc, hamas, "GPE"))
    assert after[1] == () and [(link.span_id, link.entity_id) for link in undone[1]] == [(hamas, entity_id)]
    assert project.span(hamas).label == "GPE" and project.check().errors == []
