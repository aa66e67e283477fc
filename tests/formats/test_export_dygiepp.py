"""The DyGIE++ export."""

from __future__ import annotations

from pathlib import Path

from annotator.formats import dygiepp_writer
from annotator.project import Project
from tests.conftest import TORTURE_TEXT
from tests.formats.export_helpers import annotated_project, insert, read_jsonl


def test_hand_checked_records(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "out.jsonl"
    report = project.export(out, "dygiepp")
    assert read_jsonl(out) == [
        {"doc_key": "1", "dataset": "mini",
         "sentences": [["Rebels", "shelled", "Aleppo", "on", "Monday", ",", "killing", "Omar", "Haddad",
                        "."]],
         "ner": [[[0, 0, "ORG"], [2, 2, "GPE"], [4, 4, "DATE"], [7, 8, "PERSON"]]],
         "events": [[[[1, "Conflict.Attack"], [0, 0, "Attacker"], [2, 2, "Place"], [4, 4, "Time"]],
                     [[6, "Life.Die"], [2, 2, "Place"], [7, 8, "Victim"]]]]},
        {"doc_key": "2", "dataset": "mini",
         "sentences": [["Kofi", "Annan", "visited", "Accra", "."]],
         "ner": [[[0, 1, "PERSON"], [3, 3, "GPE"]]],
         "events": [[]]},
    ]
    assert report.problems == {}


def test_token_indexes_count_across_sentences_without_whitespace_tokens(project: Project,
                                                                        tmp_path: Path) -> None:
    insert(project, "Rebels attacked.\r\n\r\nThe  army shelled Idlib.", "two",
           [("Rebels", "ORG"), ("attacked", "Conflict.Attack"), ("army", "ORG"),
            ("shelled", "Conflict.Attack"), ("Idlib", "GPE")],
           [("attacked", "Conflict.Attack", {"Attacker": "Rebels"}),
            ("shelled", "Conflict.Attack", {"Attacker": "army", "Place": "Idlib"})])
    out = tmp_path / "out.jsonl"
    project.export(out, "dygiepp")
    (record,) = read_jsonl(out)
    assert record["sentences"] == [["Rebels", "attacked", "."], ["The", "army", "shelled", "Idlib", "."]]
    assert record["ner"] == [[[0, 0, "ORG"]], [[4, 4, "ORG"], [6, 6, "GPE"]]]
    assert record["events"] == [[[[1, "Conflict.Attack"], [0, 0, "Attacker"]]],
                                [[[5, "Conflict.Attack"], [4, 4, "Attacker"], [6, 6, "Place"]]]]


def test_roles_in_another_sentence_long_triggers_and_off_token_spans_are_reported(
        project: Project, tmp_path: Path) -> None:
    insert(project, "A car bomb hit Idlib. Militants said so on the\u200bradio.", "bomb",
           [("car bomb", "Conflict.Attack"), ("Idlib", "GPE"), ("Militants", "ORG"), ("radio", "WEAPON")],
           [("car bomb", "Conflict.Attack", {"Place": "Idlib", "Attacker": "Militants",
                                             "Instrument": "radio"})])
    out = tmp_path / "out.jsonl"
    report = project.export(out, "dygiepp")
    (record,) = read_jsonl(out)
    assert record["events"] == [[[[2, "Conflict.Attack"], [4, 4, "Place"]]], []]
    assert record["ner"] == [[[4, 4, "GPE"]], [[6, 6, "ORG"]]]
    assert report.problems == {
        f"entity spans not on token boundaries ({dygiepp_writer.LEFT_OUT})": ["'bomb': 'radio'"],
        dygiepp_writer.LONG_TRIGGER: ["'bomb': 'car bomb'"],
        dygiepp_writer.OTHER_SENTENCE: ["'bomb': 'Militants'"],
    }


def test_hostile_unicode_sentences_and_indexes(project: Project, tmp_path: Path) -> None:
    insert(project, TORTURE_TEXT, "torture",
           [("Kofi Annan", "PERSON"), ("בנימין נתניהו", "PERSON"), ("shell", "Conflict.Attack"),
            ("Dei\u00adr ez-Zor", "GPE"), ("Monday", "DATE")],
           [("shell", "Conflict.Attack", {"Place": "Dei\u00adr ez-Zor", "Time": "Monday"})])
    out = tmp_path / "out.jsonl"
    report = project.export(out, "dygiepp")
    (record,) = read_jsonl(out)
    words = [word for sentence in record["sentences"] for word in sentence]
    assert not any(character.isspace() for word in words for character in word)
    named = [(label, words[start : end + 1]) for sentence in record["ner"] for start, end, label in sentence]
    assert named == [("PERSON", ["Kofi", "Annan"]), ("PERSON", ["בנימין", "נתניהו"]),
                     ("GPE", ["Dei\u00adr", "ez", "-", "Zor"]), ("DATE", ["Monday"])]
    (event,) = [event for sentence in record["events"] for event in sentence]
    assert words[event[0][0]] == "shell"
    assert event[1:] == [[words.index("Dei\u00adr"), words.index("Zor"), "Place"]]
    assert report.problems == {dygiepp_writer.OTHER_SENTENCE: ["'torture': 'Monday'"]}


def test_status_and_label_filters(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "out.jsonl"
    project.export(out, "dygiepp", status="done", labels=["GPE", "Conflict.Attack"])
    (record,) = read_jsonl(out)
    assert record["doc_key"] == "1"
    assert record["ner"] == [[[2, 2, "GPE"]]]
    assert record["events"] == [[[[1, "Conflict.Attack"], [2, 2, "Place"]]]]
