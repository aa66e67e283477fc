"""Repeated mentions in the annotations list: shown with a few words around them, kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.edits import AddSpan, RelabelSpan, RemoveSpan
from annotator.core.model import Span
from annotator.gui.annotations_pane import AnnotationsPane
from annotator.gui.mentions import in_context
from annotator.gui.session import Session
from annotator.project import Project
from tests.gui.builders import article, make_project
from tests.gui.test_panes import state_of, tree_rows

TEXT = "Rebels shelled Accra on Monday. Accra officials said the shelling of Accra went on all night."


def at(word: str, occurrence: int = 1) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(word, start + 1)
    return start, start + len(word)


@pytest.fixture
def session(tmp_path: Path):
    spans = (Span(*at("Accra"), "GPE"), Span(*at("Accra", 2), "GPE"), Span(*at("Rebels"), "ORG"))
    path = make_project(tmp_path / "m.annotator", [article("a", TEXT, spans)])
    opened = Session(Project.open(path, "tester"))
    yield opened
    opened.close()


def entity_rows(pane: AnnotationsPane) -> list[str]:
    rows = tree_rows(pane)
    return rows[rows.index(next(row for row in rows if row.startswith("Entities"))) + 1:]


def test_in_context_quotes_the_mention_between_its_neighbours() -> None:
    assert in_context(TEXT, Span(*at("Accra", 2), "GPE", text="Accra")) == \
        "…Accra on Monday. “Accra” officials said the…"
    assert in_context(TEXT, Span(*at("Rebels"), "ORG", text="Rebels")) == "“Rebels” shelled Accra on…"
    assert in_context("x " + "y" * 40 + " Accra", Span(43, 48, "GPE", text="Accra")) == \
        "x " + "y" * 23 + "… “Accra”"


def test_repeated_mentions_show_context_and_single_ones_do_not(qtbot, session: Session) -> None:
    pane = AnnotationsPane(session, state_of(session))
    qtbot.addWidget(pane)
    session.set_current(1)
    assert entity_rows(pane) == [
        "  ORG  “Rebels”",
        "  GPE  Rebels shelled “Accra” on Monday. Accra…",
        "  GPE  …Accra on Monday. “Accra” officials said the…",
    ]

    changes = session.do(AddSpan(1, Span(*at("Accra", 3), "GPE", text="Accra")))
    assert entity_rows(pane)[-1] == "  GPE  …the shelling of “Accra” went on all…"
    session.do(RemoveSpan(1, min(changes.spans)))
    first, second = (span.id for span in session.project.spans(1) if span.text == "Accra")
    session.do(RelabelSpan(1, second, "ORG"))  # no longer a repeat: both rows lose their context
    assert sorted(entity_rows(pane)) == sorted(["  ORG  “Rebels”", "  GPE  “Accra”", "  ORG  “Accra”"])
    session.undo()
    assert "  GPE  …Accra on Monday. “Accra” officials said the…" in entity_rows(pane)
    assert first != second
