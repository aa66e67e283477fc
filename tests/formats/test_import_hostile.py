"""Inputs that break naive JSON readers: a clear message with file and line, never a traceback."""

from __future__ import annotations

import codecs
import os
import threading
from pathlib import Path

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.text_reader import BINARY_PROBE, read_text
from annotator.project import Project
from tests.formats.import_support import stored


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"text": "abc", "meta": ' + "[" * 50_000 + "]" * 50_000 + "}", "E113"),  # nested too deeply
        ('{"text": "a\\ud800b"}', "E118"),  # unpaired surrogate
        ('{"text": "abc", "meta": {"source": "\\udc00"}}', "E118"),
    ],
)
def test_hostile_json_is_refused_with_file_and_line(project: Project, tmp_path, line, code) -> None:
    source = tmp_path / "hostile.jsonl"
    source.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError) as refused:
        project.import_paths([source])
    assert refused.value.code == code
    assert "hostile.jsonl, line 2" in str(refused.value)
    assert project.store.documents.count() == 0


def test_escaped_surrogate_pairs_are_characters(project: Project, tmp_path) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text('{"text": "ok \\ud83d\\ude00 fine", "spans": [{"start": 3, "end": 4, '
                      '"label": "PERSON", "text": "\\ud83d\\ude00"}]}\n', encoding="utf-8")
    project.import_paths([source])
    (doc_id,) = project.store.documents.ids()
    assert project.document(doc_id).text == "ok 😀 fine"
    assert project.spans(doc_id)[0].text == "😀"


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('{"text": "abc", "meta": {"n": 1' + "0" * 5000 + "}}", "E112"),  # more than 4300 digits
        ('{"text": "abc", "meta": {"x": NaN}}', "E116"),
        ('{"text": "abc", "meta": {"x": -Infinity}}', "E116"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "PERSON", "confidence": Infinity}]}',
         "E116"),
        ('{"text": "abc", "meta": {"x": 1e999}}', "E117"),  # too large
    ],
)
def test_numbers_json_cannot_hold_are_refused_with_file_and_line(project: Project, tmp_path, line,
                                                                 code) -> None:
    source = tmp_path / "numbers.jsonl"
    source.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError) as refused:
        project.import_paths([source])
    assert refused.value.code == code
    assert "numbers.jsonl, line 2" in str(refused.value)
    assert project.store.documents.count() == 0


@pytest.mark.parametrize("encoding", ["rot13", "base64", "zlib", "hex", "uu", "bz2"])
@pytest.mark.parametrize("name", ["plain.txt", "records.jsonl"])
def test_codecs_that_do_not_decode_bytes_to_text_are_refused_by_name(project: Project, tmp_path, encoding,
                                                                      name) -> None:
    source = tmp_path / name
    source.write_bytes(b'{"text": "abc"}\n')
    with pytest.raises(AnnotatorError) as refused:
        project.import_paths([source], encoding=encoding)
    assert refused.value.code == "E102" and f"'{encoding}'" in str(refused.value)
    assert project.store.documents.count() == 0


UTF16_TEXT = "Kofi Annan visited Accra.\r\nZoë said «بشار» 😀.\n"


@pytest.mark.parametrize(
    ("data", "found", "codec"),
    [
        (codecs.BOM_UTF16_LE + UTF16_TEXT.encode("utf-16-le"), "UTF-16 text", "utf-16"),
        (codecs.BOM_UTF16_BE + UTF16_TEXT.encode("utf-16-be"), "UTF-16 text", "utf-16"),
        (UTF16_TEXT.encode("utf-16-le"), "UTF-16 text without a byte order mark", "utf-16-le"),
        (UTF16_TEXT.encode("utf-16-be"), "UTF-16 text without a byte order mark", "utf-16-be"),
        (codecs.BOM_UTF32_LE + UTF16_TEXT.encode("utf-32-le"), "UTF-32 text", "utf-32"),
    ],
)
def test_utf16_and_utf32_files_are_named_and_read_with_the_encoding_they_advise(project: Project, tmp_path,
                                                                                  data, found, codec) -> None:
    source = tmp_path / "wide.txt"
    source.write_bytes(data)
    with pytest.raises(AnnotatorError) as refused:
        project.import_paths([source])
    assert refused.value.code == "E103"
    assert f"wide.txt: this is {found}, not UTF-8; use --encoding {codec} (" in str(refused.value)

    project.import_paths([source], encoding=codec)
    assert stored(project)[0]["text"] == UTF16_TEXT


def test_a_utf16_jsonl_file_is_named_and_then_read_with_its_offsets(project: Project, tmp_path) -> None:
    source = tmp_path / "wide.jsonl"
    record = '{"text": "Zoë met Kofi Annan", "spans": [{"start": 8, "end": 18, "label": "PERSON"}]}\n'
    source.write_bytes(record.encode("utf-16"))
    with pytest.raises(AnnotatorError, match="UTF-16 text, not UTF-8; use --encoding utf-16 "):
        project.import_paths([source])
    project.import_paths([source], encoding="utf-16")
    assert stored(project)[0]["spans"] == [(8, 18, "PERSON", "entity")]


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="opens a pipe by its /dev/fd path")
def test_binary_is_refused_on_the_first_chunk_before_the_rest_is_read() -> None:
    """A pipe of NULs whose writer is still writing: reading it whole would wait for all 64 MB."""
    reader, writer = os.pipe()
    written = []

    def write_zeros() -> None:
        try:
            for _ in range(1024):
                os.write(writer, bytes(BINARY_PROBE * 8))
                written.append(BINARY_PROBE * 8)
        except BrokenPipeError:
            pass
        finally:
            os.close(writer)

    thread = threading.Thread(target=write_zeros)
    thread.start()
    try:
        with pytest.raises(AnnotatorError) as refused:
            read_text(Path(f"/dev/fd/{reader}"))
        assert refused.value.code == "E105"
    finally:
        os.close(reader)
        thread.join()
    assert sum(written) < 1024 * BINARY_PROBE * 8


