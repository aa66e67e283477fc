"""Merging analysts' project files into a gold project: layers, idempotence, all or nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.core.edits import AddArgument, AddEvent, AddSpan
from annotator.core.model import Span
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.project.merging import merge_files
from tests.conftest import MINI_SCHEMA, add_document, sha

SHARED = "Rebels shelled Homs on Monday."
ALONE = "Kofi Annan visited Accra."


def analyst_copy(path: Path, name: str, label: str = "GPE") -> Path:
    """A project holding SHARED (Homs tagged ``label``, an attack with Homs as its Place when GPE) and,
    for alice only, ALONE with Accra tagged."""
    with Project.create(path, MINI_SCHEMA, annotator=name) as project:
        shared = add_document(project, SHARED, "shared")
        _, changes = project.apply(AddSpan(shared, Span(15, 19, label)))
        homs = next(iter(changes.spans))
        _, changes = project.apply(AddEvent(shared, "Conflict.Attack", start=7, end=14))
        if label == "GPE":
            project.apply(AddArgument(shared, next(iter(changes.events)), "Place", homs))
        if name == "alice":
            alone = add_document(project, ALONE, "alone")
            project.apply(AddSpan(alone, Span(19, 24, "GPE")))
    return path


def merged_gold(folder: Path) -> Path:
    """A gold project in ``folder`` merged from alice's copy and bob's (Homs tagged ORG)."""
    path = folder / "gold.annotator"
    merge_files(path, [analyst_copy(folder / "alice.annotator", "alice"),
                       analyst_copy(folder / "bob.annotator", "bob", label="ORG")])
    return path


def dump(path: Path) -> list[tuple]:
    """Every row of every table, to compare two states of a file byte for byte."""
    conn = sqlite3.connect(path)
    try:
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                                 "ORDER BY name")]
        return [(table, *row) for table in tables for row in conn.execute(f"SELECT * FROM {table}")]
    finally:
        conn.close()


@pytest.fixture
def copies(tmp_path: Path) -> tuple[Path, Path]:
    return analyst_copy(tmp_path / "alice.annotator", "alice"), analyst_copy(tmp_path / "bob.annotator",
                                                                               "bob", label="ORG")


def test_merge_keeps_each_analyst_as_a_layer_in_index_form(tmp_path: Path, copies) -> None:
    gold = tmp_path / "gold.annotator"
    report = merge_files(gold, list(copies))
    assert [(i.analyst, i.documents, i.layers_written) for i in report.inputs] == [
        ("alice", 2, 2), ("bob", 1, 1)]
    with Project.open(gold, writer=False) as project:
        layers = project.analyst_layers()
        assert sorted(layers) == ["alice", "bob"]
        assert sorted(layers["alice"]) == sorted([sha(SHARED), sha(ALONE)])
        alice = layers["alice"][sha(SHARED)]
        assert [(s.start, s.end, s.label, s.text) for s in alice.spans] == [
            (7, 14, "Conflict.Attack", "shelled"), (15, 19, "GPE", "Homs")]
        (event,) = alice.events
        assert event.trigger_id == 0 and [(a.role, a.span_id) for a in event.arguments] == [("Place", 1)]
        bob = layers["bob"][sha(SHARED)]
        assert [s.label for s in bob.spans] == ["Conflict.Attack", "ORG"] and bob.events[0].arguments == ()
        # the shared document waits for adjudication; the one only alice has is accepted into gold
        by_title = {project.document(i).title: i for i in project.document_ids()}
        assert project.spans(by_title["shared"]) == []
        assert [(s.text, s.label, s.annotator) for s in project.spans(by_title["alone"])] == [
            ("Accra", "GPE", "alice")]
        assert project.schema.to_json() == Project.open(copies[0], writer=False).schema.to_json()


def test_merging_the_same_files_twice_changes_nothing(tmp_path: Path, copies) -> None:
    gold = tmp_path / "gold.annotator"
    merge_files(gold, list(copies))
    before = dump(gold)
    report = merge_files(gold, list(copies))
    assert not report.changed and report.accepted == 0
    assert dump(gold) == before
    report = merge_files(gold, [copies[1]])  # one analyst again, alone
    assert dump(gold) == before


def test_a_new_snapshot_replaces_only_that_analysts_layer(tmp_path: Path, copies) -> None:
    gold = tmp_path / "gold.annotator"
    merge_files(gold, list(copies))
    with Project.open(copies[1], annotator="bob") as bob:
        doc_id = bob.document_ids()[0]
        bob.apply(AddSpan(doc_id, Span(23, 29, "DATE")))
    merge_files(gold, [copies[1]])
    with Project.open(gold, writer=False) as project:
        layers = project.analyst_layers()
        assert [s.label for s in layers["bob"][sha(SHARED)].spans] == ["Conflict.Attack", "ORG", "DATE"]
        assert [s.label for s in layers["alice"][sha(SHARED)].spans] == ["Conflict.Attack", "GPE"]


def test_a_project_of_another_schema_refuses_the_whole_merge(tmp_path: Path, copies) -> None:
    gold = tmp_path / "gold.annotator"
    merge_files(gold, [copies[0]])
    before = dump(gold)
    other = Project.create(tmp_path / "other.annotator", "news")
    other.close()
    with pytest.raises(AnnotatorError) as raised:
        merge_files(gold, [copies[1], tmp_path / "other.annotator"])
    assert raised.value.code == "E701" and "other.annotator" in str(raised.value)
    assert dump(gold) == before


def test_not_a_project_refuses_and_a_missing_gold_stays_missing(tmp_path: Path, copies) -> None:
    junk = tmp_path / "junk.annotator"
    junk.write_text("not a database")
    gold = tmp_path / "gold.annotator"
    with pytest.raises(AnnotatorError) as raised:
        merge_files(gold, [copies[0], junk])
    assert raised.value.code == "E700" and "junk.annotator" in str(raised.value)
    assert not gold.exists()


def test_two_inputs_of_one_analyst_and_gold_as_input_are_refused(tmp_path: Path, copies) -> None:
    gold = tmp_path / "gold.annotator"
    with pytest.raises(AnnotatorError) as raised:
        merge_files(gold, list(copies), analysts=["carol", "carol"])
    assert raised.value.code == "E702"
    with pytest.raises(AnnotatorError) as raised:
        merge_files(gold, list(copies), analysts=["carol"])
    assert raised.value.code == "E703"
    merge_files(gold, [copies[0]])
    with pytest.raises(AnnotatorError) as raised:
        merge_files(gold, [gold])
    assert raised.value.code == "E705"


def test_the_merge_command_reports_and_refuses_with_a_code(tmp_path: Path, copies) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli

    gold = tmp_path / "gold.annotator"
    result = CliRunner().invoke(cli, ["merge", str(gold), *map(str, copies)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "alice.annotator (alice): 2 document(s), 2 new to gold, 2 layer(s) written" in result.output
    result = CliRunner().invoke(cli, ["merge", str(gold), str(copies[0]), "--as", "a", "--as", "b"],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "[E703]" in result.output


def test_a_cancelled_first_merge_leaves_no_gold_project(tmp_path: Path, copies) -> None:
    from annotator.core.jobs import Cancelled, JobControl

    control = JobControl(lambda done, _total, _message: control.cancel() if done else None)
    gold = tmp_path / "gold.annotator"
    with pytest.raises(Cancelled):
        merge_files(gold, list(copies), control=control)
    assert not gold.exists() and not (tmp_path / "gold.annotator.lock").exists()


def test_a_version_5_project_merges_in_and_gains_empty_layers(tmp_path: Path, copies) -> None:
    from tests.safety.helpers import as_version

    as_version(copies[1], 5)
    gold = tmp_path / "gold.annotator"
    merge_files(gold, list(copies))  # bob's older copy is read as it is, without migrating it
    with Project.open(gold, writer=False) as project:
        assert sorted(project.analyst_layers()) == ["alice", "bob"]
    with Project.open(copies[1]) as bob:  # opening it for writing migrates it
        assert bob.analyst_layers() == {}


def test_one_file_or_its_copy_twice_is_refused_even_under_two_names(tmp_path: Path, copies) -> None:
    """Merged as two analysts, one file would agree with itself perfectly; E702's hint (--as) led there."""
    import shutil

    from click.testing import CliRunner

    from annotator.cli import cli

    gold = tmp_path / "gold.annotator"
    copy = shutil.copy(copies[0], tmp_path / "copy.annotator")
    for inputs in ([str(copies[0]), str(copies[0])], [str(copies[0]), str(copy), "--as", "a", "--as", "b"]):
        result = CliRunner().invoke(cli, ["merge", str(gold), *inputs], catch_exceptions=False)
        assert result.exit_code == 1 and "[E750]" in result.output and "Traceback" not in result.output
        assert not gold.exists()
