"""Duplicates across and within an import's batches: a batch's documents go in at once, the texts' unique
index leaving out each repeat (then told apart by one query), and every span stays on its own document."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.project import Project
from annotator.project.importing import BATCH


def _line(number: int) -> str:
    text = f"Report {number}: Omar Haddad spoke in Aleppo."
    start = text.index("Omar")
    return json.dumps({"text": text, "meta": {"title": f"doc {number}"},
                       "spans": [{"start": start, "end": start + 11, "label": "PERSON"}]})


def test_repeats_in_later_batches_and_within_one_are_skipped_and_spans_stay_put(
        project: Project, tmp_path: Path) -> None:
    project.import_paths([_write(tmp_path / "earlier.jsonl", [_line(5)])])
    numbers = [1000 + n for n in range(BATCH * 2 + 40)]
    numbers[BATCH + 7] = numbers[10]  # repeats a document of the first batch
    numbers[BATCH + 9] = numbers[BATCH + 8]  # repeats one of its own batch
    numbers[-1] = 5  # already in the project
    report = project.import_paths([_write(tmp_path / "batches.jsonl", [_line(n) for n in numbers])])
    assert report.duplicates == ["doc 1010 (repeats a document earlier in this import)",
                                 f"doc {numbers[BATCH + 8]} (repeats a document earlier in this import)",
                                 "doc 5 (already in the project)"]
    assert report.documents == len(numbers) - 3 and report.spans == report.documents
    stored = list(project.store.stream())
    assert len(stored) == report.documents + 1
    for item in stored:
        (span,) = item.spans
        assert item.document.text[span.start:span.end] == "Omar Haddad"
        assert item.document.title == f"doc {item.document.text.split(':')[0].split()[1]}"


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
