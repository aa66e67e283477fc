"""Starting the desktop app: display check, crash log, the analyst's name, and the first project.

``run_gui`` is what ``annotator`` (no arguments) and ``annotator PROJECT`` call. Without a project it
opens the most recent one, or else the bundled sample project (built on first start), so a new user
sees a real article at once. Unexpected exceptions are logged to a rotating file in the user's data
folder and shown with that file's path; the app keeps running.
"""

from __future__ import annotations

import getpass
import logging
import os
import sys
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator import __version__
from annotator.datadir import data_dir
from annotator.errors import AnnotatorError
from annotator.gui.dialogs import ask_annotator_name, show_error
from annotator.gui.jobs import freeze_start_up
from annotator.gui.main_window import MainWindow
from annotator.gui.sample_project import ensure_sample_project
from annotator.gui.session import Session
from annotator.gui.settings import APPLICATION, ORGANIZATION, Preferences
from annotator.gui.theme import apply_theme
from annotator.logs import setup_logging
from annotator.platform_check import xcb_problem
from annotator.project import Project
from annotator.resources import resources_dir

log = logging.getLogger("annotator.app")

NO_DISPLAY = (
    "annotator: no graphical display found (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "Start the desktop app from a graphical session, or use the command line: annotator --help"
)


def missing_display() -> str | None:
    """Why the GUI cannot start here, or None. Only Linux/BSD need a display server to be named."""
    if sys.platform in ("win32", "darwin"):
        return None
    if any(os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        return None
    return NO_DISPLAY


def app_icon() -> QIcon:
    icon = QIcon()
    for png in sorted((resources_dir() / "icons").glob("annotator-*.png")):
        icon.addFile(str(png))
    return icon


def install_crash_handler(log_path: Path) -> None:
    """Log every uncaught exception and tell the user where the details are, instead of dying."""

    def handle(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        parent = QApplication.activeWindow()
        if isinstance(error, AnnotatorError):
            show_error(parent, "annotator", error)
            return
        log.error("unexpected error", exc_info=(kind, error, trace))
        QMessageBox.critical(
            parent,
            "Unexpected error",
            f"Something went wrong that annotator did not expect:\n\n{kind.__name__}: {error}\n\n"
            f"Your saved work is safe and the app keeps running. The details were written to\n"
            f"{log_path}\nPlease attach that file to a bug report.",
        )

    sys.excepthook = handle


def first_session(project_path: str | None, preferences: Preferences) -> Session | None:
    """The project to show first: the one asked for, else the most recent one, else the sample."""
    annotator = preferences.annotator
    if project_path:
        try:
            return Session(Project.open(project_path, annotator, read_only_ok=True))
        except AnnotatorError as error:
            show_error(None, "Cannot open project", error)
    else:
        for recent in preferences.recent_projects()[:1]:
            try:
                return Session(Project.open(recent, annotator, read_only_ok=True))
            except AnnotatorError as error:
                log.info("not reopening %s: %s", recent, error)
    try:
        return Session(Project.open(ensure_sample_project(data_dir()), annotator, read_only_ok=True))
    except AnnotatorError as error:
        show_error(None, "Cannot open the sample project", error)
        return None


def launch(project_path: str | None, preferences: Preferences | None = None) -> MainWindow | None:
    """Everything ``run_gui`` does before the event loop: the window, not yet shown."""
    QApplication.setOrganizationName(ORGANIZATION)
    QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationVersion(__version__)
    QApplication.setWindowIcon(app_icon())
    install_crash_handler(setup_logging())
    preferences = preferences or Preferences()
    apply_theme(preferences.theme)
    if not preferences.annotator:
        preferences.annotator = ask_annotator_name(None) or getpass.getuser()
    session = first_session(project_path, preferences)
    return MainWindow(session, preferences, tools_after_paint=True) if session is not None else None


def run_gui(project_path: str | None) -> int:
    """Run the desktop app until its window closes; the process exit code."""
    problem = missing_display()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    problem = xcb_problem()  # before Qt, which would abort naming the wrong library
    if problem:
        print(problem, file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = launch(project_path)
    if window is None:
        return 1
    window.show()
    freeze_start_up()
    return app.exec()
