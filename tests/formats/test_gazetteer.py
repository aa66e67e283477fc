"""Alias lists in and out: CSV, TSV and JSONL gazetteers, all or nothing, errors naming physical lines."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import cli
from annotator.core.model import Entity
from annotator.errors import AnnotatorError
from annotator.formats.gazetteer import read_gazetteer, write_gazetteer
from annotator.project import Project
from tests.conftest import DATA

SCHEMA = DATA / "linked_schema.yaml"
HEADER = "name,label,aliases,id\n"
DESCRIBED = "name,label,aliases,id,description\n"


@pytest.fixture
def project(tmp_path: Path):
    created = Project.create(tmp_path / "gazetteer.annotator", SCHEMA, annotator="tester")
    yield created
    created.close()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(project: Project, path: Path) -> AnnotatorError:
    before = project.store.conn.execute("SELECT count(*) FROM entities").fetchone()[0]
    with pytest.raises(AnnotatorError) as caught:
        project.import_entities(path)
    assert project.store.conn.execute("SELECT count(*) FROM entities").fetchone()[0] == before
    return caught.value


def test_csv_aliases_are_kept_as_given(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path, "g.csv", HEADER + 'ISIS,ORG,"Isis|ISIS |Daesh|the Islamic State",'
                 "wikidata:Q2429253\nOmar,PERSON,,\n")
    report = project.import_entities(path)
    assert (report.created, report.updated) == (2, 0)
    isis, omar = project.entities()
    assert isis.aliases == ("Isis", "ISIS ", "Daesh", "the Islamic State")
    assert isis.external_id == "wikidata:Q2429253" and omar.aliases == () and omar.external_id == ""


def test_importing_again_adds_aliases_to_the_same_entity(project: Project, tmp_path: Path) -> None:
    project.import_entities(write(tmp_path, "a.tsv", "name\tlabel\taliases\tid\nISIS\tORG\tDaesh\t\n"))
    report = project.import_entities(write(tmp_path, "b.jsonl", json.dumps(
        {"name": "ISIS", "label": "ORG", "aliases": ["isis", "Daesh"], "id": "wikidata:Q2429253"}) + "\n"))
    assert (report.created, report.updated) == (0, 1)
    (isis,) = project.entities()
    assert isis.aliases == ("Daesh", "isis") and isis.external_id == "wikidata:Q2429253"


@pytest.mark.parametrize(("name", "text", "line", "code"), [
    ("bad.csv", "name,label,alias,id\nISIS,ORG,,\n", 1, "E614"),
    ("bad.csv", "", 1, "E614"),
    ("bad.csv", HEADER + "Omar,PERSON,,\nISIS,ORG,\n", 3, "E615"),
    ("bad.csv", HEADER + "Omar,PERSON,,\nISIS,NOPE,,\n", 3, "E601"),
    ("bad.csv", HEADER + "Omar,PERSON,,Q42\n", 2, "E603"),
    ("bad.csv", HEADER + "Omar,PERSON,a||b,\n", 2, "E605"),
    ("bad.csv", HEADER + "Omar,PERSON,,\nOmar,PERSON,x,\n", 3, "E619"),
    # a quoted field across lines: the next row's error names its own physical line, not its row number
    ("bad.csv", DESCRIBED + 'Abu Kamal,GPE,,,"a town\non the border"\nOmar,PERSON,,\n', 4, "E615"),
    ("bad.csv", DESCRIBED + 'Abu Kamal,GPE,,,"a town\non the\nborder"\n\nRaqqa,NOPE,,,\n', 6, "E601"),
    ("bad.csv", DESCRIBED + 'Omar,PERSON,,,\nAbu Kamal,GPE,,,"a town\n', 3, "E623"),
    ("bad.jsonl", '{"name": "Omar", "label": "PERSON"}\n\n{"name": "X", "label": "ORG", "aliases": "a"}\n',
     3, "E616"),
    ("bad.jsonl", '{"name": "Omar", "label": "PERSON", "QID": "Q1"}\n', 1, "E617"),
    ("bad.jsonl", '{"name": "Omar", "label": "PERSON"}\n{"name": \n', 2, "E111"),
    ("bad.jsonl", '["Omar"]\n', 1, "E114"),
    ("bad.jsonl", '{"label": "PERSON"}\n', 1, "E602"),
])
def test_a_bad_row_refuses_the_file_naming_its_line(project: Project, tmp_path: Path, name: str, text: str,
                                                     line: int, code: str) -> None:
    error = refused(project, write(tmp_path, name, text))
    assert error.code == code
    assert error.where == f"{tmp_path / name}, line {line}"


def test_an_unknown_suffix_is_refused(project: Project, tmp_path: Path) -> None:
    assert refused(project, write(tmp_path, "g.txt", HEADER)).code == "E618"


def test_an_alias_with_a_bar_cannot_go_to_csv(project: Project, tmp_path: Path) -> None:
    project.import_entities(write(tmp_path, "g.jsonl", json.dumps(
        {"name": "A", "label": "ORG", "aliases": ["a|b"]}) + "\n"))
    with pytest.raises(AnnotatorError) as caught:
        project.export_entities(tmp_path / "out.csv")
    assert caught.value.code == "E622" and not (tmp_path / "out.csv").exists()


names = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf", "Co", "Cn", "Zs")),
                min_size=1, max_size=12)
spaced = st.builds(lambda a, b: f"{a} {b}", names, names)
aliases = st.lists(st.one_of(names, spaced).filter(lambda a: "|" not in a), max_size=5, unique=True)
entities = st.lists(st.builds(
    lambda name, label, found, qid: Entity(name, label, tuple(a for a in found if a != name),
                                           f"wikidata:Q{qid}" if qid else ""),
    names.filter(lambda n: "|" not in n), st.sampled_from(["PERSON", "ORG", "GPE"]), aliases,
    st.integers(min_value=0, max_value=99)), max_size=6, unique_by=lambda e: (e.label, e.name))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entities, st.sampled_from([".csv", ".tsv", ".jsonl"]))
def test_export_and_import_round_trip(tmp_path: Path, items: list[Entity], suffix: str) -> None:
    path = tmp_path / f"registry{suffix}"
    write_gazetteer(items, path)
    assert [entity for _, entity in read_gazetteer(path)] == items


def test_cases_differing_only_by_case_survive_a_project_round_trip(project: Project, tmp_path: Path) -> None:
    source = Entity("ISIS", "ORG", ("Isis", "isis", "ISIS ", "Daesh"), "wikidata:Q2429253", "armed group")
    write_gazetteer([source], tmp_path / "in.csv")
    project.import_entities(tmp_path / "in.csv")
    for suffix in (".csv", ".tsv", ".jsonl"):
        project.export_entities(tmp_path / f"out{suffix}")
        assert [entity for _, entity in read_gazetteer(tmp_path / f"out{suffix}")] == [source]


def test_cli_entities_import_export_and_list(tmp_path: Path) -> None:
    path = tmp_path / "cli.annotator"
    Project.create(path, SCHEMA).close()
    runner = CliRunner()
    good = write(tmp_path, "g.csv", HEADER + "ISIS,ORG,Daesh|Isis,wikidata:Q2429253\n")
    done = runner.invoke(cli, ["entities", "import", str(path), str(good)], catch_exceptions=False)
    assert done.exit_code == 0 and "imported 1 new entity" in done.output
    bad = write(tmp_path, "bad.csv", DESCRIBED + 'Abu Kamal,GPE,,,"a town\non the border"\nRaqqa,NOPE,,,\n')
    failed = runner.invoke(cli, ["entities", "import", str(path), str(bad)])
    assert failed.exit_code == 1
    assert f"error: [E601] {bad}, line 4: unknown entity label 'NOPE'" in failed.output
    listed = runner.invoke(cli, ["entities", "list", str(path)], catch_exceptions=False).output
    assert "ISIS" in listed and "Daesh | Isis" in listed
    out = tmp_path / "out.jsonl"
    exported = runner.invoke(cli, ["entities", "export", str(path), "-o", str(out)], catch_exceptions=False)
    assert exported.exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == {
        "name": "ISIS", "label": "ORG", "aliases": ["Daesh", "Isis"], "id": "wikidata:Q2429253"}
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 1
    conn.close()
