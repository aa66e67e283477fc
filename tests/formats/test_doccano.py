"""doccano relation JSONL: entities in code points, triggers as entities, arguments as relations."""

from __future__ import annotations

from tests.formats.export_helpers import insert, read_jsonl

TEXT = "😀 Rebels shelled Aleppo, killing Omar."


def test_export_writes_entities_relations_and_meta(project, tmp_path):
    doc_id = insert(project, TEXT, "Aleppo", [
        ("Rebels", "ORG"), ("shelled", "Conflict.Attack"), ("Aleppo", "GPE"), ("killing", "Life.Die"),
        ("Omar", "PERSON"),
    ], events=[("shelled", "Conflict.Attack", {"Attacker": "Rebels", "Place": "Aleppo"}),
               ("killing", "Life.Die", {"Victim": "Omar"})], status="done", meta={"url": "https://x.test"})

    report = project.export(tmp_path / "out.jsonl", "doccano")

    (record,) = read_jsonl(tmp_path / "out.jsonl")
    assert record == {
        "id": doc_id,
        "text": TEXT,
        "entities": [
            {"id": 1, "label": "ORG", "start_offset": 2, "end_offset": 8},
            {"id": 2, "label": "Conflict.Attack", "start_offset": 9, "end_offset": 16},
            {"id": 3, "label": "GPE", "start_offset": 17, "end_offset": 23},
            {"id": 4, "label": "Life.Die", "start_offset": 25, "end_offset": 32},
            {"id": 5, "label": "PERSON", "start_offset": 33, "end_offset": 37},
        ],
        "relations": [
            {"id": 1, "from_id": 2, "to_id": 1, "type": "Attacker"},
            {"id": 2, "from_id": 2, "to_id": 3, "type": "Place"},
            {"id": 3, "from_id": 4, "to_id": 5, "type": "Victim"},
        ],
        "meta": {"title": "Aleppo", "status": "done", "url": "https://x.test"},
    }
    assert all(TEXT[e["start_offset"]:e["end_offset"]] for e in record["entities"])
    assert TEXT[record["entities"][4]["start_offset"]:record["entities"][4]["end_offset"]] == "Omar"
    assert report.summary_lines() == [
        f"exported 1 documents (5 spans, 2 events) as doccano to {tmp_path / 'out.jsonl'}"]


def test_events_sharing_a_trigger_are_reported(project, tmp_path):
    insert(project, "Rebels shelled Aleppo.", "twice", [("Rebels", "ORG"), ("shelled", "Conflict.Attack")],
           events=[("shelled", "Conflict.Attack", {"Attacker": "Rebels"}),
                   ("shelled", "Conflict.Attack", {"Target": "Rebels"})])

    report = project.export(tmp_path / "out.jsonl", "doccano")

    assert "1 events sharing a trigger with another event" in "\n".join(report.summary_lines())
