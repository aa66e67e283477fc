"""Relations, attribute values, notes, fragments and events filling roles survive export and import.

Projects are built from random annotations (hypothesis) on the linked test schema, through the edits
an analyst makes; each format that can hold these kinds must give them back exactly.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.edits import AddEvent, AddSpan
from annotator.core.model import ON_DOCUMENT, ON_EVENT, ON_RELATION, ON_SPAN, Span
from annotator.core.relation_edits import AddRelation, FillRoleWithEvent, SetAttribute, SetNote
from annotator.errors import AnnotatorError
from annotator.formats.dygiepp_writer import RELATION_ACROSS, SHARED_TRIGGER
from annotator.project import Project
from tests.conftest import DATA, add_document
from tests.formats.brat_standoff_check import check_brat_folder

SCHEMA = DATA / "linked_schema.yaml"
TEXT = ("Omar of Hamas attacked Raqqa in May 2021.\nIran and Hamas are allies; Omar was sentenced "
        "in Gaza by Egypt.")
WORDS = [("Omar", "PERSON"), ("Hamas", "ORG"), ("Raqqa", "GPE"), ("Iran", "GPE"), ("Gaza", "GPE"),
         ("Egypt", "GPE"), ("May 2021", "DATE")]
NOTE_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                    max_size=12).filter(str.strip)


def build(project: Project, doc_id: int, plan: dict[str, Any]) -> None:
    """Apply ``plan``'s edits; an edit the rules refuse is skipped, as the analyst would see it refused."""
    spans = []
    for word, label in WORDS[: plan["spans"]]:
        start = TEXT.index(word)
        inverse, _ = project.apply(AddSpan(doc_id, Span(start, start + len(word), label)))
        spans.append(inverse.span_id)
    if plan["fragmented"]:
        start, end = TEXT.index("Omar"), TEXT.index("Hamas") + 5
        pieces = ((start, start + 4), (end - 5, end))
        project.apply(AddSpan(doc_id, Span(start, end, "ORG", fragments=pieces)))
    events = []
    for word, event_type in (("attacked", "Conflict.Attack"), ("sentenced", "Justice.Sentence")):
        start = TEXT.index(word)
        inverse, _ = project.apply(AddEvent(doc_id, event_type, start=start, end=start + len(word)))
        events.append(inverse.event_id)
    if plan["nested"]:
        project.apply(FillRoleWithEvent(doc_id, events[1], "Crime", events[0]))
    for relation_type, head, tail in plan["relations"]:
        _try(project, AddRelation(doc_id, relation_type, spans[head % len(spans)], spans[tail % len(spans)]))
    relations = [relation.id for relation in project.relations(doc_id)]
    targets = {ON_SPAN: spans, ON_EVENT: events, ON_RELATION: relations}
    for target, name, value in plan["attributes"]:
        if targets[target]:
            _try(project, SetAttribute(doc_id, target, targets[target][0], name, value))
    for target, text in plan["notes"]:
        if target == ON_DOCUMENT:
            project.apply(SetNote(doc_id, text))
        elif targets[target]:
            project.apply(SetNote(doc_id, text, target, targets[target][-1]))


def _try(project: Project, edit) -> None:
    with contextlib.suppress(AnnotatorError):
        project.apply(edit)


PLANS = st.fixed_dictionaries({
    "spans": st.integers(2, len(WORDS)),
    "fragmented": st.booleans(),
    "nested": st.booleans(),
    "relations": st.lists(st.tuples(st.sampled_from(["member_of", "allied_with"]), st.integers(0, 6),
                                    st.integers(0, 6)), max_size=5),
    "attributes": st.lists(st.one_of(
        st.tuples(st.just(ON_EVENT), st.just("Negated"), st.booleans()),
        st.tuples(st.just(ON_EVENT), st.just("Modality"), st.sampled_from(["Asserted", "Other"])),
        st.tuples(st.just(ON_EVENT), st.just("fatalities"), st.integers(0, 10**6)),
        st.tuples(st.just(ON_SPAN), st.just("comment"), NOTE_TEXT),
        st.tuples(st.just(ON_RELATION), st.just("since"), st.sampled_from(["2021", "2021-05"])),
    ), max_size=5),
    "notes": st.lists(st.tuples(st.sampled_from([ON_DOCUMENT, ON_SPAN, ON_EVENT, ON_RELATION]), NOTE_TEXT),
                      max_size=4),
})


