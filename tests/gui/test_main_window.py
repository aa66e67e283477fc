"""The main window around the workbench: navigation, undo keys, filters, projects, help, background jobs."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPalette, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTextBrowser,
)

from annotator.core.edits import AddSpan
from annotator.core.jobs import JobControl
from annotator.core.model import Span
from annotator.core.schema import schema_from_dict
from annotator.errors import AnnotatorError
from annotator.gui import keymap
from annotator.gui.help_pages import guidelines_html
from annotator.gui.jobs import BackgroundJob
from annotator.gui.span_painting import Shades, contrast
from annotator.gui.theme import apply_theme, is_dark
from annotator.store import ProjectStore
from annotator.store.migrations import CURRENT_VERSION
from tests.gui.builders import (
    ATTACK_TEXT,
    article,
    attack_article,
    make_project,
    open_window,
    preferences_fixture,  # noqa: F401
)
from tests.gui.make_screenshot import WINDOW_SIZE, screenshot_window

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def errors(monkeypatch) -> list[tuple[str, str]]:
    """Error dialogs shown, as (title, text), instead of blocking the test."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())))
    return shown


@pytest.fixture
def three_documents(tmp_path: Path) -> Path:
    return make_project(tmp_path / "three.annotator", [
        attack_article(), article("Second", "Talks resumed in Geneva."), article("Third", "Quiet day."),
    ])


def test_window_shows_the_project_and_opens_its_first_document(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    assert window.windowTitle() == "three — annotator"
    assert window.session.current_doc_id == 1
    assert window.workbench.view.toPlainText().startswith("Rebels shelled Accra")
    assert window.position_label.text() == "1 / 3"
    assert window.annotator_label.text() == "Annotator: tester"
    assert window.session.project.document(1).status == "in_progress", "opening a new document starts it"
    assert not window.session.undo_stack.canUndo(), "that is not an edit the analyst has to undo"
    assert window.workbench.documents.table.selectionModel().isRowSelected(0)


def test_next_and_previous_by_keyboard_and_the_position_is_remembered(
        qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    view = window.workbench.view
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT)
    assert window.session.current_doc_id == 2
    qtbot.keyClick(view, Qt.Key.Key_PageDown, CTRL)
    assert window.session.current_doc_id == 3
    assert window.position_label.text() == "3 / 3"
    assert window.workbench.documents.table.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_Right, ALT)
    assert window.session.current_doc_id == 3, "no wrap past the last document"
    qtbot.keyClick(view, Qt.Key.Key_Left, ALT)
    assert window.session.current_doc_id == 2
    window.close()

    reopened = open_window(qtbot, three_documents, preferences)
    assert reopened.session.current_doc_id == 2
    assert reopened.position_label.text() == "2 / 3"


def test_undo_and_redo_keys(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    session = window.session
    session.do(AddSpan(1, Span(31, 38, "PERSON")))
    view = window.workbench.view
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Add PERSON"
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert all(span.label != "PERSON" or span.start != 31 for span in session.project.spans(1))
    qtbot.keyClick(view, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert any(span.start == 31 and span.label == "PERSON" for span in session.project.spans(1))
    assert window.workbench.documents.model.index(0, 2).data() == 5, "the list row follows the edit"


def test_filters_apply_after_typing_stops(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    documents = window.workbench.documents
    qtbot.keyClicks(documents.search_edit, "Geneva")
    assert documents.model.total == 3, "no query per key press"
    qtbot.waitUntil(lambda: documents.model.total == 1)
    assert window.position_label.text() == "– / 1", "the open document is filtered out"
    documents.search_edit.clear()
    documents.status_combo.setCurrentIndex(documents.status_combo.findData("in_progress"))
    qtbot.waitUntil(lambda: documents.model.total == 1)
    assert window.position_label.text() == "1 / 1"


def _not_a_project(tmp_path: Path, _good: Path) -> tuple[Path, object]:
    path = tmp_path / "notes.annotator"
    path.write_text("just some notes")
    return path, None


def _locked(tmp_path: Path, _good: Path) -> tuple[Path, object]:
    path = make_project(tmp_path / "busy.annotator", [])
    return path, ProjectStore.open(path)


def _newer(tmp_path: Path, _good: Path) -> tuple[Path, object]:
    path = make_project(tmp_path / "future.annotator", [])
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    connection.close()
    return path, None


@pytest.mark.parametrize(("make_bad_file", "expected"), [
    (_not_a_project, "not an annotator project"),
    (_locked, "open for writing in another annotator window"),
    (_newer, "made by a newer annotator"),
])
def test_a_file_that_cannot_be_opened_gives_a_dialog_and_the_window_carries_on(
        qtbot, tmp_path, three_documents, preferences, errors, monkeypatch, make_bad_file, expected) -> None:
    window = open_window(qtbot, three_documents, preferences)
    bad, holder = make_bad_file(tmp_path, three_documents)
    try:
        with pytest.raises(AnnotatorError) as raised:
            ProjectStore.open(bad)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(bad), "")))
        qtbot.keyClick(window.workbench.view, Qt.Key.Key_O, CTRL)
    finally:
        if holder is not None:
            holder.close()
    assert errors == [("Cannot open project", str(raised.value))]
    assert expected in errors[0][1]
    assert window.session.project.path == three_documents
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_Right, ALT)
    assert window.session.current_doc_id == 2, "the window still works"


