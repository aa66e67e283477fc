"""Assigning work: one share per analyst, every document in one share plus the overlap in all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.edits import AddSpan
from annotator.core.entity_edits import CreateEntity
from annotator.core.model import Entity, Span
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.project.assigning import overlap_count, shares
from tests.conftest import MINI_SCHEMA, add_document


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.annotator"
    with Project.create(path, MINI_SCHEMA, annotator="lead") as project:
        for number in range(10):
            doc_id = add_document(project, f"Report {number}: rebels shelled Homs.", f"report {number}")
            project.apply(AddSpan(doc_id, Span(len(f"Report {number}: rebels shelled "),
                                               len(f"Report {number}: rebels shelled Homs"), "GPE")))
    return path


def digests_of(path: Path) -> list[str]:
    with Project.open(path, writer=False) as project:
        return [project.document(doc_id).sha256 for doc_id in project.document_ids()]


def test_each_document_goes_to_one_analyst_and_the_overlap_to_all(tmp_path: Path, source: Path) -> None:
    with Project.open(source, writer=False) as project:
        report = project.assign(["alice", "bob", "carol"], "20%", tmp_path / "shares", seed=7)
        everything = set(project.store.documents.digests())
    assert report.overlap == 2
    held = {name: digests_of(path) for name, path in report.shares.items()}
    counts = Counter(digest for digests in held.values() for digest in digests)
    assert set(counts) == everything
    assert sorted(counts.values()) == [1] * 8 + [3] * 2
    assert sorted(len(digests) for digests in held.values()) == [4, 5, 5]  # 8 dealt round-robin + 2 each
    with Project.open(report.shares["bob"], writer=False) as bob:
        assert bob.store.get_meta("analyst") == "bob"
        assert all(len(bob.spans(doc_id)) == 1 for doc_id in bob.document_ids())
        with Project.open(source, writer=False) as project:
            assert bob.schema.to_json() == project.schema.to_json()


def test_the_same_seed_gives_the_same_shares_and_another_seed_others() -> None:
    digests = [f"{number:064x}" for number in range(50)]
    assert shares(digests, ["a", "b"], 10, seed=1) == shares(list(reversed(digests)), ["a", "b"], 10, seed=1)
    assert shares(digests, ["a", "b"], 10, seed=1) != shares(digests, ["a", "b"], 10, seed=2)


def test_overlap_is_a_share_or_a_count() -> None:
    assert overlap_count("20%", 10) == 2
    assert overlap_count("3", 10) == 3
    assert overlap_count(0, 10) == 0
    for bad, code in (("x", "E707"), ("120%", "E707"), ("-1", "E707"), ("11", "E708")):
        with pytest.raises(AnnotatorError) as raised:
            overlap_count(bad, 10)
        assert raised.value.code == code


def test_the_registry_and_links_travel_with_the_share(tmp_path: Path, source: Path) -> None:
    with Project.open(source, annotator="lead") as project:
        doc_id = project.document_ids()[0]
        span = project.spans(doc_id)[0]
        project.apply(CreateEntity(Entity("Homs", "GPE", ("Hims",)), span.id, doc_id))
        report = project.assign(["alice"], 0, tmp_path / "out")
    with Project.open(report.shares["alice"], writer=False) as alice:
        assert [(e.name, e.aliases) for e in alice.entities()] == [("Homs", ("Hims",))]
        linked = [link for doc in alice.document_ids() for link in alice.links(doc)]
        assert len(linked) == 1


def test_bad_arguments_write_nothing(tmp_path: Path, source: Path) -> None:
    out = tmp_path / "out"
    for analysts, code in ((["alice", "alice"], "E710"), (["al/ice"], "E709"), ([""], "E709")):
        result = CliRunner().invoke(cli, ["assign", str(source), "--to", ",".join(analysts), "-o", str(out)])
        assert result.exit_code == 1 and f"[{code}]" in result.output, result.output
    out.mkdir()
    (out / "bob.annotator").write_text("in the way")
    result = CliRunner().invoke(cli, ["assign", str(source), "--to", "alice,bob", "-o", str(out)])
    assert result.exit_code == 1 and "[E711]" in result.output
    assert sorted(path.name for path in out.iterdir()) == ["bob.annotator"]
    result = CliRunner().invoke(cli, ["assign", str(source), "--to", "alice,carol", "--overlap", "2",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "2 document(s) in everyone's share" in result.output


def test_a_folder_that_cannot_be_made_is_one_coded_message(source: Path, tmp_path: Path) -> None:
    """It was a FileNotFoundError traceback (the folder under a file, or under /proc)."""
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    result = CliRunner().invoke(cli, ["assign", str(source), "--to", "x,y", "-o", str(blocker / "shares")])
    assert result.exit_code == 1 and "[E752]" in result.output and "Traceback" not in result.output
