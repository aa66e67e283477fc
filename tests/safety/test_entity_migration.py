"""Migration 5 (the entity registry): old files open and upgrade, a read-only open reads an old file as a
current one without writing it, and a version 5 file that lacks the registry's tables is refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.store.migrations import CURRENT_VERSION
from tests.safety.helpers import as_version, cli, error_code, make_project


def version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("version", [1, 3, 4])
def test_older_files_upgrade_when_opened_for_writing(tmp_path: Path, version: int) -> None:
    project = make_project(tmp_path / "p.annotator")
    as_version(project, version)
    assert cli("entities", "list", project).returncode == 0
    assert version_of(project) == version, "listing reads; it never migrates"
    with Project.open(project) as opened:
        assert opened.entities() == []
    assert version_of(project) == CURRENT_VERSION
    assert cli("check", project).returncode == 0


def test_a_version_4_file_opened_to_read_reads_as_current(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=2)
    as_version(project, 4)
    with Project.open(project, writer=False) as opened:
        assert opened.entities() == [] and opened.links(1) == [] and opened.mentions(1) == []
        assert opened.stats()["entities"] == {} and opened.check().errors == []
        assert sum(1 for _ in opened.annotated()) == 2
        assert opened.link_proposals(1) == []
        with pytest.raises(sqlite3.OperationalError):  # the stand-in tables take no rows
            opened.store.conn.execute("INSERT INTO entities (name, label, created_at) VALUES ('x', 'O', '')")
    stats = cli("stats", project)
    assert stats.returncode == 0 and "entities: 0" in stats.stdout
    assert version_of(project) == 4


@pytest.mark.parametrize("table", ["entity_links", "entity_aliases", "entities"])
def test_a_version_5_file_without_a_registry_table_is_refused(tmp_path: Path, table: str) -> None:
    project = make_project(tmp_path / "p.annotator")
    tables = ["entity_links", "entity_aliases", "entities"]  # in the order foreign keys allow dropping
    conn = sqlite3.connect(project, isolation_level=None)
    for dropped in tables[:tables.index(table) + 1]:
        conn.execute(f"DROP TABLE {dropped}")
    conn.close()
    with pytest.raises(AnnotatorError) as refused:
        Project.open(project)
    assert refused.value.code == "E013" and table in str(refused.value)
    assert error_code(cli("check", project).stderr) == "E013"
