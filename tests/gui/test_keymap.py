"""One keymap, no drift: the menus, the key handling and the shortcut sheet all come from it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import QTextBrowser

from annotator.core.edits import SetStatus
from annotator.core.model import STATUS_INFO
from annotator.gui import keymap
from annotator.gui.option_dialogs import ExportDialog
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ALT_SHIFT = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(qtbot, tmp_path: Path, preferences):
    path = make_project(tmp_path / "three.annotator", [
        article("First", "Rebels shelled Accra on Monday."), article("Second", "Talks resumed in Geneva."),
        article("Third", "Quiet day."),
    ])
    return open_window(qtbot, path, preferences)


def _keys(context: str) -> list[str]:
    return [key.toString(keymap.PORTABLE) for binding in keymap.KEYMAP.values()
            if binding.context == context for key in keymap.sequences(binding.id)]


def test_no_key_means_two_things_where_it_works(qapp) -> None:
    window_keys = _keys(keymap.WINDOW)
    for context in keymap.CONTEXTS:
        keys = _keys(context)
        assert len(keys) == len(set(keys)), f"a key twice in the {context} context: {keys}"
    for context in (keymap.ARTICLE, keymap.FIND_BAR):  # window keys fire there too
        assert not set(_keys(context)) & set(window_keys), context
    assert "Ctrl+Shift+Right" not in window_keys, "the article keeps it for extending the selection"


def test_every_action_shortcut_of_the_window_is_in_the_keymap(window) -> None:
    schema = window.session.project.schema
    label_keys = {QKeySequence(item.key) for item in (*schema.entity_labels, *schema.event_types) if item.key}
    everything = {key for binding in keymap.KEYMAP for key in keymap.sequences(binding)}
    for action in window.findChildren(QAction):
        binding = action.property("keymap_id")
        for key in action.shortcuts():
            allowed = keymap.sequences(binding) if binding else label_keys if action.data() else everything
            if binding == "relation_keys":
                allowed = [QKeySequence(item.key) for item in schema.relation_types if item.key]
            assert key in allowed, f"{action.text()!r} has {key.toString()} outside the keymap"


def test_the_sheet_lists_each_entry_once_one_per_row(window) -> None:
    window.session.do(SetStatus(1, "done"))  # the undo text changes; the sheet's entry must not
    groups = window.shortcut_groups()
    rows = [entry for _, entries in groups for entry in entries]
    schema = window.session.project.schema
    labelled = [item for item in (*schema.entity_labels, *schema.event_types, *schema.relation_types)
                if item.key]
    assert len(rows) == len(keymap.KEYMAP) + len(labelled)
    for binding in keymap.KEYMAP.values():
        assert rows.count((binding.title, keymap.key_text(binding.id))) == 1, binding.id
    text = window.show_shortcuts().findChild(QTextBrowser).toHtml()
    assert len(re.findall(r"<tr>", text)) == len(rows), "one table row per entry, none merged"
    assert "Undo Mark done" not in text


def test_ctrl_shift_right_extends_the_selection_in_the_article(window, qtbot) -> None:
    view = window.workbench.view
    view.setFocus()
    view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    assert view.textCursor().selectedText().strip() == "Rebels"
    assert window.session.current_doc_id == 1, "no document change"


def test_the_next_unfinished_key_skips_finished_documents(window, qtbot) -> None:
    window.session.project.apply(SetStatus(2, "done"))
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_PageDown, CTRL_SHIFT)
    assert window.session.current_doc_id == 3


def test_alt_shift_right_moves_a_span_edge_not_the_document(window, qtbot) -> None:
    view = window.workbench.view
    view.setFocus()
    view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Right, CTRL_SHIFT)
    qtbot.keyClick(view, "o")
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT_SHIFT)
    assert [span.text for span in window.session.project.spans(1)] == ["shelled"]
    assert window.session.current_doc_id == 1, "no document change"


def test_status_combos_come_from_the_status_registry(window) -> None:
    combo = window.workbench.documents.status_combo
    listed = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert listed == list(STATUS_INFO)
    assert [combo.itemText(combo.findData(name)) for name in STATUS_INFO] == [
        info.title for info in STATUS_INFO.values()]
    export = ExportDialog(window, window.session.project.schema).status_combo
    assert [export.itemData(i) for i in range(1, export.count())] == list(STATUS_INFO)
