"""The first window at start-up (``app.launch``) paints the document list and the article, then builds
its editing tools: the panes catch up with the document opened before them, and every key works."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QWidget

from annotator.core.model import TRIGGER, Argument, Event, Span
from annotator.gui.after_first_paint import AfterFirstPaint
from annotator.gui.main_window import MainWindow
from annotator.gui.session import Session
from annotator.gui.suggestions_menu import MENU_NAME
from annotator.project import Project
from tests.gui.builders import article, make_project, preferences_fixture  # noqa: F401
from tests.gui.test_workflow import drag_select

TEXT = "Rebels shelled Accra on Monday, killing Kofi Annan."


def first_window(path: Path, preferences) -> MainWindow:
    session = Session(Project.open(path, "tester", read_only_ok=True))
    return MainWindow(session, preferences, tools_after_paint=True)


def attack_project(tmp_path: Path) -> Path:
    spans = (Span(0, 6, "ORG"), Span(7, 14, "Conflict.Attack", TRIGGER), Span(15, 20, "GPE"))
    event = Event("Conflict.Attack", 1, (Argument("Attacker", 0), Argument("Target", 2)))
    item = replace(article("Attack", TEXT, spans), events=(event,))
    return make_project(tmp_path / "attack.annotator", [item])


def test_the_article_shows_before_the_tools_which_follow_the_first_paint(qtbot, tmp_path: Path,
                                                                          preferences) -> None:
    window = first_window(attack_project(tmp_path), preferences)
    qtbot.addWidget(window)
    workbench = window.workbench
    assert not workbench.equipped
    assert workbench.view.toPlainText() == TEXT, "the article is there for the first paint"
    assert workbench.documents.table.model().rowCount() == 1

    window.show()
    qtbot.waitUntil(lambda: workbench.equipped)
    # the panes built after the document opened show it: its spans, its event, its tag menu
    assert workbench.annotations.tree.model().rowCount() > 0
    event_id = next(iter(workbench.state.events))
    workbench.select_event(event_id)
    assert set(workbench.event_editor.role_buttons) >= {"Attacker", "Target"}
    assert any(action.data() == "PERSON" for action in window.tag_menu.actions())
    assert window.findChild(QMenu, MENU_NAME) is not None and window.suggestions is not None

    view = workbench.view
    view.setFocus()
    drag_select(qtbot, view, TEXT.index("Kofi"), TEXT.index("Kofi") + len("Kofi Annan"))
    qtbot.keyClick(view, Qt.Key.Key_P)
    assert ("Kofi Annan", "PERSON") in {(TEXT[s.start:s.end], s.label)
                                        for s in window.session.project.spans(1)}


def test_a_window_that_never_paints_still_gets_its_tools(qtbot, tmp_path: Path, preferences) -> None:
    window = first_window(attack_project(tmp_path), preferences)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.workbench.equipped, timeout=AfterFirstPaint.LATEST_MS + 2000)
    assert window.workbench.side_panel.isVisibleTo(window)


def test_a_window_closed_before_its_first_paint_builds_nothing_on_the_closed_project(
        qtbot, tmp_path: Path, preferences) -> None:
    window = first_window(attack_project(tmp_path), preferences)
    qtbot.addWidget(window)
    window.close()
    qtbot.wait(AfterFirstPaint.LATEST_MS + 200)
    assert not window.workbench.equipped and window.session is None


def test_a_key_pressed_before_the_first_paint_gets_the_tools_built_first(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    built: list[str] = []
    AfterFirstPaint(widget, lambda: built.append("tools"))
    widget.show()  # shown now; it paints later, from the event loop
    assert built == []
    QTest.keyClick(widget, Qt.Key.Key_P)
    assert built == ["tools"], "built before the key is delivered, so its shortcut is found"
    qtbot.wait(AfterFirstPaint.LATEST_MS + 100)
    assert built == ["tools"], "once"


def test_the_warm_up_steps_run_in_order_after_the_first_paint_then_the_tools(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    done: list[str] = []
    steps = [lambda: done.append("a"), lambda: done.append("b")]
    AfterFirstPaint(widget, lambda: done.append("tools"), steps)
    assert done == []
    widget.show()
    qtbot.waitUntil(lambda: "tools" in done)
    assert done == ["a", "b", "tools"]