def held(project: Project) -> list[tuple]:
    """What a project holds, with ids replaced by the offsets and types they stand for."""
    found = []
    for item in project.annotated():
        spans = {span.id: (span.start, span.end, span.label, span.kind, span.fragments)
                 for span in item.spans}
        events = {event.id: (event.type, spans[event.trigger_id]) for event in item.events}
        relations = {relation.id: (relation.type, spans[relation.head_id], spans[relation.tail_id])
                     for relation in item.relations}
        named = {ON_SPAN: spans, ON_EVENT: events, ON_RELATION: relations}
        found.append((
            item.document.text, sorted(spans.values()),
            sorted((events[e.id], sorted((a.role, spans[a.span_id], events.get(a.filler_event_id))
                                         for a in e.arguments)) for e in item.events),
            sorted(relations.values()),
            sorted((a.target, named[a.target][a.target_id], a.name, str(a.value)) for a in item.attributes),
            sorted((n.target, str(named[n.target][n.target_id]) if n.target_id else "", n.text)
                   for n in item.notes),
        ))
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=PLANS)
def test_own_jsonl_round_trip_is_lossless_and_byte_identical(plan: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        with Project.create(tmp / "a.annotator", SCHEMA, annotator="amira") as source:
            build(source, add_document(source, TEXT, "linked"), plan)
            source.export(tmp / "first.jsonl", "jsonl")
            original = held(source)
        with Project.create(tmp / "b.annotator", SCHEMA) as copy:
            report = copy.import_paths([tmp / "first.jsonl"])
            assert report.invalid == [], report.invalid
            copy.export(tmp / "second.jsonl", "jsonl")
            assert held(copy) == original
        assert (tmp / "second.jsonl").read_bytes() == (tmp / "first.jsonl").read_bytes()


def for_brat(plan: dict[str, Any]) -> dict[str, Any]:
    """``plan`` without what brat reports instead of holding: notes on the document or with line breaks,
    false booleans (absent binary attributes), text values with spaces or annotation.conf's separators."""
    return {**plan,
            "attributes": [(target, name, value) for target, name, value in plan["attributes"]
                           if value is not False
                           and not (isinstance(value, str) and any(c.isspace() or c in "|," for c in value))],
            "notes": [(target, text) for target, text in plan["notes"]
                      if target != ON_DOCUMENT and not any(c in text for c in "\u2028\u2029\x85")]}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=PLANS)
