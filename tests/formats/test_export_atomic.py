"""Output appears whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.atomic_output import atomic_file, atomic_folder, atomic_text


class Boom(Exception):
    pass


def test_text_replaces_the_target_only_when_finished(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old")
    with atomic_text(out) as stream:
        stream.write("line\u2028one\r\n")
        assert out.read_text() == "old"
    assert out.read_bytes() == "line\u2028one\r\n".encode()
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_an_error_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("old")
    with pytest.raises(Boom), atomic_text(out) as stream:
        stream.write("partial")
        raise Boom
    assert out.read_text() == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["out.jsonl"]


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    with atomic_file(tmp_path / "out.spacy") as temporary:
        temporary.write_bytes(b"x")
    umask = os.umask(0)
    os.umask(umask)
    assert (tmp_path / "out.spacy").stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_folder_replaces_the_old_folder_whole(tmp_path: Path) -> None:
    out = tmp_path / "brat"
    out.mkdir()
    (out / "stale.ann").write_text("stale")
    with atomic_folder(out, replaceable=(".txt", ".ann")) as folder:
        (folder / "a.txt").write_text("new")
        assert (out / "stale.ann").exists()
    assert [path.name for path in out.iterdir()] == ["a.txt"]
    with pytest.raises(Boom), atomic_folder(out, replaceable=(".txt",)) as folder:
        (folder / "b.txt").write_text("partial")
        raise Boom
    assert [path.name for path in out.iterdir()] == ["a.txt"]
    assert [path.name for path in tmp_path.iterdir()] == ["brat"]


def test_a_folder_holding_other_files_is_never_deleted(tmp_path: Path) -> None:
    out = tmp_path / "papers"
    out.mkdir()
    (out / "old.ann").write_text("old")
    (out / "thesis.docx").write_text("months of work")
    with pytest.raises(AnnotatorError, match=r"already holds 'thesis\.docx'"), atomic_folder(
            out, replaceable=(".ann",)):
        pass
    assert sorted(path.name for path in out.iterdir()) == ["old.ann", "thesis.docx"]


def test_user_errors_name_the_target(tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="does not exist"), atomic_file(tmp_path / "no" / "out.jsonl"):
        pass
    (tmp_path / "folder").mkdir()
    with pytest.raises(AnnotatorError, match="a folder is in the way"), atomic_file(tmp_path / "folder"):
        pass
    (tmp_path / "file").write_text("")
    with pytest.raises(AnnotatorError, match="a file is in the way"), atomic_folder(tmp_path / "file"):
        pass


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into read-only folders")
def test_an_unwritable_folder_is_a_user_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    with pytest.raises(AnnotatorError, match="cannot write the export"), atomic_file(locked / "out"):
        pass


def test_an_os_error_while_writing_becomes_a_user_error(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with pytest.raises(AnnotatorError, match="the disk is full; free space and try again") as caught, \
            atomic_text(out):
        raise OSError(28, "No space left on device")
    assert caught.value.where == str(out)
    assert list(tmp_path.iterdir()) == []
