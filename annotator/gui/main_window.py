"""The main window: it lays out the workbench and the status bar, and delegates.

The window owns no data. Slow actions (import, export, back up) are operations
(:mod:`annotator.gui.operations`) run on the one background runner; opening projects, moving between
documents, the Help windows and the recent-projects menu live in :mod:`~annotator.gui.opening`,
:mod:`~annotator.gui.navigation`, :mod:`~annotator.gui.help_windows` and
:mod:`~annotator.gui.recent_menu`; the menu bar is laid out by :mod:`~annotator.gui.menus`. Menu
commands become edits (``session.do``) or calls there; views refresh themselves from ``session.changed``.
"""

from __future__ import annotations

from functools import partial
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QWidget

from annotator.core.edits import Changes
from annotator.errors import AnnotatorError
from annotator.gui import navigation, opening, operations
from annotator.gui.after_first_paint import AfterFirstPaint
from annotator.gui.dialogs import PROJECT_FILTER, ask_annotator_name, show_error
from annotator.gui.hint_label import StatusHint
from annotator.gui.jobs import BackgroundJob
from annotator.gui.menus import build_menus, fill_tag_menu, follow_undo_stack
from annotator.gui.plain_text import plain_label, window_title_safe
from annotator.gui.session import Session
from annotator.gui.settings import Preferences
from annotator.gui.theme import apply_theme
from annotator.gui.workbench import TOOL_MODULES, Workbench
from annotator.project import Project

if TYPE_CHECKING:
    from annotator.gui.operations import ImportOptions
    from annotator.gui.option_dialogs import ExportDialog, ImportOptionsDialog
    from annotator.gui.suggestions import SuggestionsController


def _help_windows() -> ModuleType:
    """The Help windows' module, imported when one is first opened: the first window does not need it."""
    return import_module("annotator.gui.help_windows")


