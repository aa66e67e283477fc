"""Importing JSONL: every shape the reader recognises, every bad record it must refuse."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.jobs import Cancelled, JobControl
from annotator.errors import AnnotatorError
from annotator.formats import text_reader
from annotator.project import Project
from tests.conftest import MINI_SCHEMA, TORTURE_TEXT
from tests.formats.import_support import snapshot, stored, write_jsonl

TEXT = "Rebels shelled Aleppo on Monday, killing Omar Haddad."


def spans_of(text: str, *pieces: tuple[str, str]) -> list[dict]:
    spans = []
    for needle, label in pieces:
        start = text.index(needle)
        spans.append({"start": start, "end": start + len(needle), "label": label, "text": needle})
    return spans


def test_text_and_meta_become_title_status_and_document_meta(project, tmp_path):
    source = write_jsonl(tmp_path / "plain.jsonl", [
        {"text": "first", "meta": {"title": "One", "status": "done", "url": "https://example.org/1"}},
        {"text": "second", "meta": {"status": "not-a-status"}},
        {"text": "third"},
    ])

    project.import_paths([source])

    documents = stored(project)
    assert [(d["title"], d["status"], d["meta"]) for d in documents] == [
        ("One", "done", {"url": "https://example.org/1"}),
        ("plain 2", "new", {"status": "not-a-status"}),
        ("plain 3", "new", {}),
    ]


def test_prodigy_spans_with_triggers(project, tmp_path):
    spans = spans_of(TEXT, ("Rebels", "ORG"), ("Aleppo", "GPE"))
    spans.append({**spans_of(TEXT, ("shelled", "Conflict.Attack"))[0], "kind": "trigger",
                  "token_start": 1, "token_end": 1})
    source = write_jsonl(tmp_path / "prodigy.jsonl", [{"text": TEXT, "spans": spans, "answer": "accept"}])

    report = project.import_paths([source])

    assert stored(project)[0]["spans"] == [(0, 6, "ORG", "entity"), (7, 14, "Conflict.Attack", "trigger"),
                                           (15, 21, "GPE", "entity")]
    assert report.spans == 3


def test_rejected_and_ignored_prodigy_answers_are_skipped_with_a_note(project, tmp_path):
    source = write_jsonl(tmp_path / "answers.jsonl", [
        {"text": "kept", "answer": "accept"},
        {"text": "thrown away", "answer": "reject"},
        {"text": "not looked at", "answer": "ignore"},
    ])

    report = project.import_paths([source])

    assert [d["text"] for d in stored(project)] == ["kept"]
    assert any('answered "reject"' in note and "line 2" in note for note in report.notes)
    assert any('answered "ignore"' in note and "line 3" in note for note in report.notes)


def test_doccano_sequence_labels(project, tmp_path):
    record = {"text": TEXT, "label": [[0, 6, "ORG"], [41, 52, "PERSON"]]}
    source = write_jsonl(tmp_path / "doccano.jsonl", [record])

    project.import_paths([source])

    assert stored(project)[0]["spans"] == [(0, 6, "ORG", "entity"), (41, 52, "PERSON", "entity")]


def test_doccano_relations_from_triggers_become_event_arguments(project, tmp_path):
    record = {
        "id": 7, "text": TEXT,
        "entities": [
            {"id": 10, "start_offset": 0, "end_offset": 6, "label": "ORG"},
            {"id": 11, "start_offset": 7, "end_offset": 14, "label": "Conflict.Attack"},
            {"id": 12, "start_offset": 15, "end_offset": 21, "label": "GPE"},
            {"id": 13, "start_offset": 33, "end_offset": 40, "label": "Life.Die"},
        ],
        "relations": [
            {"id": 1, "from_id": 11, "to_id": 10, "type": "Attacker"},
            {"id": 2, "from_id": 11, "to_id": 12, "type": "Place"},
            {"id": 3, "from_id": 10, "to_id": 12, "type": "based_in"},
        ],
    }
    source = write_jsonl(tmp_path / "doccano.jsonl", [record])

    report = project.import_paths([source])

    assert stored(project)[0]["events"] == [
        ("Conflict.Attack", (7, 14), (("Attacker", 0, 6), ("Place", 15, 21))),
        ("Life.Die", (33, 40), ()),
    ]
    assert any("ignored relations that do not start at an event trigger" in note for note in report.notes)


def test_own_export_shape_keeps_provenance_and_events(project, tmp_path):
    spans = [
        {"id": 0, "start": 0, "end": 6, "text": "Rebels", "label": "ORG", "kind": "entity",
         "annotator": "amira", "source": "model:ner", "created_at": "2024-05-01T10:00:00+00:00",
         "confidence": 0.75},
        {"id": 1, "start": 7, "end": 14, "text": "shelled", "label": "Conflict.Attack", "kind": "trigger",
         "annotator": "amira", "source": "manual", "created_at": "2024-05-01T10:01:00+00:00"},
    ]
    events = [{"id": 0, "type": "Conflict.Attack",
               "trigger": {"span": 1, "start": 7, "end": 14, "text": "shelled"},
               "arguments": [{"role": "Attacker", "span": 0, "start": 0, "end": 6, "text": "Rebels",
                              "label": "ORG"}],
               "annotator": "omar", "source": "manual", "created_at": "2024-05-02T09:00:00+00:00"}]
    relations = [{"head": 1, "child": 0, "label": "Attacker"}]
    source = write_jsonl(tmp_path / "own.jsonl", [{"text": TEXT, "meta": {"title": "Aleppo"}, "tokens": [],
                                                   "spans": spans, "relations": relations,
                                                   "events": events, "answer": "accept"}])

    report = project.import_paths([source], annotator="importer")

    (item,) = list(project.annotated())
    rebels, shelled = item.spans
    assert (rebels.annotator, rebels.source, rebels.created_at, rebels.confidence) == (
        "amira", "model:ner", "2024-05-01T10:00:00+00:00", 0.75)
    assert shelled.kind == "trigger"
    (event,) = item.events
    assert (event.type, event.trigger_id, event.annotator, event.created_at) == (
        "Conflict.Attack", shelled.id, "omar", "2024-05-02T09:00:00+00:00")
    assert [(argument.role, argument.span_id) for argument in event.arguments] == [("Attacker", rebels.id)]
    assert report.notes == []


def test_lines_split_on_newline_only(project, tmp_path):
    texts = ["one\u2028two", "three\u2029four\x85five", "six\rseven\x0bend", "eight\x1cnine"]
    source = write_jsonl(tmp_path / "separators.jsonl", [{"text": text} for text in texts])
    raw = source.read_bytes()
    assert "\u2028".encode() in raw and "\x85".encode() in raw

    project.import_paths([source])

    assert [d["text"] for d in stored(project)] == texts


def test_empty_lines_are_skipped_and_line_numbers_still_count_them(project, tmp_path):
    source = tmp_path / "gaps.jsonl"
    source.write_bytes(b'{"text": "a"}\n\n   \r\n{"text": "b"}\n{"text": 5}\n')

    with pytest.raises(AnnotatorError, match=r"gaps\.jsonl, line 5"):
        project.import_paths([source])
    report = project.import_paths([source], skip_invalid=True)
    assert [d["text"] for d in stored(project)] == ["a", "b"]
    assert report.invalid == [f"{source}, line 5: the record has no \"text\" string"]


def test_a_bom_and_crlf_line_ends_are_accepted(project, tmp_path):
    source = tmp_path / "windows.jsonl"
    source.write_bytes(b'\xef\xbb\xbf{"text": "a\\r\\nb"}\r\n{"text": "c"}\r\n')

    project.import_paths([source])

    assert [d["text"] for d in stored(project)] == ["a\r\nb", "c"]


def test_utf16_offsets_are_converted_with_a_note(project, tmp_path):
    text = "😀😀 Kofi Annan met 👩‍👩‍👧 in Accra"
    kofi, accra = text.index("Kofi"), text.index("Accra")
    # What a JavaScript tool writes: offsets in UTF-16 code units (each emoji here is 2 or more).
    utf16_kofi = kofi + 2
    utf16_accra = accra + 2 + 3
    source = write_jsonl(tmp_path / "web.jsonl", [
        {"text": "no emoji here"},
        {"text": text, "spans": [
            {"start": utf16_kofi, "end": utf16_kofi + 10, "label": "PERSON", "text": "Kofi Annan"},
            {"start": utf16_accra, "end": utf16_accra + 5, "label": "GPE", "text": "Accra"},
        ]},
    ])

    report = project.import_paths([source])

    assert stored(project)[1]["spans"] == [(kofi, kofi + 10, "PERSON", "entity"),
                                           (accra, accra + 5, "GPE", "entity")]
    assert report.notes == [f"{source}: converted UTF-16 offsets to code points (line 2)"]


BAD_RECORDS = [
    ("{not json", "E111"),
    ('["a", "list"]', "E114"),
    ('{"meta": {}}', "E115"),
    (json.dumps({"text": "short", "spans": [{"start": 2, "end": 40, "label": "GPE"}]}), "E401"),
    (json.dumps({"text": "short", "spans": [{"start": 2, "end": 2, "label": "GPE"}]}), "E401"),
    (json.dumps({"text": "Kofi", "spans": [{"start": 0, "end": 4, "label": "GPE", "text": "Kofu"}]}), "E402"),
    (json.dumps({"text": "Kofi", "spans": [{"start": 0, "end": 4, "label": "PERSN"}]}), "E403"),
    (json.dumps({"text": "Kofi", "spans": [{"start": 0, "end": 4, "label": "Attack", "kind": "trigger"}]}),
     "E404"),
    (json.dumps({"text": "Kofi", "spans": [{"start": "0", "end": 4, "label": "PERSON"}]}), "E125"),
    (json.dumps({"text": "Kofi", "spans": [{"start": 0, "end": 4, "label": "PERSON", "confidence": 3}]}),
     "E123"),
    (json.dumps({"text": "Kofi", "spans": [{"start": 0, "end": 4, "label": "PERSON", "kind": "trigger"}]}),
     "E404"),
    (json.dumps({"text": "kill", "spans": [{"start": 0, "end": 4, "label": "Life.Die", "kind": "trigger"}],
                 "events": [{"type": "Life.Die", "trigger": {"span": 3}}]}), "E131"),
    (json.dumps({"text": "kill", "spans": [{"start": 0, "end": 4, "label": "Life.Die"}],
                 "events": [{"type": "Life.Die", "trigger": {"span": 0},
                             "arguments": [{"role": "Killer", "span": 0}]}]}), "E411"),
]


@pytest.mark.parametrize(("line", "expected"), BAD_RECORDS)
def test_a_bad_record_names_file_and_line_and_leaves_the_project_unchanged(project, tmp_path, line,
                                                                          expected):
    project.import_paths([write_jsonl(tmp_path / "earlier.jsonl", [{"text": "already here"}])])
    source = tmp_path / "bad.jsonl"
    source.write_bytes(b'{"text": "fine"}\n' + line.encode("utf-8") + b"\n")
    before = snapshot(project)

    with pytest.raises(AnnotatorError) as raised:
        project.import_paths([source])

    assert f"{source}, line 2" in str(raised.value)
    assert raised.value.code == expected
    assert snapshot(project) == before


def test_unknown_labels_list_the_nearest_schema_labels(project, tmp_path):
    source = write_jsonl(tmp_path / "labels.jsonl",
                         [{"text": "Kofi", "spans": [{"start": 0, "end": 4, "label": "PERSONS"}]}])

    with pytest.raises(AnnotatorError, match=r"nearest in schema 'mini': PERSON"):
        project.import_paths([source])


def test_skip_invalid_keeps_good_records_and_lists_bad_ones(project, tmp_path):
    source = write_jsonl(tmp_path / "mixed.jsonl", [
        {"text": "good one", "spans": [{"start": 0, "end": 4, "label": "PERSON"}]},
        {"text": "bad one", "spans": [{"start": 0, "end": 3, "label": "NOPE"}]},
        {"text": "good two"},
    ])

    report = project.import_paths([source], skip_invalid=True)

    assert [d["text"] for d in stored(project)] == ["good one", "good two"]
    assert len(report.invalid) == 1
    assert report.invalid[0].startswith(f"{source}, line 2: unknown entity label 'NOPE'")


# -- property: any valid own-shape record survives import exactly ---------------------------------------

LABELS = ["PERSON", "ORG", "GPE", "DATE", "WEAPON"]
ALPHABET = st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(["\r\n", "\r", "\n", "\u2028", "\u2029", "\x85", "\u0301", "\u05d0", "\u0627",
                     "😀", "👩\u200d👩\u200d👧", "🇬🇭", "\u00a0", "\u200b", "\t"]),
)


@st.composite
def documents(draw):
    text = "".join(draw(st.lists(ALPHABET, min_size=1, max_size=40)))
    boundaries = st.integers(min_value=0, max_value=len(text))
    spans: list[dict] = []
    for _ in range(draw(st.integers(0, 6))):
        start, end = sorted(draw(st.tuples(boundaries, boundaries)))
        label = draw(st.sampled_from(LABELS))
        if start < end and not any(_breaks_a_rule(other, start, end, label) for other in spans):
            spans.append({"start": start, "end": end, "text": text[start:end], "label": label,
                          "kind": "entity"})
    return {"text": text, "meta": {"title": "random"}, "spans": spans, "events": []}


def _breaks_a_rule(other: dict, start: int, end: int, label: str) -> bool:
    """On ``other``'s extent (one entity per extent), or two overlapping DATE spans (mini's DATE has
    ``allow_overlap: false``)."""
    if (other["start"], other["end"]) == (start, end):
        return True
    return label == other["label"] == "DATE" and other["start"] < end and start < other["end"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(records=st.lists(documents(), min_size=1, max_size=4, unique_by=lambda record: record["text"]))
def test_random_unicode_records_import_exactly(tmp_path_factory, records):
    folder = tmp_path_factory.mktemp("property")
    source = write_jsonl(folder / "random.jsonl", records)
    with Project.create(folder / "p.annotator", MINI_SCHEMA) as project:
        project.import_paths([source])
        assert [(d["text"], sorted(d["spans"])) for d in stored(project)] == [
            (record["text"], sorted((s["start"], s["end"], s["label"], "entity") for s in record["spans"]))
            for record in records
        ]


def test_the_torture_text_keeps_every_offset(project, tmp_path):
    pieces = [("Kofi Annan", "PERSON"), ("Accra", "GPE"), ("بشار الأسد", "PERSON"),
              ("Dei\u00adr ez-Zor", "GPE"), ("Monday", "DATE"), ("😀", "WEAPON")]
    spans = spans_of(TORTURE_TEXT, *pieces)
    source = write_jsonl(tmp_path / "torture.jsonl", [{"text": TORTURE_TEXT, "spans": spans}])

    project.import_paths([source])

    (item,) = list(project.annotated())
    assert item.document.text == TORTURE_TEXT
    assert sorted((span.start, span.end, span.text, span.label) for span in item.spans) == sorted(
        (s["start"], s["end"], s["text"], s["label"]) for s in spans)


# -- streaming: lines and errors do not depend on where the file is cut into chunks ------------------

def test_chunk_boundaries_do_not_change_lines(project, tmp_path, monkeypatch):
    monkeypatch.setattr(text_reader, "_CHUNK", 3)
    texts = ["Zoë\u2028said 😀", "Café\r\nowner", "بشار"]
    source = tmp_path / "small-chunks.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n"
                                                  for t in texts).encode("utf-8"))

    project.import_paths([source])

    assert [d["text"] for d in stored(project)] == texts


def test_bad_bytes_deep_in_a_jsonl_file_are_located_exactly(project, tmp_path, monkeypatch):
    monkeypatch.setattr(text_reader, "_CHUNK", 5)
    good = '{"text": "é"}\n'.encode()
    source = tmp_path / "broken.jsonl"
    source.write_bytes(good * 3 + b'{"text": "caf\xe9"}\n')
    position = len(good) * 3 + len(b'{"text": "caf')

    with pytest.raises(AnnotatorError) as raised:
        project.import_paths([source])
    assert f"broken.jsonl: not valid utf-8 text at byte {position} (line 4)" in str(raised.value)


def test_a_jsonl_file_in_another_encoding_is_read_with_the_override(project, tmp_path):
    source = tmp_path / "wide.jsonl"
    source.write_bytes('{"text": "Zoë\u2028one"}\n{"text": "two"}\n'.encode("utf-16"))

    project.import_paths([source], encoding="utf-16")

    assert [d["text"] for d in stored(project)] == ["Zoë\u2028one", "two"]


def test_a_big_jsonl_file_reports_progress_and_can_be_cancelled_inside(project, tmp_path, monkeypatch):
    monkeypatch.setattr(text_reader, "_CHUNK", 64)
    source = write_jsonl(tmp_path / "big.jsonl", [{"text": f"document number {n}"} for n in range(20)])
    size = source.stat().st_size
    seen: list[int] = []

    def cancel_halfway(done: int, total: int, _message: str) -> None:
        seen.append(done)
        if done > total // 2:
            control.cancel()

    control = JobControl(cancel_halfway)
    with pytest.raises(Cancelled):
        project.import_paths([source], control=control)

    assert project.store.documents.count() == 0
    assert seen[0] == 0 and 0 < seen[-1] < size
    assert seen == sorted(seen)


def test_newline_normalisation_moves_spans_with_the_text(project, tmp_path):
    text = "Kofi\r\nAnnan\rin\r\nAccra"
    source = write_jsonl(tmp_path / "crlf.jsonl", [{"text": text, "spans": spans_of(
        text, ("Kofi\r\nAnnan", "PERSON"), ("Accra", "GPE"))}])

    project.import_paths([source], normalize_newlines=True)

    (document,) = stored(project)
    assert document["text"] == "Kofi\nAnnan\nin\nAccra"
    assert document["spans"] == [(0, 10, "PERSON", "entity"), (14, 19, "GPE", "entity")]
