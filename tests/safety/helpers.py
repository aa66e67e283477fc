"""Real processes for the safety tests: the CLI as a user runs it, and a worker that edits until killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from annotator.project import Project
from tests.conftest import add_document

WORKER = Path(__file__).with_name("edit_worker.py")
ROOT = Path(__file__).parents[2]
ARTICLE = "Rebels shelled the market in Accra on Monday, officials of the United Nations said. " * 30


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """``annotator ARGS`` in its own process, as a user types it in a terminal."""
    return subprocess.run([sys.executable, "-m", "annotator", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout, env=environment(), cwd=ROOT)


def error_code(stderr: str) -> str:
    """The code of the CLI's one error line (``error: [E012] ...``)."""
    assert stderr.startswith("error: [E") and stderr.count("\n") == 1, stderr
    return stderr[len("error: ["):].partition("]")[0]


def make_project(path: Path, documents: int = 1) -> Path:
    with Project.create(path, "news", annotator="tester") as project:
        for number in range(documents):
            add_document(project, f"{ARTICLE} Report {number}.", title=f"report {number}")
    return path


class Worker:
    """``edit_worker.py`` holding ``project`` open and editing it; ``acked`` counts what it confirmed."""

    def __init__(self, project: Path, count: int, *extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), str(project), str(count), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(), cwd=ROOT)
        self.acked = 0

    def read_until(self, word: str) -> None:
        for line in self.process.stdout:
            if line.startswith("ack "):
                self.acked = int(line.split()[1])
            if line.strip().startswith(word):
                return
        raise AssertionError(f"worker ended early: {self.process.stderr.read()}")

    def kill(self) -> None:
        """Kill -9, then count the acknowledgements it printed before it died."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)
        for line in self.process.stdout:
            if line.startswith("ack "):
                self.acked = int(line.split()[1])
        self.process.stdout.close()
        self.process.stderr.close()


def span_count(path: Path) -> int:
    """Spans in the project, read by SQLite (with the -wal, as any program opening the file would)."""
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM spans").fetchone()[0]
    finally:
        conn.close()


# What migration 4 added, taken away again: a file as an annotator before relations wrote it.
VERSION_4_ADDITIONS = ("DROP TABLE relations", "DROP TABLE attribute_values", "DROP TABLE notes",
                       "DROP TABLE span_fragments", "DROP INDEX arguments_filler_event",
                       "ALTER TABLE arguments DROP COLUMN filler_event_id")


# What migration 5 added: the entity registry and the links of spans to it.
VERSION_5_ADDITIONS = ("DROP TABLE entity_links", "DROP TABLE entity_aliases", "DROP TABLE entities")

# What migration 6 added: analysts' layers (teams).
VERSION_6_ADDITIONS = ("DROP TABLE analyst_layers", "DROP TABLE adjudications")

# What migration 7 added: event records, their members and fields.
VERSION_7_ADDITIONS = ("DROP TABLE record_fields", "DROP TABLE record_events", "DROP TABLE event_records")


# What migration 8 added: the documents' full-text index, its triggers, and the span text index.
VERSION_8_ADDITIONS = ("DROP TRIGGER documents_fts_insert", "DROP TRIGGER documents_fts_delete",
                       "DROP TRIGGER documents_fts_update", "DROP TABLE documents_fts",
                       "DROP INDEX spans_text_label")


# What migration 9 added: the token-boundary cache of exports.
VERSION_9_ADDITIONS = ("DROP TABLE token_bounds",)

# What migration 10 added: ignored candidate records and each record's uid.
VERSION_10_ADDITIONS = ("DROP TABLE ignored_record_candidates", "DROP INDEX event_records_uid",
                        "ALTER TABLE event_records DROP COLUMN uid")


def as_version(path: Path, version: int) -> None:
    """Turn a new project file into one of an older ``version`` (1 to 9; 1 to 3 differ only in pragmas
    and indexes that ``CREATE INDEX IF NOT EXISTS`` makes again), so opening it must migrate it."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in ((VERSION_10_ADDITIONS if version < 10 else ())
                          + (VERSION_9_ADDITIONS if version < 9 else ())
                          + (VERSION_8_ADDITIONS if version < 8 else ())
                          + (VERSION_7_ADDITIONS if version < 7 else ())
                          + (VERSION_6_ADDITIONS if version < 6 else ())
                          + (VERSION_5_ADDITIONS if version < 5 else ())
                          + (VERSION_4_ADDITIONS if version < 4 else ())):
            conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    finally:
        conn.close()
