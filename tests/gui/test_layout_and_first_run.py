"""Layout and first run: the Tag menu's categories, the side panel at 1280x720, and the window's small
dialogs (new project names, import options, error wording, training)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QImage, QPalette, QTextCursor, QTextTable, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QTextBrowser,
    QWidget,
)

from annotator.core.model import TRIGGER, Argument, Event, Span
from annotator.errors import AnnotatorError, Errors, Hints
from annotator.gui.error_text import window_text
from annotator.gui.option_dialogs import NewProjectDialog
from annotator.gui.suggestion_settings import SettingsDialog
from tests.gui.builders import article, make_project, open_window, preferences_fixture  # noqa: F401
from tests.gui.make_screenshot import SIZES, THEMES, shot_path

TRANSPORT_TEXT = "Soldiers drove the refugees from Aleppo to Idlib by bus on Monday."
SMALL_SCREEN = (1280, 720)


@pytest.fixture
def news_project(tmp_path: Path) -> Path:
    """A news article with a Movement.Transport event: seven roles, more than a small screen shows."""
    spans = (Span(0, 8, "ORG"), Span(9, 14, "Movement.Transport", TRIGGER), Span(33, 39, "GPE"),
             Span(43, 48, "GPE"), Span(52, 55, "VEHICLE"), Span(59, 65, "DATE"))
    event = Event("Movement.Transport", 1, (Argument("Agent", 0), Argument("Origin", 2)))
    item = replace(article("Transport", TRANSPORT_TEXT, spans), events=(event,))
    return make_project(tmp_path / "news.annotator", [item], schema="news")


@pytest.fixture
def small_window(qtbot, news_project: Path, preferences):
    window = open_window(qtbot, news_project, preferences)
    window.resize(*SMALL_SCREEN)
    event_id = next(iter(window.workbench.state.events))
    window.workbench.select_event(event_id)
    buttons = window.workbench.event_editor.role_buttons
    qtbot.waitUntil(lambda: bool(buttons) and all(b.height() >= b.sizeHint().height()
                                                  for b in buttons.values()))  # laid out again
    return window


def fully_shown(widget: QWidget) -> bool:
    """On screen and not clipped by any scroll area or pane around it."""
    return widget.isVisible() and widget.visibleRegion().boundingRect() == widget.rect()


def test_the_tag_menu_groups_event_types_by_category(small_window) -> None:
    menu = small_window.tag_menu
    submenus = {action.text(): action.menu() for action in menu.actions() if action.menu()}
    assert {"Conflict", "Life", "Movement", "Justice"} <= set(submenus)
    attack = next(a for a in submenus["Conflict"].actions() if a.data() == "Conflict.Attack")
    assert attack.shortcut().toString() == "Shift+A", "the key is still shown beside the type"
    top_level = {action.data() for action in menu.actions() if action.data()}
    assert "PERSON" in top_level and "Conflict.Attack" not in top_level
    assert menu.sizeHint().height() < SMALL_SCREEN[1], "the menu fits on a small screen"


def test_every_label_and_role_is_reachable_at_1280x720(qtbot, small_window) -> None:
    workbench = small_window.workbench
    side, palette, editor = workbench.side_panel, workbench.palette, workbench.event_editor
    bar = palette.tabs.tabBar()
    for tab, grid in enumerate(palette.grids):
        side.reveal(bar)
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(tab).center())
        assert palette.tabs.currentIndex() == tab
        QApplication.processEvents()
        for cell in grid.cells:
            side.reveal(cell.button)
            assert fully_shown(cell.button), f"{cell.item.name} is cut off"
            shown = cell.button.text().replace("&&", "&")
            assert cell.item.name.endswith(shown.removeprefix("…")), "at most the category is left out"
    roles = list(editor.role_buttons)
    assert len(roles) == 7
    for role in roles:
        button, fillers = editor.role_buttons[role], editor.filler_labels[role]
        side.reveal(fillers)
        side.reveal(button)
        assert fully_shown(button) and fully_shown(fillers), f"role {role} is cut off"
    last = editor.role_buttons[roles[-1]]
    qtbot.mouseClick(last, Qt.MouseButton.LeftButton)
    assert workbench.state.armed_role == roles[-1], "the revealed seventh role answers a click"


def test_the_side_panel_scrolls_as_one_with_the_wheel(small_window) -> None:
    side = small_window.workbench.side_panel
    scroll = side.verticalScrollBar()
    assert scroll.maximum() > 0, "at 1280x720 the panes are taller than the window: the column scrolls"
    assert scroll.value() == 0
    viewport = side.viewport()
    centre = QPointF(viewport.rect().center())
    wheel = QWheelEvent(centre, QPointF(viewport.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, -480), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, wheel)
    assert scroll.value() > 0


@pytest.fixture
def dialogs_shown(monkeypatch) -> list[tuple[str, str, str]]:
    """Message boxes shown, as (title, text, note), instead of blocking the test."""
    shown: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda box: shown.append((box.windowTitle(), box.text(), box.informativeText())))
    return shown


def test_a_new_project_typed_without_the_suffix_gets_it(qtbot, small_window, tmp_path: Path) -> None:
    qtbot.keyClick(small_window.workbench.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = small_window.findChild(NewProjectDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.path_edit, str(tmp_path / "raqqa"))
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: small_window.session.project.path.name == "raqqa.annotator")
    assert (tmp_path / "raqqa.annotator").is_file() and not (tmp_path / "raqqa").exists()


def test_error_dialogs_name_window_actions_and_show_the_code(qtbot, small_window, tmp_path: Path,
                                                             monkeypatch, dialogs_shown) -> None:
    missing = tmp_path / "gone.annotator"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(missing), "")))
    qtbot.keyClick(small_window.workbench.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    [(title, text, note)] = dialogs_shown
    assert title == "Cannot open project"
    assert "File > New project" in text and "annotator init" not in text
    assert note.startswith("[E003]") and "docs/errors.md" in note


@pytest.mark.parametrize(("error", "window", "cli"), [
    (AnnotatorError.coded("E103", "this is UTF-16 (BOM), not UTF-8; use --encoding utf-16", where="a.txt",
                          hint=Hints.SKIP_INVALID),
     "a.txt: this is UTF-16 (BOM), not UTF-8; choose utf-16 as the encoding in the import options "
     "(nothing was imported; fix it, or import again with File > Import with options…", "--"),
    (AnnotatorError(Errors.E103, where="a.txt", found="UTF-16", codec="utf-16"),
     "a.txt: this is UTF-16, not UTF-8 (choose utf-16 as the encoding in the import options)", "--"),
    (AnnotatorError(Errors.E507, name="en_core_web_sm"), "or train one with Suggestions > Train model",
     "'annotator train'"),
])
def test_hints_in_the_window_speak_of_window_actions(error, window, cli) -> None:
    assert window in window_text(error) and cli not in window_text(error)
    assert cli in str(error), "the command line keeps its own wording"


def suggestions_action(window, text: str):
    menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Suggestions")
    return next(action for action in menu.actions() if action.text() == text)


def test_training_says_it_needs_two_done_documents_before_its_options(qtbot, small_window,
                                                                      dialogs_shown) -> None:
    suggestions_action(small_window, "&Train model…").trigger()
    [(title, text, _)] = dialogs_shown
    assert title == "Not enough done documents"
    assert "at least 2 documents marked done" in text and "this project has 0" in text
    assert not small_window.jobs, "no training was started"


def test_use_trained_model_is_off_and_disabled_while_no_model_exists(qtbot, small_window) -> None:
    seen = {}

    def look_and_close() -> None:
        dialog = next(widget for widget in QApplication.topLevelWidgets()
                      if isinstance(widget, SettingsDialog) and widget.isVisible())
        seen.update(checked=dialog.trained.isChecked(), enabled=dialog.trained.isEnabled(),
                    tip=dialog.trained.toolTip(), kept=dialog.result_settings().trained)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(100, look_and_close)
    suggestions_action(small_window, "Suggestion &settings…").trigger()
    assert seen["checked"] is False and seen["enabled"] is False
    assert "No model has been trained yet" in seen["tip"]
    assert seen["kept"] is True, "the stored choice stays on, so a model trained later is used"


def test_the_selected_spans_outline_runs_whole_under_its_label_tag(qtbot, small_window) -> None:
    """The selection's outline and the tag above it do not overlap: the outline's top edge is unbroken
    right under the tag (before, the tag covered it, so the outline seemed to cut through the tag)."""
    view = small_window.workbench.view
    spans = small_window.workbench.state.spans.values()
    trigger = next(span for span in spans if span.label == "Movement.Transport")
    cursor = QTextCursor(view.document())
    lefts = []
    for offset in (trigger.start, trigger.end):
        cursor.setPosition(view.offset_map.to_foreign(offset))
        lefts.append(view.cursorRect(cursor).x())
    view.viewport().repaint()
    chip = next(rect for rect, key in view._tag_hits if key == trigger.id).toAlignedRect()
    image = view.viewport().grab().toImage()
    outline = view.palette().color(QPalette.ColorRole.Highlight).name()
    below = [image.pixelColor(x, chip.bottom() + 1).name() for x in range(lefts[0], lefts[1])]
    assert below and all(color == outline for color in below), "the outline's top edge shows in full"
    inside = {image.pixelColor(x, y).name() for x in range(chip.left(), chip.right())
              for y in range(chip.top(), chip.bottom())}
    assert outline not in inside, "no outline inside the tag"


def sheet_rows(browser: QTextBrowser) -> list[tuple[str, str, bool]]:
    """Every table row of the sheet as (keys cell, title cell, title laid out right of the keys)."""
    document, rows = browser.document(), []
    layout = document.documentLayout()
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        assert frame.columns() == 2, "keys and title, each in a cell of its own"
        for row in range(frame.rows()):
            keys, title = frame.cellAt(row, 0), frame.cellAt(row, 1)
            key_block, title_block = (cell.firstCursorPosition().block() for cell in (keys, title))
            key_rect, title_rect = layout.blockBoundingRect(key_block), layout.blockBoundingRect(title_block)
            rows.append((key_block.text(), title_block.text(), title_rect.left() >= key_rect.right()))
    return rows


@pytest.mark.parametrize("width", [320, 1100])
def test_the_shortcut_sheet_keeps_each_entry_on_its_own_row(qtbot, small_window, width: int) -> None:
    qtbot.keyClick(small_window.workbench.view, Qt.Key.Key_F1)
    sheet = next(widget for widget in QApplication.topLevelWidgets()
                 if widget.windowTitle() == "Keyboard shortcuts" and widget.isVisible())
    sheet.resize(width, 600)
    QApplication.processEvents()
    browser = sheet.findChild(QTextBrowser)
    rows = sheet_rows(browser)
    expected = [(keys or "from the schema", title) for _, entries in small_window.shortcut_groups()
                for title, keys in entries]
    assert [(keys, title) for keys, title, _ in rows] == expected
    assert all(beside for _, _, beside in rows), "a title never shares the keys' column"
    assert ("Ctrl+Z", "Undo") in expected and ("Shift+O", "Transaction.Transfer-Ownership") in expected
    sheet.close()


def test_the_committed_screenshots_are_every_size_and_theme_and_small() -> None:
    for theme in THEMES:
        for size in SIZES:
            image = QImage(str(shot_path(theme, size)))
            assert (image.width(), image.height()) == size, f"{theme} {size}: rerun make_screenshot"
            assert shot_path(theme, size).stat().st_size < 200_000
            samples = [image.pixelColor(x, y).lightness() for x in range(0, size[0], 40)
                       for y in range(0, size[1], 40)]
            assert (sum(samples) / len(samples) < 128) == (theme == "dark")


def test_a_role_armed_by_its_number_key_scrolls_into_view(qtbot, small_window) -> None:
    workbench = small_window.workbench
    seventh = list(workbench.event_editor.role_buttons.values())[6]
    workbench.side_panel.verticalScrollBar().setValue(0)
    QApplication.processEvents()
    assert not fully_shown(seventh), "at 1280x720 the seventh role starts below the fold"
    workbench.view.setFocus()
    qtbot.keyClick(workbench.view, Qt.Key.Key_7)
    assert workbench.state.armed_role == "Time"
    assert fully_shown(seventh)


def test_the_window_never_opens_larger_than_the_screen(qtbot, news_project: Path, preferences) -> None:
    """The default size (or one saved on a bigger monitor) is cut to the screen's free area, so no pane
    sits beyond the screen's edge (the offscreen screen is 800x800, smaller than the default)."""
    window = open_window(qtbot, news_project, preferences)
    free = window.screen().availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()
    assert free.contains(window.frameGeometry().topLeft())
