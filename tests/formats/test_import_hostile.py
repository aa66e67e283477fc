"""Inputs that break naive JSON readers: a clear message with file and line, never a traceback."""

from __future__ import annotations

import pytest

from annotator.core.project import Project
from annotator.errors import AnnotatorError
from annotator.formats.importing import import_paths


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "abc", "meta": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
        ('{"text": "a\\ud800b"}', r"unpaired surrogate escape \(\\ud800\)"),
        ('{"text": "abc", "meta": {"source": "\\udc00"}}', "unpaired surrogate"),
    ],
)
def test_hostile_json_is_refused_with_file_and_line(project: Project, tmp_path, line, message) -> None:
    source = tmp_path / "hostile.jsonl"
    source.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=message) as refused:
        import_paths(project.store, [source])
    assert "hostile.jsonl, line 2" in str(refused.value)
    assert project.store.document_count() == 0


def test_escaped_surrogate_pairs_are_characters(project: Project, tmp_path) -> None:
    source = tmp_path / "pairs.jsonl"
    source.write_text('{"text": "ok \\ud83d\\ude00 fine", "spans": [{"start": 3, "end": 4, '
                      '"label": "PERSON", "text": "\\ud83d\\ude00"}]}\n', encoding="utf-8")
    import_paths(project.store, [source])
    (doc_id,) = project.store.document_ids()
    assert project.document(doc_id).text == "ok 😀 fine"
    assert project.spans(doc_id)[0].text == "😀"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "abc", "meta": {"n": 1' + "0" * 5000 + "}}", "more than 4300 digits"),
        ('{"text": "abc", "meta": {"x": NaN}}', r"NaN/Infinity are not valid JSON \(found NaN\)"),
        ('{"text": "abc", "meta": {"x": -Infinity}}', r"NaN/Infinity are not valid JSON \(found -Infinity\)"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "PERSON", "confidence": Infinity}]}',
         "NaN/Infinity are not valid JSON"),
        ('{"text": "abc", "meta": {"x": 1e999}}', "too large"),
    ],
)
def test_numbers_json_cannot_hold_are_refused_with_file_and_line(project: Project, tmp_path, line,
                                                                 message) -> None:
    source = tmp_path / "numbers.jsonl"
    source.write_text('{"text": "fine"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(AnnotatorError, match=message) as refused:
        import_paths(project.store, [source])
    assert "numbers.jsonl, line 2" in str(refused.value)
    assert project.store.document_count() == 0
