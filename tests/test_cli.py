"""The ``annotator`` command line: each verb, its exit codes, and no traceback on user errors."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator import __version__
from annotator.cli import cli
from tests.conftest import MINI_SCHEMA, TORTURE_TEXT

ARTICLE = "Rebels shelled Accra on Monday."


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.annotator"
    assert run("init", str(path), "--schema", str(MINI_SCHEMA)).exit_code == 0
    return path


@pytest.fixture
def records(tmp_path: Path) -> Path:
    source = tmp_path / "in.jsonl"
    record = {"text": ARTICLE, "meta": {"title": "accra"}, "spans": [
        {"start": 0, "end": 6, "label": "ORG"},
        {"start": 7, "end": 14, "label": "Conflict.Attack", "kind": "trigger"},
        {"start": 15, "end": 20, "label": "GPE"}],
        "events": [{"type": "Conflict.Attack", "trigger": {"span": 1},
                    "arguments": [{"role": "Attacker", "span": 0}, {"role": "Place", "span": 2}]}]}
    torture = {"text": TORTURE_TEXT, "spans": [{"start": 0, "end": 10, "label": "PERSON"}]}
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (record, torture)) + "\n",
                      encoding="utf-8")
    return source


def test_version_names_every_component() -> None:
    result = run("--version")
    assert result.exit_code == 0
    for part in (f"annotator {__version__}", "Qt ", "spaCy ", "SQLite "):
        assert part in result.output


def test_init_with_builtin_schemas_and_refusals(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "news.annotator"))
    assert result.exit_code == 0
    assert "schema news (15 entity labels, 33 event types, 5 relation types, 4 attributes)" in result.output
    assert "25 event types" in run("init", str(tmp_path / "acled.annotator"), "--schema", "acled").output
    again = run("init", str(tmp_path / "news.annotator"))
    assert again.exit_code == 1 and "error: [E001] " in again.output  # a file already exists here
    unknown = run("init", str(tmp_path / "x.annotator"), "--schema", "nope")
    assert unknown.exit_code == 1 and "error: [E301] unknown schema 'nope'" in unknown.output


def test_import_stats_check_and_every_export(project: Path, records: Path, tmp_path: Path) -> None:
    imported = run("import", str(project), str(records))
    assert imported.exit_code == 0
    assert "imported 2 document(s) with 4 span(s) and 1 event(s)" in imported.output
    stats = run("stats", str(project)).output
    assert "documents: 2" in stats and "events: 1" in stats and "Conflict.Attack" in stats
    assert run("check", str(project)).exit_code == 0
    for fmt in ("jsonl", "spacy", "brat", "doccano", "conll", "dygiepp"):
        out = tmp_path / f"out-{fmt}"
        result = run("export", str(project), "-o", str(out), "--format", fmt)
        assert result.exit_code == 0, (fmt, result.output)
        assert out.exists()
    lines = (tmp_path / "out-jsonl").read_text(encoding="utf-8").rstrip("\n").split("\n")  # not splitlines:
    # the torture text holds U+2028, which JSON keeps raw inside strings
    first = json.loads(lines[0])
    assert [(s["text"], s["label"]) for s in first["spans"]] == [
        ("Rebels", "ORG"), ("shelled", "Conflict.Attack"), ("Accra", "GPE")]
    assert json.loads(lines[1])["text"] == TORTURE_TEXT


def test_export_filters_by_status_and_label(project: Path, records: Path, tmp_path: Path) -> None:
    run("import", str(project), str(records))
    out = tmp_path / "gpe.jsonl"
    assert run("export", str(project), "-o", str(out), "--label", "GPE").exit_code == 0
    spans = [s["label"] for line in out.read_text(encoding="utf-8").rstrip("\n").split("\n")
             for s in json.loads(line)["spans"]]
    assert spans == ["GPE"]
    assert run("export", str(project), "-o", str(out), "--status", "done").exit_code == 0
    assert out.read_text(encoding="utf-8") == ""


def test_a_bad_import_exits_1_and_changes_nothing(project: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": "abc", "spans": [{"start": 0, "end": 9, "label": "ORG"}]}\n',
                   encoding="utf-8")
    result = run("import", str(project), str(bad))
    assert result.exit_code == 1
    assert f"error: [E401] {bad}, line 2: " in result.output and "Traceback" not in result.output
    assert "documents: 0" in run("stats", str(project)).output
    skipped = run("import", str(project), str(bad), "--skip-invalid")
    assert skipped.exit_code == 0 and "skipped 1 invalid record(s)" in skipped.output


def test_check_exits_1_with_a_report_when_a_span_drifted(project: Path, records: Path) -> None:
    run("import", str(project), str(records))
    with sqlite3.connect(project) as conn:
        conn.execute("UPDATE documents SET text = 'Robels' || substr(text, 7) WHERE id = 1")
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 1
    assert "no longer matches its text 'Rebels'" in result.output
    assert "1 problem(s) found" in result.output


def test_check_reports_rows_that_break_the_schema_rules(project: Path, records: Path) -> None:
    run("import", str(project), str(records))
    with sqlite3.connect(project) as conn:
        conn.execute("UPDATE spans SET label = 'DATE' WHERE label = 'GPE'")
        conn.execute("INSERT INTO spans (doc_id, start, \"end\", label, kind, text, created_at) "
                     "SELECT doc_id, start, \"end\", label, kind, text, created_at FROM spans WHERE id = 1")
        conn.execute("INSERT INTO spans (doc_id, start, \"end\", label, kind, text, created_at) SELECT "
                     "doc_id, start, \"end\", 'PERSON', kind, text, created_at FROM spans WHERE id = 1")
        conn.execute("UPDATE events SET type = 'Life.Die'")
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 1
    for expected in ("document 1 (accra): span 0-6 (ORG) is there twice",
                     "document 1 (accra): span 0-6 (PERSON) covers exactly the text of span 0-6 (ORG)",
                     "document 1 (accra): a Life.Die event has the trigger span 7-14 (Conflict.Attack); an "
                     "event's type must be its trigger's label",
                     "document 1 (accra): Life.Die events have no role 'Attacker'"):
        assert expected in result.output
    assert "Traceback" not in result.output


def test_check_warns_about_empty_required_roles_and_exits_0(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "death.jsonl"
    source.write_text(json.dumps({"text": "Omar was killed.", "meta": {"title": "omar"}, "spans": [
        {"start": 0, "end": 4, "label": "PERSON"},
        {"start": 9, "end": 15, "label": "Life.Die", "kind": "trigger"}],
        "events": [{"type": "Life.Die", "trigger": {"span": 1}}]}) + "\n", encoding="utf-8")
    assert run("import", str(project), str(source)).exit_code == 0
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 0
    assert ("warning: document 1 (omar): the Life.Die event on 'killed' has no Victim, a required role"
            in result.output)
    assert "ok, 1 warning(s)" in result.output


def test_user_errors_never_show_a_traceback(tmp_path: Path) -> None:
    stray = tmp_path / "notes.annotator"
    stray.write_text("not a database")
    for args, code in ((["stats", str(stray)], "E012"),
                       (["check", str(tmp_path / "missing.annotator")], "E003"),
                       (["export", str(stray), "-o", str(tmp_path / "o.jsonl")], "E012")):
        result = subprocess.run([sys.executable, "-m", "annotator", *args], capture_output=True, text=True)
        assert result.returncode == 1, args
        assert result.stderr.startswith(f"error: [{code}] ") and "Traceback" not in result.stderr


def test_status_and_schema_choices_come_from_the_registries() -> None:
    from annotator.core.model import STATUSES
    from annotator.resources import BUILTIN_SCHEMAS, resources_dir

    assert sorted(BUILTIN_SCHEMAS) == sorted(p.stem for p in (resources_dir() / "schemas").glob("*.yaml"))
    for verb in ("export", "suggest"):
        assert f"[{'|'.join(STATUSES)}]" in " ".join(run(verb, "--help").output.split())
    assert ", ".join(BUILTIN_SCHEMAS) in " ".join(run("init", "--help").output.split())
