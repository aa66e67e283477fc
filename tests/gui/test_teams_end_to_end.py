"""The teams workflow end to end: assign -> edit in two copies -> merge (twice) -> adjudicate by real keys
in the window -> export gold, checking the exported records."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from PySide6.QtCore import Qt

from annotator.cli import cli
from annotator.core.edits import AddSpan
from annotator.core.model import Span
from annotator.gui.adjudication import AdjudicationWindow
from annotator.project import Project
from tests.conftest import MINI_SCHEMA, add_document
from tests.gui.builders import open_window, preferences_fixture  # noqa: F401
from tests.gui.test_adjudication_window import settle
from tests.project.test_merging import dump

# Each text: a person at 0-10 and a place.
TEXTS = {"Kofi Annan visited Accra.": "Accra", "Ban Ki-moo went to Homs.": "Homs",
         "Ali Hassan fled Aleppo.": "Aleppo"}


def cli_ok(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def edit_copy(path: Path, analyst: str, overlap_text: str) -> None:
    """The analyst tags every person and place; on the overlap document bob takes the place for an ORG."""
    with Project.open(path, annotator=analyst) as project:
        for doc_id in project.document_ids():
            text = project.text(doc_id)
            place = TEXTS[text]
            start = text.index(place)
            label = "ORG" if analyst == "bob" and text == overlap_text else "GPE"
            project.apply(AddSpan(doc_id, Span(0, 10, "PERSON")))
            project.apply(AddSpan(doc_id, Span(start, start + len(place), label)))


def test_assign_edit_merge_adjudicate_export(qtbot, tmp_path: Path, preferences) -> None:
    corpus = tmp_path / "corpus.annotator"
    with Project.create(corpus, MINI_SCHEMA, annotator="lead") as project:
        for number, text in enumerate(TEXTS):
            add_document(project, text, f"report {number}")
    cli_ok("assign", str(corpus), "--to", "alice,bob", "--overlap", "1", "-o", str(tmp_path / "shares"))
    alice, bob = tmp_path / "shares" / "alice.annotator", tmp_path / "shares" / "bob.annotator"
    with Project.open(alice, writer=False) as a, Project.open(bob, writer=False) as b:
        (overlap_text,) = {a.text(i) for i in a.document_ids()} & {b.text(i) for i in b.document_ids()}
    edit_copy(alice, "alice", overlap_text)
    edit_copy(bob, "bob", overlap_text)

    gold = tmp_path / "gold.annotator"
    assert "2 layer(s) written" in cli_ok("merge", str(gold), str(alice), str(bob))
    before = dump(gold)
    assert "nothing changed" in cli_ok("merge", str(gold), str(alice), str(bob))
    assert dump(gold) == before

    # On the one document both annotated, alice has PERSON + GPE and bob PERSON + ORG on the same place:
    # tp=1 (PERSON), fp=1 (bob's ORG), fn=1 (alice's GPE) -> P = R = F1 = 1/2; the place is the confusion.
    report = json.loads(cli_ok("agreement", str(gold), "--format", "json"))
    exact = report["overall"]["spans_exact"]
    assert (exact["tp"], exact["fp"], exact["fn"], exact["f1"]) == (1, 1, 1, 0.5)
    assert {"a": "GPE", "b": "ORG", "count": 1} in report["confusion"]

    window = open_window(qtbot, gold, preferences)
    project = window.session.project
    overlap_id = next(i for i in project.document_ids() if project.text(i) == overlap_text)
    window.session.set_current(overlap_id)
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    adjudication = window.findChild(AdjudicationWindow)
    with qtbot.waitActive(adjudication):
        adjudication.activateWindow()
    settle(qtbot, adjudication)
    assert adjudication.rows.count() == 1  # the person both tagged went to gold by itself
    qtbot.keyClick(adjudication.rows, Qt.Key.Key_1)  # alice's GPE
    settle(qtbot, adjudication)
    assert "1 of 1 decided" in adjudication.progress.text()
    window.close()

    out = tmp_path / "gold.jsonl"
    cli_ok("export", str(gold), "-o", str(out))
    records = {record["text"]: record for record in map(json.loads, out.read_text("utf-8").splitlines())}
    assert set(records) == set(TEXTS)
    for text, place in TEXTS.items():
        spans = [(span["text"], span["label"]) for span in records[text]["spans"]]
        assert spans == [(text[:10], "PERSON"), (place, "GPE")], text
    with Project.open(gold, writer=False) as opened:
        decided = [entry for entry in opened.history(overlap_id) if entry["kind"] == "Decide"]
    assert [(entry["who"], entry["payload"]["choice"]) for entry in decided] == [("tester", "alice")]
