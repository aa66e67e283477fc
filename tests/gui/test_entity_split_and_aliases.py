"""The Entities window's split and aliases from unlinked mentions, and linking every mention of a string
across the project, with real keys and clicks; each one undoable edit, checked against the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.entity_edits import CreateEntity, LinkSpan
from annotator.core.model import ENTITY, Entity, Span
from annotator.gui.entity_view import EntityView
from tests.conftest import DATA
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.gui.test_entity_links_in_window import click_text

LINKED = DATA / "linked_schema.yaml"
FIRST = "Kofi Annan spoke. K. ANNAN left. Annán agreed."
SECOND = "Mr Annan met Kofi Annan."
CTRL = Qt.KeyboardModifier.ControlModifier


def mention(text: str, word: str) -> Span:
    return Span(text.index(word), text.index(word) + len(word), "PERSON", ENTITY)


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    items = [article("first", FIRST, tuple(mention(FIRST, w) for w in ("Kofi Annan", "K. ANNAN", "Annán"))),
             article("second", SECOND, tuple(mention(SECOND, w) for w in ("Mr Annan", "Kofi Annan")))]
    opened = open_window(qtbot, make_project(tmp_path / "ent.annotator", items, LINKED), preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id == 1)
    opened.session.project.apply(CreateEntity(Entity("Kofi Annan", "PERSON", aliases=("Annan",)), 1, 1))
    yield opened


def undo_in_the_main_window(window, qtbot) -> None:
    """Back in the main window (the Entities window is a window of its own), Ctrl+Z."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, CTRL)


def linked(window) -> dict[int, int]:
    project = window.session.project
    return {link.span_id: link.entity_id for doc in (1, 2) for link in project.links(doc)}


def entity_view(window, qtbot) -> EntityView:
    window.entities_action.trigger()
    view = window.workbench.findChild(EntityView)
    qtbot.waitUntil(view.isVisible)
    rect = view.entities.visualItemRect(view.entities.item(0))
    qtbot.mouseClick(view.entities.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    return view


def test_link_all_in_the_project_runs_in_the_background_as_one_undo_step(window, qtbot) -> None:
    click_text(window, qtbot, 2)  # the linked "Kofi Annan" of the first document
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.AltModifier)
    assert window.workbench.entity_linker.job is not None, "the search runs in the background"
    qtbot.waitUntil(lambda: linked(window) == {1: 1, 5: 1})
    qtbot.waitUntil(lambda: "Linked 1 mentions" in window.statusBar().currentMessage())
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, CTRL)
    assert linked(window) == {1: 1}


def test_split_moves_the_selected_mentions_to_a_new_entity(window, qtbot, tmp_path: Path) -> None:
    project = window.session.project
    project.apply(LinkSpan(2, 5, 1))
    view = entity_view(window, qtbot)
    qtbot.waitUntil(lambda: view.mentions.count() == 2)
    assert not view.split.isEnabled()
    second = view.mentions.visualItemRect(view.mentions.item(1))
    qtbot.mouseClick(view.mentions.viewport(), Qt.MouseButton.LeftButton, pos=second.center())
    qtbot.keyClicks(view.split_name, "Kofi Annan (the other)")
    assert view.split.isEnabled()
    view.grab().save(str(tmp_path / "split.png"))
    qtbot.keyClick(view.split_name, Qt.Key.Key_Return)
    assert [(e.id, e.name) for e in project.entities()] == [(1, "Kofi Annan"), (2, "Kofi Annan (the other)")]
    assert linked(window) == {1: 1, 5: 2}
    qtbot.waitUntil(lambda: view.entities.count() == 2)
    undo_in_the_main_window(window, qtbot)
    assert [e.id for e in project.entities()] == [1] and linked(window) == {1: 1, 5: 1}


def test_aliases_from_unlinked_mentions_are_added_and_linked(window, qtbot, tmp_path: Path) -> None:
    project = window.session.project
    view = entity_view(window, qtbot)
    qtbot.mouseClick(view.tabs.tabBar(), Qt.MouseButton.LeftButton,
                     pos=view.tabs.tabBar().tabRect(1).center())
    candidates = view.aliases.candidates
    qtbot.waitUntil(lambda: candidates.count() == 3)
    rows = [candidates.item(row).text() for row in range(3)]
    assert rows == ["“Annán” — 1 mention, same name in other case or accents",
                    "“K. ANNAN” — 1 mention, shares annan", "“Mr Annan” — 1 mention, shares annan"]
    assert not view.aliases.add.isEnabled()
    candidates.setFocus()
    qtbot.keyClick(candidates, Qt.Key.Key_Space)  # ticks Annán
    qtbot.keyClick(candidates, Qt.Key.Key_Down)
    qtbot.keyClick(candidates, Qt.Key.Key_Space)  # and K. ANNAN
    assert view.aliases.chosen() == ["Annán", "K. ANNAN"] and view.aliases.add.isEnabled()
    view.grab().save(str(tmp_path / "aliases.png"))
    qtbot.mouseClick(view.aliases.add, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: project.entity(1).aliases == ("Annan", "Annán", "K. ANNAN"))
    assert linked(window) == {1: 1, 2: 1, 3: 1}
    qtbot.waitUntil(lambda: candidates.count() == 1)  # read again: only Mr Annan is left
    undo_in_the_main_window(window, qtbot)
    assert project.entity(1).aliases == ("Annan",) and linked(window) == {1: 1}
