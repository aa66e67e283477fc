"""The CoNLL-2003 style export."""

from __future__ import annotations

from pathlib import Path

from spacy.training.converters import conll_ner_to_docs

from annotator.formats import conll_writer
from annotator.project import Project
from tests.conftest import TORTURE_TEXT
from tests.formats.export_helpers import annotated_project, insert, read_jsonl

EXPECTED = """\
-DOCSTART- -X- O O

Rebels -X- _ B-ORG
shelled -X- _ O
Aleppo -X- _ B-GPE
on -X- _ O
Monday -X- _ B-DATE
, -X- _ O
killing -X- _ O
Omar -X- _ B-PERSON
Haddad -X- _ I-PERSON
. -X- _ O

-DOCSTART- -X- O O

Kofi -X- _ B-PERSON
Annan -X- _ I-PERSON
visited -X- _ O
Accra -X- _ B-GPE
. -X- _ O

"""


def test_a_hand_checked_file(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "out.conll"
    report = project.export(out, "conll")
    assert out.read_text(encoding="utf-8") == EXPECTED
    assert report.problem_counts == {conll_writer.TRIGGERS: 2}


def test_sentences_split_at_stops_and_line_breaks_but_never_inside_an_entity(project: Project,
                                                                             tmp_path: Path) -> None:
    insert(project, "ACCRA\r\n\r\nKofi  Annan spoke. He left St. Mary.", "lines",
           [("Kofi  Annan", "PERSON"), ("St. Mary", "GPE")])
    out = tmp_path / "out.conll"
    project.export(out, "conll")
    blocks = out.read_text(encoding="utf-8").split("\n\n")
    assert blocks == [
        "-DOCSTART- -X- O O",
        "ACCRA -X- _ O",
        "Kofi -X- _ B-PERSON\nAnnan -X- _ I-PERSON\nspoke -X- _ O\n. -X- _ O",
        "He -X- _ O\nleft -X- _ O\nSt. -X- _ B-GPE\nMary -X- _ I-GPE\n. -X- _ O",
        "",
    ]


def test_overlaps_and_off_token_spans_are_reported(project: Project, tmp_path: Path) -> None:
    insert(project, "The Bank of Ghana in Accra.", "bank",
           [("Bank of Ghana", "ORG"), ("Ghana", "GPE"), ("ccra", "GPE")])
    out = tmp_path / "out.conll"
    report = project.export(out, "conll")
    assert [line.split()[-1] for line in out.read_text().splitlines()[2:] if line] == [
        "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O"]
    assert report.problem_counts == {
        conll_writer.OVERLAPPING: 1,
        f"entity spans not on token boundaries ({conll_writer.LEFT_OUT})": 1,
    }


def test_hostile_unicode_tokens_have_no_whitespace_and_tags_follow_spans(project: Project,
                                                                         tmp_path: Path) -> None:
    insert(project, TORTURE_TEXT, "torture",
           [("Kofi Annan", "PERSON"), ("بشار الأسد", "PERSON"), ("Dei\u00adr ez-Zor", "GPE")])
    out = tmp_path / "out.conll"
    report = project.export(out, "conll")
    rows = [line.split(" ") for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert all(len(row) == 4 for row in rows)
    tokens = [row[0] for row in rows[1:]]
    assert "A" in tokens and "\u00a0" not in "".join(tokens) and "\r" not in "".join(tokens)
    tagged = [(row[0], row[3]) for row in rows if row[3] != "O"]
    assert tagged == [("Kofi", "B-PERSON"), ("Annan", "I-PERSON"), ("بشار", "B-PERSON"),
                      ("الأسد", "I-PERSON"), ("Dei\u00adr", "B-GPE"), ("ez", "I-GPE"), ("-", "I-GPE"),
                      ("Zor", "I-GPE")]
    assert report.problems == {}


def test_status_filter_and_labels(project: Project, tmp_path: Path) -> None:
    annotated_project(project)
    out = tmp_path / "out.conll"
    project.export(out, "conll", status="new", labels=["GPE"])
    assert out.read_text(encoding="utf-8").splitlines() == [
        "-DOCSTART- -X- O O", "", "Kofi -X- _ O", "Annan -X- _ O", "visited -X- _ O", "Accra -X- _ B-GPE",
        ". -X- _ O", ""]


def test_a_docstart_token_in_the_text_does_not_split_the_document(project: Project, tmp_path: Path) -> None:
    text = "Sample data:\n-DOCSTART- -X- O O\nKofi Annan left."
    insert(project, text, "pasted", [("Kofi Annan", "PERSON")])
    out = tmp_path / "out.conll"

    report = project.export(out, "conll")

    lines = out.read_text(encoding="utf-8").split("\n")
    assert [line for line in lines if line.startswith("-DOCSTART-")] == ["-DOCSTART- -X- O O"]
    assert "_DOCSTART- -X- _ O" in lines
    assert report.problem_counts[conll_writer.DOCSTART_ESCAPED] == 1
    assert "'pasted': '-DOCSTART-'" in "\n".join(report.summary_lines())
    converted = list(conll_ner_to_docs(out.read_text(encoding="utf-8"), no_print=True))
    assert len(converted) == 1
    assert [ent.text for ent in converted[0].ents] == ["Kofi Annan"]


def test_a_document_past_a_million_characters_exports_with_exact_offsets(project: Project,
                                                                          tmp_path: Path) -> None:
    paragraph = "Rebels shelled Aleppo.\n\n"
    text = paragraph * (1_200_000 // len(paragraph)) + "Kofi Annan visited Accra."
    insert(project, text, "long", [("Kofi Annan", "PERSON")])
    jsonl, conll = tmp_path / "out.jsonl", tmp_path / "out.conll"

    project.export(jsonl, "jsonl")
    project.export(conll, "conll")

    (record,) = read_jsonl(jsonl)
    (span,) = record["spans"]
    assert text[span["start"]:span["end"]] == "Kofi Annan" and span["start"] > 1_000_000
    assert record["tokens"][-1]["end"] == len(text)
    assert conll.read_text(encoding="utf-8").endswith(
        "Kofi -X- _ B-PERSON\nAnnan -X- _ I-PERSON\nvisited -X- _ O\nAccra -X- _ O\n. -X- _ O\n\n")