def test_brat_round_trip_keeps_what_brat_holds_and_passes_the_standoff_check(plan: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        with Project.create(tmp / "a.annotator", SCHEMA, annotator="amira") as source:
            build(source, add_document(source, TEXT, "linked"), for_brat(plan))
            report = source.export(tmp / "brat", "brat")
            original = held(source)
        assert report.problem_counts == {}
        check_brat_folder(tmp / "brat")
        with Project.create(tmp / "b.annotator", SCHEMA) as copy:
            imported = copy.import_paths([tmp / "brat"])
            assert imported.invalid == [] and imported.notes == []
            assert held(copy) == original


def test_brat_reports_what_it_cannot_hold(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.annotator", SCHEMA) as source:
        doc_id = add_document(source, TEXT, "linked")
        build(source, doc_id, {"spans": 2, "fragmented": False, "nested": False, "relations": [],
                               "attributes": [(ON_EVENT, "Negated", False),
                                              (ON_SPAN, "comment", "two words")],
                               "notes": [(ON_DOCUMENT, "about the whole text")]})
        report = source.export(tmp_path / "brat", "brat")
    assert sorted(report.problem_counts) == [
        "attribute values with spaces (written with _ for each: a brat value is one word)",
        "false boolean attributes (brat's binary attributes are present or absent)",
        "notes on the document or on what was left out (brat notes are on an annotation)",
    ]
    check_brat_folder(tmp_path / "brat")


def test_brat_reports_a_value_annotation_conf_cannot_list(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.annotator", SCHEMA) as source:
        build(source, add_document(source, TEXT, "linked"), {
            "spans": 2, "fragmented": False, "nested": False, "relations": [], "notes": [],
            "attributes": [(ON_SPAN, "comment", "a|b,c")]})
        report = source.export(tmp_path / "brat", "brat")
    assert list(report.problem_counts) == [
        "attribute values with | or , (written with _ for each: annotation.conf lists values split at them)"]
    check_brat_folder(tmp_path / "brat")
    (ann,) = (tmp_path / "brat").glob("*.ann")
    assert "\tcomment T1 a_b_c" in ann.read_text("utf-8")


def test_formats_without_room_for_them_count_what_they_leave_out(tmp_path: Path) -> None:
    plan = {"spans": 4, "fragmented": True, "nested": True, "relations": [("member_of", 0, 1)],
            "attributes": [(ON_EVENT, "fatalities", 2)], "notes": [(ON_DOCUMENT, "a note")]}
    with Project.create(tmp_path / "a.annotator", SCHEMA) as source:
        build(source, add_document(source, TEXT, "linked"), plan)
        for fmt, out in (("conll", "x.conll"), ("doccano", "x.jsonl"), ("dygiepp", "d.jsonl"),
                         ("spacy", "x.spacy")):
            counts = source.export(tmp_path / out, fmt).problem_counts
            assert counts[f"relations (left out: {fmt} has no place for them)"] == (fmt == "conll"), fmt
            assert counts[f"attributes (left out: {fmt} has no place for them)"] == (fmt != "spacy"), fmt
            assert counts[f"notes (left out: {fmt} has no place for them)"] == (fmt != "spacy"), fmt
            assert counts[f"roles filled by events (left out: {fmt} has no nested events)"] == 1, fmt
            assert counts[f"discontinuous spans (written whole, gaps included: {fmt} has no fragments)"] == 1


def test_doccano_and_dygiepp_carry_relations(tmp_path: Path) -> None:
    plan = {"spans": 4, "fragmented": False, "nested": False,
            "relations": [("member_of", 0, 1), ("allied_with", 3, 1)], "attributes": [], "notes": []}
    with Project.create(tmp_path / "a.annotator", SCHEMA) as source:
        build(source, add_document(source, TEXT, "linked"), plan)
        original = held(source)
        assert len(original[0][3]) == 2
        source.export(tmp_path / "doccano.jsonl", "doccano")
        report = source.export(tmp_path / "dygiepp.jsonl", "dygiepp")
    with Project.create(tmp_path / "b.annotator", SCHEMA) as copy:
        imported = copy.import_paths([tmp_path / "doccano.jsonl"])
        assert imported.invalid == [] and imported.notes == []
        assert held(copy)[0][3] == original[0][3]
    record = json.loads((tmp_path / "dygiepp.jsonl").read_text(encoding="utf-8"))
    words = [word for sentence in record["sentences"] for word in sentence]
    (first, second) = record["relations"]
    assert [(words[h0], words[t0], kind) for h0, _, t0, _, kind in first] == [("Omar", "Hamas", "member_of")]
    assert second == [], "Iran (second sentence) and the first Hamas are in two sentences"
    assert report.problem_counts == {RELATION_ACROSS: 1}


def test_spacy_keeps_relations_attributes_and_notes_in_user_data(tmp_path: Path) -> None:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    plan = {"spans": 2, "fragmented": False, "nested": False, "relations": [("member_of", 0, 1)],
            "attributes": [(ON_EVENT, "fatalities", 2), (ON_RELATION, "since", "2021")],
            "notes": [(ON_DOCUMENT, "about it all"), (ON_SPAN, "who?")]}
    with Project.create(tmp_path / "a.annotator", SCHEMA) as source:
        build(source, add_document(source, TEXT, "linked"), plan)
        assert source.export(tmp_path / "x.spacy", "spacy").problem_counts == {}
    (doc,) = DocBin().from_disk(tmp_path / "x.spacy").get_docs(Vocab())
    data = json.loads(json.dumps(doc.user_data["relations"]))
    assert data == [{"type": "member_of", "head": [0, 4, "PERSON"], "tail": [8, 13, "ORG"]}]
    assert {(a["on"], a["name"], a["value"]) for a in doc.user_data["attributes"]} == {
        ("event", "fatalities", 2), ("relation", "since", "2021")}
    assert [(n["on"], n["text"]) for n in doc.user_data["notes"]] == [("document", "about it all"),
                                                                       ("span", "who?")]


def test_dygiepp_reports_events_sharing_a_trigger(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.annotator", SCHEMA) as source:
        doc_id = add_document(source, TEXT, "linked")
        start = TEXT.index("attacked")
        inverse, _ = source.apply(AddEvent(doc_id, "Conflict.Attack", start=start, end=start + 8))
        trigger = source.event(inverse.event_id).trigger_id
        source.apply(AddEvent(doc_id, "Conflict.Attack", trigger_id=trigger))
        report = source.export(tmp_path / "d.jsonl", "dygiepp")
    assert report.problem_counts == {SHARED_TRIGGER: 1}
    assert "'linked': 'attacked'" in report.problems[SHARED_TRIGGER][0]


def test_fragments_in_utf16_offsets_are_converted_with_their_span(tmp_path: Path) -> None:
    text = "😀 Omar of Hamas"
    record = {"text": text, "spans": [{"start": 3, "end": 16, "label": "PERSON", "text": "Omar of Hamas",
                                       "fragments": [[3, 7], [11, 16]]}]}  # UTF-16: the emoji counts 2
    (tmp_path / "in.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Project.create(tmp_path / "a.annotator", SCHEMA) as project:
        report = project.import_paths([tmp_path / "in.jsonl"])
        (span,) = project.spans(1)
    assert report.invalid == []
    assert [text[a:b] for a, b in span.pieces()] == ["Omar", "Hamas"]


def test_a_record_without_events_keeps_its_links_and_notes_and_a_bad_link_is_refused(tmp_path: Path) -> None:
    """Hand-written records often have no "events" key; their links and notes are read all the same,
    and go through the same rules (a relation from a span to itself names the file and line)."""
    text = "Rebels of the Free Army shelled Raqqa."
    spans = [{"start": 0, "end": 6, "label": "ORG"}, {"start": 14, "end": 23, "label": "ORG"}]
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text(json.dumps({"text": text, "spans": spans,
                                "links": [{"type": "member_of", "head": 0, "tail": 1}],
                                "notes": [{"on": "span", "index": 1, "text": "unconfirmed"}]}) + "\n")
    bad.write_text(json.dumps({"text": text, "spans": spans,
                               "links": [{"type": "member_of", "head": 0, "tail": 0}]}) + "\n")
    with Project.create(tmp_path / "p.annotator", "news") as project:
        project.import_paths([good])
        ((relation,), (note,)) = project.relations(1), project.notes(1)
        assert (relation.type, note.text) == ("member_of", "unconfirmed")
        with pytest.raises(AnnotatorError) as refused:
            project.import_paths([bad])
        assert refused.value.code == "E431" and "bad.jsonl, line 1" in str(refused.value)
        assert project.document_count() == 1