def test_switching_projects_and_the_recent_menu(qtbot, tmp_path, three_documents, preferences) -> None:
    other = make_project(tmp_path / "other.annotator", [article("Only one", "Nothing happened.")])
    window = open_window(qtbot, three_documents, preferences)
    assert window.open_project(other)
    assert window.windowTitle() == "other — annotator"
    assert window.workbench.documents.model.total == 1
    assert window.workbench.view.toPlainText() == "Nothing happened."
    ProjectStore.open(three_documents).close()  # the first project's lock was released
    window.recent_menu.aboutToShow.emit()
    assert [a.text() for a in window.recent_menu.actions()] == ["other.annotator", "three.annotator"]
    window.recent_menu.actions()[1].trigger()
    assert window.session.project.path == three_documents
    assert window.session.current_doc_id == 1


def test_new_project_dialog_creates_and_opens_it(qtbot, tmp_path, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_N, CTRL)
    dialog = QApplication.activeModalWidget()
    dialog.path_edit.setText(str(tmp_path / "fresh.annotator"))
    assert dialog.schema_combo.currentData() == "news"
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert window.session.project.path == tmp_path / "fresh.annotator"
    assert window.session.project.schema.name == "news"
    assert window.position_label.text() == "– / 0"


def test_help_pages_come_from_the_actions_and_the_schema(qtbot, three_documents, preferences,
                                                        monkeypatch) -> None:
    window = open_window(qtbot, three_documents, preferences)
    groups = dict(window.shortcut_groups())
    done, delete = keymap.KEYMAP["mark_done"].title, keymap.KEYMAP["delete"].title
    assert (done, "Ctrl+Return, Ctrl+Enter") in groups["Document"]
    assert ("PERSON", "P") in groups[f"Label keys of the {window.session.project.schema.name} schema"]
    assert (delete, "Del, Backspace") in groups["Edit"]
    sheet = window.show_shortcuts()
    assert "Ctrl+Shift+Z" in sheet.findChild(QTextBrowser).toPlainText()

    guidelines = window.show_guidelines().findChild(QTextBrowser).toPlainText()
    assert "A person dies." in guidelines
    assert "Victim (required)" in guidelines

    about = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda _parent, _title, text: about.append(text)))
    window.show_about()
    assert "SQLite" in about[0] and "spaCy" in about[0] and "Qt runtime" in about[0]


def test_guidelines_escape_whatever_the_schema_says() -> None:
    schema = schema_from_dict({
        "name": "<b>bold</b>",
        "description": "Tags & <script>alert(1)</script>",
        "entity_labels": [{"name": "X<Y", "description": "<img src=x>"}],
    })
    html = guidelines_html(schema)
    assert "<script>" not in html and "<img" not in html and "<b>bold" not in html
    assert "Tags &amp; &lt;script&gt;" in html
    assert "X&lt;Y" in html


def test_zoom_and_view_options_are_kept(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    view = window.workbench.view
    size = view.font().pointSizeF()
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)
    assert view.font().pointSizeF() == size + 2
    window.tags_action.trigger()
    window.snap_action.trigger()
    window.close()
    reopened = open_window(qtbot, three_documents, preferences)
    assert reopened.workbench.view.font().pointSizeF() == size + 2
    assert not reopened.tags_action.isChecked() and not reopened.snap_action.isChecked()
    qtbot.keyClick(reopened.workbench.view, Qt.Key.Key_0, CTRL)
    assert reopened.workbench.view.font().pointSizeF() == size


def test_a_background_job_shows_progress_and_cancel_stops_it(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)

    def endless(control: JobControl) -> None:
        for step in range(100_000):
            control.report(step, 100_000, f"step {step}")
            control.check()
            time.sleep(0.005)

    job = BackgroundJob(window, "Counting", endless)
    with qtbot.waitSignal(job.cancelled, timeout=10000):
        job.start()
        dialog = window.findChild(QProgressDialog)
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        assert dialog.maximum() == 100_000
        cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel")
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not job.running


