"""Migration 8 (the documents' full-text index): an older file upgrades with its documents indexed, a
read-only open of an older file searches without the index (and without writing), and the index follows
imports and deletions through its triggers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from annotator.project import Project
from annotator.store.migrations import CURRENT_VERSION
from tests.safety.helpers import as_version, cli, make_project
from tests.safety.test_entity_migration import version_of


def test_a_version_7_file_upgrades_with_its_documents_indexed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=3)
    as_version(project, 7)
    with Project.open(project) as opened:
        assert [hit.doc_id for hit in opened.search("report").hits] == [1, 2, 3]
        assert [hit.match for hit in opened.search('"report 2"').hits] == ["Report 2"]
    assert version_of(project) == CURRENT_VERSION
    assert cli("check", project).returncode == 0


def test_a_version_7_file_opened_to_read_is_searched_without_the_index(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=2)
    as_version(project, 7)
    with Project.open(project, writer=False) as opened:
        assert not opened.store.search.has_fulltext()
        assert [hit.doc_id for hit in opened.search("report 1").hits] == [2]
    found = cli("search", project, "report")
    assert found.returncode == 0 and found.stdout.count("[Report]") == 2
    assert version_of(project) == 7


def test_the_index_follows_deleted_documents(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=2)
    conn = sqlite3.connect(project, isolation_level=None)
    conn.execute("DELETE FROM documents WHERE id = 1")
    conn.close()
    with Project.open(project, writer=False) as opened:
        assert [hit.doc_id for hit in opened.search("report").hits] == [2]
