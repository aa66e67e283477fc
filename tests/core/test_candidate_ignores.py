"""Ignoring an event mention's candidate records: kept in the project (migration 10), undoable, snapshotted
with a deleted event, refused where it means nothing; and not a record decision (the mention stays in the
consistency report's "in no record")."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.candidate_ignores import HeedCandidates, IgnoreCandidates
from annotator.core.edits import RemoveEvent
from annotator.core.record_edits import CreateRecord
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.store.identity import expected_tables
from tests.records_sample import Sample, build
from tests.safety.helpers import as_version


def test_migration_10_adds_ignores_and_uids_and_a_file_with_records_upgrades(tmp_path: Path) -> None:
    assert set(expected_tables(10)) - set(expected_tables(9)) == {"ignored_record_candidates"}
    assert ("uid", "TEXT", 1) in expected_tables(10)["event_records"]
    sample = build(tmp_path / "old.annotator")
    for doc, event in zip(sample.docs[:2], sample.events[:2], strict=True):
        sample.project.apply(CreateRecord(doc, event))
    path = sample.project.path
    sample.project.close()
    as_version(path, 9)
    with Project.open(path, writer=False) as read_only:  # read as it is, not migrated: no uids yet
        assert [record.uid for record in read_only.records()] == ["", ""]
    with Project.open(path) as opened:
        assert opened.store.annotations.ignored_count() == 0
        uids = [record.uid for record in opened.records()]
        assert len(set(uids)) == 2 and all(len(uid) == 32 for uid in uids)  # each old record got its own


def test_ignore_is_kept_undone_redone_and_leaves_the_mention_in_no_record(sample: Sample) -> None:
    project, doc, event = sample.project, sample.docs[1], sample.events[1]
    inverse, changes = project.apply(IgnoreCandidates(doc, event))
    assert changes.events == {event} and project.candidates_ignored(event)
    assert (doc, event) in project.events_without_record()
    assert isinstance(inverse, HeedCandidates)
    redo, _ = project.apply(inverse)
    assert not project.candidates_ignored(event)
    project.apply(redo)
    assert project.candidates_ignored(event)
    assert [row["kind"] for row in project.history()][-1] == "IgnoreCandidates"


def test_ignore_survives_closing_the_project(sample: Sample) -> None:
    project = sample.project
    project.apply(IgnoreCandidates(sample.docs[1], sample.events[1]))
    path = project.path
    project.close()
    with Project.open(path) as reopened:
        assert reopened.candidates_ignored(sample.events[1])
        assert not reopened.candidates_ignored(sample.events[0])
    sample.project = Project.open(path)


def test_ignore_is_refused_twice_for_a_member_and_heed_when_not_ignored(sample: Sample) -> None:
    project = sample.project
    project.apply(CreateRecord(sample.docs[0], sample.events[0]))
    with pytest.raises(AnnotatorError) as member:
        project.apply(IgnoreCandidates(sample.docs[0], sample.events[0]))
    assert member.value.code == "E682"
    project.apply(IgnoreCandidates(sample.docs[1], sample.events[1]))
    with pytest.raises(AnnotatorError) as twice:
        project.apply(IgnoreCandidates(sample.docs[1], sample.events[1]))
    assert twice.value.code == "E683"
    with pytest.raises(AnnotatorError) as heed:
        project.apply(HeedCandidates(sample.docs[2], sample.events[2]))
    assert heed.value.code == "E684"


def test_deleting_the_event_drops_its_ignore_and_undo_puts_it_back(sample: Sample) -> None:
    project, doc, event = sample.project, sample.docs[1], sample.events[1]
    project.apply(IgnoreCandidates(doc, event))
    inverse, _ = project.apply(RemoveEvent(doc, event))
    assert project.store.annotations.ignored_count() == 0
    project.apply(inverse)
    assert project.candidates_ignored(event)
