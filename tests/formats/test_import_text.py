"""Importing plain text files and folders: bytes kept exactly, bad files refused, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

import annotator.project.importing as importing
from annotator.core.jobs import Cancelled, JobControl
from annotator.errors import AnnotatorError
from tests.conftest import TORTURE_TEXT
from tests.formats.import_support import snapshot, stored


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_text_is_stored_exactly_as_in_the_file(project, tmp_path):
    source = write(tmp_path / "in" / "torture.txt", TORTURE_TEXT.encode("utf-8"))
    lone_cr = write(tmp_path / "in" / "old-mac.txt", b"line one\rline two\r\n\ttabbed\xc2\xa0end")

    report = project.import_paths([source, lone_cr])

    texts = {document["title"]: document["text"] for document in stored(project)}
    assert texts == {"torture": TORTURE_TEXT, "old-mac": "line one\rline two\r\n\ttabbed\u00a0end"}
    assert report.documents == 2
    assert report.summary_lines()[0] == "imported 2 document(s) with 0 span(s) and 0 event(s)"


def test_a_leading_byte_order_mark_is_dropped_and_nothing_else(project, tmp_path):
    source = write(tmp_path / "bom.txt", b"\xef\xbb\xbfFirst\r\n\xef\xbb\xbfsecond")

    project.import_paths([source])

    assert stored(project)[0]["text"] == "First\r\n\ufeffsecond"


def test_title_and_meta_come_from_the_file(project, tmp_path):
    write(tmp_path / "corpus" / "week1" / "report.txt", b"Shelling in Raqqa.")

    project.import_paths([tmp_path / "corpus"])

    (document,) = stored(project)
    assert document["title"] == "report"
    assert document["meta"] == {"source": "week1/report.txt", "file": "report.txt"}


def test_folders_are_read_recursively_in_order_and_other_files_are_reported(project, tmp_path):
    folder = tmp_path / "corpus"
    write(folder / "b.txt", b"second")
    write(folder / "a.txt", b"first")
    write(folder / "sub" / "c.txt", b"third")
    write(folder / "picture.png", b"\x89PNG")
    write(folder / "orphan.ann", b"T1\tPERSON 0 1\tx\n")

    report = project.import_paths([folder])

    assert [document["text"] for document in stored(project)] == ["first", "second", "third"]
    assert any("picture.png" in note and "skipped" in note for note in report.notes)
    assert any("orphan.ann" in note for note in report.notes)


def test_an_explicit_file_with_an_unknown_extension_is_read_as_text(project, tmp_path):
    source = write(tmp_path / "article.md", b"# Heading\n\nKofi Annan")

    project.import_paths([source])

    assert stored(project)[0]["text"] == "# Heading\n\nKofi Annan"


def test_non_utf8_bytes_are_refused_with_their_position_and_nothing_is_imported(project, tmp_path):
    good = write(tmp_path / "good.txt", b"fine")
    latin = write(tmp_path / "latin.txt", "Café au lait\nZoë".encode("latin-1"))
    before = snapshot(project)

    with pytest.raises(AnnotatorError) as raised:
        project.import_paths([good, latin])

    message = str(raised.value)
    assert "latin.txt" in message
    assert "byte 3" in message and "line 1" in message
    assert "--encoding" in message
    assert snapshot(project) == before


def test_the_encoding_override_reads_other_encodings(project, tmp_path):
    latin = write(tmp_path / "latin.txt", "Café au lait\r\nZoë".encode("latin-1"))

    project.import_paths([latin], encoding="latin-1")

    assert stored(project)[0]["text"] == "Café au lait\r\nZoë"


def test_an_unknown_encoding_name_is_a_user_error(project, tmp_path):
    source = write(tmp_path / "a.txt", b"text")

    with pytest.raises(AnnotatorError, match="unknown text encoding"):
        project.import_paths([source], encoding="no-such-codec")


def test_binary_files_are_refused(project, tmp_path):
    binary = write(tmp_path / "data.txt", b"PK\x03\x04\x00\x00binary")
    before = snapshot(project)

    with pytest.raises(AnnotatorError, match="binary file"):
        project.import_paths([binary])
    assert snapshot(project) == before


def test_skip_invalid_imports_the_good_files_and_lists_the_bad(project, tmp_path):
    good = write(tmp_path / "good.txt", b"fine")
    binary = write(tmp_path / "data.txt", b"\x00\x01")

    report = project.import_paths([good, binary], skip_invalid=True)

    assert [document["text"] for document in stored(project)] == ["fine"]
    assert len(report.invalid) == 1 and "data.txt" in report.invalid[0]
    assert any("invalid" in line for line in report.summary_lines())


def test_newlines_are_normalised_only_on_request(project, tmp_path):
    source = write(tmp_path / "mixed.txt", b"one\r\ntwo\rthree\n")

    project.import_paths([source], normalize_newlines=True)

    assert stored(project)[0]["text"] == "one\ntwo\nthree\n"


def test_duplicates_are_skipped_within_the_import_and_against_the_project(project, tmp_path):
    first = write(tmp_path / "a" / "first.txt", b"same words")
    again = write(tmp_path / "b" / "again.txt", b"same words")

    report = project.import_paths([first, again])
    second_report = project.import_paths([first])

    assert project.store.documents.count() == 1
    assert report.duplicates == ["again (repeats a document earlier in this import)"]
    assert second_report.duplicates == ["first (already in the project)"]
    assert second_report.documents == 0


def test_a_missing_path_is_refused_before_anything_is_read(project, tmp_path):
    with pytest.raises(AnnotatorError, match="no such file or folder"):
        project.import_paths([tmp_path / "nowhere.txt"])


def test_progress_is_reported_up_to_the_total(project, tmp_path):
    sources = [write(tmp_path / f"{n}.txt", f"document {n}".encode()) for n in range(3)]
    seen: list[tuple[int, int]] = []

    control = JobControl(lambda done, total, _message: seen.append((done, total)))
    project.import_paths(sources, control=control)

    total = sum(path.stat().st_size for path in sources)
    assert seen[0] == (0, total)
    assert seen[-1] == (total, total)


def test_cancel_rolls_back_batches_already_inserted(project, tmp_path, monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 1)
    sources = [write(tmp_path / f"{n}.txt", f"document {n}".encode()) for n in range(4)]
    control = JobControl(lambda done, _total, _message: control.cancel() if done >= 2 * 10 else None)
    before = snapshot(project)

    with pytest.raises(Cancelled):
        project.import_paths(sources, control=control)

    assert snapshot(project) == before


def test_a_duplicate_batches_apart_is_told_as_earlier_in_this_import(project, tmp_path, monkeypatch):
    from annotator.project import importing

    monkeypatch.setattr(importing, "BATCH", 2)
    project.import_paths([write(tmp_path / "old.txt", b"kept from before")])
    paths = [write(tmp_path / "new" / f"{name}.txt", text) for name, text in
             (("a", b"first words"), ("b", b"second words"), ("c", b"third words"), ("d", b"first words"),
              ("e", b"kept from before"))]
    report = project.import_paths(paths)
    assert report.duplicates == ["d (repeats a document earlier in this import)",
                                 "e (already in the project)"]
    assert project.store.documents.count() == 4
