"""Exports tokenise each document once: the next export reads the cached boundaries, with the same output,
and a changed text or tokenizer is tokenised afresh."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from annotator.formats import tokenized
from annotator.nlp.token_bounds import tokenizer_fingerprint
from annotator.nlp.tokens import VocabularyRenewingTokenizer
from annotator.project import Project, token_caching
from annotator.store.token_cache import TokenCache
from tests.conftest import TORTURE_TEXT, add_document, sha
from tests.formats.export_helpers import annotated_project

if TYPE_CHECKING:
    from spacy.tokens import Doc

CACHED_FORMATS = ("jsonl", "conll", "dygiepp", "textee")


def _cached_rows(project: Project) -> int:
    return TokenCache(project.store.conn).count(tokenizer_fingerprint("en"))


def _counting_tokenize(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text tokenised, by the cache's pass (a renewing tokenizer) or by a writer."""
    calls: list[str] = []
    real = tokenized.tokenize

    class Counted(VocabularyRenewingTokenizer):
        def __call__(self, text: str) -> Doc:
            calls.append(text)
            return super().__call__(text)

    def counted(text: str, language: str) -> Doc:
        calls.append(text)
        return real(text, language)

    monkeypatch.setattr(token_caching, "VocabularyRenewingTokenizer", Counted)
    monkeypatch.setattr(tokenized, "tokenize", counted)
    return calls


@pytest.mark.parametrize("fmt", CACHED_FORMATS)
def test_a_second_export_reads_the_cache_and_writes_the_same_bytes(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    annotated_project(project)
    add_document(project, TORTURE_TEXT, "torture")
    calls = _counting_tokenize(monkeypatch)
    project.export(tmp_path / "first", fmt)
    assert len(calls) == 3 and _cached_rows(project) == 3
    project.export(tmp_path / "second", fmt)
    assert len(calls) == 3  # nothing tokenised again
    assert (tmp_path / "second").read_bytes() == (tmp_path / "first").read_bytes()


def test_a_changed_text_is_tokenised_afresh(project: Project, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    annotated_project(project)
    project.export(tmp_path / "before.jsonl", "jsonl")
    changed = "Kofi Annan visited Accra again, on foot."
    with project.store.atomic():  # no verb changes a text; a damaged or hand-edited file might
        project.store.conn.execute("UPDATE documents SET text = ?, sha256 = ? WHERE title = 'Accra'",
                                   (changed, sha(changed)))
    calls = _counting_tokenize(monkeypatch)
    project.export(tmp_path / "after.jsonl", "jsonl")
    assert calls == [changed]
    tokens = [line for line in (tmp_path / "after.jsonl").read_text(encoding="utf-8").splitlines()
              if "again" in line]
    assert '"text": "foot"' in tokens[0]


def test_a_changed_tokenizer_is_not_served_and_replaces_the_old_rows(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    annotated_project(project)
    project.export(tmp_path / "old.jsonl", "jsonl")
    monkeypatch.setattr(token_caching, "tokenizer_fingerprint", lambda language: "spacy 9.9 en changed")
    calls = _counting_tokenize(monkeypatch)
    project.export(tmp_path / "new.jsonl", "jsonl")
    assert len(calls) == 2
    assert TokenCache(project.store.conn).count("spacy 9.9 en changed") == 2
    assert _cached_rows(project) == 0
    assert (tmp_path / "new.jsonl").read_bytes() == (tmp_path / "old.jsonl").read_bytes()


def test_a_reader_exports_without_caching(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    with project.for_thread() as reader:
        reader.export(tmp_path / "out.jsonl", "jsonl")
    assert _cached_rows(project) == 0
    project.export(tmp_path / "again.jsonl", "jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()


def test_a_deleted_document_takes_its_row_along(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    project.export(tmp_path / "out.jsonl", "jsonl")
    with project.store.atomic():
        project.store.conn.execute("DELETE FROM documents WHERE title = 'Accra'")
    assert _cached_rows(project) == 1


def test_a_version_5_project_gains_the_cache_when_opened_to_write(tmp_path: Path) -> None:
    from annotator.store.migrations import CURRENT_VERSION
    from tests.conftest import MINI_SCHEMA
    from tests.safety.helpers import as_version

    path = tmp_path / "old.annotator"
    with Project.create(path, MINI_SCHEMA) as created:
        add_document(created, "Kofi Annan visited Accra.", "Accra")
    as_version(path, 5)
    with Project.open(path, writer=False) as reader:  # reading never migrates: exports without a cache
        reader.export(tmp_path / "read.jsonl", "jsonl")
    with Project.open(path) as opened:
        assert opened.store.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION
        opened.export(tmp_path / "written.jsonl", "jsonl")
        assert _cached_rows(opened) == 1
    assert (tmp_path / "read.jsonl").read_bytes() == (tmp_path / "written.jsonl").read_bytes()


def test_small_batches_and_writes_cache_every_document(project: Project, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(token_caching, "BATCH", 2)
    monkeypatch.setattr(token_caching, "WRITE_EVERY", 3)
    for number in range(7):
        add_document(project, f"Report {number} from Accra.", f"r{number}")
    project.export(tmp_path / "first.jsonl", "jsonl")
    assert _cached_rows(project) == 7
    project.export(tmp_path / "again.jsonl", "jsonl")
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "first.jsonl").read_bytes()
