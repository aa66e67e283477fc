"""The spaCy DocBin export, read back with spaCy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.errors import AnnotatorError
from annotator.formats import docbin_file, spacy_writer
from annotator.formats.export_report import ExportReport
from annotator.project import Project
from tests.conftest import TORTURE_TEXT
from tests.formats.export_helpers import annotated_project, insert


def read_docs(path: Path) -> list[spacy.tokens.Doc]:
    return list(DocBin().from_disk(path).get_docs(spacy.blank("en").vocab))


def as_json(value: object) -> object:
    """DocBin's msgpack hands lists back as tuples; compare the JSON-shaped value."""
    return json.loads(json.dumps(value))


def test_entities_spans_triggers_and_events_land_where_documented(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "train.spacy"
    report = project.export(out, "spacy")
    first, second = read_docs(out)
    assert [(ent.text, ent.label_) for ent in first.ents] == [
        ("Rebels", "ORG"), ("Aleppo", "GPE"), ("Monday", "DATE"), ("Omar Haddad", "PERSON")]
    assert [(span.text, span.label_) for span in first.spans["sc"]] == [
        (ent.text, ent.label_) for ent in first.ents]
    assert [(span.text, span.label_) for span in first.spans["triggers"]] == [
        ("shelled", "Conflict.Attack"), ("killing", "Life.Die")]
    assert first.user_data["title"] == "Aleppo"
    assert first.user_data["meta"] == {"title": "Aleppo", "status": "done", "id": "a1", "source": "wire"}
    assert as_json(first.user_data["events"]) == [
        {"type": "Conflict.Attack", "trigger": [7, 14],
         "arguments": [{"role": "Attacker", "start": 0, "end": 6, "label": "ORG"},
                       {"role": "Place", "start": 15, "end": 21, "label": "GPE"},
                       {"role": "Time", "start": 25, "end": 31, "label": "DATE"}]},
        {"type": "Life.Die", "trigger": [33, 40],
         "arguments": [{"role": "Place", "start": 15, "end": 21, "label": "GPE"},
                       {"role": "Victim", "start": 41, "end": 52, "label": "PERSON"}]},
    ]
    assert [(ent.text, ent.label_) for ent in second.ents] == [("Kofi Annan", "PERSON"), ("Accra", "GPE")]
    assert as_json(second.user_data["events"]) == []
    assert report.problems == {}


def test_overlapping_entities_keep_the_longest_in_ents_and_all_in_sc(project: Project,
                                                                     tmp_path: Path) -> None:
    insert(project, "The Bank of Ghana in Accra said so.", "bank",
           [("Bank of Ghana", "ORG"), ("Ghana", "GPE"), ("Accra", "GPE"), ("Bank", "ORG")])
    out = tmp_path / "train.spacy"
    report = project.export(out, "spacy")
    (doc,) = read_docs(out)
    assert [ent.text for ent in doc.ents] == ["Bank of Ghana", "Accra"]
    assert [span.text for span in doc.spans["sc"]] == ["Bank", "Bank of Ghana", "Ghana", "Accra"]
    assert report.problem_counts == {spacy_writer.OVERLAPPING: 2}
    assert report.problems[spacy_writer.OVERLAPPING] == ["'bank': 'Bank'", "'bank': 'Ghana'"]


def test_spans_off_token_edges_are_left_out_and_reported(project: Project, tmp_path: Path) -> None:
    insert(project, "A shell hit the\u200bmarket in Accra.", "market",
           [("market", "ORG"), ("ccra", "GPE"), ("shell", "Conflict.Attack"), ("Accra", "GPE")],
           [("shell", "Conflict.Attack", {"Target": "market"})])
    out = tmp_path / "train.spacy"
    report = project.export(out, "spacy")
    (doc,) = read_docs(out)
    assert [ent.text for ent in doc.ents] == ["Accra"]
    assert [span.text for span in doc.spans["sc"]] == ["Accra"]
    assert as_json(doc.user_data["events"][0]["arguments"]) == [
        {"role": "Target", "start": 16, "end": 22, "label": "ORG"}]
    kind = f"entity spans not on token boundaries ({spacy_writer.LEFT_OUT})"
    assert report.problem_counts == {kind: 2}


def test_hostile_unicode_round_trips_through_the_docbin(project: Project, tmp_path: Path) -> None:
    names = ["👩‍👩‍👧", "🇬🇭", "Zoe\u0308", "بشار الأسد", "בנימין נתניהו", "Dei\u00adr ez-Zor", "Monday"]
    insert(project, TORTURE_TEXT, "torture", [(name, "PERSON") for name in names])
    out = tmp_path / "train.spacy"
    report = project.export(out, "spacy")
    (doc,) = read_docs(out)
    assert doc.text == TORTURE_TEXT
    assert sorted(span.text for span in doc.spans["sc"]) == sorted(names)
    for span in doc.spans["sc"]:
        assert TORTURE_TEXT[span.start_char : span.end_char] == span.text
    assert report.problems == {}


def test_an_output_without_the_spacy_suffix_is_a_folder_of_parts(project: Project, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    annotated_project(project)
    monkeypatch.setattr(spacy_writer, "PART_SIZE", 1)
    out = tmp_path / "corpus"
    project.export(out, "spacy")
    assert sorted(path.name for path in out.iterdir()) == ["part-00000.spacy", "part-00001.spacy"]
    assert [doc.user_data["title"] for path in sorted(out.iterdir()) for doc in read_docs(path)] == [
        "Aleppo", "Accra"]
    project.export(out, "spacy", status="new")
    assert [path.name for path in out.iterdir()] == ["part-00000.spacy"]


def test_one_file_merged_on_disk_from_parts_is_what_spacy_writes_in_one_piece(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    annotated_project(project)
    insert(project, TORTURE_TEXT, "torture", [])
    monkeypatch.setattr(spacy_writer, "PART_SIZE", 1)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "train.spacy"
    project.export(out, "spacy")
    whole = spacy_writer._docbin(list(project.annotated()), project.schema, ExportReport(out, "spacy"))
    merged, expected = DocBin().from_disk(out), DocBin().from_bytes(whole.to_bytes())
    fields = ("attrs", "strings", "cats", "flags", "span_groups", "user_data")
    assert [getattr(merged, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert [t.tolist() for t in merged.tokens] == [t.tolist() for t in expected.tokens]
    assert [s.tolist() for s in merged.spaces] == [s.tolist() for s in expected.spaces]
    assert [doc.text for doc in read_docs(out)] == [item.document.text for item in project.annotated()]
    assert [path.name for path in out.parent.iterdir()] == ["train.spacy"]


def test_an_export_of_no_documents_is_an_empty_docbin(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "none.spacy"
    project.export(out, "spacy")
    assert read_docs(out) == []


def test_token_columns_past_msgpack_s_limit_stop_with_e207_and_leave_nothing(
        project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    annotated_project(project)
    monkeypatch.setattr(docbin_file, "MSGPACK_BIN_LIMIT", 10)
    (tmp_path / "out").mkdir()
    with pytest.raises(AnnotatorError) as raised:
        project.export(tmp_path / "out" / "big.spacy", "spacy")
    assert raised.value.code == "E207"
    assert list((tmp_path / "out").iterdir()) == []


def test_status_and_label_filters(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "done.spacy"
    report = project.export(out, "spacy", status="done", labels=["PERSON", "Life.Die"])
    (doc,) = read_docs(out)
    assert doc.user_data["title"] == "Aleppo"
    assert [(ent.text, ent.label_) for ent in doc.ents] == [("Omar Haddad", "PERSON")]
    assert [span.text for span in doc.spans["triggers"]] == ["killing"]
    assert as_json(doc.user_data["events"]) == [
        {"type": "Life.Die", "trigger": [33, 40],
         "arguments": [{"role": "Victim", "start": 41, "end": 52, "label": "PERSON"}]}]
    assert (report.documents, report.spans, report.events) == (1, 2, 1)
