"""An entity span's registry link in the whole window: the Span pane and the span's tooltip name the
entity (as plain text) and follow link, rename and unlink; the span's context menu unlinks it, one
undoable edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QContextMenuEvent, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.core.entity_edits import CreateEntity, RenameEntity
from annotator.core.model import ENTITY, Entity, Span
from tests.conftest import DATA
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.gui.test_attributes_and_notes import click_text

LINKED = DATA / "linked_schema.yaml"
TEXT = "Kofi Annan of the UN visited Accra."


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    spans = (Span(0, 10, "PERSON", ENTITY), Span(18, 20, "ORG", ENTITY))
    path = make_project(tmp_path / "ent.annotator", [article("UN", TEXT, spans)], LINKED)
    opened = open_window(qtbot, path, preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id == 1)
    yield opened


def tooltip_at(window, offset: int) -> str:
    view = window.workbench.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_foreign(offset))
    point = view.cursorRect(cursor).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point,
                                                       view.viewport().mapToGlobal(point)))
    return QToolTip.text()


def test_the_span_pane_names_the_entity_and_the_context_menu_unlinks(window, qtbot) -> None:
    project, row = window.session.project, window.workbench.span_details.link_row
    click_text(window, qtbot, 2)
    assert row.item(0).text() == "Not linked to an entity (K links it)"
    window.session.do(CreateEntity(Entity("<b>Kofi</b> Annan", "PERSON"), 1, 1))
    # list rows are plain text
    assert row.item(0).text() == "Linked to <b>Kofi</b> Annan (PERSON, #1) (Del or Backspace unlinks)"
    assert "Linked to &lt;b&gt;Kofi&lt;/b&gt; Annan" in tooltip_at(window, 2)  # escaped: shown as typed
    assert "Linked to &lt;b&gt;Kofi&lt;/b&gt; Annan" in row.item(0).toolTip()  # the row's too (it was bold)
    window.session.do(RenameEntity(1, "Annan"))
    assert "Linked to Annan (PERSON, #1)" in row.item(0).text()
    assert "Linked to Annan (PERSON, #1)" in tooltip_at(window, 2)

    view = window.workbench.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_foreign(2))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=point)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                              view.viewport().mapToGlobal(point)))
    menu = window.workbench.span_menu.menu
    qtbot.waitUntil(menu.isVisible)
    unlink = next(action for action in menu.actions() if action.text().startswith("Unlink from"))
    assert unlink.text() == "Unlink from Annan (PERSON, #1)"
    menu.setActiveAction(unlink)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    assert project.links(1) == [] and "Not linked" in row.item(0).text()
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [link.span_id for link in project.links(1)] == [1] and "Linked to Annan" in row.item(0).text()


def test_delete_on_the_link_row_unlinks_not_deletes_the_span(window, qtbot) -> None:
    project, row = window.session.project, window.workbench.span_details.link_row
    window.session.do(CreateEntity(Entity("Kofi Annan", "PERSON"), 1, 1))
    click_text(window, qtbot, 2)
    rect = row.visualItemRect(row.item(0))
    qtbot.mouseClick(row.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.keyClick(row, Qt.Key.Key_Delete)
    assert project.links(1) == [] and [span.id for span in project.spans(1)] == [1, 2]
    assert "Not linked" in row.item(0).text()
