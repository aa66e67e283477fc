"""Relations, attribute values, notes, fragments and events filling roles: schema, rules, store, edits."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core import rules
from annotator.core.edits import AddEvent, AddSpan, RemoveEvent, RemoveSpan
from annotator.core.model import ON_EVENT, ON_RELATION, ON_SPAN, AttributeValue, Event, Note, Relation, Span
from annotator.core.relation_edits import (
    AddRelation,
    ClearAttribute,
    DeleteNote,
    DeleteRelation,
    FillRoleWithEvent,
    SetAttribute,
    SetNote,
)
from annotator.core.schema import load_schema, schema_from_dict
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.store.migrations import CURRENT_VERSION, migrate
from tests.conftest import DATA, add_document
from tests.safety.helpers import as_version

SCHEMA = DATA / "linked_schema.yaml"
TEXT = "Omar of Hamas attacked Raqqa in May 2021; Iran and Hamas are allies. Omar was sentenced."


def at(word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def project(tmp_path: Path):
    created = Project.create(tmp_path / "linked.annotator", SCHEMA, annotator="tester")
    yield created
    created.close()


@pytest.fixture
def doc(project: Project) -> int:
    return add_document(project, TEXT, "linked")


def span(project: Project, doc_id: int, word: str, label: str, nth: int = 0) -> int:
    inverse, _ = project.apply(AddSpan(doc_id, Span(*at(word, nth), label)))
    return inverse.span_id


def event(project: Project, doc_id: int, word: str, event_type: str) -> int:
    start, end = at(word)
    inverse, _ = project.apply(AddEvent(doc_id, event_type, start=start, end=end))
    return inverse.event_id


def state(project: Project, doc_id: int) -> tuple:
    return (project.spans(doc_id), project.events(doc_id), project.relations(doc_id),
            sorted(project.attributes(doc_id), key=lambda a: (a.target, a.target_id, a.name)),
            project.notes(doc_id))


def undo_redo(project: Project, edit) -> None:
    """Apply, undo, redo: the state after redo is the state after the edit, ids and all."""
    before = state(project, edit.doc_id)
    inverse, _ = project.apply(edit)
    after = state(project, edit.doc_id)
    redo, _ = project.apply(inverse)
    assert _without_times(state(project, edit.doc_id)) == _without_times(before)
    project.apply(redo)
    assert _without_times(state(project, edit.doc_id)) == _without_times(after)


def _without_times(found: tuple) -> tuple:
    return tuple(tuple(getattr(item, "id", item) if hasattr(item, "created_at") else item for item in part)
                 for part in found)


# -- schema ----------------------------------------------------------------------------------------

def test_the_schema_declares_relations_attributes_and_event_fillers() -> None:
    schema = load_schema(SCHEMA)
    assert schema.relation_type("allied_with").symmetric
    assert schema.relation_type("member_of").accepts("PERSON", "ORG")
    assert not schema.relation_type("member_of").accepts("ORG", "PERSON")
    assert [a.name for a in schema.attributes_for(ON_EVENT, "Conflict.Attack")] == [
        "Negated", "Modality", "fatalities"]
    assert [a.name for a in schema.attributes_for(ON_SPAN, "DATE")] == ["normalized"]
    assert schema.event_type("Justice.Sentence").role("Crime").accepts_event("Conflict.Attack")
    assert not schema.event_type("Justice.Sentence").role("Crime").accepts("PERSON")


BASE = {"name": "t", "entity_labels": [{"name": "PERSON"}, {"name": "ORG"}],
        "event_types": [{"name": "Attack", "roles": [{"name": "Attacker", "fillers": ["PERSON"]}]}]}


@pytest.mark.parametrize(("extra", "code", "where"), [
    ({"relation_types": [{"name": "x", "heads": ["NOPE"]}]}, "E332", "relation_types[0] (x)"),
    ({"relation_types": [{"name": "x", "transitive": True}]}, "E341", "relation_types[0] (x)"),
    ({"relation_types": [{"name": "x", "symmetric": "yes"}]}, "E322", "relation_types[0] (x)"),
    ({"attributes": [{"name": "a", "type": "colour", "applies_to": ["PERSON"]}]}, "E333",
     "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "boolean"}]}, "E334", "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "boolean", "applies_to": ["NOPE"]}]}, "E335", "schema"),
    ({"attributes": [{"name": "a", "type": "enum", "applies_to": ["PERSON"]}]}, "E336", "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "integer", "minimum": 3, "maximum": 1,
                      "applies_to": ["PERSON"]}]}, "E337", "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "date", "precision": "week", "applies_to": ["PERSON"]}]},
     "E338", "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "integer", "maximum": 3, "default": 5,
                      "applies_to": ["PERSON"]}]}, "E339", "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "integer", "minimum": "1", "applies_to": ["PERSON"]}]},
     "E340", "attributes[0] (a)"),
    ({"attributes": [{"name": "a", "type": "text", "applies_to": ["PERSON"]},
                     {"name": "a", "type": "text", "applies_to": ["<ENTITY>"]}]}, "E318", "schema"),
])
def test_bad_new_entries_are_refused_with_their_place(extra: dict, code: str, where: str) -> None:
    with pytest.raises(AnnotatorError) as caught:
        schema_from_dict({**BASE, **extra}, with_spacy=False)
    assert caught.value.code == code
    assert where in (caught.value.where or "")


@pytest.mark.parametrize(("kind", "extra", "good", "bad"), [
    ("boolean", {}, [True, False], ["true", 1]),
    ("enum", {"values": ["A", "B"]}, ["A"], ["C", 1]),
    ("integer", {"minimum": 1, "maximum": 3}, [1, 3], [0, 4, True, "2"]),
    ("date", {"precision": "day"}, ["2021-05-03", "2021-05", "2021"], ["2021-02-30", "03/05/2021", 2021]),
    ("date", {"precision": "month"}, ["2021-05", "2021"], ["2021-05-03"]),
    ("text", {}, ["anything"], ["", "  ", 3]),
])
def test_attribute_values_are_checked_by_type(kind: str, extra: dict, good: list, bad: list) -> None:
    schema = schema_from_dict({**BASE, "attributes": [{"name": "a", "type": kind, "applies_to": ["PERSON"],
                                                       **extra}]}, with_spacy=False)
    definition = schema.attribute(ON_SPAN, "PERSON", "a")
    assert [definition.problem(value) for value in good] == [None] * len(good)
    assert all(definition.problem(value) is not None for value in bad)


# -- rules over a whole document ------------------------------------------------------------------

def test_document_rules_cover_relations_attributes_notes_and_fragments() -> None:
    schema = load_schema(SCHEMA)
    spans = [Span(*at("Omar"), "PERSON"), Span(*at("Hamas"), "ORG"), Span(*at("Iran"), "GPE"),
             Span(*at("attacked"), "Conflict.Attack", "trigger"),
             Span(0, 13, "PERSON", fragments=((0, 4), (8, 13)))]
    events = [Event("Conflict.Attack", 3)]
    relations = [Relation("member_of", 0, 1), Relation("member_of", 1, 0), Relation("allied_with", 2, 1),
                 Relation("allied_with", 1, 2), Relation("nope", 0, 1), Relation("member_of", 0, 0)]
    attributes = [AttributeValue("Modality", "Other", ON_EVENT, 0),
                  AttributeValue("Modality", "Maybe", ON_EVENT, 0),
                  AttributeValue("since", "2021-05", ON_RELATION, 0),
                  AttributeValue("colour", "red", ON_SPAN, 0)]
    notes = [Note("check this", ON_SPAN, 0), Note(" "), Note("lost", ON_RELATION, 99)]
    found = rules.document_violations(schema, TEXT, spans, events, relations, attributes, notes)
    codes = sorted(v.code for v in found)
    assert codes == sorted(["E428", "E429", "E427", "E431", "E422", "E420", "E426", "E435", "E437"])
    assert next(v for v in found if v.code == "E426").severity == rules.WARNING
    broken = Span(0, 13, "PERSON", fragments=((0, 4), (3, 13)))
    assert rules.misfit(TEXT, broken).code == "E436"


# -- edits ------------------------------------------------------------------------------------------

def test_relation_edits_check_the_schema_and_undo(project: Project, doc: int) -> None:
    omar, hamas = span(project, doc, "Omar", "PERSON"), span(project, doc, "Hamas", "ORG")
    iran, hamas2 = span(project, doc, "Iran", "GPE"), span(project, doc, "Hamas", "ORG", 1)
    undo_redo(project, AddRelation(doc, "member_of", omar, hamas))
    with pytest.raises(AnnotatorError) as wrong_way:
        project.apply(AddRelation(doc, "member_of", hamas, omar))
    assert wrong_way.value.code == "E428"
    project.apply(AddRelation(doc, "allied_with", iran, hamas2))
    with pytest.raises(AnnotatorError) as mirrored:
        project.apply(AddRelation(doc, "allied_with", hamas2, iran))
    assert mirrored.value.code == "E429"
    relation = project.relations(doc)[0]
    project.apply(SetAttribute(doc, ON_RELATION, relation.id, "since", "2020-01"))
    project.apply(SetNote(doc, "from the caption", ON_RELATION, relation.id))
    undo_redo(project, DeleteRelation(doc, relation.id))


def test_attribute_edits_check_values_and_undo(project: Project, doc: int) -> None:
    attack = event(project, doc, "attacked", "Conflict.Attack")
    undo_redo(project, SetAttribute(doc, ON_EVENT, attack, "fatalities", 3))
    undo_redo(project, SetAttribute(doc, ON_EVENT, attack, "fatalities", 4))
    undo_redo(project, ClearAttribute(doc, ON_EVENT, attack, "fatalities"))
    for name, value, code in [("fatalities", -1, "E423"), ("Modality", "Maybe", "E422"),
                              ("colour", "red", "E420")]:
        with pytest.raises(AnnotatorError) as refused:
            project.apply(SetAttribute(doc, ON_EVENT, attack, name, value))
        assert refused.value.code == code
    with pytest.raises(AnnotatorError) as elsewhere:
        project.apply(SetAttribute(doc, ON_EVENT, attack + 100, "fatalities", 1))
    assert elsewhere.value.code == "E437"


def test_note_edits_undo(project: Project, doc: int) -> None:
    omar = span(project, doc, "Omar", "PERSON")
    undo_redo(project, SetNote(doc, "the whole article is a reprint"))
    undo_redo(project, SetNote(doc, "which Omar?", ON_SPAN, omar))
    note = project.notes(doc)[-1]
    undo_redo(project, SetNote(doc, "Omar Haddad", ON_SPAN, omar, note_id=note.id))
    undo_redo(project, DeleteNote(doc, note.id))
    with pytest.raises(AnnotatorError) as empty:
        project.apply(SetNote(doc, "  ", ON_SPAN, omar))
    assert empty.value.code == "E435"


def test_deleting_a_span_or_event_takes_what_hangs_on_it_and_undo_restores_it(project: Project,
                                                                              doc: int) -> None:
    omar, hamas = span(project, doc, "Omar", "PERSON"), span(project, doc, "Hamas", "ORG")
    project.apply(AddRelation(doc, "member_of", omar, hamas))
    project.apply(SetAttribute(doc, ON_SPAN, omar, "comment", "the commander"))
    project.apply(SetNote(doc, "check spelling", ON_SPAN, omar))
    attack = event(project, doc, "attacked", "Conflict.Attack")
    sentence = event(project, doc, "sentenced", "Justice.Sentence")
    project.apply(SetAttribute(doc, ON_EVENT, attack, "Modality", "Asserted"))
    undo_redo(project, FillRoleWithEvent(doc, sentence, "Crime", attack))
    assert project.event(sentence).arguments[0].filler_event_id == attack
    undo_redo(project, RemoveSpan(doc, omar))
    assert project.relations(doc) == [] and project.notes(doc) == []
    inverse, _ = project.apply(RemoveEvent(doc, attack))
    _, changes = project.apply(inverse)
    assert sentence in changes.events and project.event(sentence).arguments[0].filler_event_id == attack
    undo_redo(project, RemoveEvent(doc, attack))
    assert project.event(sentence).arguments == ()
    assert [a for a in project.attributes(doc) if a.target == ON_EVENT] == []


def test_an_event_fills_only_roles_that_take_its_type(project: Project, doc: int) -> None:
    attack = event(project, doc, "attacked", "Conflict.Attack")
    sentence = event(project, doc, "sentenced", "Justice.Sentence")
    for role, filler, code in [("Defendant", attack, "E432"), ("Crime", sentence, "E434")]:
        with pytest.raises(AnnotatorError) as refused:
            project.apply(FillRoleWithEvent(doc, sentence, role, filler))
        assert refused.value.code == code


def test_discontinuous_spans_are_stored_with_their_fragments(project: Project, doc: int) -> None:
    start, end = at("Omar")[0], at("Hamas")[1]
    inverse, _ = project.apply(AddSpan(doc, Span(start, end, "PERSON", fragments=((start, start + 4),
                                                                                (end - 5, end)))))
    stored = project.span(inverse.span_id)
    assert stored.fragments == ((start, start + 4), (end - 5, end))
    assert [TEXT[a:b] for a, b in stored.pieces()] == ["Omar", "Hamas"]
    assert project.spans(doc)[0].fragments == stored.fragments
    with pytest.raises(AnnotatorError) as refused:
        project.apply(AddSpan(doc, Span(start, end, "ORG", fragments=((start, end - 2), (end - 3, end)))))
    assert refused.value.code == "E436"


# -- check and stats -------------------------------------------------------------------------------

def test_check_reports_the_new_rules_and_stats_count_the_new_kinds(project: Project, doc: int) -> None:
    attack = event(project, doc, "attacked", "Conflict.Attack")
    omar, hamas = span(project, doc, "Omar", "PERSON"), span(project, doc, "Hamas", "ORG")
    project.apply(AddRelation(doc, "member_of", omar, hamas))
    project.apply(SetNote(doc, "a note"))
    with project.store.atomic():  # a value the rules refuse, as an older or hand-edited file may hold
        project.store.annotations.set_attribute(doc, AttributeValue("fatalities", -2, ON_EVENT, attack))
    report = project.check()
    assert any("E423" not in line and "fatalities" in line for line in report.errors)
    assert not any("required attribute" in line for line in report.warnings)
    project.apply(ClearAttribute(doc, ON_EVENT, attack, "fatalities"))
    assert any("has no fatalities, a required attribute" in line for line in project.check().warnings)
    stats = project.stats()
    assert stats["relations"] == {"member_of": 1}
    assert stats["notes"] == {"document": 1}


# -- migration ------------------------------------------------------------------------------------

def test_a_version_3_project_opens_and_upgrades(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    created = Project.create(path, SCHEMA)
    created.close()
    as_version(path, 3)
    with Project.open(path) as opened:
        assert opened.store.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        assert opened.relations(1) == []


def test_migrations_build_the_same_tables_step_by_step() -> None:
    memory = sqlite3.connect(":memory:", isolation_level=None)
    migrate(memory, 0)
    assert {row[0] for row in memory.execute("SELECT name FROM sqlite_master WHERE type = 'table'")} >= {
        "relations", "attribute_values", "notes", "span_fragments"}


def test_cli_check_and_stats_show_the_new_kinds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    path = tmp_path / "cli.annotator"
    with Project.create(path, SCHEMA) as created:
        doc_id = add_document(created, TEXT, "linked")
        attack = event(created, doc_id, "attacked", "Conflict.Attack")
        omar, hamas = span(created, doc_id, "Omar", "PERSON"), span(created, doc_id, "Hamas", "ORG")
        created.apply(AddRelation(doc_id, "member_of", omar, hamas))
        created.apply(SetAttribute(doc_id, ON_EVENT, attack, "Modality", "Other"))
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path)], catch_exceptions=False)
    assert checked.exit_code == 0
    assert "warning: document 1 (linked): the Conflict.Attack event has no fatalities, a required attribute" \
        in checked.output
    stats = runner.invoke(cli, ["stats", str(path)], catch_exceptions=False).output
    assert "relations: 1" in stats and "member_of" in stats and "attributes: 1" in stats


def test_exporting_some_labels_keeps_relations_only_with_both_ends(project: Project, doc: int) -> None:
    omar, hamas = span(project, doc, "Omar", "PERSON"), span(project, doc, "Hamas", "ORG")
    project.apply(AddRelation(doc, "member_of", omar, hamas))
    project.apply(SetNote(doc, "on the relation", ON_RELATION, project.relations(doc)[0].id))
    (both,) = project.annotated(labels=["PERSON", "ORG"])
    (one,) = project.annotated(labels=["PERSON"])
    assert len(both.relations) == 1 and len(both.notes) == 1
    assert one.relations == () and one.notes == ()


def test_a_version_3_project_read_without_migrating_reads_as_current(tmp_path: Path) -> None:
    path = tmp_path / "old.annotator"
    with Project.create(path, SCHEMA) as created:
        doc_id = add_document(created, TEXT, "linked")
        event(created, doc_id, "attacked", "Conflict.Attack")
    as_version(path, 3)
    with Project.open(path, writer=False) as reader:
        assert reader.stats()["relations"] == {} and reader.check().errors == []
        (item,) = reader.annotated()
        assert item.relations == () and item.events[0].arguments == ()
        assert reader.for_thread().relations(doc_id) == []
        with pytest.raises(sqlite3.OperationalError):  # read-only: not even the stand-in tables take rows
            reader.store.conn.execute("INSERT INTO notes (doc_id, text, created_at) VALUES (1, 'x', '')")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3, "reading never migrates"
    conn.close()


def test_check_finds_values_and_notes_on_another_documents_annotations(project: Project, doc: int) -> None:
    omar = span(project, doc, "Omar", "PERSON")
    other = add_document(project, "Another text.", "other")
    with project.store.atomic():
        project.store.annotations.set_attribute(other, AttributeValue("comment", "x", ON_SPAN, omar))
        project.store.annotations.add_note(other, Note("misplaced", ON_SPAN, omar))
    errors = project.check().errors
    assert any("attribute value" in e and "of another document" in e for e in errors)
    assert any(e.startswith("note ") and "of another document" in e for e in errors)
