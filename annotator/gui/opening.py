"""Opening and creating a project for the window: a workbench built first, any failure explained.

Building comes before the window lets go of the project it shows, so a file that fails here (a damaged
schema, a newer version) never replaces a project that works.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from annotator.errors import AnnotatorError
from annotator.gui.dialogs import show_error
from annotator.gui.session import Session
from annotator.gui.workbench import Workbench
from annotator.project import Project


def open_workbench(parent: QWidget, path: Path, annotator: str) -> Workbench | None:
    """A workbench on the project at ``path``, or None after showing why it cannot be opened."""
    try:
        project = Project.open(path, annotator, read_only_ok=True)
    except AnnotatorError as error:
        show_error(parent, "Cannot open project", error)
        return None
    try:
        with project.guarded():  # damage found while reading it is explained too
            return Workbench(Session(project))
    except BaseException as error:
        project.close()
        if not isinstance(error, AnnotatorError):
            raise
        show_error(parent, "Cannot open project", error)
        return None


def create_workbench(parent: QWidget, path: Path, schema: str, annotator: str) -> Workbench | None:
    """A workbench on a new project at ``path``, or None after showing why it cannot be made."""
    try:
        project = Project.create(path, schema, annotator=annotator)
    except AnnotatorError as error:
        show_error(parent, "Cannot create project", error)
        return None
    return Workbench(Session(project))
