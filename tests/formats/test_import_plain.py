"""A bulk import's usual line (entity spans only) is read as a PlainAnnotated: its spans stay tuples from
the line through the rules into the rows. That road must store, and refuse, exactly what the general one
does: the same spans, or the same coded message at the same line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from annotator.core import rules
from annotator.core.model import Annotated, Document, PlainAnnotated
from annotator.core.schema import load_schema, schema_from_dict
from annotator.errors import AnnotatorError
from annotator.formats.jsonl_reader import parse_record
from annotator.formats.records import SchemaLabels, text_hash
from annotator.project import Project
from tests.conftest import MINI_SCHEMA
from tests.formats.import_support import stored, write_jsonl

MINI = load_schema(MINI_SCHEMA)
# mini with a required attribute on PERSON spans: a document of spans alone then has warnings to give
REQUIRED = schema_from_dict({**yaml.safe_load(MINI_SCHEMA.read_text(encoding="utf-8")), "attributes": [
    {"name": "role", "type": "text", "applies_to": ["PERSON"], "required": True}]})
KNOWN = ["PERSON", "ORG", "DATE", "DATE"]  # DATE forbids overlaps
OTHER = ["NOPE", "Conflict.Attack"]  # unknown, and an event type (a trigger: not a plain span)


def _line(text: str, *spans: tuple) -> dict[str, Any]:
    """A line of ``(start, end, label)`` or ``(start, end, label, text)`` spans."""
    return {"text": text, "spans": [dict(zip(("start", "end", "label", "text"), span, strict=False))
                                    for span in spans]}


# Each rule broken for sure: identical spans, stacked ones (a warning only), overlapping DATEs, an unknown
# label, a text that is not the span's, offsets outside the text, UTF-16 offsets, and a trigger.
BROKEN = [
    _line("ab ab", (0, 2, "PERSON"), (0, 2, "PERSON")),
    _line("ab ab", (0, 2, "PERSON"), (0, 2, "ORG")),
    _line("ab ab", (0, 3, "DATE"), (2, 5, "DATE")),
    _line("ab ab", (0, 2, "NOPE")),
    _line("ab ab", (0, 2, "PERSON", "zz")),
    _line("ab ab", (3, 9, "ORG")),
    _line("😀 ab", (3, 5, "ORG", "ab")),
    _line("ab ab", (3, 5, "Conflict.Attack")),
]


def with_broken_lines(**arguments: Any) -> Callable[[Callable], Callable]:
    """Each line of :data:`BROKEN` as an explicit example of the property, besides the drawn ones."""
    def decorate(test: Callable) -> Callable:
        for record in BROKEN:
            test = example(record=record, **arguments)(test)
        return test
    return decorate


@st.composite
def plain_lines(draw: st.DrawFn) -> dict[str, Any]:
    """A line of text and spans, repeated or overlapping now and then. In a third of the lines every span
    fits and has a known label, so only clashes between spans can break a rule; in a third, every span
    fits but a label may be unknown or an event type's; in the rest, spans may also not fit (outside the
    text, empty, reading something else, in UTF-16 units past an emoji)."""
    text = draw(st.text(st.sampled_from("ab é😀\r\n"), min_size=1, max_size=14))
    mode = draw(st.sampled_from(["clean", "labels", "wild"]))
    spans = []
    for _ in range(draw(st.integers(0, 5))):
        if mode != "wild" or draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
        else:
            start = draw(st.integers(-1, len(text) + 1))
            end = draw(st.integers(start - 1, len(text) + 2))
        label = draw(st.sampled_from(KNOWN if mode == "clean" else [*KNOWN, *OTHER]))
        span: dict[str, Any] = {"start": start, "end": end, "label": label}
        given_text = draw(st.sampled_from(["right", "absent", "wrong", "empty"] if mode == "wild"
                                          else ["right", "absent"]))
        if given_text != "absent":
            span["text"] = {"right": text[max(start, 0):max(end, 0)], "wrong": "zz", "empty": ""}[given_text]
        spans.extend([span, dict(span)] if draw(st.integers(0, 3)) == 0 else [span])  # now and then twice
    return {"text": text, "spans": spans}


def _outcome(folder: Path, record: dict[str, Any]) -> tuple:
    """What importing ``record`` alone does: its stored spans, or the error's code and message."""
    folder.mkdir()
    source = write_jsonl(folder / "line.jsonl", [record])
    with Project.create(folder / "p.annotator", MINI_SCHEMA) as project:
        try:
            report = project.import_paths([source])
        except AnnotatorError as error:
            return "refused", error.code, str(error).removeprefix(f"{source}, ")
        return "stored", report.spans, [document["spans"] for document in stored(project)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(record=plain_lines())
@with_broken_lines()
def test_a_plain_line_stores_or_refuses_what_the_general_road_does(tmp_path_factory, record):
    folder = tmp_path_factory.mktemp("plain")
    general = {**record, "events": []}  # an (empty) events list sends the same line the general way

    assert _outcome(folder / "plain", record) == _outcome(folder / "general", general)


@settings(max_examples=300, deadline=None)
@given(record=plain_lines(), schema=st.sampled_from([MINI, REQUIRED]))
@with_broken_lines(schema=MINI)
def test_the_rules_find_the_same_in_a_plain_record_as_in_its_general_form(record, schema):
    text = record["text"]
    spans = tuple((span["start"], span["end"], span["label"], span.get("text", ""))
                  for span in record["spans"] if span["label"] != "Conflict.Attack")  # entity spans only
    plain = PlainAnnotated(Document(text, "t", sha256=text_hash(text)), spans, where="w")

    assert rules.annotated_violations(schema, plain) == rules.annotated_violations(schema, plain.annotated())


def _parse(record: dict[str, Any]) -> Annotated | PlainAnnotated | None:
    return parse_record(json.dumps(record), SchemaLabels(MINI), default_title="t", note=lambda _: None)


def test_only_a_line_of_fitting_entity_spans_and_nothing_else_is_read_as_plain():
    text = "Omar Haddad shelled Aleppo"
    omar = {"start": 0, "end": 11, "label": "PERSON", "text": "Omar Haddad"}
    plain = _parse({"text": text, "spans": [omar, {"start": 20, "end": 26, "label": "NOPE"}]})
    assert plain == PlainAnnotated(plain.document, ((0, 11, "PERSON", "Omar Haddad"), (20, 26, "NOPE", "")))
    for general in [
        {"text": text, "spans": [omar, {"start": 12, "end": 19, "label": "Conflict.Attack"}]},  # a trigger
        {"text": "😀 " + text, "spans": [{**omar, "start": 3, "end": 14}]},  # UTF-16 units: converted
        {"text": text, "spans": [{**omar, "annotator": "amira"}]},  # provenance of ours
        {"text": text, "spans": [omar], "relations": [{"head": 0}]},  # ignored with a note
        {"text": text, "spans": [omar], "notes": []},
    ]:
        assert isinstance(_parse(general), Annotated), general
