"""The Entities window with real keys and clicks: the registry filtered by typing, an entity's mentions
across the project read in the background (document title, sentence with the mention in quotes, plain
text), and a double-click that opens the document with the span selected."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import ENTITY, Entity, Span
from annotator.gui.entity_view import EntityView, mention_row
from annotator.gui.plain_text import literal_tooltip
from annotator.project.entity_view import EntityMention
from tests.conftest import DATA
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401

LINKED = DATA / "linked_schema.yaml"
FIRST = "Kofi Annan spoke. He left."
SECOND = "Rain fell. Later <b>Annan</b> met the UN."


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    items = [article("first", FIRST, (Span(0, 10, "PERSON", ENTITY),)),
             article("second", SECOND, (Span(20, 25, "PERSON", ENTITY), Span(38, 40, "ORG", ENTITY)))]
    opened = open_window(qtbot, make_project(tmp_path / "ent.annotator", items, LINKED), preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id is not None)
    project = opened.session.project
    project.apply(CreateEntity(Entity("Kofi Annan", "PERSON", aliases=("Annan",)), 1, 1))
    project.apply(LinkSpan(2, 2, 1))
    project.apply(CreateEntity(Entity("United Nations", "ORG")))
    yield opened


def test_filter_mentions_and_jump(window, qtbot) -> None:
    window.entities_action.trigger()  # View > Entities…
    view = window.workbench.findChild(EntityView)
    qtbot.waitUntil(view.isVisible)
    rows = [view.entities.item(row) for row in range(view.entities.count())]
    assert [row.text() for row in rows] == ["Kofi Annan (PERSON, #1) — also Annan",
                                            "United Nations (ORG, #2)"]
    qtbot.keyClicks(view.filter, "united")
    assert [row.isHidden() for row in rows] == [True, False]
    view.filter.clear()
    qtbot.mouseClick(view.entities.viewport(), Qt.MouseButton.LeftButton,
                     pos=view.entities.visualItemRect(rows[0]).center())
    qtbot.waitUntil(lambda: view.mentions.count() == 2)
    texts = [view.mentions.item(row).text() for row in range(2)]
    assert texts == ["first: “Kofi Annan” spoke.", "second: Later <b>“Annan”</b> met the UN."]
    assert view.mentions.item(1).toolTip() == literal_tooltip(texts[1])  # the whole sentence, as written
    assert "2 mentions" in view.mentions_title.text()
    second = view.mentions.item(1)
    rect = view.mentions.visualItemRect(second)
    qtbot.mouseClick(view.mentions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.mentions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.session.current_doc_id == 2
    assert window.workbench.state.selected_span_id == 2


def row_texts(view) -> list[str]:
    return [view.entities.item(row).text() for row in range(view.entities.count())]


def click_row(qtbot, view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.entities.visualItemRect(view.entities.item(row))
    qtbot.mouseClick(view.entities.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_rename_and_merge_are_undoable_edits(window, qtbot) -> None:
    project = window.session.project
    project.apply(CreateEntity(Entity("K. Annan", "PERSON")))
    window.entities_action.trigger()
    view = window.workbench.findChild(EntityView)
    qtbot.waitUntil(view.isVisible)
    click_row(qtbot, view, 0)
    assert view.name.text() == "Kofi Annan" and not view.merge.isEnabled()
    view.name.selectAll()
    qtbot.keyClicks(view.name, "Kofi A. Annan")
    qtbot.keyClick(view.name, Qt.Key.Key_Return)
    assert project.entity(1).name == "Kofi A. Annan"
    assert row_texts(view)[0] == "Kofi A. Annan (PERSON, #1) — also Annan"

    click_row(qtbot, view, 2)
    click_row(qtbot, view, 0, Qt.KeyboardModifier.ControlModifier)  # the current one survives
    assert view.merge.isEnabled()
    qtbot.mouseClick(view.merge, Qt.MouseButton.LeftButton)
    assert [entity.id for entity in project.entities()] == [1, 2]
    assert project.entity(1).aliases == ("Annan", "K. Annan")
    assert row_texts(view)[0] == "Kofi A. Annan (PERSON, #1) — also Annan, K. Annan"
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [entity.id for entity in project.entities()] == [1, 2, 3] and len(row_texts(view)) == 3
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert project.entity(1).name == "Kofi Annan"


def test_a_mention_late_in_a_long_sentence_stays_in_sight() -> None:
    """The row showed the sentence from its start, so a narrow list cut the mention off (two mentions of
    one sentence read the same); now the row keeps REACH characters either side, the tooltip all of it."""
    sentence = ("The ministry said the strike came from positions held by the Upper Salen Defence Forces "
                "(USDF) on the east bank.")
    start = sentence.index("USDF")
    mention = EntityMention(1, "report", Span(start, start + 4, "ORG", ENTITY), sentence, start, start + 4)
    row = mention_row(mention, 20)
    assert row == "report: …Defence Forces (“USDF”) on the east bank."
    assert mention_row(mention).startswith("report: The ministry said")
