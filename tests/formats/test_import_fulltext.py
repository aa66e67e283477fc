"""A large import indexes its documents for search once at its end (the full-text trigger is off while it
inserts): every new document is found, the ones before it too, and a failed import leaves the index and
its trigger as they were."""

from __future__ import annotations

import pytest

from annotator.errors import AnnotatorError
from annotator.store.bulk_upkeep import MIN_BYTES
from tests.conftest import add_document
from tests.formats.import_support import write_jsonl

FILLER = "Officials said the convoy reached the northern crossing before noon. " * 10


def records(count: int, word: str) -> list[dict]:
    return [{"text": f"Report {number} {word}. {FILLER}"} for number in range(count)]


def found(project, word: str) -> int:
    return len(project.search_all(f'"{word}"'))


def test_a_large_import_is_searchable_and_leaves_the_trigger_working(project, tmp_path):
    add_document(project, "Before the import: Zanzibar.")
    source = write_jsonl(tmp_path / "big.jsonl", records(1600, "Quetzal"))
    assert source.stat().st_size > MIN_BYTES  # large enough to take the deferred road

    report = project.import_paths([source])

    assert report.documents == 1600
    assert found(project, "Quetzal") == 1600
    assert found(project, "Zanzibar") == 1
    project.import_paths([write_jsonl(tmp_path / "small.jsonl", [{"text": "After it: Kilimanjaro."}])])
    assert found(project, "Kilimanjaro") == 1  # the trigger indexes row by row again


def test_a_large_import_that_fails_leaves_the_index_as_it_was(project, tmp_path):
    add_document(project, "Before the import: Zanzibar.")
    bad = [*records(1600, "Quetzal"), {"text": "bad", "spans": [{"start": 0, "end": 3, "label": "NOPE"}]}]

    with pytest.raises(AnnotatorError):
        project.import_paths([write_jsonl(tmp_path / "bad.jsonl", bad)])

    assert found(project, "Quetzal") == 0
    assert found(project, "Zanzibar") == 1
    add_document(project, "Later: Kilimanjaro.")
    assert found(project, "Kilimanjaro") == 1
