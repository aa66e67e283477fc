"""The consistency report: the same text under different labels, unlinked mentions of an alias, events
missing a required role; each with its places (document and offsets) and a search listing all of them;
``annotator report consistency`` exits 0 when it finds nothing and 1 when it lists something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import TRIGGER, Annotated, Argument, Document, Entity, Event, Span
from annotator.core.record_edits import CreateRecord
from annotator.project import Project
from annotator.project.consistency import LABELS, RECORDS, ROLES, UNLINKED
from tests.conftest import MINI_SCHEMA, sha

FIRST = "ISIS fighters killed Omar in Raqqa. Raqqa was calm."
SECOND = "The ISIS leader met Raqqa officials. Omar died."


def at(text: str, word: str, label: str, kind: str = "entity", nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return Span(start, start + len(word), label, kind)


@pytest.fixture
def project(tmp_path: Path):
    first = Annotated(Document(FIRST, "first", sha256=sha(FIRST)), (
        at(FIRST, "ISIS", "ORG"), at(FIRST, "killed", "Life.Die", TRIGGER), at(FIRST, "Omar", "PERSON"),
        at(FIRST, "Raqqa", "GPE"), at(FIRST, "Raqqa", "GPE", nth=1)),
        (Event("Life.Die", 1, (Argument("Victim", 2),)),))
    second = Annotated(Document(SECOND, "second", sha256=sha(SECOND)), (
        at(SECOND, "ISIS", "PERSON"), at(SECOND, "Raqqa", "GPE"), at(SECOND, "died", "Life.Die", TRIGGER)),
        (Event("Life.Die", 2),))
    created = Project.create(tmp_path / "c.annotator", MINI_SCHEMA, annotator="tester")
    with created.store.atomic():
        created.store.insert_annotated([first, second], annotator="import", source="import")
    created.apply(CreateEntity(Entity("Raqqa", "GPE", ("ar-Raqqah",))))
    created.apply(LinkSpan(1, 4, 1))
    yield created
    created.close()


def test_the_report_finds_each_kind_with_its_places(project: Project) -> None:
    findings = {finding.kind: finding for finding in project.consistency().findings}
    labels = findings[LABELS]
    assert labels.message == "'ISIS' is ORG 1 time(s) but PERSON 1 time(s)"
    assert [(p.doc_id, p.start, p.end, p.text) for p in labels.places] == [(1, 0, 4, "ISIS")]
    assert labels.query == 'exact:"ISIS" label:ORG'
    unlinked = findings[UNLINKED]
    assert unlinked.count == 2 and "alias of Raqqa (entity 1)" in unlinked.message
    assert [(p.doc_id, p.start) for p in unlinked.places] == [(1, 36), (2, 20)]
    roles = findings[ROLES]
    assert roles.message == "1 Life.Die event(s) have no Victim" and roles.count == 1
    (place,) = roles.places
    assert (place.doc_id, SECOND[place.start:place.end]) == (2, "died")
    assert "Victim" in place.note and "died" in place.note  # the rule's own wording


def test_a_search_of_a_finding_lists_its_places(project: Project) -> None:
    labels = next(f for f in project.consistency().findings if f.kind == LABELS)
    assert [(hit.doc_id, hit.start) for hit in project.search(labels.query).hits] == [(1, 0)]


def test_fixing_the_project_empties_the_report(project: Project) -> None:
    project.apply(project.link_all_edit(1, "Raqqa"))
    kinds = {finding.kind for finding in project.consistency().findings}
    assert UNLINKED not in kinds and LABELS in kinds


def test_cli_report_exits_1_with_findings_and_0_without(project: Project, tmp_path: Path) -> None:
    path = str(project.path)
    found = CliRunner().invoke(cli, ["report", "consistency", path])
    assert found.exit_code == 1
    assert "Same text, different labels: 'ISIS' is ORG 1 time(s) but PERSON 1 time(s)" in found.stdout
    assert "  document 1 0-4 'ISIS': PERSON elsewhere" in found.stdout
    report = json.loads(CliRunner().invoke(cli, ["report", "consistency", path, "--format", "json"]).stdout)
    assert {finding["kind"] for finding in report["findings"]} == {LABELS, UNLINKED, ROLES}
    empty = tmp_path / "empty.annotator"
    Project.create(empty, MINI_SCHEMA).close()
    clean = CliRunner().invoke(cli, ["report", "consistency", str(empty)])
    assert clean.exit_code == 0 and clean.stdout == ""


def test_event_mentions_in_no_record_are_listed_once_the_project_keeps_records(project: Project) -> None:
    assert RECORDS not in {finding.kind for finding in project.consistency().findings}
    project.apply(CreateRecord(1, 1))  # the death in the first report
    (finding,) = [f for f in project.consistency().findings if f.kind == RECORDS]
    assert finding.message == "1 event mention(s) are in no record" and finding.count == 1
    (place,) = finding.places
    assert (place.doc_id, SECOND[place.start:place.end], place.note) == (2, "died", "Life.Die event 2")
    project.apply(CreateRecord(2, 2))
    assert RECORDS not in {finding.kind for finding in project.consistency().findings}
