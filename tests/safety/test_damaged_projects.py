"""Damaged and hostile project files: one clear message and exit 1 from every verb, never a traceback,
and ``check`` never says ok."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.safety.helpers import as_version, cli, error_code, make_project

VERBS = [("stats",), ("check",), ("export", "-o", "{tmp}/out.jsonl"), ("import", "{tmp}/new.txt"),
         ("backup", "{tmp}/backup.annotator"), ("suggest", "--model", "trained")]


def run_every_verb(tmp_path: Path, project: Path, *, works: tuple[str, ...] = ()) -> dict[str, str]:
    """Run each verb; all but ``works`` must refuse with one message."""
    (tmp_path / "new.txt").write_text("Another article.", encoding="utf-8")
    messages = {}
    for verb, *rest in VERBS:
        if verb in works:
            continue
        args = [verb, str(project), *(part.format(tmp=tmp_path) for part in rest)]
        result = cli(*args)
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr, result.stderr
        assert result.stderr.strip(), args
        messages[verb] = result.stderr
    return messages


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


@pytest.mark.parametrize("version", [-1, 0])
def test_impossible_file_versions(tmp_path: Path, version: int) -> None:
    project = make_project(tmp_path / "p.annotator")
    sql(project, f"PRAGMA user_version = {version}")
    messages = run_every_verb(tmp_path, project)
    assert error_code(messages["check"]) in {"E011", "E012", "E013", "E014"}


def test_another_applications_database_that_claims_to_be_ours(tmp_path: Path) -> None:
    impostor = tmp_path / "impostor.annotator"
    sql(impostor, "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
        "INSERT INTO meta VALUES ('application', 'annotator')", "PRAGMA user_version = 1",
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, body BLOB)")
    messages = run_every_verb(tmp_path, impostor)
    assert {error_code(message) for message in messages.values()} == {"E013"}
    with pytest.raises(AnnotatorError) as refused:
        Project.open(impostor)
    assert refused.value.code == "E013"


def test_files_made_before_the_application_id_still_open(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    as_version(project, 1)
    sql(project, "PRAGMA application_id = 0")
    assert cli("stats", project).returncode == 0
    with Project.open(project) as opened:
        assert opened.store.conn.execute("PRAGMA user_version").fetchone()[0] >= 2
    assert cli("check", project).returncode == 0


def test_malformed_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=300)
    size = project.stat().st_size
    with project.open("r+b") as handle:  # the test damages a file no process has open
        for offset in range(size // 3, size - 4096, 4096 * 3):
            handle.seek(offset)
            handle.write(b"\xde\xad\xbe\xef" * 256)
    result = cli("check", project)
    assert result.returncode == 1
    assert "ok" not in result.stdout
    assert "Traceback" not in result.stderr
    for verb in ("stats", "export"):
        other = cli(verb, project, *(["-o", str(tmp_path / "o.jsonl")] if verb == "export" else []))
        assert "Traceback" not in other.stderr
        assert other.returncode in (0, 1)


def test_damaged_schema_json(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    sql(project, "UPDATE meta SET value = '{\"name\": ' WHERE key = 'schema'")
    messages = run_every_verb(tmp_path, project, works=("backup",))  # a damaged project can be saved
    assert "schema" in messages["check"] and "damaged" in messages["check"]  # a problem check lists
    assert error_code(messages["stats"]) == "E007"


def test_damaged_document_meta_json(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=2)
    sql(project, "UPDATE documents SET meta = '{broken' WHERE id = 2")
    result = cli("check", project)
    assert result.returncode == 1 and "document 2" in result.stderr and "metadata" in result.stderr
    export = cli("export", project, "-o", tmp_path / "o.jsonl")
    assert export.returncode == 1 and error_code(export.stderr) == "E018" and "document 2" in export.stderr
    assert "Traceback" not in export.stderr and not (tmp_path / "o.jsonl").exists()


def test_spans_and_triggers_pointing_at_another_document(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=2)
    sql(project,
        "INSERT INTO spans (id, doc_id, start, \"end\", label, kind, text, created_at) "
        "VALUES (1, 1, 0, 6, 'Conflict.Attack', 'trigger', 'Rebels', 'now')",
        "INSERT INTO spans (id, doc_id, start, \"end\", label, kind, text, created_at) "
        "VALUES (2, 2, 0, 6, 'ORG', 'entity', 'Rebels', 'now')",
        "INSERT INTO events (id, doc_id, type, trigger_id, created_at) "
        "VALUES (1, 2, 'Conflict.Attack', 1, 'now')",
        "INSERT INTO arguments (event_id, role, span_id) VALUES (1, 'Attacker', 2)",
        "INSERT INTO events (id, doc_id, type, trigger_id, created_at) "
        "VALUES (2, 1, 'Conflict.Attack', 1, 'now')",
        "INSERT INTO arguments (event_id, role, span_id) VALUES (2, 'Attacker', 2)")
    result = cli("check", project)
    assert result.returncode == 1
    assert "another document" in result.stderr
    assert "ok" not in result.stdout


def test_a_file_that_is_not_sqlite_is_left_untouched(tmp_path: Path) -> None:
    stray = tmp_path / "notes.annotator"
    stray.write_bytes(b"plain notes, not a database\n" * 100)
    before = stray.read_bytes()
    messages = run_every_verb(tmp_path, stray)
    assert {error_code(message) for message in messages.values()} == {"E012"}
    assert stray.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.annotator"]


def test_an_empty_file_is_not_a_project(tmp_path: Path) -> None:
    empty = tmp_path / "empty.annotator"
    empty.touch()
    result = cli("stats", empty)
    assert result.returncode == 1 and error_code(result.stderr) == "E012"
    assert empty.stat().st_size == 0
