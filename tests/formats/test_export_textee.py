"""TextEE / OneIE-style event JSON lines, checked field by field against TextEE's documented
"processed data format" (its reader does not install offline)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.core.edits import AddArgument, AddEvent, AddSpan
from annotator.core.model import Span
from annotator.core.relation_edits import AddRelation
from annotator.formats.textee_writer import ACROSS
from annotator.project import Project
from tests.conftest import DATA, add_document

SCHEMA = DATA / "linked_schema.yaml"
TEXT = "Omar of Hamas attacked Raqqa.\nIran and Hamas are allies; Omar was there."


def check_textee_record(record: dict[str, Any]) -> None:
    """Every required key with its type; offsets are token indexes, end exclusive; ids resolve."""
    assert set(record) == {"doc_id", "wnd_id", "text", "lang", "tokens", "entity_mentions", "event_mentions",
                           "relation_mentions"}
    assert all(isinstance(record[key], str) for key in ("doc_id", "wnd_id", "text", "lang"))
    tokens = record["tokens"]
    assert tokens and all(isinstance(token, str) and token.strip() == token != "" for token in tokens)
    assert "".join(tokens) == "".join(record["text"].split())

    def placed(mention: dict[str, Any]) -> None:
        assert 0 <= mention["start"] < mention["end"] <= len(tokens)
        assert "".join(tokens[mention["start"]:mention["end"]]) == "".join(mention["text"].split())

    entities = {}
    for mention in record["entity_mentions"]:
        assert set(mention) == {"id", "entity_type", "text", "start", "end"}
        placed(mention)
        entities[mention["id"]] = mention
    ids = list(entities)
    for event in record["event_mentions"]:
        assert set(event) == {"id", "event_type", "trigger", "arguments"}
        placed(event["trigger"])
        ids.append(event["id"])
        for argument in event["arguments"]:
            assert set(argument) == {"entity_id", "role", "text", "start", "end"}
            placed(argument)
            assert entities[argument["entity_id"]]["start"] == argument["start"]
    for relation in record["relation_mentions"]:
        assert set(relation) == {"id", "relation_type", "arguments"}
        assert [argument["role"] for argument in relation["arguments"]] == ["Arg-1", "Arg-2"]
        for argument in relation["arguments"]:
            assert entities[argument["entity_id"]]["text"] == argument["text"]
        ids.append(relation["id"])
    assert len(ids) == len(set(ids)) and all(i.startswith(record["wnd_id"] + "-") for i in ids)


def test_one_record_per_sentence_window_with_entities_events_and_relations(tmp_path: Path) -> None:
    with Project.create(tmp_path / "a.annotator", SCHEMA) as project:
        doc_id = add_document(project, TEXT, "linked")
        spans = {}
        for word, label, nth in (("Omar", "PERSON", 0), ("Hamas", "ORG", 0), ("Raqqa", "GPE", 0),
                                 ("Iran", "GPE", 0), ("Hamas", "ORG", 1), ("Omar", "PERSON", 1)):
            start = TEXT.index(word, TEXT.index(word) + 1) if nth else TEXT.index(word)
            inverse, _ = project.apply(AddSpan(doc_id, Span(start, start + len(word), label)))
            spans[(word, nth)] = inverse.span_id
        start = TEXT.index("attacked")
        inverse, _ = project.apply(AddEvent(doc_id, "Conflict.Attack", start=start, end=start + 8))
        project.apply(AddArgument(doc_id, inverse.event_id, "Attacker", span_id=spans[("Omar", 0)]))
        project.apply(AddArgument(doc_id, inverse.event_id, "Target", span_id=spans[("Omar", 1)]))
        project.apply(AddRelation(doc_id, "member_of", spans[("Omar", 0)], spans[("Hamas", 0)]))
        project.apply(AddRelation(doc_id, "allied_with", spans[("Iran", 0)], spans[("Hamas", 1)]))
        project.apply(AddRelation(doc_id, "member_of", spans[("Omar", 1)], spans[("Hamas", 0)]))
        report = project.export(tmp_path / "x.jsonl", "textee")
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    for record in records:
        check_textee_record(record)
    first, second = records
    assert (first["doc_id"], first["wnd_id"], second["wnd_id"]) == ("1", "1-0", "1-1")
    assert first["tokens"] == ["Omar", "of", "Hamas", "attacked", "Raqqa", "."]
    (attack,) = first["event_mentions"]
    assert attack["trigger"] == {"text": "attacked", "start": 3, "end": 4}
    assert [(a["role"], a["text"]) for a in attack["arguments"]] == [("Attacker", "Omar")]
    assert [r["relation_type"] for r in first["relation_mentions"]] == ["member_of"]
    assert [r["relation_type"] for r in second["relation_mentions"]] == ["allied_with"]
    assert report.problem_counts == {ACROSS: 2}, "the Target in the next sentence, Omar-Hamas across"
