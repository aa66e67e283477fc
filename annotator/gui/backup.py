"""File > Back up project…: a consistent copy taken on the thread pool while the analyst keeps working.

The copy goes through SQLite's backup API (:meth:`Project.backup`), which opens its own connections, so
the worker never touches the window's store. Cancel (or closing the window) stops it between steps and
leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.core.jobs import JobControl
from annotator.gui.dialogs import PROJECT_FILTER
from annotator.project import PROJECT_SUFFIX, Project


def default_destination(project: Path, today: date | None = None) -> Path:
    """``<stem>-backup-YYYY-MM-DD.annotator`` beside the project."""
    stamp = (today or date.today()).isoformat()
    return project.with_name(f"{project.stem}-backup-{stamp}{PROJECT_SUFFIX}")


def ask_destination(parent: QWidget, project: Path) -> Path | None:
    """The file to back up into; the dialog itself asks before replacing an existing file."""
    chosen, _ = QFileDialog.getSaveFileName(parent, "Back up project", str(default_destination(project)),
                                            PROJECT_FILTER)
    return Path(chosen) if chosen else None


def backup_work(project: Project, destination: Path) -> Callable[[JobControl], Path]:
    """The job body: copy with progress, checking for Cancel after every step."""

    def work(control: JobControl) -> Path:
        def progress(done: int, total: int) -> None:
            control.report(done, total, "copying")
            control.check()

        return project.backup(destination, replace=True, progress=progress)

    return work