def test_closing_the_window_releases_the_project(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    window.close()
    ProjectStore.open(three_documents).close()


def test_the_screenshot_scene_renders_a_tagged_sample_article(qtbot, tmp_path: Path) -> None:
    window = screenshot_window(tmp_path)
    qtbot.addWidget(window)
    image = window.grab()
    assert (image.width(), image.height()) == WINDOW_SIZE
    editor = window.workbench.event_editor
    assert editor.type_combo.currentData() == "Life.Die"
    assert editor.filler_labels["Instrument"].text() == "“Artillery”"
    assert editor.filler_labels["Victim"].text() == "required, missing"
    rows = window.workbench.annotations.model.match(
        window.workbench.annotations.model.index(0, 0), Qt.ItemDataRole.DisplayRole,
        "Victim: missing (required)", 1, Qt.MatchFlag.MatchRecursive)
    assert rows, "the death without a victim is flagged"


def test_find_in_document(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    view = window.workbench.view
    messages = []
    window.session.message.connect(messages.append)
    qtbot.keyClick(view, Qt.Key.Key_F, CTRL)
    find_bar = window.workbench.find_bar
    assert find_bar.isVisible() and find_bar.edit.hasFocus()
    qtbot.keyClicks(find_bar.edit, "Accra")
    qtbot.keyClick(find_bar.edit, Qt.Key.Key_Return)
    assert view.textCursor().selectedText() == "Accra"
    find_bar.edit.setText("Timbuktu")
    qtbot.keyClick(find_bar.edit, Qt.Key.Key_Return)
    assert messages == ["“Timbuktu” not found in this document"]
    qtbot.keyClick(find_bar.edit, Qt.Key.Key_Escape)
    assert not find_bar.isVisible() and view.hasFocus()


def pixel_colors(widget, rect: QRect) -> set[str]:
    image = widget.grab(rect).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def assert_readable_and_focus_framed(qtbot, window) -> None:
    """Text over every span fill reads at AA contrast, and only the focused pane has the focus band."""
    view, table = window.workbench.view, window.workbench.documents.table
    palette = view.palette()
    text = palette.color(QPalette.ColorRole.Text)
    highlight = palette.color(QPalette.ColorRole.Highlight).name()
    rebels = QTextCursor(view.document())
    rebels.setPosition(view.offset_map.to_foreign(ATTACK_TEXT.index("Rebels") + 2))
    view.viewport().repaint()
    fill = pixel_colors(view.viewport(), view.cursorRect(rebels).adjusted(0, 3, 0, -4))
    org = Shades.of(QColor("#ffb703"), palette.color(QPalette.ColorRole.Base), text).fill
    assert org.name() in fill and contrast(org, text) >= 4.5
    for focused, other in ((view, table), (table, view)):
        focused.setFocus()
        qtbot.waitUntil(focused.hasFocus)
        for widget in (focused, other):
            widget.repaint()
        left_edge = QRect(0, 10, 2, focused.height() - 20)
        assert pixel_colors(focused, left_edge) == {highlight}
        assert highlight not in pixel_colors(other, QRect(0, 10, 2, other.height() - 20))


def test_dark_and_light_appearance(qtbot, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    actions = {action.text(): action for action in window.theme_actions.actions()}
    try:
        actions["Dark"].trigger()
        assert is_dark() and preferences.theme == "dark"
        assert_readable_and_focus_framed(qtbot, window)
        actions["Light"].trigger()
        assert not is_dark() and preferences.theme == "light"
        assert_readable_and_focus_framed(qtbot, window)
    finally:
        apply_theme("system")


def test_an_import_keeps_the_open_document_and_its_row(qtbot, tmp_path, three_documents, preferences) -> None:
    window = open_window(qtbot, three_documents, preferences)
    window.next_document()
    extra = tmp_path / "extra.txt"
    extra.write_text("Fresh news from Lomé.", encoding="utf-8")
    with qtbot.waitSignal(window.start_import([extra]).finished, timeout=20000):
        pass
    documents = window.workbench.documents
    assert documents.model.total == 4
    assert window.session.current_doc_id == 2
    assert documents.table.selectionModel().isRowSelected(1)
    assert window.position_label.text() == "2 / 4"
    assert window.statusBar().currentMessage().startswith("imported 1 document")


def test_an_empty_project_tells_the_analyst_how_to_import(qtbot, tmp_path, preferences) -> None:
    path = make_project(tmp_path / "empty.annotator", [])
    window = open_window(qtbot, path, preferences)
    view = window.workbench.view
    shortcut = window.import_action.shortcut().toString()
    assert view.toPlainText() == ""
    assert "File > Import files" in view.placeholderText() and f"({shortcut})" in view.placeholderText()
    image = view.viewport().grab().toImage()
    assert any(image.pixelColor(x, y) != image.pixelColor(0, 0)
               for x in range(0, image.width(), 3) for y in range(0, 60, 2))
