"""The GUI's one handle on an open project: the undo stack, the "changed" signal, the current document.

Every user edit goes through :meth:`Session.do`: the edit is applied (and committed) first; only if the
project accepted it is a command pushed on the undo stack, so a refused edit (a filler the schema forbids,
say) becomes a status-bar message instead of a broken undo history. Views never talk to each other: they
listen to :attr:`Session.changed` (what an edit touched) and :attr:`Session.current_changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.edits import Changes, Edit
from annotator.core.project import Project
from annotator.errors import AnnotatorError


class EditCommand(QUndoCommand):
    """One user edit on the undo stack; it holds the edit and the inverse the project returned."""

    def __init__(self, session: Session, edit: Edit, inverse: Edit) -> None:
        super().__init__(edit.describe())
        self._session = session
        self._forward = edit
        self._backward = inverse
        self._already_applied = True

    def redo(self) -> None:
        if self._already_applied:
            self._already_applied = False
            return
        self._backward = self._session.apply_quietly(self._forward) or self._backward

    def undo(self) -> None:
        self._forward = self._session.apply_quietly(self._backward) or self._forward


class Session(QObject):
    changed = Signal(object)  # Changes
    current_changed = Signal(object)  # document id or None
    message = Signal(str)  # for the status bar

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.current_doc_id: int | None = None
        self._forward_changes = self.changed.emit
        project.listeners.append(self._forward_changes)

    def do(self, edit: Edit) -> Changes | None:
        """Apply a user edit and make it undoable; a refused edit is reported, not raised."""
        try:
            inverse, changes = self.project.apply(edit)
        except AnnotatorError as error:
            self.message.emit(str(error))
            return None
        self.undo_stack.push(EditCommand(self, edit, inverse))
        return changes

    def apply_quietly(self, edit: Edit) -> Edit | None:
        """Apply an undo or redo step; returns the edit that reverses it."""
        try:
            inverse, _ = self.project.apply(edit)
        except AnnotatorError as error:
            self.message.emit(f"Cannot {edit.describe().lower()}: {error}")
            return None
        return inverse

    def set_current(self, doc_id: int | None) -> None:
        if doc_id != self.current_doc_id:
            self.current_doc_id = doc_id
            self.current_changed.emit(doc_id)

    def close(self) -> None:
        self.project.listeners.remove(self._forward_changes)
        self.undo_stack.clear()
        self.project.close()
