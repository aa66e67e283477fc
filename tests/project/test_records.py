"""Event records through the facade: candidates from the project's rows, the record table in CSV and
JSONL (offsets exact), and the CLI command."""

from __future__ import annotations

import csv
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from annotator.cli import cli
from annotator.core.candidate_ignores import IgnoreCandidates
from annotator.core.record_edits import AddToRecord, CreateRecord, RetitleRecord, SetRecordField
from annotator.core.records import BY_HAND, FROM_ARGUMENT, FROM_ATTRIBUTE
from annotator.errors import AnnotatorError
from annotator.formats.record_table import CSV_EVIDENCE
from tests.records_sample import CLASH, TAKES, Sample


def filled(sample: Sample) -> int:
    """One record of the two Abu Kamal reports, its fields from both and by hand."""
    project = sample.project
    _, changes = project.apply(CreateRecord(sample.docs[0], sample.events[0]))
    (record_id,) = changes.records
    project.apply(AddToRecord(sample.docs[1], sample.events[1], record_id))
    for name, kind, event, source in (("actor1", FROM_ARGUMENT, 1, "Actor1"),
                                      ("location", FROM_ARGUMENT, 0, "Location"),
                                      ("event_date", FROM_ARGUMENT, 1, "Date"),
                                      ("fatalities", FROM_ATTRIBUTE, 0, "fatalities")):
        project.apply(SetRecordField(record_id, name, kind, event_id=sample.events[event], source=source))
    project.apply(SetRecordField(record_id, "notes", BY_HAND, value='Two reports; "12 dead", «Résumé»'))
    return record_id


def test_the_second_report_is_offered_the_first_reports_record_with_reasons(sample: Sample) -> None:
    project = sample.project
    _, changes = project.apply(CreateRecord(sample.docs[0], sample.events[0]))
    (record_id,) = changes.records
    (candidate,) = project.record_candidates(sample.events[1])
    assert candidate.record_id == record_id
    assert candidate.explanation() == "same type, shares actor ISIS, shares location Abu Kamal, same day"
    assert project.record_candidates(sample.events[2]) == []  # another type
    assert project.record_candidates(sample.events[0]) == []  # already in a record


def test_a_records_fields_count_as_its_facts(sample: Sample) -> None:
    project = sample.project
    _, changes = project.apply(CreateRecord(sample.docs[1], sample.events[1]))
    (record_id,) = changes.records
    project.apply(SetRecordField(record_id, "event_date", BY_HAND, value="2019-03-04"))
    (candidate,) = project.record_candidates(sample.events[0])
    assert "same day" in candidate.reasons  # the mention's own "on Sunday" gives 3 March too