class MainWindow(QMainWindow):
    def __init__(self, session: Session, preferences: Preferences | None = None, *,
                 tools_after_paint: bool = False) -> None:
        """``tools_after_paint``: paint the document list and the article before the editing tools are
        built (start-up's first window); otherwise the workbench is equipped at once."""
        super().__init__()
        self._tools_after_paint = tools_after_paint
        self.preferences = preferences or Preferences()
        self.session: Session | None = None
        self.workbench: Workbench | None = None
        self.suggestions: SuggestionsController | None = None
        self.jobs: list[BackgroundJob] = []
        self.setWindowIcon(QApplication.windowIcon())
        self._build_status_bar()
        build_menus(self)
        geometry = self.preferences.window_state("geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1400, 860)
        self._fit_on_screen()
        self._attach(Workbench(session))

    def _fit_on_screen(self) -> None:
        """Never larger than the screen's free area (a 1280x720 laptop, a geometry saved on a bigger
        monitor): panes cut off at the screen's edge cannot be reached."""
        free = self.screen().availableGeometry()
        size = self.size().boundedTo(free.size())
        if size != self.size():
            self.resize(size)
            self.move(free.topLeft())

    @classmethod
    def for_project(cls, path: str | Path, annotator: str = "",
                    preferences: Preferences | None = None) -> MainWindow:
        """A window on the project at ``path`` (the builder GUI tests use); raises AnnotatorError."""
        preferences = preferences or Preferences()
        if annotator:
            preferences.annotator = annotator
        return cls(Session(Project.open(path, preferences.annotator, read_only_ok=True)), preferences)

    # -- building ----------------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        self.status_hint = StatusHint(self.statusBar())
        self.annotator_label = plain_label()
        self.position_label = QLabel()
        self.saved_label = QLabel("All changes saved")
        for label in (self.annotator_label, self.position_label, self.saved_label):
            label.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(label)

    # -- projects ----------------------------------------------------------------------------------

    def _attach(self, workbench: Workbench) -> None:
        """Show the project of a workbench built beforehand, closing the one shown before.

        Building comes first so that a project failing there (a damaged schema) never replaces the one
        shown: the old project stays open until the new one is known to work.
        """
        session = workbench.session
        old_session = self.session
        if old_session is not None:
            self._remember_position()
            self._retire_workbench()
            old_session.close()
        self.session = session
        self.workbench = workbench
        self.setCentralWidget(self.workbench)
        self.workbench.restore_layout(self.preferences)
        project = session.project
        for action in (self.import_action, self.import_folder_action, self.import_options_action,
                       self.done_action, self.skip_action):
            action.setEnabled(project.read_only is None)
        session.message.connect(self._show_message)
        self.status_hint.follow(workbench.state, project.schema)
        session.alarm.connect(lambda text: show_error(self, "Your edit was not saved", text))
        session.changed.connect(self._after_edit)
        session.current_changed.connect(self._document_opened)
        self.workbench.documents.filter_changed.connect(self._update_position)
        follow_undo_stack(self, session.undo_stack)
        self.workbench.view.set_show_tags(self.tags_action.isChecked())
        self.workbench.view.set_zoom(self.preferences.zoom)
        self.setWindowTitle(window_title_safe(f"{project.path.stem} — annotator"))
        self.annotator_label.setText(f"Annotator: {project.annotator or 'unnamed'}")
        self.preferences.add_recent_project(project.path)
        if self._tools_after_paint:
            self._tools_after_paint = False
            AfterFirstPaint(self, self._equip, [partial(import_module, name) for name in TOOL_MODULES])
        else:
            self._equip()
        self._open_first_document()

    def _equip(self) -> None:
        """Give the workbench its editing tools, with the Tag and Suggestions menus over them; the panes
        built after the document opened are told it did. Idempotent."""
        workbench = self.workbench
        if self.session is None or workbench is None or workbench.equipped:
            return  # closed before its first paint, or equipped already
        from annotator.gui.suggestions_menu import install_suggestions  # one of TOOL_MODULES

        first_new_listener = len(workbench.state.listeners)
        workbench.equip()
        fill_tag_menu(self)
        workbench.controller.set_snapping(self.snap_action.isChecked())
        self.suggestions = install_suggestions(self)
        workbench.state.catch_up(first_new_listener)

    def _open_first_document(self) -> None:
        navigation.open_first_document(self.session, self.workbench.documents, self.preferences)
        self._update_position()

    def open_project(self, path: str | Path) -> bool:
        """Switch to the project at ``path``; a file that cannot be opened is explained, not raised."""
        path = Path(path)
        if self.session is not None and path.resolve() == self.session.project.path.resolve():
            return True
        workbench = opening.open_workbench(self, path, self.preferences.annotator)
        if workbench is None:
            return False
        self._attach(workbench)
        return True

    def choose_project(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open project", self._start_dir(), PROJECT_FILTER)
        if path:
            self.open_project(path)

    def new_project(self) -> None:
        from annotator.gui.option_dialogs import NewProjectDialog

        dialog = NewProjectDialog(self, self._start_dir())
        dialog.accepted.connect(lambda: self.create_project(dialog.project_path(), dialog.schema()))
        dialog.open()

    def create_project(self, path: Path, schema: str) -> bool:
        workbench = opening.create_workbench(self, path, schema, self.preferences.annotator)
        if workbench is None:
            return False
        self._attach(workbench)
        self._show_message(f"Created {path.name}. Import articles with File > Import.")
        return True

    def _start_dir(self) -> str:
        return str(self.session.project.path.parent) if self.session else str(Path.home())

    def change_annotator(self) -> None:
        name = ask_annotator_name(self, self.preferences.annotator)
        if name:
            self.preferences.annotator = name
            self.session.project.annotator = name
            self.annotator_label.setText(f"Annotator: {name}")

    # -- import and export -------------------------------------------------------------------------

    def choose_import_files(self) -> None:
        if paths := operations.ask_import_files(self, self._start_dir()):
            self.start_import(paths)

    def choose_import_folder(self) -> None:
        if paths := operations.ask_import_folder(self, self._start_dir()):
            self.start_import(paths)

    def choose_import_with_options(self) -> None:
        if paths := operations.ask_import_files(self, self._start_dir()):
            self.ask_import_options(paths)

    def ask_import_options(self, paths: list[Path], problem: AnnotatorError | None = None,
                           options: ImportOptions | None = None) -> ImportOptionsDialog:
        """The options step (window-modal, not blocking): asked for, or opened by a file that is not
        text in the encoding tried, saying so."""
        from annotator.gui.option_dialogs import ImportOptionsDialog

        dialog = ImportOptionsDialog(self, paths, problem, options)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.start_import(paths, dialog.options()))
        dialog.open()
        return dialog

    def start_import(self, paths: list[Path], options: ImportOptions | None = None) -> BackgroundJob:
        """Import with ``options`` (default: UTF-8); an encoding problem opens the options instead."""
        return self._track(operations.import_documents(
            self, self.session.project, paths, options, on_done=self._imported, tell=self._show_message,
            on_encoding=lambda problem: self.ask_import_options(paths, problem, options)))

    def _imported(self, _report) -> None:
        if self.session.current_doc_id is None:
            self._open_first_document()
        self._update_position()

    def choose_export(self) -> None:
        from annotator.gui.option_dialogs import ExportDialog

        dialog = ExportDialog(self, self.session.project.schema)
        dialog.accepted.connect(lambda: self._choose_export_target(dialog))
        dialog.open()

    def _choose_export_target(self, dialog: ExportDialog) -> None:
        export_format = dialog.export_format()
        out = operations.ask_export_target(self, export_format, Path(self._start_dir()),
                                           self.session.project.path.stem)
        if out is not None:
            self.start_export(out, export_format.name, dialog.status(), dialog.labels())

    def start_export(self, out: Path, fmt: str, status: str | None,
                     labels: list[str] | None) -> BackgroundJob:
        return self._track(operations.export_documents(
            self, self.session.project, out, fmt, status, labels, tell=self._show_message))

    def choose_backup(self) -> None:
        destination = operations.ask_backup_destination(self, self.session.project.path)
        if destination is not None:
            self.start_backup(destination)

    def start_backup(self, destination: Path) -> BackgroundJob:
        return self._track(operations.back_up(self, self.session.project, destination,
                                              tell=self._show_message))

    def _track(self, job: BackgroundJob) -> BackgroundJob:
        """Keep ``self.jobs`` to the window's running jobs (tests and closing look at it)."""
        self.jobs.append(job)
        job.finished.connect(lambda: self.jobs.remove(job))
        return job

    # -- documents ---------------------------------------------------------------------------------

    def _document_opened(self, doc_id: int | None) -> None:
        self._update_position()
        if doc_id is not None:
            navigation.document_opened(self.session, self.preferences, doc_id)

    def next_document(self, unfinished: bool = False) -> bool:
        return navigation.next_document(self.session, self.workbench.documents, self._show_message,
                                        unfinished)

    def previous_document(self) -> bool:
        return navigation.previous_document(self.session, self.workbench.documents, self._show_message)

    def mark_done(self) -> None:
        navigation.finish_document(self.session, self.workbench.documents, self._show_message, "done")

    def mark_skipped(self) -> None:
        navigation.finish_document(self.session, self.workbench.documents, self._show_message, "skipped")

    # -- edit and view -----------------------------------------------------------------------------

    def zoom(self, step: int) -> None:
        self.preferences.zoom = self.preferences.zoom + step if step else 0
        self.workbench.view.set_zoom(self.preferences.zoom)

    def set_theme(self, theme: str) -> None:
        self.preferences.theme = theme
        apply_theme(theme)

    def set_snapping(self, on: bool) -> None:
        self.preferences.snapping = on
        self.workbench.controller.set_snapping(on)

    def set_show_tags(self, on: bool) -> None:
        self.preferences.show_tags = on
        self.workbench.view.set_show_tags(on)

    # -- status ------------------------------------------------------------------------------------

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _after_edit(self, changes: Changes) -> None:
        self.saved_label.setText("All changes saved")
        if changes.documents:
            self._update_position()

    def _update_position(self) -> None:
        self.position_label.setText(self.workbench.documents.position_text())

    # -- help --------------------------------------------------------------------------------------

    def shortcut_groups(self) -> list[tuple[str, list[tuple[str, str]]]]:
        return _help_windows().shortcut_groups(self.session.project.schema)

    def show_shortcuts(self) -> QWidget:
        return _help_windows().show_shortcuts(self, self.session.project.schema)

    def show_guidelines(self) -> QWidget:
        return _help_windows().show_guidelines(self, self.session.project.schema)

    def show_about(self) -> None:
        _help_windows().show_about(self)

    # -- closing -----------------------------------------------------------------------------------

    def _remember_position(self) -> None:
        if self.session is not None and self.session.current_doc_id is not None:
            self.preferences.set_last_document(self.session.project.path, self.session.current_doc_id)

    def _retire_workbench(self) -> None:
        """Before the session closes, stop everything that could still use it.

        Jobs are abandoned and waited for; the suggestions controller is deleted at once, which also
        drops the refresh it may have deferred with a zero timer (it would find the project closed).
        """
        for job in self.findChildren(BackgroundJob):
            job.abandon()
        QThreadPool.globalInstance().waitForDone()
        if self.suggestions is not None:
            shiboken6.delete(self.suggestions)
            self.suggestions = None

    def closeEvent(self, event: QCloseEvent) -> None:
        self._retire_workbench()
        self._remember_position()
        self.preferences.set_window_state("geometry", self.saveGeometry())
        self.workbench.save_layout(self.preferences)
        self.preferences.sync()
        if self.session is not None:
            self.session.close()
            self.session = None
        super().closeEvent(event)

