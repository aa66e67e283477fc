"""Attributes, notes and the relations pane in the whole window, with real keys and clicks: one editor
per declared attribute, each change one undoable edit; the quick picker; notes by key and context menu,
shown as plain text; relations listed and deleted with Delete, drawn over the article."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QMenu, QSpinBox

from annotator.core.model import ENTITY, ON_EVENT, ON_SPAN, TRIGGER, Event, Span
from annotator.core.relation_edits import AddRelation
from annotator.gui.notes import NoteDialog
from tests.conftest import DATA
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401

LINKED = DATA / "linked_schema.yaml"
TEXT = "Kofi Annan of the UN attacked Accra on 3 May."
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    spans = (Span(0, 10, "PERSON", ENTITY), Span(18, 20, "ORG", ENTITY),
             Span(21, 29, "Conflict.Attack", TRIGGER), Span(30, 35, "GPE", ENTITY),
             Span(39, 44, "DATE", ENTITY))
    item = replace(article("UN", TEXT, spans), events=(Event("Conflict.Attack", 2),))
    opened = open_window(qtbot, make_project(tmp_path / "linked.annotator", [item], LINKED), preferences)
    qtbot.waitUntil(lambda: opened.session.current_doc_id == 1)
    yield opened


def click_text(window, qtbot, offset: int) -> None:
    view = window.workbench.view
    view.viewport().repaint()
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_foreign(offset))
    left = view.cursorRect(cursor).center()
    cursor.setPosition(view.offset_map.to_foreign(offset + 1))
    right = view.cursorRect(cursor).center()
    middle = QPoint((left.x() + right.x()) // 2, left.y())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=middle)


def values(window, target: str, target_id: int) -> dict:
    return {value.name: value.value for value in window.session.project.attributes(1)
            if (value.target, value.target_id) == (target, target_id)}


def test_the_event_pane_edits_each_attribute_as_one_undoable_edit(window, qtbot) -> None:
    click_text(window, qtbot, TEXT.index("attacked"))
    editor = window.workbench.event_editor.attributes
    assert editor.isVisible()
    assert list(editor.editors) == ["Negated", "Modality", "fatalities"]
    assert "color" in editor.names["fatalities"].styleSheet()  # required, no default: flagged
    negated = editor.editors["Negated"]
    assert isinstance(negated, QCheckBox) and not negated.isChecked()  # the default, false
    qtbot.mouseClick(negated, Qt.MouseButton.LeftButton)
    assert values(window, ON_EVENT, 1) == {"Negated": True}

    spin = editor.editors["fatalities"]
    assert isinstance(spin, QSpinBox) and spin.text() == "unset"
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "12")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert values(window, ON_EVENT, 1) == {"Negated": True, "fatalities": 12}
    assert "color" not in editor.names["fatalities"].styleSheet()

    combo = editor.editors["Modality"]
    assert isinstance(combo, QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the first value after "(unset)"
    assert values(window, ON_EVENT, 1)["Modality"] == "Asserted"

    window.workbench.view.setFocus()
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Modality" not in values(window, ON_EVENT, 1)
    assert editor.editors["Modality"].currentIndex() == 0


def test_a_span_shows_its_attributes_and_a_bad_date_is_refused(window, qtbot) -> None:
    click_text(window, qtbot, TEXT.index("May"))
    details = window.workbench.span_details
    assert details.isVisible() and "DATE" in details.heading.text()
    line = details.attributes.editors["normalized"]
    assert isinstance(line, QLineEdit)
    line.setFocus()
    qtbot.keyClicks(line, "3 May")
    assert line.text() == "3"  # only ISO's digits and dashes go in
    line.clear()
    qtbot.keyClicks(line, "2024-13-03")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert values(window, ON_SPAN, 5) == {}
    assert "normalized" in window.statusBar().currentMessage()
    line = details.attributes.editors["normalized"]
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "2024-05-03")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    assert values(window, ON_SPAN, 5) == {"normalized": "2024-05-03"}


def test_the_quick_picker_toggles_and_picks(window, qtbot) -> None:
    click_text(window, qtbot, TEXT.index("attacked"))
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_A, CTRL_SHIFT)
    menu = QApplication.activePopupWidget()
    assert isinstance(menu, QMenu)
    assert [action.text() for action in menu.actions()] == [
        "Negated", "Modality: unset", "fatalities: unset…"]
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # the first item: toggles Negated
    assert values(window, ON_EVENT, 1) == {"Negated": True}
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_A, CTRL_SHIFT)
    menu = QApplication.activePopupWidget()
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # fatalities: its spin box takes the keys
    spin = window.workbench.event_editor.attributes.editors["fatalities"]
    qtbot.waitUntil(spin.hasFocus)
    qtbot.keyClicks(spin, "4")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert values(window, ON_EVENT, 1) == {"Negated": True, "fatalities": 4}
    assert window.workbench.view.hasFocus()  # back to the article for the next key


def test_a_note_by_key_is_plain_text_marked_and_undoable(window, qtbot) -> None:
    click_text(window, qtbot, TEXT.index("Kofi"))
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = window.findChild(NoteDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.editor, "<b>check</b> spelling")
    dialog.accept()
    assert [(n.target, n.target_id, n.text) for n in window.session.project.notes(1)] == [
        (ON_SPAN, 1, "<b>check</b> spelling")]
    note = window.workbench.span_details.attributes.note_label
    assert note.text() == "Note: <b>check</b> spelling" and note.textFormat() == Qt.TextFormat.PlainText
    assert window.workbench.note_markers.noted_spans() == {1}
    row = window.workbench.annotations._span_items[1]
    assert "Note: &lt;b&gt;check&lt;/b&gt; spelling" in row.toolTip()  # plain text, never rich text
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.project.notes(1) == []


def test_the_context_menu_offers_link_and_note(window, qtbot) -> None:
    view = window.workbench.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_foreign(2))
    point = view.cursorRect(cursor).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.RightButton, pos=point)
    # The platform follows a right click with a context menu event; QTest does not, so send it.
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                                                              view.viewport().mapToGlobal(point)))
    menu = window.workbench.span_menu.menu
    qtbot.waitUntil(menu.isVisible)
    assert [action.text() for action in menu.actions()][:2] == ["Link to…", "Note…"]
    qtbot.keyClick(menu, Qt.Key.Key_Down)
    qtbot.keyClick(menu, Qt.Key.Key_Right)  # into Link to…: member_of is the one type a PERSON starts
    types = menu.actions()[0].menu()
    qtbot.waitUntil(types.isVisible)
    qtbot.keyClick(types, Qt.Key.Key_Return)
    assert window.workbench.controller.links.armed == ("member_of", 1)
    click_text(window, qtbot, TEXT.index("UN"))
    linked = [(r.type, r.head_id, r.tail_id) for r in window.session.project.relations(1)]
    assert linked == [("member_of", 1, 2)]


def test_the_relations_pane_lists_and_deletes(window, qtbot) -> None:
    window.session.do(AddRelation(1, "member_of", 1, 2))
    pane = window.workbench.relations
    assert [pane.list.item(i).text() for i in range(pane.list.count())] == ["member_of: “Kofi Annan” → “UN”"]
    rect = pane.list.visualItemRect(pane.list.item(0))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.workbench.state.selected_span_id == 1  # its head selected in the article
    qtbot.keyClick(pane.list, Qt.Key.Key_Delete)
    assert window.session.project.relations(1) == []
    assert window.session.project.spans(1)[0].text == "Kofi Annan", "the span stays"
    qtbot.keyClick(pane.list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(window.session.project.relations(1)) == 1


def test_relations_are_drawn_over_the_article(window, qtbot, tmp_path: Path) -> None:
    view = window.workbench.view
    before = view.viewport().grab().toImage()
    window.session.do(AddRelation(1, "member_of", 1, 2))
    qtbot.wait(50)
    after = view.viewport().grab().toImage()
    assert before != after
    window.grab().save(str(tmp_path / "relation.png"))


def test_a_relation_row_shows_its_attributes_and_takes_a_note(window, qtbot) -> None:
    window.session.do(AddRelation(1, "member_of", 1, 2))
    (relation,) = window.session.project.relations(1)
    pane = window.workbench.relations
    rect = pane.list.visualItemRect(pane.list.item(0))
    qtbot.mouseClick(pane.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert list(pane.attributes.editors) == ["comment", "since"]
    since = pane.attributes.editors["since"]
    since.setFocus()
    qtbot.keyClicks(since, "2020-01")
    qtbot.keyClick(since, Qt.Key.Key_Return)
    assert values(window, "relation", relation.id) == {"since": "2020-01"}
    window.workbench.notes.edit("relation", relation.id)
    dialog = window.findChild(NoteDialog)
    qtbot.keyClicks(dialog.editor, "from the 2020 report")
    dialog.accept()
    assert "from the 2020 report" in pane.list.item(0).toolTip()


def test_a_document_note_with_nothing_selected_shows_under_the_article(window, qtbot) -> None:
    view = window.workbench.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL_SHIFT)
    dialog = window.findChild(NoteDialog)
    qtbot.keyClicks(dialog.editor, "source: wire copy")
    dialog.accept()
    bar = window.workbench.document_note
    assert bar.isVisible() and bar.text() == "Note on this document: source: wire copy"
    qtbot.keyClick(view, Qt.Key.Key_N, CTRL_SHIFT)  # again: the same note, emptied, is deleted
    dialog = [d for d in window.findChildren(NoteDialog) if d.isVisible()][-1]
    assert dialog.editor.toPlainText() == "source: wire copy"
    dialog.editor.clear()
    dialog.accept()
    assert window.session.project.notes(1) == [] and not bar.isVisible()
