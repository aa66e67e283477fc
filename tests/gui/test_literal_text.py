"""Untrusted text shows as written everywhere the window puts it, never rendered as HTML or mnemonics.

Every name, description, title, text, file name and annotator name here looks like HTML (``<b>x</b>``,
``<img src=x>``) or holds a mnemonic marker (``R&D``). Each test reads what a real widget would display:
tooltips and auto-format labels go through Qt's own rich-text guess, and ``&`` in button and menu texts
marks the next character.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
)

from annotator.core.edits import AddSpan
from annotator.core.jobs import JobControl
from annotator.core.model import TRIGGER, Argument, Event, Span
from annotator.gui.documents_model import TITLE
from annotator.gui.jobs import BackgroundJob
from annotator.gui.main_window import MainWindow
from annotator.gui.option_dialogs import ImportReportDialog
from annotator.gui.suggestions_menu import start_training
from annotator.nlp import training
from annotator.project.importing import ImportReport
from tests.gui.builders import article, make_project, preferences_fixture  # noqa: F401 (fixture)

NAME = "<b>x</b>"  # a tag Qt's guess knows; entity label names may not hold spaces
IMG = "<img src=x>"  # another, with a space: event type and role names may hold one
AMP = "R&D"  # a mnemonic marker in button and menu texts
MARK = "[*]"  # Qt's unsaved-changes marker in window titles
TEXT = f"{NAME} {IMG} {AMP}"
SCHEMA = {
    "name": f"{NAME} schema",
    "description": f"{IMG} schema",
    "entity_labels": [
        {"name": NAME, "key": "x", "description": f"{IMG} a bold label"},
        {"name": AMP, "key": "r", "description": f"{NAME} research & development"},
    ],
    "event_types": [{
        "name": IMG, "key": "shift+e", "description": f"{NAME} an event",
        "roles": [
            {"name": NAME, "fillers": [NAME], "description": f"{IMG} who"},
            {"name": AMP, "fillers": [AMP], "required": True, "description": f"{NAME} where"},
        ],
    }],
}


def shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt displays for ``text``: rendered as HTML when the format says so or Qt's guess does."""
    rich = text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text))
    if not rich:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    return shown(label.text(), label.textFormat())


def menu_shows(text: str) -> str:
    """A button's or menu item's text as displayed: ``&`` marks the next character, ``&&`` is one ``&``."""
    return re.sub("&(.)", r"\1", text)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(SCHEMA), encoding="utf-8")
    spans = (Span(0, 8, NAME, annotator=IMG), Span(9, 20, IMG, TRIGGER), Span(21, 24, AMP))
    item = replace(article(f"{NAME} title", TEXT, spans), events=(Event(IMG, 1, (Argument(NAME, 0),)),))
    return make_project(tmp_path / f"{AMP} {MARK} {IMG}.annotator", [item], schema)


@pytest.fixture
def window(qtbot, project_path: Path, preferences) -> MainWindow:
    """The main window on the project, opened by an annotator whose name looks like HTML."""
    opened = MainWindow.for_project(project_path, annotator=NAME, preferences=preferences)
    qtbot.addWidget(opened)
    with qtbot.waitExposed(opened):
        opened.show()
    return opened


@pytest.fixture
def message_boxes(monkeypatch) -> list[str]:
    """What each message box shows, as the user reads it; none blocks the test."""
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(shown(box.text(), box.textFormat())))
    for static in ("critical", "information"):  # Qt's static boxes always guess the format
        monkeypatch.setattr(QMessageBox, static, staticmethod(lambda _parent, _title, text: seen.append(
            shown(text))))
    return seen


def select_the_event(window: MainWindow) -> None:
    bench = window.workbench
    bench.select_event(bench.session.project.events(1)[0].id)


def test_error_dialogs_show_the_message_as_written(window, tmp_path, message_boxes) -> None:
    bad = tmp_path / f"{IMG}.annotator"
    bad.write_text("just some notes")
    assert not window.open_project(bad)
    assert message_boxes == [f"{bad}: this file is not an annotator project"]


def test_the_training_summary_shows_as_written(qtbot, window, message_boxes, monkeypatch) -> None:
    result = SimpleNamespace(summary_lines=lambda: [f"{NAME}: F1 0.50"])
    monkeypatch.setattr(training, "train_records", lambda *_args, **_kwargs: result)
    start_training(window.suggestions, 1)
    qtbot.waitUntil(lambda: bool(message_boxes))
    assert message_boxes == [f"{NAME}: F1 0.50"]


