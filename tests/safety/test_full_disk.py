"""A full disk: one clear message, the project unchanged, nothing half-made left behind.

The disk is a real tmpfs of a few hundred kilobytes (mounting needs root; elsewhere these tests skip),
and for edits SQLite's own page limit, which fails the same way (SQLITE_FULL).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import pytest

from annotator.core.edits import AddSpan
from annotator.core.model import Span
from annotator.errors import AnnotatorError
from annotator.project import Project
from tests.conftest import add_document
from tests.safety.helpers import cli, error_code, make_project, span_count


@pytest.fixture
def small_disk(tmp_path: Path):
    mount_point = tmp_path / f"disk-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
                             capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path, leave: int) -> None:
    """Fill ``folder``'s file system until about ``leave`` bytes are free."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    if free > leave:
        (folder / "ballast").write_bytes(b"\0" * (free - leave))


def test_init_on_a_full_disk_leaves_nothing(small_disk: Path) -> None:
    fill(small_disk, 8 * 1024)
    result = cli("init", small_disk / "new.annotator")
    assert result.returncode == 1
    assert error_code(result.stderr) == "E020" and "Traceback" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast"]


def test_import_on_a_full_disk_changes_nothing(small_disk: Path, tmp_path: Path) -> None:
    project = make_project(small_disk / "p.annotator")
    articles = tmp_path / "articles"
    articles.mkdir()
    for number in range(200):
        (articles / f"{number}.txt").write_text(f"Article {number}. " + "Words about Accra. " * 60)
    fill(small_disk, 32 * 1024)
    result = cli("import", project, articles)
    assert result.returncode == 1
    assert error_code(result.stderr) == "E020" and "Traceback" not in result.stderr
    (small_disk / "ballast").unlink()
    assert cli("check", project).returncode == 0
    with Project.open(project) as opened:
        assert len(opened.store.documents.ids()) == 1
    assert not [p for p in small_disk.iterdir() if p.name.endswith(".lock") and p.name != "p.annotator.lock"]


def test_export_on_a_full_disk_leaves_no_part_file(small_disk: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "p.annotator", documents=200)
    fill(small_disk, 16 * 1024)
    result = cli("export", project, "-o", small_disk / "out.jsonl")
    assert result.returncode == 1
    assert error_code(result.stderr) == "E020" and "Traceback" not in result.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == ["ballast"]


def test_edits_on_a_full_disk_fail_one_by_one_and_change_nothing(tmp_path: Path) -> None:
    project = Project.create(tmp_path / "p.annotator", "news", annotator="tester")
    try:
        doc_id = add_document(project, "Rebels shelled Accra on Monday. " * 50)
        pages = project.store.conn.execute("PRAGMA page_count").fetchone()[0]
        project.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        refused = 0
        for start in range(0, 400, 8):
            try:
                project.apply(AddSpan(doc_id, Span(start, start + 6, "ORG", text="")))
            except AnnotatorError as error:
                assert error.code == "E020"
                refused += 1
        assert refused > 0
        kept = len(project.spans(doc_id))
        project.store.conn.execute("PRAGMA max_page_count = 1073741823")
    finally:
        project.close()
    assert span_count(tmp_path / "p.annotator") == kept
    assert cli("check", tmp_path / "p.annotator").returncode == 0
