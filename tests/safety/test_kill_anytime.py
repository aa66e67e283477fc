"""kill -9 at random moments: every acknowledged edit survives, every import is all or nothing,
nothing half-made is left behind, and ``annotator check`` passes after each."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.safety.helpers import ROOT, Worker, cli, environment, make_project, span_count

ROUNDS = 4


def start(*args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "annotator", *map(str, args)], env=environment(),
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def kill_after(process: subprocess.Popen, seconds: float) -> bool:
    """Kill -9 after ``seconds`` unless it ended by itself; True when it was killed."""
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        return True
    finally:
        process.stderr.close()
    return False


def kill_when(process: subprocess.Popen, grown: Callable[[], int], threshold: int) -> bool:
    """Kill -9 as soon as ``grown()`` (bytes written so far) passes ``threshold``: mid-work, not before."""
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if grown() > threshold:
            return kill_after(process, 0)
        time.sleep(0.002)
    return kill_after(process, 0)


def _size(path: Path) -> int:
    """The file's size, 0 when it is gone (the process may remove it between listing and asking)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def size_of(*paths: Path) -> Callable[[], int]:
    def measure() -> int:
        return sum(map(_size, paths))

    return measure


def parts_in(folder: Path) -> Callable[[], int]:
    def measure() -> int:
        return sum(map(_size, folder.glob(".*.part")))

    return measure


def document_count(path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def fulltext_rows(path: Path) -> tuple[int, int]:
    """Documents found by a word every one of them has, and whether the full-text trigger is there (a
    large import drops it inside its transaction and makes it again at the end)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        found = conn.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'accra'")
        trigger = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'documents_fts_insert'")
        return found.fetchone()[0], trigger.fetchone()[0]
    finally:
        conn.close()


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("input") / "records.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for number in range(6000):
            text = f"Report {number}: rebels shelled Accra on Monday, officials said. " * 3
            out.write(json.dumps({"text": text, "spans": [{"start": 17, "end": 24, "label": "ORG"}]}) + "\n")
    return path


def duration(*args: object) -> float:
    """How long a whole run of ``annotator ARGS`` takes here (kills are placed inside it)."""
    began = time.monotonic()
    result = cli(*args)
    assert result.returncode == 0, result.stderr
    return time.monotonic() - began


def test_import_killed_at_random_moments_is_all_or_nothing(tmp_path: Path, big_jsonl: Path) -> None:
    chance = random.Random(9)
    project = make_project(tmp_path / "p.annotator")
    wal = Path(f"{project}-wal")
    for _ in range(ROUNDS):
        killed = kill_when(start("import", project, big_jsonl), size_of(wal), chance.randint(1, 2000) * 1024)
        assert killed, "the import finished before it could be interrupted"
        assert document_count(project) == 1
        assert fulltext_rows(project)[1] == 1
        assert cli("check", project).returncode == 0
    final = cli("import", project, big_jsonl)
    assert final.returncode == 0, final.stderr
    assert document_count(project) == 6001
    assert fulltext_rows(project) == (6001, 1)  # every record names Accra, as make_project's document does


def test_export_killed_at_random_moments_leaves_whole_files_only(tmp_path: Path) -> None:
    chance = random.Random(5)
    project = make_project(tmp_path / "p.annotator", documents=3000)
    out = tmp_path / "out" / "train.conll"
    out.parent.mkdir()
    for _ in range(ROUNDS):
        process = start("export", project, "-o", out, "--format", "conll")
        assert kill_when(process, parts_in(out.parent), chance.randint(0, 600) * 1024)
        assert not out.exists()
    assert [p for p in out.parent.iterdir() if p.name.endswith(".part")]
    final = cli("export", project, "-o", out, "--format", "conll")
    assert final.returncode == 0, final.stderr
    assert sorted(p.name for p in out.parent.iterdir()) == ["train.conll"]
    assert out.read_text(encoding="utf-8").count("-DOCSTART-") == 3000


def test_init_killed_at_random_moments_leaves_a_whole_project_or_none(tmp_path: Path) -> None:
    chance = random.Random(3)
    whole = duration("init", tmp_path / "timing.annotator")
    for round_ in range(ROUNDS + 2):
        path = tmp_path / f"p{round_}.annotator"
        kill_after(start("init", path), chance.uniform(0.3, 1.0) * whole)
        if path.exists():
            assert cli("check", path).returncode == 0
    assert cli("init", tmp_path / "last.annotator").returncode == 0
    assert not [p.name for p in tmp_path.iterdir() if ".creating-" in p.name]


def test_edits_killed_at_random_moments_keep_every_acknowledged_one(tmp_path: Path) -> None:
    chance = random.Random(11)
    project = make_project(tmp_path / "p.annotator")
    before = 0
    for _ in range(ROUNDS):
        worker = Worker(project, 400, "--second-reader")
        worker.read_until("ack 1")
        time.sleep(chance.uniform(0.05, 0.8))
        worker.kill()
        now = span_count(project)
        assert before + worker.acked <= now <= before + worker.acked + 1
        assert cli("check", project).returncode == 0
        before = now
