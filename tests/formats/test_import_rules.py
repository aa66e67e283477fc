"""An import holds the schema's rules: a record breaking one is refused at its file and line, like any bad
record, and listed with ``--skip-invalid``."""

from __future__ import annotations

import pytest

from annotator.errors import AnnotatorError
from tests.formats.import_support import snapshot, stored, write_jsonl

TEXT = "Omar shelled Raqqa on Monday 3 May"
#       0    5       13    19 22     29


def span(start: int, end: int, label: str, kind: str = "entity") -> dict:
    return {"start": start, "end": end, "label": label, "kind": kind, "text": TEXT[start:end]}


OMAR, SHELLED, RAQQA = span(0, 4, "PERSON"), span(5, 12, "Conflict.Attack", "trigger"), span(13, 18, "GPE")


def attack(*arguments: tuple[str, int], trigger: int = 1, type_: str = "Conflict.Attack") -> dict:
    return {"type": type_, "trigger": {"span": trigger},
            "arguments": [{"role": role, "span": index} for role, index in arguments]}


def record(spans: list[dict], events: list[dict] = ()) -> dict:
    return {"text": TEXT, "meta": {"title": "bad"}, "spans": spans, "events": list(events)}


BROKEN = [
    pytest.param(record([OMAR, dict(OMAR)]), "span 0-4 (PERSON) is there twice", id="identical spans"),
    pytest.param(record([span(22, 28, "DATE"), span(22, 34, "DATE")]),
                 "span 22-34 (DATE) overlaps span 22-28 (DATE), and DATE spans may not overlap",
                 id="allow_overlap false"),
    pytest.param(record([OMAR, span(5, 12, "Life.Die", "trigger")], [attack()]),
                 "an event's type must be its trigger's label", id="event type is not the trigger label"),
    pytest.param(record([OMAR, SHELLED], [attack(trigger=0)]),
                 "span 0-4 (PERSON), is an entity, not a trigger", id="entity as trigger"),
    pytest.param(record([OMAR, SHELLED, span(29, 30, "Conflict.Attack", "trigger")],
                        [attack(("Target", 2))]),
                 "Target of Conflict.Attack is filled by the trigger span 29-30 (Conflict.Attack); "
                 "a trigger never fills a role", id="trigger fills a role"),
    pytest.param(record([OMAR, SHELLED, span(22, 28, "DATE")], [attack(("Place", 2))]),
                 "Place of Conflict.Attack takes GPE, not DATE", id="filler not accepted"),
    pytest.param(record([OMAR, SHELLED, RAQQA, span(22, 28, "GPE")], [attack(("Place", 2), ("Place", 3))]),
                 "Place of Conflict.Attack can be filled only once", id="repeat false"),
    pytest.param(record([OMAR, SHELLED], [attack(("", 0))]),
                 "an argument of the Conflict.Attack event has an empty role name", id="empty role name"),
]


@pytest.mark.parametrize(("bad", "expected"), BROKEN)
def test_a_record_breaking_a_rule_is_refused_at_its_line_and_nothing_is_imported(project, tmp_path, bad,
                                                                                 expected):
    source = write_jsonl(tmp_path / "rules.jsonl", [{"text": "a fine first record"}, bad])
    before = snapshot(project)

    with pytest.raises(AnnotatorError) as raised:
        project.import_paths([source])

    assert str(raised.value).startswith(f"{source}, line 2: ") and expected in str(raised.value)
    assert snapshot(project) == before


@pytest.mark.parametrize(("bad", "expected"), BROKEN)
def test_skip_invalid_lists_a_record_breaking_a_rule(project, tmp_path, bad, expected):
    source = write_jsonl(tmp_path / "rules.jsonl", [{"text": "a fine first record"}, bad])

    report = project.import_paths([source], skip_invalid=True)

    assert [document["text"] for document in stored(project)] == ["a fine first record"]
    (entry,) = report.invalid
    assert entry.startswith(f"{source}, line 2: ") and expected in entry


def test_a_required_role_left_empty_does_not_stop_an_import(project, tmp_path):
    died = span(5, 12, "Life.Die", "trigger")
    source = write_jsonl(tmp_path / "fine.jsonl", [record([OMAR, died], [attack(type_="Life.Die")])])

    report = project.import_paths([source])

    assert report.documents == 1 and report.events == 1 and report.invalid == []


def test_a_brat_file_breaking_a_rule_is_refused_at_the_ann_file(project, tmp_path):
    (tmp_path / "pair.txt").write_text(TEXT, encoding="utf-8")
    ann = tmp_path / "pair.ann"
    ann.write_text("T1\tPERSON 0 4\tOmar\nT2\tPERSON 0 4\tOmar\n", encoding="utf-8")

    with pytest.raises(AnnotatorError) as raised:
        project.import_paths([tmp_path / "pair.txt"])

    assert str(raised.value).startswith(f"{ann}: span 0-4 (PERSON) is there twice")
    assert project.store.documents.count() == 0
