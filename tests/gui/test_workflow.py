"""An analyst's whole session through the GUI's own actions: import, tag by keyboard, mark done, export.

Only the file dialogs are patched (they are the operating system's); everything else is real key
presses and mouse drags on the real widgets, with import and export running on the thread pool.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

from annotator.cli import cli
from annotator.gui.article_view import ArticleView
from annotator.gui.main_window import MainWindow
from annotator.gui.option_dialogs import ExportDialog, ImportOptionsDialog, ImportReportDialog
from tests.gui.builders import make_project, open_window, preferences_fixture  # noqa: F401

FIRST = "Kofi Annan 👩‍👩‍👧 met officials in Accra.\r\nShelling began on Monday.\r\n"
ACCRA = FIRST.index("Accra")  # after an astral ZWJ sequence: UTF-16 and code points differ here
SECOND = "A second report from Accra.\n"


def caret_point(view: ArticleView, offset: int) -> QPoint:
    view.viewport().repaint()
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offset_map.to_foreign(offset))
    return view.cursorRect(cursor).center()


def drag_select(qtbot, view: ArticleView, start: int, end: int) -> None:
    begin, finish = caret_point(view, start), caret_point(view, end)
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    qtbot.mouseMove(viewport, QPoint((begin.x() + finish.x()) // 2, begin.y()))
    qtbot.mouseMove(viewport, finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)


def confirm_import(qtbot, window: MainWindow, *, encoding: str = "", normalize: bool = False,
                   skip_invalid: bool = False) -> ImportOptionsDialog:
    """Fill in the import options step the way an analyst would and press Import."""
    dialog = window.findChild(ImportOptionsDialog)
    qtbot.waitUntil(dialog.isVisible)
    if encoding:
        editor = dialog.encoding_combo.lineEdit()
        editor.selectAll()
        qtbot.keyClicks(editor, encoding)
    for box, wanted in ((dialog.normalize_check, normalize), (dialog.skip_check, skip_invalid)):
        if wanted:
            qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    if not dialog.isVisible():  # offscreen has no window manager to hand activation back to the window
        with qtbot.waitActive(window):
            window.activateWindow()
    return dialog


def wait_for_job(qtbot, window: MainWindow) -> None:
    assert window.jobs, "no background job was started"
    with qtbot.waitSignal(window.jobs[-1].finished, timeout=20000):
        pass


def test_import_tag_mark_done_and_export(qtbot, tmp_path: Path, preferences, monkeypatch) -> None:
    (tmp_path / "in").mkdir()
    first, second = tmp_path / "in" / "a-first.txt", tmp_path / "in" / "b-second.txt"
    first.write_bytes(FIRST.encode("utf-8"))
    second.write_bytes(SECOND.encode("utf-8"))
    window = open_window(qtbot, make_project(tmp_path / "work.annotator", []), preferences)
    assert window.position_label.text() == "– / 0"

    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *args, **kwargs: ([str(first), str(second)], "")))
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert window.findChild(ImportOptionsDialog) is None, "UTF-8 text needs no options step"
    wait_for_job(qtbot, window)
    table = window.workbench.documents.table
    assert window.workbench.documents.model.total == 2
    assert window.position_label.text() == "1 / 2"
    assert table.model().index(0, 0).data() == "a-first"

    view = window.workbench.view
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(table.model().index(0, 0)).center())
    view.setFocus()
    drag_select(qtbot, view, 0, 10)
    qtbot.keyClick(view, Qt.Key.Key_P)
    drag_select(qtbot, view, ACCRA, ACCRA + 5)
    qtbot.keyClick(view, Qt.Key.Key_G)
    project = window.session.project
    assert [(s.start, s.end, s.label) for s in project.spans(1)] == [
        (0, 10, "PERSON"), (ACCRA, ACCRA + 5, "GPE")]
    assert window.saved_label.text() == "All changes saved"

    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert project.document(1).status == "done"
    assert window.session.current_doc_id == 2, "Ctrl+Return moves on to the next unfinished document"
    assert project.document(2).status == "in_progress"
    assert window.position_label.text() == "2 / 2"

    out = tmp_path / "out" / "work.jsonl"
    out.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(out), "")))
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.findChild(ExportDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("done"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    wait_for_job(qtbot, window)

    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 1, "only the document marked done"
    record = records[0]
    assert record["text"] == FIRST
    assert record["meta"]["status"] == "done"
    assert [(s["start"], s["end"], s["text"], s["label"]) for s in record["spans"]] == [
        (0, 10, "Kofi Annan", "PERSON"), (ACCRA, ACCRA + 5, "Accra", "GPE")]
    for span in record["spans"]:
        assert record["text"][span["start"] : span["end"]] == span["text"]


def test_a_failed_import_shows_the_clis_message_in_window_words_and_changes_nothing(
        qtbot, tmp_path: Path, preferences, monkeypatch) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": 5}\n', encoding="utf-8")
    window = open_window(qtbot, make_project(tmp_path / "work.annotator", []), preferences)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.informativeText())))
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(bad)], "")))
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wait_for_job(qtbot, window)
    assert window.workbench.documents.model.total == 0

    cli_project = make_project(tmp_path / "cli.annotator", [])
    result = CliRunner().invoke(cli, ["import", str(cli_project), str(bad)])
    assert result.exit_code == 1
    code, problem = re.fullmatch(r"error: \[(E\d{3})\] (.*) \(nothing was imported; .*\)",
                                 result.output.strip()).groups()
    [(text, note)] = shown
    assert text.startswith(f"{problem} (nothing was imported; ") and "bad.jsonl" in text
    assert "--skip-invalid" not in text and "Import with options" in text, "window actions, not CLI flags"
    assert note.startswith(f"[{code}]") and "docs/errors.md" in note


def test_import_options_reach_the_importer_and_skipped_records_are_listed(
        qtbot, tmp_path: Path, preferences, monkeypatch) -> None:
    western = tmp_path / "western.txt"
    western.write_bytes("Caf\u00e9 talks in Lom\u00e9.\r\nSecond line.\r\n".encode("cp1252"))
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text('{"text": "Good one."}\n{"text": 5}\n{"text": "Another good one."}\n{"spans": []}\n',
                     encoding="cp1252")
    window = open_window(qtbot, make_project(tmp_path / "work.annotator", []), preferences)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(western), str(mixed)], "")))

    window.import_options_action.trigger()
    options = confirm_import(qtbot, window, encoding="klingon")
    assert options.isVisible() and "Unknown text encoding" in options.problem_label.text()
    assert not window.jobs, "an unknown encoding is refused before anything is read"
    confirm_import(qtbot, window, encoding="Windows-1252 (Western Europe)", normalize=True, skip_invalid=True)
    wait_for_job(qtbot, window)

    project = window.session.project
    texts = sorted(project.document(doc_id).text for doc_id in project.store.documents.ids())
    assert texts == ["Another good one.", "Caf\u00e9 talks in Lom\u00e9.\nSecond line.\n", "Good one."]
    report = window.findChild(ImportReportDialog)
    qtbot.waitUntil(report.isVisible)
    listed = [report.invalid_list.item(row).text() for row in range(report.invalid_list.count())]
    assert len(listed) == 2
    assert listed[0].startswith(f"{mixed}, line 2: ") and listed[1].startswith(f"{mixed}, line 4: ")
    assert window.statusBar().currentMessage().startswith("imported 3 document(s)")


def test_a_file_that_is_not_utf8_opens_the_import_options_saying_why(
        qtbot, tmp_path: Path, preferences, monkeypatch) -> None:
    western = tmp_path / "western.txt"
    western.write_bytes("Caf\u00e9 talks in Lom\u00e9.".encode("cp1252"))
    window = open_window(qtbot, make_project(tmp_path / "work.annotator", []), preferences)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(western)], "")))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"an error dialog: {box.text()}"))
    qtbot.keyClick(window.workbench.view, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wait_for_job(qtbot, window)
    options = window.findChild(ImportOptionsDialog)
    qtbot.waitUntil(options.isVisible)
    assert "not valid utf-8 text" in options.problem_label.text() and "[E104]" in options.problem_label.text()
    assert window.workbench.documents.model.total == 0
    confirm_import(qtbot, window, encoding="Windows-1252 (Western Europe)")
    wait_for_job(qtbot, window)
    project = window.session.project
    texts = [project.document(doc_id).text for doc_id in project.store.documents.ids()]
    assert texts == ["Caf\u00e9 talks in Lom\u00e9."]
