"""Event records: the store's rows and migration, the rules, the record edits with undo and redo, and what
deleting an event does to its record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core import rules
from annotator.core.edits import ChangeEventType, RemoveEvent, RemoveSpan
from annotator.core.record_edits import (
    AddToRecord,
    ClearRecordField,
    CreateRecord,
    DeleteRecord,
    MergeRecords,
    RemoveFromRecord,
    RetitleRecord,
    SetRecordField,
)
from annotator.core.record_fields import ACLED_FIELDS, fact_roles, field_def, record_fields, split_type
from annotator.core.records import BY_HAND, FROM_ARGUMENT, FROM_ATTRIBUTE, EventRecord
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.store.identity import expected_tables
from annotator.store.migrations import CURRENT_VERSION
from tests.conftest import MINI_SCHEMA
from tests.records_sample import CLASH, TAKES, Sample
from tests.safety.helpers import as_version


def state(project: Project) -> tuple:
    """Everything about records, ids and all (timestamps left out)."""
    details = project.record_details()
    return tuple((d.record.id, d.record.type, d.record.title,
                  tuple((m.doc_id, m.event_id) for m in d.mentions),
                  tuple((f.name, f.value, f.entity_id, f.evidence.kind, f.evidence.source, f.evidence.doc_id,
                         f.evidence.start, f.evidence.end, f.evidence.quote) for f in d.fields))
                 for d in details)


def undo_redo(project: Project, edit) -> tuple:
    """Apply ``edit``, undo it, redo it; the state after each matches; return the state after."""
    before = state(project)
    inverse, _ = project.apply(edit)
    after = state(project)
    redo, _ = project.apply(inverse)
    assert state(project) == before
    project.apply(redo)
    assert state(project) == after
    return after


def new_record(sample: Sample, index: int = 0) -> int:
    _, changes = sample.project.apply(CreateRecord(sample.docs[index], sample.events[index]))
    (record_id,) = changes.records
    return record_id


# -- fields from the schema ----------------------------------------------------------------------------

def test_acled_records_have_acled_fields_and_the_type_splits_at_the_last_slash(sample: Sample) -> None:
    schema = sample.project.schema
    assert [f.name for f in record_fields(schema, TAKES)] == [f.name for f in ACLED_FIELDS]
    assert field_def(schema, TAKES, "actor1").roles == ("Actor1",)
    assert split_type("Explosions/Remote violence/Grenade") == ("Explosions/Remote violence", "Grenade")
    assert split_type("Attack") == ("Attack", "")
    roles = fact_roles(schema, TAKES)
    assert roles.actors == {"Actor1", "Actor2"} and roles.locations == {"Location"}
    assert roles.dates == {"Date"} and roles.date_attributes == {"event_date"}


def test_other_schemas_give_a_field_per_role_and_event_attribute() -> None:
    from annotator.core.schema import load_schema

    schema = load_schema(MINI_SCHEMA)
    event_type = schema.event_types[0]
    names = [f.name for f in record_fields(schema, event_type.name)]
    assert names[: len(event_type.roles)] == [role.name for role in event_type.roles]
    assert record_fields(schema, "No such type") == ()


# -- store ---------------------------------------------------------------------------------------------

def test_migration_7_adds_the_record_tables_and_an_older_file_upgrades(tmp_path: Path) -> None:
    assert {"event_records", "record_events", "record_fields"} == set(expected_tables(7)) - set(
        expected_tables(6))
    path = tmp_path / "old.annotator"
    Project.create(path, "acled").close()
    as_version(path, 6)
    with Project.open(path) as opened:
        assert opened.store.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        assert opened.records() == [] and opened.events_without_record() == []


def test_a_mention_belongs_to_one_record_at_most_even_in_sql(sample: Sample) -> None:
    record_id = new_record(sample)
    conn = sample.project.store.conn
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO record_events (record_id, event_id, doc_id, added_at) "
                     "VALUES (?, ?, ?, 'x')", (record_id, sample.events[0], sample.docs[0]))
    with pytest.raises(sqlite3.IntegrityError):  # a record with mentions is not deleted behind their back
        conn.execute("DELETE FROM event_records WHERE id = ?", (record_id,))


def test_events_without_record_lists_the_rest_in_document_order(sample: Sample) -> None:
    project = sample.project
    assert project.events_without_record() == list(zip(sample.docs, sample.events, strict=True))
    new_record(sample, 1)
    assert project.events_without_record() == [(sample.docs[0], sample.events[0]),
                                               (sample.docs[2], sample.events[2])]
    assert project.events_without_record(sample.docs[1]) == []


# -- rules and edits -----------------------------------------------------------------------------------

def test_create_record_from_a_mention_is_undoable_and_names_the_record(sample: Sample) -> None:
    after = undo_redo(sample.project, CreateRecord(sample.docs[0], sample.events[0]))
    ((record_id, record_type, title, members, fields),) = after
    assert record_type == TAKES and title == "seized (Reuters: Abu Kamal falls)"
    assert members == ((sample.docs[0], sample.events[0]),) and fields == ()
    assert sample.project.record_of(sample.events[0]).record_id == record_id


def test_add_and_remove_mentions_are_undoable(sample: Sample) -> None:
    record_id = new_record(sample)
    after = undo_redo(sample.project, AddToRecord(sample.docs[1], sample.events[1], record_id))
    assert list(after[0][3]) == [(sample.docs[0], sample.events[0]), (sample.docs[1], sample.events[1])]
    after = undo_redo(sample.project, RemoveFromRecord(sample.docs[0], sample.events[0], record_id))
    assert after[0][3] == ((sample.docs[1], sample.events[1]),)


def test_the_rules_refuse_a_second_record_another_type_and_strangers(sample: Sample) -> None:
    project = sample.project
    record_id = new_record(sample)
    with pytest.raises(AnnotatorError) as caught:
        project.apply(CreateRecord(sample.docs[0], sample.events[0]))
    assert caught.value.code == "E652"
    with pytest.raises(AnnotatorError) as caught:
        project.apply(AddToRecord(sample.docs[0], sample.events[0], record_id))
    assert caught.value.code == "E652"
    with pytest.raises(AnnotatorError) as caught:
        project.apply(AddToRecord(sample.docs[2], sample.events[2], record_id))
    assert caught.value.code == "E651" and "R1" in caught.value.message
    with pytest.raises(AnnotatorError) as caught:
        project.apply(RemoveFromRecord(sample.docs[1], sample.events[1], record_id))
    assert caught.value.code == "E655"
    with pytest.raises(AnnotatorError) as caught:
        project.apply(AddToRecord(sample.docs[1], sample.events[1], 99))
    assert caught.value.code == "E660"
    with pytest.raises(AnnotatorError) as caught:
        rules.check_record(project.schema, EventRecord("Not a type"))
    assert caught.value.code == "E650"
    assert len(project.records()) == 1


def test_set_fields_from_arguments_and_attributes_keep_their_evidence(sample: Sample) -> None:
    project = sample.project
    record_id = new_record(sample)
    project.apply(AddToRecord(sample.docs[1], sample.events[1], record_id))
    after = undo_redo(project, SetRecordField(record_id, "actor1", FROM_ARGUMENT, event_id=sample.events[1],
                                              source="Actor1"))
    (name, value, entity_id, kind, source, doc_id, start, end, quote), = after[0][4]
    text = project.text(sample.docs[1])
    assert (name, value, entity_id) == ("actor1", "ISIS", sample.entities["ISIS"])  # the entity, not the text
    assert (kind, source, doc_id, quote) == (FROM_ARGUMENT, "Actor1", sample.docs[1], "Islamic State")
    assert text[start:end] == quote
    undo_redo(project, SetRecordField(record_id, "event_date", FROM_ARGUMENT, event_id=sample.events[1],
                                      source="Date"))
    date_field = project.record_details()[0].field("event_date")
    assert date_field.value == "2019-03-03"  # "on Sunday" in a report dated 2019-03-05
    assert date_field.evidence.quote == "on Sunday"
    undo_redo(project, SetRecordField(record_id, "fatalities", FROM_ATTRIBUTE, event_id=sample.events[0],
                                      source="fatalities"))
    fatalities = project.record_details()[0].field("fatalities")
    trigger_text = project.text(sample.docs[0])[fatalities.evidence.start:fatalities.evidence.end]
    assert fatalities.value == "12" and trigger_text == fatalities.evidence.quote == "seized"


def test_set_a_field_by_hand_notes_who_and_checks_the_value(sample: Sample) -> None:
    project = sample.project
    record_id = new_record(sample)
    undo_redo(project, SetRecordField(record_id, "fatalities", BY_HAND, value=" 14 "))
    hand = project.record_details()[0].field("fatalities")
    assert hand.value == "14" and hand.evidence.kind == BY_HAND and hand.evidence.who == "analyst"
    assert hand.evidence.doc_id is None
    for name, value, code in (("fatalities", "many", "E423"), ("fatalities", "-3", "E423"),
                              ("event_date", "last week", "E424"), ("notes", "  ", "E657"),
                              ("notes", "two\nlines", "E657"), ("weapon", "AK-47", "E653")):
        with pytest.raises(AnnotatorError) as caught:
            project.apply(SetRecordField(record_id, name, BY_HAND, value=value))
        assert caught.value.code == code, (name, value)
    undo_redo(project, ClearRecordField(record_id, "fatalities"))
    with pytest.raises(AnnotatorError) as caught:
        project.apply(ClearRecordField(record_id, "fatalities"))
    assert caught.value.code == "E663"


def test_a_field_only_takes_its_roles_from_a_member_that_has_them(sample: Sample) -> None:
    project = sample.project
    record_id = new_record(sample)
    for edit, code in (
            (SetRecordField(record_id, "actor1", FROM_ARGUMENT, event_id=sample.events[0], source="Location"),
             "E654"),
            (SetRecordField(record_id, "actor2", FROM_ARGUMENT, event_id=sample.events[0], source="Actor2"),
             "E656"),
            (SetRecordField(record_id, "actor1", FROM_ARGUMENT, event_id=sample.events[1], source="Actor1"),
             "E655"),
            (SetRecordField(record_id, "fatalities", FROM_ATTRIBUTE, event_id=sample.events[0],
                            source="event_date"), "E654")):
        with pytest.raises(AnnotatorError) as caught:
            project.apply(edit)
        assert caught.value.code == code


def test_merge_moves_mentions_keeps_the_survivors_fields_and_undoes(sample: Sample) -> None:
    project = sample.project
    first, second = new_record(sample, 0), new_record(sample, 1)
    project.apply(SetRecordField(first, "notes", BY_HAND, value="kept"))
    project.apply(SetRecordField(second, "notes", BY_HAND, value="dropped"))
    project.apply(SetRecordField(second, "actor1", FROM_ARGUMENT, event_id=sample.events[1], source="Actor1"))
    after = undo_redo(project, MergeRecords(first, second))
    ((record_id, _, _, members, fields),) = after
    assert record_id == first and len(members) == 2
    assert {f[0]: f[1] for f in fields} == {"notes": "kept", "actor1": "ISIS"}
    with pytest.raises(AnnotatorError) as caught:
        project.apply(MergeRecords(first, first))
    assert caught.value.code == "E658"
    third = new_record(sample, 2)
    with pytest.raises(AnnotatorError) as caught:
        project.apply(MergeRecords(first, third))
    assert caught.value.code == "E659" and CLASH in caught.value.message


def test_delete_record_frees_its_mentions_and_undo_puts_all_back(sample: Sample) -> None:
    project = sample.project
    record_id = new_record(sample)
    project.apply(AddToRecord(sample.docs[1], sample.events[1], record_id))
    project.apply(SetRecordField(record_id, "notes", BY_HAND, value="x"))
    assert undo_redo(project, DeleteRecord(record_id)) == ()
    assert project.record_of(sample.events[0]) is None


def test_deleting_an_event_takes_it_out_of_its_record_and_undo_puts_it_back(sample: Sample) -> None:
    project = sample.project
    record_id = new_record(sample)
    project.apply(AddToRecord(sample.docs[1], sample.events[1], record_id))
    before = state(project)
    inverse, changes = project.apply(RemoveEvent(sample.docs[1], sample.events[1]))
    assert changes.records == {record_id}
    assert [m.event_id for m in project.store.annotations.members_of(record_id)] == [sample.events[0]]
    project.apply(inverse)
    assert state(project) == before
    trigger = project.event(sample.events[0]).trigger_id  # deleting the trigger span cascades the same way
    inverse, changes = project.apply(RemoveSpan(sample.docs[0], trigger))
    assert changes.records == {record_id}
    project.apply(inverse)
    assert state(project) == before


def test_every_record_edit_is_in_the_history(sample: Sample) -> None:
    record_id = new_record(sample)
    sample.project.apply(SetRecordField(record_id, "notes", BY_HAND, value="x"))
    kinds = [row["kind"] for row in sample.project.history()]
    assert kinds[-2:] == ["CreateRecord", "SetRecordField"]


def test_a_member_keeps_its_records_type_and_check_reports_one_that_does_not(sample: Sample) -> None:
    project = sample.project
    new_record(sample)
    with pytest.raises(AnnotatorError) as caught:
        project.apply(ChangeEventType(sample.docs[0], sample.events[0], CLASH, drop_misfits=True))
    assert caught.value.code == "E651"
    assert project.check().errors == []
    with project.store.atomic():  # a file changed behind the edits' back
        project.store.conn.execute("UPDATE events SET type = ? WHERE id = ?", (CLASH, sample.events[0]))
        project.store.conn.execute("UPDATE spans SET label = ? WHERE id = ?",
                                   (CLASH, project.event(sample.events[0]).trigger_id))
    (problem,) = project.check().errors
    assert problem == (f"document {sample.docs[0]} (Reuters: Abu Kamal falls): the event is a {CLASH} event; "
                       f"record R1 holds {TAKES} events")


def test_retitle_is_undoable_strips_the_ends_and_refuses_blank_or_several_lines(sample: Sample) -> None:
    record_id = new_record(sample)
    after = undo_redo(sample.project, RetitleRecord(record_id, "  Fall of Abu Kamal "))
    assert after[0][2] == "Fall of Abu Kamal"
    for bad in ("", "   ", "two\nlines", "para\u2029graph"):
        with pytest.raises(AnnotatorError) as refused:
            sample.project.apply(RetitleRecord(record_id, bad))
        assert refused.value.code == "E685"
    with pytest.raises(AnnotatorError) as missing:
        sample.project.apply(RetitleRecord(99, "x"))
    assert missing.value.code == "E660"
