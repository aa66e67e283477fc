"""The GUI half of ``annotator --self-test``: the first tag of a new user, made through the main window.

It runs the real path (window, document list, article view, find, tagging controller, session) on a
project file, with preferences kept in a file of the caller's choosing so the user's own settings and
recent-projects list are left alone.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from annotator.app import app_icon
from annotator.core.model import Span
from annotator.errors import AnnotatorError
from annotator.gui.main_window import MainWindow
from annotator.gui.settings import Preferences

qt_log = logging.getLogger("annotator.qt")


def _log_qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's offscreen platform warns about window features it lacks; that belongs in the log only."""
    qt_log.log(logging.WARNING if kind != QtMsgType.QtDebugMsg else logging.DEBUG, message)


def tag_in_main_window(project_path: Path, doc_id: int, text: str, label: str,
                       settings_file: Path) -> list[Span]:
    """Open the project, find ``text`` in document ``doc_id``, tag it ``label``, close; the spans stored."""
    previous_handler = qInstallMessageHandler(_log_qt_message)
    try:
        return _tag(project_path, doc_id, text, label, settings_file)
    finally:
        qInstallMessageHandler(previous_handler)


def _tag(project_path: Path, doc_id: int, text: str, label: str, settings_file: Path) -> list[Span]:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    icon = app_icon()
    if icon.isNull():
        raise AnnotatorError("the application icon did not load", hint="resources/icons is missing")
    app.setWindowIcon(icon)
    preferences = Preferences(QSettings(str(settings_file), QSettings.Format.IniFormat))
    window = MainWindow.for_project(project_path, "self-test", preferences)
    try:
        window.show()
        window.session.set_current(doc_id)
        app.processEvents()
        if not window.workbench.view.find_text(text):
            raise AnnotatorError(f"the article view cannot find {text!r} in document {doc_id}")
        window.workbench.controller.apply_label(label)
        app.processEvents()
        return window.session.project.spans(doc_id)
    finally:
        window.close()
        app.processEvents()
