"""A window holding the article view and the tagging controller, driven by real mouse and key events.

Positions come from the view's own cursor rectangles for code-point offsets (through the document's
OffsetMap), so a test says "drag from character 5 to 10" and the view does what a user's hand would.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QKeySequence, QTextCursor
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentState, follow_session
from annotator.gui.session import Session
from annotator.gui.tagging import TaggingController
from annotator.project import Project
from tests.conftest import add_document


@dataclass
class Harness:
    qtbot: QtBot
    project: Project
    session: Session
    window: QMainWindow
    view: ArticleView
    controller: TaggingController
    doc_id: int
    messages: list[str]

    @property
    def text(self) -> str:
        return self.project.document(self.doc_id).text

    def point(self, offset: int) -> QPoint:
        """The viewport point of the caret before code point ``offset``."""
        self.view.viewport().repaint()
        cursor = QTextCursor(self.view.document())
        cursor.setPosition(self.view.offset_map.to_foreign(offset))
        return self.view.cursorRect(cursor).center()

    def inside(self, offset: int) -> QPoint:
        """A point on the character at ``offset`` (between its caret edges), for clicks on spans."""
        left, right = self.point(offset), self.point(offset + 1)
        return QPoint((left.x() + right.x()) // 2, left.y())

    def drag(self, start: int, end: int) -> None:
        viewport = self.view.viewport()
        begin, finish = self.point(start), self.point(end)
        self.qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
        middle = QPoint((begin.x() + finish.x()) // 2, (begin.y() + finish.y()) // 2)
        self.qtbot.mouseMove(viewport, middle)
        self.qtbot.mouseMove(viewport, finish)
        self.qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)

    def click(self, offset: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.mouseClick(self.view.viewport(), Qt.MouseButton.LeftButton, modifier, self.inside(offset))

    def key(self, key: str | Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.view, key, modifier)

    def spans(self) -> list[tuple[int, int, str, str]]:
        """The store's spans as (start, end, label, text), checking each against the document text."""
        text = self.text
        found = []
        for span in self.project.spans(self.doc_id):
            assert text[span.start : span.end] == span.text
            found.append((span.start, span.end, span.label, span.text))
        return found


@pytest.fixture
def harness(qtbot: QtBot, project: Project):
    """Build a window on one document; call with the document's text. Its session is closed at the end,
    before the project is, as the main window closes it (so nothing writes to a closed project later)."""
    sessions: list[Session] = []

    def build(text: str, *, snapping: bool = False) -> Harness:
        doc_id = add_document(project, text)
        session = Session(project)
        sessions.append(session)
        messages: list[str] = []
        session.message.connect(messages.append)
        window = QMainWindow()
        view = ArticleView()
        window.setCentralWidget(view)
        state = follow_session(DocumentState(project), session)
        view.follow(state, project.schema)
        controller = TaggingController(session, view, state)
        controller.set_snapping(snapping)
        window.addActions(controller.create_label_actions(window))
        undo = session.undo_stack.createUndoAction(window)
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = session.undo_stack.createRedoAction(window)
        redo.setShortcut(QKeySequence("Ctrl+Shift+Z"))
        window.addActions([undo, redo])
        window.resize(900, 600)
        qtbot.addWidget(window)
        with qtbot.waitExposed(window):
            window.show()
        with qtbot.waitActive(window):
            window.activateWindow()
        controller.load(doc_id)
        view.setFocus()
        qtbot.waitUntil(view.hasFocus)  # keys go where a user's would
        return Harness(qtbot, project, session, window, view, controller, doc_id, messages)

    yield build
    for session in sessions:
        session.close()
