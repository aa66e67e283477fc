"""Event records in the window with real keys and clicks: the Record pane under the event editor (its
record, or candidate records with their reasons; Accept, New record, Ignore by key and by button, undo),
and the Records window (View > Records…): fields with evidence, set from a mention or by hand, jump."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit

from annotator.core.record_edits import CreateRecord
from annotator.gui.plain_text import literal_tooltip
from annotator.gui.record_pane import NO_EVENT
from annotator.gui.records_window import RecordsWindow
from tests.gui.builders import open_window, preferences_fixture  # noqa: F401
from tests.records_sample import build

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    sample = build(tmp_path / "records.annotator")
    path = sample.project.path
    sample.project.close()
    opened = open_window(qtbot, path, preferences)
    opened.resize(1400, 900)
    qtbot.waitUntil(lambda: opened.session.current_doc_id == 1)
    yield opened


def click_word(qtbot, window, word: str) -> None:
    view = window.workbench.view
    view.viewport().repaint()
    start = window.workbench.state.text.index(word)
    points = []
    for offset in (start + len(word) // 2, start + len(word) // 2 + 1):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.offset_map.to_foreign(offset))
        points.append(view.cursorRect(cursor).center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint((points[0].x() + points[1].x()) // 2, points[0].y()))


def settled(qtbot, pane) -> None:
    qtbot.waitUntil(lambda: pane.job is None and pane.lookup is not None)


def next_document(qtbot, window) -> None:
    """A click on the second document's row in the document list opens it."""
    table = window.workbench.documents.table
    rect = table.visualRect(table.model().index(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.session.current_doc_id == 2)


def members(window, record_id: int = 1) -> list[int]:
    return [m.event_id for m in window.session.project.store.annotations.members_of(record_id)]


def test_new_record_candidates_accept_ignore_and_undo_by_keys_and_clicks(qtbot, window) -> None:
    workbench = window.workbench
    pane = workbench.record_pane
    click_word(qtbot, window, "seized")
    assert workbench.state.selected_event_id == 1
    settled(qtbot, pane)
    assert pane.summary.text() == "In no record, and no record looks like this event."
    qtbot.keyClick(workbench.view, Qt.Key.Key_R, CTRL_SHIFT)  # New record
    qtbot.waitUntil(lambda: pane.summary.text().startswith("In record R1 seized"))
    assert members(window) == [1]

    qtbot.keyClick(workbench.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # next document
    qtbot.waitUntil(lambda: window.session.current_doc_id == 2)
    click_word(qtbot, window, "captured")
    settled(qtbot, pane)
    assert pane.candidates.count() == 1
    assert pane.candidates.item(0).text() == (
        "R1 seized (Reuters: Abu Kamal falls) — same type, shares actor ISIS, shares location Abu Kamal, "
        "same day")
    qtbot.keyClick(workbench.view, Qt.Key.Key_I, CTRL_SHIFT)  # Ignore: an undoable edit
    qtbot.waitUntil(lambda: pane.lookup is not None and pane.lookup.ignored)
    assert not pane.candidates.isVisible() and members(window) == [1]
    assert pane.summary.text() == "In no record; its candidate records are ignored."
    assert pane.ignore_button.text() == "Show candidates"
    qtbot.keyClick(workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the ignore
    qtbot.waitUntil(lambda: pane.lookup is not None and pane.candidates.count() == 1)
    qtbot.mouseClick(pane.ignore_button, Qt.MouseButton.LeftButton)  # ignore by the button
    qtbot.waitUntil(lambda: pane.lookup is not None and pane.lookup.ignored)
    qtbot.keyClick(workbench.view, Qt.Key.Key_I, CTRL_SHIFT)  # the same key shows them again
    qtbot.waitUntil(lambda: pane.lookup is not None and pane.candidates.count() == 1)
    qtbot.keyClick(workbench.view, Qt.Key.Key_J, CTRL_SHIFT)  # Accept
    qtbot.waitUntil(lambda: members(window) == [1, 2] and pane.summary.text().startswith("In record R1"))
    assert "2 mentions" in pane.summary.text()
    assert window.undo_action.text().startswith("&Undo Add to record R1")
    qtbot.keyClick(workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo
    qtbot.waitUntil(lambda: members(window) == [1] and pane.lookup is not None
                    and pane.candidates.count() == 1)
    qtbot.mouseClick(pane.accept_button, Qt.MouseButton.LeftButton)  # the mouse does the same
    qtbot.waitUntil(lambda: members(window) == [1, 2])
    qtbot.waitUntil(lambda: pane.lookup is not None and pane.remove_button.isVisible())
    qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: members(window) == [1])


def test_the_records_window_sets_fields_from_a_mention_and_by_hand_and_jumps(qtbot, window, tmp_path) -> None:
    workbench = window.workbench
    click_word(qtbot, window, "seized")
    settled(qtbot, workbench.record_pane)
    qtbot.keyClick(workbench.view, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: members(window) == [1])
    window.records_action.trigger()  # View > Records…
    view = workbench.findChild(RecordsWindow)
    qtbot.waitUntil(lambda: view.isVisible() and view.records.count() == 1)
    assert view.records.item(0).text() == ("R1 seized (Reuters: Abu Kamal falls) — Battles/Non-state actor "
                                           "overtakes territory, 1 mention")
    fields = view.fields
    names = [fields.topLevelItem(row).text(0) for row in range(fields.topLevelItemCount())]
    assert names == ["Date", "Sub-event type", "Actor 1", "Actor 2", "Location", "Fatalities", "Notes"]
    actor = fields.topLevelItem(2)
    qtbot.mouseClick(fields.viewport(), Qt.MouseButton.LeftButton, pos=fields.visualItemRect(actor).center())
    assert view.source.currentText() == "Actor1: “ISIS”"
    qtbot.mouseClick(view.from_mention, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: fields.topLevelItem(2).text(1) == "ISIS")
    assert fields.topLevelItem(2).text(2) == "“ISIS” in Reuters: Abu Kamal falls, 0–4 (role Actor1)"
    assert fields.topLevelItem(2).toolTip(2) == literal_tooltip(fields.topLevelItem(2).text(2))  # quotes text
    notes = fields.topLevelItem(6)
    qtbot.mouseClick(fields.viewport(), Qt.MouseButton.LeftButton, pos=fields.visualItemRect(notes).center())
    qtbot.keyClicks(view.hand_value, "<b>not bold</b>")
    qtbot.keyClick(view.hand_value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: fields.topLevelItem(6).text(1) == "<b>not bold</b>")
    assert fields.topLevelItem(6).text(2) == "set by hand by tester"
    fatalities = fields.topLevelItem(5)
    qtbot.mouseClick(fields.viewport(), Qt.MouseButton.LeftButton,
                     pos=fields.visualItemRect(fatalities).center())
    qtbot.keyClicks(view.hand_value, "many")
    qtbot.keyClick(view.hand_value, Qt.Key.Key_Return)  # refused by the rules: said, nothing set
    assert "fatalities takes a whole number" in window.statusBar().currentMessage()
    assert fields.topLevelItem(5).text(1) == ""
    view.grab().save(str(tmp_path / "records-window.png"))
    window.grab().save(str(tmp_path / "records-pane.png"))

    next_document(qtbot, window)
    mention = view.mentions.item(0)
    rect = view.mentions.visualItemRect(mention)
    qtbot.mouseClick(view.mentions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.mentions.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.session.current_doc_id == 1 and workbench.state.selected_event_id == 1)
    next_document(qtbot, window)
    evidence = fields.topLevelItem(2)
    middle = fields.visualItemRect(evidence).center()
    qtbot.mouseClick(fields.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.mouseDClick(fields.viewport(), Qt.MouseButton.LeftButton, pos=middle)
    qtbot.waitUntil(lambda: window.session.current_doc_id == 1)
    assert workbench.state.selected_span_id == window.session.project.record_details()[0].field(
        "actor1").evidence.span_id


def test_ignored_candidates_stay_hidden_after_the_project_is_reopened(qtbot, tmp_path, preferences) -> None:
    sample = build(tmp_path / "records.annotator")
    project = sample.project
    project.apply(CreateRecord(1, 1))
    path = project.path
    project.close()
    first = open_window(qtbot, path, preferences)
    qtbot.waitUntil(lambda: first.session.current_doc_id == 1)
    next_document(qtbot, first)
    click_word(qtbot, first, "captured")
    settled(qtbot, first.workbench.record_pane)
    assert first.workbench.record_pane.candidates.count() == 1
    qtbot.keyClick(first.workbench.view, Qt.Key.Key_I, CTRL_SHIFT)
    pane = first.workbench.record_pane
    qtbot.waitUntil(lambda: pane.lookup is not None and pane.lookup.ignored)
    first.close()
    second = open_window(qtbot, path, preferences)
    qtbot.waitUntil(lambda: second.session.current_doc_id is not None)
    next_document(qtbot, second)
    click_word(qtbot, second, "captured")
    pane = second.workbench.record_pane
    settled(qtbot, pane)
    assert pane.lookup.ignored and not pane.candidates.isVisible()
    assert (2, 2) in second.session.project.events_without_record()  # still reported as in no record


def title_editor(qtbot, records) -> QLineEdit:
    qtbot.waitUntil(lambda: any(e.accessibleName() == "Record title" and e.isVisible()
                                for e in records.findChildren(QLineEdit)))
    return next(e for e in records.findChildren(QLineEdit) if e.accessibleName() == "Record title"
                and e.isVisible())


def test_a_records_title_is_edited_with_f2_or_a_double_click_and_undone(qtbot, window) -> None:
    workbench = window.workbench
    click_word(qtbot, window, "seized")
    settled(qtbot, workbench.record_pane)
    qtbot.keyClick(workbench.view, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: members(window) == [1])
    window.records_action.trigger()
    view = workbench.findChild(RecordsWindow)
    qtbot.waitUntil(lambda: view.isVisible() and view.records.count() == 1)
    records = view.records
    view.activateWindow()
    records.setFocus()
    qtbot.keyClick(records, Qt.Key.Key_F2)
    editor = title_editor(qtbot, records)
    assert editor.text() == "seized (Reuters: Abu Kamal falls)"  # the title alone, not the row
    editor.selectAll()
    qtbot.keyClicks(editor, "Fall of <i>Abu Kamal</i>")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: records.count() == 1 and records.item(0).text().startswith(
        "R1 Fall of <i>Abu Kamal</i> — "))
    assert window.session.project.records()[0].title == "Fall of <i>Abu Kamal</i>"
    assert view.title.textFormat() == Qt.TextFormat.PlainText
    window.activateWindow()  # back in the main window, Ctrl+Z undoes it
    qtbot.waitUntil(window.isActiveWindow)
    workbench.view.setFocus()
    qtbot.keyClick(workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: records.item(0).text().startswith("R1 seized (Reuters"))

    view.activateWindow()
    rect = records.visualItemRect(records.item(0))
    qtbot.mouseClick(records.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(records.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = title_editor(qtbot, records)
    editor.selectAll()
    qtbot.keyClicks(editor, "   ")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # a blank title is refused with its code's sentence
    qtbot.waitUntil(lambda: "a record title must be one line of text" in window.statusBar().currentMessage())
    assert window.session.project.records()[0].title == "seized (Reuters: Abu Kamal falls)"


def test_deleting_a_member_event_and_undoing_it_keeps_the_record_whole(qtbot, window) -> None:
    workbench = window.workbench
    pane = workbench.record_pane
    click_word(qtbot, window, "seized")
    settled(qtbot, pane)
    qtbot.keyClick(workbench.view, Qt.Key.Key_R, CTRL_SHIFT)
    qtbot.waitUntil(lambda: members(window) == [1] and pane.remove_button.isVisible())
    qtbot.keyClick(workbench.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: members(window) == [] and pane.summary.text() == NO_EVENT)
    qtbot.keyClick(workbench.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: members(window) == [1])
    click_word(qtbot, window, "seized")
    qtbot.waitUntil(lambda: pane.summary.text().startswith("In record R1"))



def test_with_no_record_nothing_can_be_set_from_a_mention(qtbot, window) -> None:
    """A project without records: "Set from mention" is greyed from the start (it was enabled, idle)."""
    window.records_action.trigger()  # View > Records…
    view = window.workbench.findChild(RecordsWindow)
    qtbot.waitUntil(lambda: view.isVisible() and view.job is None)
    assert view.records.count() == 0 and view.source.count() == 0
    assert not view.from_mention.isEnabled() and not view.by_hand.isEnabled()


def test_ignore_with_no_candidate_says_there_is_none(qtbot, window) -> None:
    """Ctrl+Shift+I said "Candidate records ignored" for an event with no candidate (Accept said none)."""
    workbench = window.workbench
    click_word(qtbot, window, "seized")
    settled(qtbot, workbench.record_pane)
    assert workbench.record_pane.summary.text() == "In no record, and no record looks like this event."
    qtbot.keyClick(workbench.view, Qt.Key.Key_I, CTRL_SHIFT)
    assert window.statusBar().currentMessage() == "No candidate record to ignore"
