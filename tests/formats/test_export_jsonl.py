"""The JSONL (Prodigy-shaped) export and the export verb around every writer."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.jobs import Cancelled, JobControl
from annotator.core.model import Annotated, Document, Span
from annotator.errors import AnnotatorError
from annotator.formats.jsonl_writer import NON_FINITE, OFF_TOKENS
from annotator.formats.registry import WRITERS
from annotator.project import Project
from tests.conftest import MINI_SCHEMA, TORTURE_TEXT, sha
from tests.formats.export_helpers import STAMP, annotated_project, insert, read_jsonl

EXPECTED_LINE = (
    '{"text": "Rebels shelled Aleppo.", '
    '"meta": {"title": "Aleppo attack", "status": "done", "id": "a1", "source": "wire"}, '
    '"tokens": [{"text": "Rebels", "start": 0, "end": 6, "id": 0, "ws": true}, '
    '{"text": "shelled", "start": 7, "end": 14, "id": 1, "ws": true}, '
    '{"text": "Aleppo", "start": 15, "end": 21, "id": 2, "ws": false}, '
    '{"text": ".", "start": 21, "end": 22, "id": 3, "ws": false}], '
    '"spans": [{"id": 0, "start": 0, "end": 6, "text": "Rebels", "label": "ORG", "kind": "entity", '
    '"token_start": 0, "token_end": 0, "annotator": "ann", "source": "import", "created_at": "STAMP"}, '
    '{"id": 1, "start": 7, "end": 14, "text": "shelled", "label": "Conflict.Attack", "kind": "trigger", '
    '"token_start": 1, "token_end": 1, "annotator": "ann", "source": "import", "created_at": "STAMP"}, '
    '{"id": 2, "start": 15, "end": 21, "text": "Aleppo", "label": "GPE", "kind": "entity", '
    '"token_start": 2, "token_end": 2, "annotator": "ann", "source": "import", "created_at": "STAMP", '
    '"confidence": 0.75}], '
    '"relations": [{"head": 1, "child": 0, '
    '"head_span": {"start": 7, "end": 14, "token_start": 1, "token_end": 1, "label": "Conflict.Attack"}, '
    '"child_span": {"start": 0, "end": 6, "token_start": 0, "token_end": 0, "label": "ORG"}, '
    '"label": "Attacker"}, {"head": 1, "child": 2, '
    '"head_span": {"start": 7, "end": 14, "token_start": 1, "token_end": 1, "label": "Conflict.Attack"}, '
    '"child_span": {"start": 15, "end": 21, "token_start": 2, "token_end": 2, "label": "GPE"}, '
    '"label": "Place"}], '
    '"events": [{"id": 0, "type": "Conflict.Attack", '
    '"trigger": {"span": 1, "start": 7, "end": 14, "text": "shelled"}, '
    '"arguments": [{"role": "Attacker", "span": 0, "start": 0, "end": 6, "text": "Rebels", "label": "ORG"}, '
    '{"role": "Place", "span": 2, "start": 15, "end": 21, "text": "Aleppo", "label": "GPE"}], '
    '"annotator": "ann", "source": "import", "created_at": "STAMP"}], '
    '"answer": "accept"}\n'
).replace("STAMP", STAMP)


def test_a_hand_checked_record_byte_for_byte(project: Project, tmp_path: Path) -> None:
    insert(project, "Rebels shelled Aleppo.", "Aleppo attack",
           [("Aleppo", "GPE", 0.75), ("shelled", "Conflict.Attack"), ("Rebels", "ORG")],
           [("shelled", "Conflict.Attack", {"Place": "Aleppo", "Attacker": "Rebels"})],
           status="done", meta={"source": "wire", "id": "a1", "title": "overridden by the document title"})
    out = tmp_path / "out.jsonl"
    report = project.export(out, "jsonl")
    assert out.read_bytes().decode("utf-8") == EXPECTED_LINE
    assert (report.documents, report.spans, report.events) == (1, 3, 1)
    assert report.problems == {}
    assert report.summary_lines() == [f"exported 1 documents (3 spans, 1 events) as jsonl to {out}"]


def test_export_is_deterministic(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    project.export(tmp_path / "a.jsonl", "jsonl")
    project.export(tmp_path / "b.jsonl", "jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_hostile_unicode_keeps_exact_offsets(project: Project, tmp_path: Path) -> None:
    insert(project, TORTURE_TEXT, "torture",
           [("👩‍👩‍👧", "PERSON"), ("🇬🇭", "GPE"), ("Accra", "GPE"), ("Zoe\u0308", "PERSON"),
            ("بشار الأسد", "PERSON"), ("בנימין נתניהו", "PERSON"), ("shell", "Conflict.Attack"),
            ("Dei\u00adr ez-Zor", "GPE"), ("Monday", "DATE"), ("<b>dawn</b>", "DATE")],
           [("shell", "Conflict.Attack", {"Place": "Dei\u00adr ez-Zor", "Time": "Monday"})])
    out = tmp_path / "torture.jsonl"
    report = project.export(out, "jsonl")
    raw = out.read_text(encoding="utf-8")
    assert raw.count("\n") == 1 and raw.endswith("\n")
    assert "\u2028" in raw and "\u2029" in raw and "\\r\\n" in raw
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False) + "\n"
    (record,) = read_jsonl(out)
    assert record["text"] == TORTURE_TEXT
    for token in record["tokens"]:
        assert TORTURE_TEXT[token["start"] : token["end"]] == token["text"]
    for span in record["spans"]:
        assert TORTURE_TEXT[span["start"] : span["end"]] == span["text"]
        assert record["tokens"][span["token_start"]]["start"] == span["start"]
        assert record["tokens"][span["token_end"]]["end"] == span["end"]
    assert len(record["spans"]) == 10
    assert record["events"][0]["arguments"][0]["text"] == "Dei\u00adr ez-Zor"
    assert report.problems == {}


def test_spans_off_token_edges_keep_offsets_and_are_reported(project: Project, tmp_path: Path) -> None:
    insert(project, "Shelling hit the\u200bmarket in Accra.", "market",
           [("market", "ORG"), ("Acc", "GPE")])
    out = tmp_path / "out.jsonl"
    report = project.export(out, "jsonl")
    (record,) = read_jsonl(out)
    spans = {span["text"]: span for span in record["spans"]}
    tokens = record["tokens"]
    assert tokens[spans["market"]["token_start"]]["text"] == "the\u200bmarket"
    assert spans["market"]["token_start"] == spans["market"]["token_end"]
    assert tokens[spans["Acc"]["token_start"]]["text"] == "Accra"
    kind = f"entity spans not on token boundaries ({OFF_TOKENS})"
    assert report.problem_counts[kind] == 2
    assert report.problems[kind] == ["'market': 'market'", "'market': 'Acc'"]
    assert f"warning: 2 {kind}" in report.summary_lines()[1]


def test_status_and_label_filters(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "done.jsonl"
    report = project.export(out, "jsonl", status="done", labels=["GPE", "Life.Die"])
    (record,) = read_jsonl(out)
    assert record["meta"]["title"] == "Aleppo"
    assert [(span["text"], span["label"]) for span in record["spans"]] == [
        ("Aleppo", "GPE"), ("killing", "Life.Die")]
    assert [(event["type"], [a["role"] for a in event["arguments"]]) for event in record["events"]] == [
        ("Life.Die", ["Place"])]
    assert (report.documents, report.spans, report.events) == (1, 2, 1)
    project.export(tmp_path / "new.jsonl", "jsonl", status="new")
    assert [record["meta"]["title"] for record in read_jsonl(tmp_path / "new.jsonl")] == ["Accra"]


def cancelling_after(documents: int, progress: list[tuple[int, int]]) -> JobControl:
    def report(done: int, total: int, _message: str) -> None:
        progress.append((done, total))
        if done == documents:
            control.cancel()

    control = JobControl(report)
    return control


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_cancel_leaves_no_output_behind(project: Project, tmp_path: Path, fmt: str) -> None:
    annotated_project(project)
    exports = tmp_path / "exports"
    exports.mkdir()
    progress: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        project.export(exports / "out", fmt, control=cancelling_after(1, progress))
    assert progress == [(0, 2), (1, 2)]
    assert list(exports.iterdir()) == []


def test_cancel_keeps_an_older_export(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "out.jsonl"
    out.write_text("older export")
    with pytest.raises(Cancelled):
        project.export(out, "jsonl", control=cancelling_after(1, []))
    assert out.read_text() == "older export"


def test_progress_reaches_the_total(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    progress: list[tuple[int, int]] = []
    control = JobControl(lambda done, total, _message: progress.append((done, total)))
    project.export(tmp_path / "out.jsonl", "jsonl", control=control)
    assert progress == [(0, 2), (1, 2), (2, 2)]


def test_a_span_that_no_longer_matches_its_text_stops_the_export(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "out.jsonl"
    out.write_text("older export")
    project.close()
    with sqlite3.connect(project.path) as conn:
        conn.execute("UPDATE spans SET text = 'Damascus' WHERE text = 'Aleppo'")
    reopened = Project.open(project.path, writer=False)
    try:
        with pytest.raises(AnnotatorError, match="'Damascus'"):
            reopened.export(out, "jsonl")
    finally:
        reopened.close()
    assert out.read_text() == "older export"


def test_unknown_format_status_and_label_are_user_errors(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(AnnotatorError, match=r"unknown export format 'xml'.*jsonl, spacy, brat, doccano"):
        project.export(out, "xml")
    with pytest.raises(AnnotatorError, match="unknown status 'finished'"):
        project.export(out, "jsonl", status="finished")
    with pytest.raises(AnnotatorError, match="no label 'PERSN'"):
        project.export(out, "jsonl", labels=["PERSN"])
    with pytest.raises(AnnotatorError, match="does not exist"):
        project.export(tmp_path / "missing" / "out.jsonl", "jsonl")
    assert not out.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1,
                                    max_size=80))
def test_random_text_and_spans_export_exactly(tmp_path_factory, data, text: str) -> None:
    folder = tmp_path_factory.mktemp("prop")
    spans = []
    for _ in range(data.draw(st.integers(0, 6))):
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        spans.append(Span(start, end, data.draw(st.sampled_from(["PERSON", "GPE", "ORG"]))))
    with Project.create(folder / "p.annotator", MINI_SCHEMA) as project:
        with project.store.atomic():
            project.store.insert_annotated([Annotated(Document(text, "t", sha256=sha(text)), tuple(spans))],
                                           annotator="prop", source="test")
        project.export(folder / "out.jsonl", "jsonl")
    (record,) = read_jsonl(folder / "out.jsonl")
    assert (folder / "out.jsonl").read_text(encoding="utf-8") == json.dumps(record, ensure_ascii=False) + "\n"
    assert record["text"] == text
    tokens = record["tokens"]
    assert "".join(t["text"] + (" " if t["ws"] else "") for t in tokens) == text
    assert [t["id"] for t in tokens] == list(range(len(tokens)))
    assert sorted((s["start"], s["end"], s["label"]) for s in record["spans"]) == sorted(
        (s.start, s.end, s.label) for s in spans)
    for span in record["spans"]:
        assert text[span["start"] : span["end"]] == span["text"]
        assert 0 <= span["token_start"] <= span["token_end"] < len(tokens)
        first, last = tokens[span["token_start"]], tokens[span["token_end"]]
        overlapping = [t["id"] for t in tokens if t["start"] < span["end"] and span["start"] < t["end"]]
        if overlapping:
            assert [first["id"], last["id"]] == [overlapping[0], overlapping[-1]]


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "dygiepp"])
def test_nan_and_infinity_in_older_projects_are_written_as_strings_and_reported(project: Project,
                                                                                 tmp_path: Path, fmt) -> None:
    meta = {"score": float("nan"), "range": [float("inf"), float("-inf")], "fine": 1.5}
    insert(project, "Kofi Annan visited Accra.", "odd numbers", [("Kofi Annan", "PERSON")], meta=meta)
    out = tmp_path / "out.jsonl"

    report = project.export(out, fmt)

    (line,) = out.read_text(encoding="utf-8").splitlines()
    record = json.loads(line, parse_constant=_refuse_constant)
    if fmt != "dygiepp":  # DyGIE++ records carry no meta
        expected = {"score": "NaN", "range": ["Infinity", "-Infinity"], "fine": 1.5}
        assert {key: record["meta"][key] for key in meta} == expected
        assert report.problem_counts == {NON_FINITE: 1}
        assert "'odd numbers': 'Infinity, -Infinity, NaN'" in report.summary_lines()[1]