def test_the_document_list_tooltip_shows_the_title_as_written(window) -> None:
    tooltip = window.workbench.documents.model.index(0, TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert shown(tooltip).startswith(f"{NAME} title\nDocument 1, last changed ")


def test_the_annotations_tree_tooltip_shows_label_text_and_annotator_as_written(window) -> None:
    entities = window.workbench.annotations.model.item(1)
    assert shown(entities.child(0).toolTip()) == f"{NAME}: {NAME}\n0–8, by {IMG}"


def test_the_annotations_context_menu_names_labels_as_written(qtbot, window) -> None:
    pane = window.workbench.annotations
    span_item = pane.model.item(1).child(0)
    choices: list[str] = []

    def read_menu() -> None:
        menu = QApplication.activePopupWidget()
        choices.extend(menu_shows(action.text()) for action in menu.actions()[0].menu().actions())
        menu.close()

    QTimer.singleShot(50, read_menu)
    pane.tree.customContextMenuRequested.emit(pane.tree.visualRect(span_item.index()).center())
    qtbot.waitUntil(lambda: bool(choices))
    assert choices == [NAME, AMP]


def test_the_event_editor_shows_trigger_fillers_and_roles_as_written(window) -> None:
    select_the_event(window)
    editor = window.workbench.event_editor
    assert label_shows(editor.trigger_label) == f"“{IMG}”"
    assert label_shows(editor.filler_labels[NAME]) == f"“{NAME}”"
    assert NAME in [label_shows(label) for label in editor.findChildren(QLabel)], "the allowed fillers"
    role_button = editor.role_buttons[AMP]
    assert menu_shows(role_button.text()) == f"2  {AMP}"
    assert QKeySequence.mnemonic(role_button.text()).isEmpty(), "a role name claims no Alt key"
    assert shown(editor.role_buttons[NAME].toolTip()).startswith(f"{IMG} who\n")


def test_the_palette_shows_names_and_descriptions_as_written(window) -> None:
    buttons = window.workbench.palette.buttons
    assert menu_shows(buttons[AMP].text()) == AMP
    assert QKeySequence.mnemonic(buttons[AMP].text()).isEmpty()
    assert shown(buttons[NAME].toolTip()) == f"{NAME}: {IMG} a bold label\nKey: X"
    assert shown(buttons[AMP].toolTip()) == f"{AMP}: {NAME} research & development\nKey: R"


def test_menus_and_the_shortcut_sheet_name_labels_as_written(window) -> None:
    assert {NAME, IMG, AMP} <= {menu_shows(action.text()) for action in window.tag_menu.actions()}
    labels = dict(window.shortcut_groups())[f"Label keys of the {window.session.project.schema.name} schema"]
    assert (AMP, "R") in labels
    window.session.do(AddSpan(1, Span(9, 12, AMP)))
    assert menu_shows(window.undo_action.text()) == f"Undo Add {AMP}"


def test_the_recent_menu_shows_file_names_as_written(window, project_path) -> None:
    window.recent_menu.aboutToShow.emit()
    recent = window.recent_menu.actions()[0]
    assert menu_shows(recent.text()) == project_path.name
    assert shown(recent.toolTip()) == str(project_path.resolve())


def test_the_window_title_shows_the_file_name_as_written(window, project_path) -> None:
    assert window.windowHandle().title() == f"{project_path.stem} — annotator"


def test_the_status_bar_shows_the_annotator_name_as_written(window, monkeypatch) -> None:
    assert label_shows(window.annotator_label) == f"Annotator: {NAME}"
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_args: (IMG, True)))
    window.change_annotator()
    assert label_shows(window.annotator_label) == f"Annotator: {IMG}"


def test_no_label_in_the_window_renders_its_text_as_html(window) -> None:
    select_the_event(window)
    assert [label.text() for label in window.findChildren(QLabel) if label_shows(label) != label.text()] == []


def test_the_import_options_show_file_names_and_encoding_as_written(window, tmp_path) -> None:
    dialog = window.ask_import_options([tmp_path / f"{IMG}.txt", tmp_path / f"{AMP}.txt"])
    names = next(label for label in dialog.findChildren(QLabel) if label.text().endswith(".txt"))
    assert label_shows(names) == f"{IMG}.txt, {AMP}.txt"
    dialog.encoding_combo.setEditText(NAME)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert label_shows(dialog.problem_label) == f"Unknown text encoding {NAME!r}."
    dialog.reject()


def test_the_import_report_shows_notes_as_written(window) -> None:
    report = ImportReport(documents=1, invalid=[f"{NAME}.jsonl line 2: not JSON"], notes=[f"{IMG} renamed"])
    dialog = ImportReportDialog(window, report)
    footer = next(label for label in dialog.findChildren(QLabel) if label.text().startswith("Also"))
    assert label_shows(footer) == f"Also: 1 note(s): {IMG} renamed"
    dialog.close()


def test_job_progress_names_files_as_written(qtbot, window) -> None:
    release = threading.Event()

    def work(control: JobControl) -> None:
        control.report(1, 2, f"{IMG}.txt")
        release.wait(10)

    job = BackgroundJob(window, "Reading", work).start()
    try:
        dialog = next(d for d in window.findChildren(QProgressDialog) if d.windowTitle() == "Reading")
        label = dialog.findChild(QLabel)
        qtbot.waitUntil(lambda: label.text().endswith(".txt"))
        assert label_shows(label) == f"Reading: {IMG}.txt"
    finally:
        release.set()
    qtbot.waitUntil(lambda: not job.running)