def _bytes_named(folder: Path, name: bytes, data: bytes) -> Path:
    """A file whose name is not valid UTF-8, as Python sees it (lone surrogates for the odd bytes)."""
    raw = os.path.join(os.fsencode(folder), name)
    with open(raw, "wb") as handle:
        handle.write(data)
    return Path(os.fsdecode(raw))


def _all_printable(lines: list[str]) -> None:
    for line in lines:
        line.encode("utf-8")  # strict: a lone surrogate would raise here, as it would printing it


def test_file_names_that_are_not_utf8_become_readable_titles_and_messages(project: Project, tmp_path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    _bytes_named(folder, b"caf\xe9.txt", b"Kofi Annan visited Accra.")
    _bytes_named(folder, b"r\xe9sum\xe9.jsonl", b'{"text": "Zoe met Omar."}\n')
    _bytes_named(folder, b"na\xefve.txt", b"A brat document.")
    _bytes_named(folder, b"na\xefve.ann", b"T1\tPERSON 0 1\tA\n")
    _bytes_named(folder, b"pi\xe8ce.png", b"\x89PNG")
    direct = _bytes_named(tmp_path, b"\xff.txt", b"Named directly.")

    report = project.import_paths([folder, direct])

    documents = {document["text"]: document for document in stored(project)}
    cafe = documents["Kofi Annan visited Accra."]
    assert cafe["title"] == "caf\ufffd"
    assert cafe["meta"] == {"source": "caf\ufffd.txt", "file": "caf\ufffd.txt"}
    assert documents["Zoe met Omar."]["title"] == "r\ufffdsum\ufffd 1"
    assert documents["A brat document."]["title"] == "na\ufffdve"
    assert documents["A brat document."]["spans"] == [(0, 1, "PERSON", "entity")]
    assert documents["Named directly."]["title"] == "\ufffd"
    assert any("pi\ufffdce.png: skipped" in note for note in report.notes)
    _all_printable(report.summary_lines())


def test_a_bad_file_with_a_name_that_is_not_utf8_gives_a_printable_error(project: Project, tmp_path) -> None:
    source = _bytes_named(tmp_path, b"caf\xe9.jsonl", b'{"text": 1}\n')
    with pytest.raises(AnnotatorError, match="caf\ufffd\\.jsonl, line 1") as refused:
        project.import_paths([source])
    _all_printable([str(refused.value)])

    report = project.import_paths([source], skip_invalid=True)
    _all_printable(report.summary_lines())


@pytest.fixture
def specials(tmp_path) -> Path:
    """A folder with one good file among a FIFO, /dev/zero, link loops and a link to nothing."""
    folder = tmp_path / "corpus"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Kofi Annan visited Accra.", encoding="utf-8")
    (folder / "sub" / "inner.txt").write_text("Omar left.", encoding="utf-8")
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "dangling.txt").symlink_to(folder / "missing.txt")
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "again").symlink_to(folder / "sub")
    return folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")
def test_special_files_in_folders_are_skipped_with_a_note_each(project: Project, specials: Path) -> None:
    report = project.import_paths([specials])

    assert sorted(document["text"] for document in stored(project)) == ["Kofi Annan visited Accra.",
                                                                         "Omar left."]
    assert report.duplicates == []
    expected = {
        "fifo.txt": "not a regular file: a FIFO",
        "zero.txt": "not a regular file: a character device",
        "loop.txt": "a symbolic link loop",
        "dangling.txt": "a symbolic link to nothing",
        "up": "a link to a folder already read",
        "sub": "a link to a folder already read",
    }
    for name, reason in expected.items():
        assert any(f"{name}: skipped ({reason})" in note for note in report.notes), (name, report.notes)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")
@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("fifo.txt", "E108", r"not a regular file \(a FIFO\)"),
        ("zero.txt", "E108", r"not a regular file \(a character device\)"),
        ("loop.txt", "E107", "a symbolic link loop"),
        ("dangling.txt", "E107", "a symbolic link to nothing"),
    ],
)
def test_special_files_named_directly_are_refused(project: Project, specials: Path, name, code,
                                                  message) -> None:
    with pytest.raises(AnnotatorError, match=message) as refused:
        project.import_paths([specials / "good.txt", specials / name])
    assert refused.value.code == code and str(refused.value).startswith(str(specials / name))
    assert project.store.documents.count() == 0


def test_a_non_text_encoding_is_refused_once_before_reading(tmp_path) -> None:
    from click.testing import CliRunner

    from annotator.cli import cli
    from tests.conftest import MINI_SCHEMA

    project = tmp_path / "p.annotator"
    assert CliRunner().invoke(cli, ["init", str(project), "--schema", str(MINI_SCHEMA)]).exit_code == 0
    for number in range(3):
        (tmp_path / f"{number}.txt").write_text("An article.", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(project), *(str(tmp_path / f"{n}.txt") for n in range(3)),
                                      "--encoding", "rot13", "--skip-invalid"])
    assert result.exit_code == 1
    assert result.output.count("not a text encoding") == 1 and "skip-invalid" not in result.output
