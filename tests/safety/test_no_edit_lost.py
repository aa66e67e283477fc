"""Every acknowledged edit survives: second readers, kill -9, copies of the file, links and odd names."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.safety.helpers import Worker, cli, error_code, make_project, span_count


@pytest.mark.parametrize("verb", ["stats", "export", "check"])
def test_a_second_reader_in_another_process_loses_nothing(tmp_path: Path, verb: str) -> None:
    """The window's process opens the file twice; terminal commands read it meanwhile; then kill -9."""
    project = make_project(tmp_path / "p.annotator")
    worker = Worker(project, 60, "--second-reader", "--pause", "0.01")
    try:
        worker.read_until("ack 5")
        for round_ in range(3):
            args = [verb, project] + (["-o", tmp_path / f"out{round_}.jsonl"] if verb == "export" else [])
            result = cli(*args)
            assert result.returncode == 0, result.stderr
        worker.read_until("idle")
    finally:
        worker.kill()
    assert worker.acked == 60
    assert span_count(project) == 60
    assert cli("check", project).returncode == 0


def test_copying_the_file_alone_after_edits_stop_keeps_them(tmp_path: Path) -> None:
    """The project stays open in its process; a copy of the .annotator file alone, taken a couple of
    seconds after the last edit, holds every edit (the log was checkpointed into the file)."""
    project = make_project(tmp_path / "p.annotator")
    worker = Worker(project, 25)
    try:
        worker.read_until("idle")
        time.sleep(2.5)
        copy = tmp_path / "copy.annotator"
        shutil.copyfile(project, copy)
    finally:
        worker.kill()
    assert span_count(copy) == 25
    assert cli("check", copy).returncode == 0


def test_closing_a_project_leaves_one_complete_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    worker = Worker(project, 10)
    worker.read_until("idle")
    worker.kill()
    with Project.open(project) as opened:  # recovers the log of the killed process, then closes
        assert len(opened.spans(opened.store.documents.ids()[0])) == 10
    assert not Path(f"{project}-wal").exists() or Path(f"{project}-wal").stat().st_size == 0
    copy = tmp_path / "copy.annotator"
    shutil.copyfile(project, copy)
    assert span_count(copy) == 10


def test_backup_while_another_process_edits(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    worker = Worker(project, 30)
    try:
        worker.read_until("ack 12")
        result = cli("backup", project, tmp_path / "safe.annotator")
        assert result.returncode == 0, result.stderr
        worker.read_until("idle")
    finally:
        worker.kill()
    copied = span_count(tmp_path / "safe.annotator")
    assert 12 <= copied <= 30
    assert not Path(f"{tmp_path / 'safe.annotator'}-wal").exists()
    assert cli("check", tmp_path / "safe.annotator").returncode == 0
    assert span_count(project) == 30


def test_backup_refuses_to_overwrite_and_into_a_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    (tmp_path / "backups").mkdir()
    assert cli("backup", project, tmp_path / "backups").returncode == 0
    assert (tmp_path / "backups" / "p.annotator").is_file()
    again = cli("backup", project, tmp_path / "backups")
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    itself = cli("backup", project, project)
    assert itself.returncode == 1 and "Traceback" not in itself.stderr


def test_a_hard_link_is_the_same_project(tmp_path: Path) -> None:
    """A second writer through another name is refused, with the name to use instead."""
    project = make_project(tmp_path / "p.annotator")
    other = tmp_path / "elsewhere" / "link.annotator"
    other.parent.mkdir()
    os.link(project, other)
    source = tmp_path / "a.txt"
    source.write_text("A new article about Accra.", encoding="utf-8")
    worker = Worker(project, 5)
    try:
        worker.read_until("idle")
        result = cli("import", other, source)
        assert result.returncode == 1
        assert error_code(result.stderr) == "E005" and str(project) in result.stderr
        assert "Traceback" not in result.stderr
        reading = cli("stats", other)
        assert reading.returncode == 1 and str(project) in reading.stderr
    finally:
        worker.kill()
    assert span_count(project) == 5


def test_two_imports_through_a_hard_link_never_both_succeed_silently(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    other = tmp_path / "link.annotator"
    os.link(project, other)
    with Project.open(project), pytest.raises(AnnotatorError) as refused:
        Project.open(other)
    assert refused.value.code in {"E005", "E021"}  # under another name, or open for writing


def test_a_symlink_shares_the_lock(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator")
    link = tmp_path / "sym.annotator"
    link.symlink_to(project)
    with Project.open(project), pytest.raises(AnnotatorError) as refused:
        Project.open(link)
    assert refused.value.code == "E021"


@pytest.mark.parametrize("name", ["what?.annotator", "a#b.annotator", "50%25 done.annotator",
                                  "%3F.annotator", "ü é & ; 'x'.annotator"])
def test_any_name_the_os_accepts_round_trips(tmp_path: Path, name: str) -> None:
    path = make_project(tmp_path / name)
    with Project.open(path) as opened:
        assert opened.store.documents.ids()
    assert cli("stats", path).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(name[:2])) == [
        name, f"{name}.lock"]
