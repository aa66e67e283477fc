"""The whole window (issue 11): an armed role is unmistakable until it is filled or cancelled, every status
hint belongs to a state and leaves with it, and relabel, delete, undo, redo and Reject all say what they did.

Driven by real clicks and keys on the article view; the status bar is read as the analyst reads it: the
hint in its normal area, a notice (a timed message) over it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from annotator.gui.event_editor import ARMED_STYLE
from annotator.gui.status_hints import NO_SELECTION
from tests.gui.builders import (
    ATTACK_TEXT,
    article,
    attack_article,
    make_project,
    open_window,
    preferences_fixture,  # noqa: F401
)

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ATTACK_HINT = ("Conflict.Attack event on “shelled” selected: 1–5 fills a role, Del or Backspace deletes it, "
               "Esc deselects it")


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    path = make_project(tmp_path / "hints.annotator", [
        attack_article(), article("Later", "Rebels came back to Accra at night.")])
    opened = open_window(qtbot, path, preferences)
    opened.resize(1280, 720)
    qtbot.waitUntil(lambda: opened.suggestions.service is not None and not opened.suggestions.jobs)
    opened.workbench.view.setFocus()
    return opened


def click_word(qtbot, window, word: str, nth: int = 0) -> None:
    """A click on the middle of ``word`` (its ``nth`` occurrence) in the open article."""
    view = window.workbench.view
    text = window.workbench.state.text
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    middle = start + len(word) // 2
    points = []
    for offset in (middle, middle + 1):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offset_map.to_foreign(offset))
        points.append(view.cursorRect(cursor).center())
    point = QPoint((points[0].x() + points[1].x()) // 2, points[0].y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def key(qtbot, window, pressed, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window.workbench.view, pressed, modifier)


def hint(window) -> str:
    return window.status_hint.label.text()


def notice(window) -> str:
    return window.statusBar().currentMessage()


def test_an_armed_role_shows_in_the_article_and_the_event_pane_until_it_is_filled(qtbot, window) -> None:
    workbench = window.workbench
    banner, viewport, editor = workbench.controller.banner, workbench.view.viewport(), workbench.event_editor
    window.resize(1280, 560)  # a short window: Place, role 5, is below the fold of the side column
    click_word(qtbot, window, "shelled")
    assert hint(window) == ATTACK_HINT
    place = editor.role_buttons["Place"]
    qtbot.waitUntil(lambda: place.visibleRegion().isEmpty())

    key(qtbot, window, "5")
    armed = "Filling role Place (GPE) of Conflict.Attack: select its text or click an entity, Esc cancels"
    assert banner.isVisible() and banner.text() == armed
    assert banner.geometry().bottom() < viewport.geometry().top(), "the banner hides no text"
    assert viewport.cursor().shape() == Qt.CursorShape.CrossCursor
    assert place.styleSheet() == ARMED_STYLE
    qtbot.waitUntil(lambda: not place.visibleRegion().isEmpty())  # scrolled into view
    assert hint(window) == armed

    key(qtbot, window, Qt.Key.Key_Escape)  # cancelled: all three go at once
    assert not banner.isVisible() and viewport.cursor().shape() != Qt.CursorShape.CrossCursor
    assert place.styleSheet() != ARMED_STYLE
    assert (hint(window), notice(window)) == (ATTACK_HINT, "")

    key(qtbot, window, "2")
    assert editor.role_buttons["Target"].styleSheet() == ARMED_STYLE
    click_word(qtbot, window, "Annan")  # filled: the banner, the cursor and the highlight go
    attack = next(e for e in window.session.project.events(1) if e.type == "Conflict.Attack")
    assert "Target" in [argument.role for argument in attack.arguments]
    assert not banner.isVisible() and viewport.cursor().shape() != Qt.CursorShape.CrossCursor
    assert all(button.styleSheet() != ARMED_STYLE for button in editor.role_buttons.values())
    assert hint(window) == ATTACK_HINT
    assert notice(window) == "Target of Conflict.Attack: “Kofi Annan” (Ctrl+Z to undo)"

    key(qtbot, window, Qt.Key.Key_Escape)  # the event deselected: its hint leaves with it
    assert hint(window) == NO_SELECTION
    assert notice(window) == ""


def test_relabel_delete_undo_and_redo_say_what_they_did(qtbot, window) -> None:
    click_word(qtbot, window, "Annan")
    assert hint(window) == ("PERSON “Kofi Annan” selected: a label's key relabels it, Del or Backspace "
                            "deletes it, Esc deselects it")
    key(qtbot, window, "o")
    assert notice(window) == "“Kofi Annan”: PERSON → ORG (Ctrl+Z to undo)"
    assert hint(window).startswith("ORG “Kofi Annan” selected")
    key(qtbot, window, Qt.Key.Key_Delete)
    assert notice(window) == "Deleted ORG “Kofi Annan” (Ctrl+Z to undo)"
    assert hint(window) == NO_SELECTION
    key(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert notice(window) == "Undone: Delete span (Ctrl+Shift+Z or Ctrl+Y to redo)"
    key(qtbot, window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert notice(window) == "Redone: Delete span (Ctrl+Z to undo)"
    click_word(qtbot, window, "shelled")
    key(qtbot, window, Qt.Key.Key_Backspace)
    assert notice(window) == "Deleted the Conflict.Attack event on “shelled” (Ctrl+Z to undo)"
    assert "Conflict.Attack" not in [event.type for event in window.session.project.events(1)]


def test_reject_all_replaces_the_current_suggestion_s_message(qtbot, window) -> None:
    key(qtbot, window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # the next document
    assert window.workbench.state.text == "Rebels came back to Accra at night."
    qtbot.waitUntil(lambda: len(window.suggestions.suggestions) == 2)
    key(qtbot, window, Qt.Key.Key_F8)
    assert notice(window).startswith("Suggestion 1/2: ORG “Rebels”")
    key(qtbot, window, Qt.Key.Key_Backspace, CTRL | SHIFT)
    assert notice(window) == "Rejected 2 suggestions; they are not proposed again here"
    assert window.workbench.view.selected_range() is None
    assert window.suggestions.suggestions == []


def test_a_document_opened_with_nothing_selected_hints_how_to_start(window) -> None:
    assert window.workbench.state.text == ATTACK_TEXT
    assert hint(window) == NO_SELECTION


def test_deleting_in_the_annotations_tree_says_what_went(qtbot, window) -> None:
    pane = window.workbench.annotations
    for row, said in (("GPE", "Deleted GPE “Accra” (Ctrl+Z to undo)"),
                      ("Life.Die", "Deleted the Life.Die event on “killing” (Ctrl+Z to undo)")):
        match = pane.model.match(pane.model.index(0, 0), Qt.ItemDataRole.DisplayRole, row, 1,
                                 Qt.MatchFlag.MatchRecursive | Qt.MatchFlag.MatchStartsWith)
        qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton,
                         pos=pane.tree.visualRect(match[0]).center())
        qtbot.keyClick(pane.tree, Qt.Key.Key_Delete)
        assert notice(window) == said