def test_csv_rows_cite_exact_offsets_and_read_back(sample: Sample, tmp_path: Path) -> None:
    filled(sample)
    out = tmp_path / "records.csv"
    result = CliRunner().invoke(cli, ["records", "export", str(sample.project.path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "exported 1 record to" in result.output
    with out.open(encoding="utf-8", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert row["event_id_cnty"] == "R1" and row["event_type"] == "Battles"
    assert row["sub_event_type"] == "Non-state actor overtakes territory"
    assert (row["actor1"], row["location"], row["event_date"], row["year"], row["fatalities"]) == (
        "ISIS", "Abu Kamal", "2019-03-03", "2019", "12")
    assert row["notes"] == 'Two reports; "12 dead", «Résumé»'
    assert row["source"] == "Reuters: Abu Kamal falls; AFP: town captured" and row["source_count"] == "2"
    texts = {sample.project.document_summary(d).title: sample.project.text(d) for d in sample.docs}
    for name in ("actor1", "location", "event_date", "fatalities"):
        text = texts[row[f"{name}.document"]]
        start, end = int(row[f"{name}.start"]), int(row[f"{name}.end"])
        assert text[start:end] == row[f"{name}.quote"], name
    assert row["actor1.quote"] == "Islamic State" and row["event_date.quote"] == "on Sunday"
    assert row["notes.set_by"] == "analyst" and row["notes.start"] == "" and row["actor2.quote"] == ""
    assert [f"{name}.{part}" for name in ("event_date",) for part in CSV_EVIDENCE] == [
        "event_date.document", "event_date.sha256", "event_date.start", "event_date.end", "event_date.quote",
        "event_date.set_by"]
    assert len(row["mentions"].split("|")) == 2


def test_jsonl_nests_the_evidence_and_the_mentions(sample: Sample, tmp_path: Path) -> None:
    filled(sample)
    out = tmp_path / "table.txt"
    result = CliRunner().invoke(cli, ["records", "export", str(sample.project.path), "-o", str(out),
                                      "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["fatalities"] == 12 and record["event_id_cnty"] == "R1"
    evidence = record["evidence"]["actor1"]
    text = sample.project.text(evidence["doc_id"])
    assert text[evidence["start"]:evidence["end"]] == evidence["quote"] == "Islamic State"
    assert evidence["kind"] == "argument" and evidence["from"] == "Actor1"
    assert evidence["entity_id"] == sample.entities["ISIS"]
    assert record["evidence"]["notes"]["kind"] == "hand" and record["evidence"]["notes"]["start"] is None
    for mention in record["mentions"]:
        assert sample.project.text(mention["doc_id"])[mention["start"]:mention["end"]] == mention["trigger"]


def test_an_unknown_suffix_is_refused_with_a_code_and_nothing_is_written(sample: Sample, tmp_path: Path
                                                                          ) -> None:
    out = tmp_path / "records.xlsx"
    result = CliRunner().invoke(cli, ["records", "export", str(sample.project.path), "-o", str(out)])
    assert result.exit_code == 1 and "E662" in result.output
    assert not out.exists()
    with pytest.raises(AnnotatorError) as caught:
        sample.project.export_records(out)
    assert caught.value.code == "E662"



@pytest.mark.parametrize("verb", [("records", "export"), ("entities", "export")])
def test_a_folder_as_the_output_is_said_to_be_a_folder(sample: Sample, tmp_path: Path, verb) -> None:
    """Not "cannot tell the format of '' files" (the folder's name was read for a suffix)."""
    result = CliRunner().invoke(cli, [*verb, str(sample.project.path), "-o", str(tmp_path)])
    assert result.exit_code == 1 and "[E202]" in result.output and "folder" in result.output


def test_an_export_is_atomic(sample: Sample, tmp_path: Path, monkeypatch) -> None:
    filled(sample)
    out = tmp_path / "records.csv"
    out.write_text("earlier", encoding="utf-8")

    def broken(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.formats.record_table.csv.writer", broken)
    with pytest.raises(AnnotatorError):
        sample.project.export_records(out)
    assert out.read_text(encoding="utf-8") == "earlier"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_candidates_over_many_records_answer_quickly(sample: Sample) -> None:
    """Not a benchmark: a sanity bound that the candidate query stays a few queries, not one per record."""
    project = sample.project
    with project.store.atomic():
        rows = project.store.annotations
        from annotator.core.records import EventRecord, RecordField

        for number in range(2000):
            record = rows.add_record(EventRecord(sample.project.event(sample.events[0]).type, f"r{number}"))
            rows.set_record_field(record.id, RecordField("event_date", f"2019-0{1 + number % 9}-01"))
    started = time.perf_counter()
    project.record_candidates(sample.events[1])
    assert time.perf_counter() - started < 1.0


def test_the_jsonl_document_export_carries_each_events_record_and_reads_back(sample: Sample,
                                                                            tmp_path: Path) -> None:
    from annotator.project import Project

    filled(sample)
    out = tmp_path / "docs.jsonl"
    report = sample.project.export(out, "jsonl")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [event.get("record") for line in lines for event in line["events"]] == ["R1", "R1", None]
    original = sample.project.records()[0]
    assert len(original.uid) == 32
    assert lines[0]["records"] == [{"record": "R1", "type": original.type,
                                    "title": "seized (Reuters: Abu Kamal falls)", "uid": original.uid}]
    assert "records" not in lines[2] and not report.problem_counts
    with Project.create(tmp_path / "copy.annotator", "acled") as copy:
        copy.import_paths([out])
        (detail,) = copy.record_details()
        assert detail.record.title == "seized (Reuters: Abu Kamal falls)"
        assert detail.record.uid == original.uid  # the copy keeps the uid, so later imports join it
        assert [(m.title, m.trigger) for m in detail.mentions] == [
            ("Reuters: Abu Kamal falls", "seized"), ("AFP: town captured", "captured")]
        assert detail.fields == ()  # fields go out with 'records export', not with the documents
        again = tmp_path / "again.jsonl"
        copy.export(again, "jsonl")
    assert [json.loads(line)["records"] for line in again.read_text(encoding="utf-8").splitlines()[:2]] == [
        line["records"] for line in lines[:2]]


def test_formats_without_records_say_they_left_them_out(sample: Sample, tmp_path: Path) -> None:
    filled(sample)
    report = sample.project.export(tmp_path / "docs.conll", "conll")
    kind = "events' places in event records (left out: conll has no place for them)"
    assert report.problem_counts[kind] == 2


def test_a_jsonl_line_naming_an_unlisted_record_is_refused(sample: Sample, tmp_path: Path) -> None:
    from annotator.project import Project

    filled(sample)
    out = tmp_path / "docs.jsonl"
    sample.project.export(out, "jsonl")
    first, *rest = out.read_text(encoding="utf-8").splitlines()
    broken = json.loads(first)
    del broken["records"]
    out.write_text("\n".join([json.dumps(broken, ensure_ascii=False), *rest]) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "copy.annotator", "acled") as copy, \
            pytest.raises(AnnotatorError) as caught:
        copy.import_paths([out])
    assert caught.value.code == "E665" and "docs.jsonl" in str(caught.value)
    broken["records"] = [{"record": 1}]
    out.write_text(json.dumps(broken, ensure_ascii=False) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "copy2.annotator", "acled") as copy, \
            pytest.raises(AnnotatorError) as caught:
        copy.import_paths([out])
    assert caught.value.code == "E664"


def test_stats_count_records_mentions_fields_and_ignored_candidates(sample: Sample) -> None:
    assert sample.project.stats()["event records"] == {}
    filled(sample)
    sample.project.apply(IgnoreCandidates(sample.docs[2], sample.events[2]))
    stats = sample.project.stats()
    assert stats["event records"] == {TAKES: 1}
    assert stats["record mentions"] == {TAKES: 2}
    assert stats["record fields set"] == {"actor1": 1, "event_date": 1, "fatalities": 1, "location": 1,
                                          "notes": 1}
    assert stats["ignored candidates"] == {CLASH: 1}
    sample.project.close()
    result = CliRunner().invoke(cli, ["stats", str(sample.project.path)])
    sample.project = type(sample.project).open(sample.project.path)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "event records: 1" in lines and "record mentions: 2" in lines and "record fields set: 5" in lines
    assert "ignored candidates: 1" in lines
    assert any(line.split() == ["actor1", "1"] for line in lines)


def exported_lines(sample: Sample, tmp_path: Path) -> list[dict]:
    filled(sample)
    out = tmp_path / "docs.jsonl"
    sample.project.export(out, "jsonl")
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def write_lines(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_later_import_joins_the_record_its_uid_names_instead_of_making_another(sample: Sample,
                                                                               tmp_path: Path) -> None:
    from annotator.project import Project

    lines = exported_lines(sample, tmp_path)
    uid = sample.project.records()[0].uid
    with Project.create(tmp_path / "other.annotator", "acled") as other:
        other.import_paths([write_lines(tmp_path / "first.jsonl", lines[:1])])
        (made,) = other.records()
        other.apply(RetitleRecord(made.id, "Fall of Abu Kamal"))
        other.import_paths([write_lines(tmp_path / "rest.jsonl", lines[1:])])
        (detail,) = other.record_details()
        assert detail.record.uid == uid and detail.record.title == "Fall of Abu Kamal"  # the project's title
        assert [m.trigger for m in detail.mentions] == ["seized", "captured"]
        lines[1]["records"][0].pop("uid")  # without a uid the key names a new record, as before
        changed_text = {**lines[1], "text": lines[1]["text"] + " "}  # a new document, same offsets
        other.import_paths([write_lines(tmp_path / "keyed.jsonl", [changed_text])])
        assert [len(d.mentions) for d in other.record_details()] == [2, 1]


def test_a_uid_joining_a_record_of_another_type_refuses_the_whole_import(sample: Sample,
                                                                        tmp_path: Path) -> None:
    from annotator.project import Project

    lines = exported_lines(sample, tmp_path)
    clash = lines[2]
    clash["events"][0]["record"] = "R1"
    clash["records"] = [dict(lines[0]["records"][0])]
    with Project.create(tmp_path / "other.annotator", "acled") as other:
        other.import_paths([write_lines(tmp_path / "first.jsonl", lines[:1])])
        before = other.stats()
        with pytest.raises(AnnotatorError) as caught:
            other.import_paths([write_lines(tmp_path / "two.jsonl", [lines[1], clash])])
        assert caught.value.code == "E651"
        assert other.stats() == before and other.document_count() == 1  # all or nothing
        clash["records"][0]["uid"] = "not a uid!"
        with pytest.raises(AnnotatorError) as bad:
            other.import_paths([write_lines(tmp_path / "bad.jsonl", [clash])])
        assert bad.value.code == "E686"
