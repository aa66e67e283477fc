"""The GUI's one handle on an open project: the undo stack, the "changed" signal, the current document.

Every user edit goes through :meth:`Session.do`: the edit is applied (and committed) first; only if the
project accepted it is a command pushed on the undo stack, so a refused edit (a filler the schema forbids,
say) becomes a status-bar message instead of a broken undo history. Undo and redo go through
:meth:`Session.undo` and :meth:`Session.redo` for the same reason: a step the project refuses leaves the
stack where the project is. Views never talk to each other: they listen to :attr:`Session.changed` (what an
edit touched) and :attr:`Session.current_changed`.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from annotator.core.edits import Changes, Edit
from annotator.errors import AnnotatorError, DiskFull, ProjectReadOnly
from annotator.gui import keymap, status_hints
from annotator.project import Project

DISK_FULL_QUIET_SECONDS = 60.0  # a full disk refused nothing for this long: the next refusal is news


class EditCommand(QUndoCommand):
    """One user edit on the undo stack; it holds the edit and the inverse the project returned."""

    def __init__(self, session: Session, edit: Edit, inverse: Edit) -> None:
        super().__init__(edit.describe())
        self._session = session
        self._forward = edit
        self._backward = inverse
        self._move_only = True  # pushed after the project applied it: the first redo() only moves the index

    def redo(self) -> None:
        self._step(forward=True)

    def undo(self) -> None:
        self._step(forward=False)

    def _step(self, *, forward: bool) -> None:
        if self._move_only:
            self._move_only = False
            return
        reverse = self._session.apply_quietly(self._forward if forward else self._backward)
        if reverse is None:  # refused: the project is unchanged, so the stack must step back unapplied
            self._move_only = True
            self._session.step_refused = True
        elif forward:
            self._backward = reverse
        else:
            self._forward = reverse


class Session(QObject):
    changed = Signal(object)  # Changes
    current_changed = Signal(object)  # document id or None
    message = Signal(str)  # for the status bar
    alarm = Signal(str)  # a full disk: the first refused write of a run, worth a dialog

    def __init__(self, project: Project, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.undo_stack = QUndoStack(self)
        self.current_doc_id: int | None = None
        self.step_refused = False
        self._disk_full_at: float | None = None
        self._forward_changes = self.changed.emit
        project.listeners.append(self._forward_changes)

    def do(self, edit: Edit, notice: str = "") -> Changes | None:
        """Apply a user edit and make it undoable, then say ``notice``; a refused edit is reported, not
        raised."""
        try:
            inverse, changes = self.project.apply(edit)
        except AnnotatorError as error:
            self.refused(error)
            return None
        self.undo_stack.push(EditCommand(self, edit, inverse))
        if notice:
            self.message.emit(notice)
        return changes

    def apply_quietly(self, edit: Edit) -> Edit | None:
        """Apply an edit that is not pushed (an undo or redo step); returns the edit that reverses it."""
        try:
            inverse, _ = self.project.apply(edit)
        except AnnotatorError as error:
            self.refused(error, f"Cannot {edit.describe().lower()}: ")
            return None
        return inverse

    def refused(self, error: AnnotatorError, prefix: str = "") -> None:
        """Report a write the project refused: a status-bar message, and an alarm once per full disk.

        A full disk refuses every edit until space is freed (and a nearly full one some of them), so 40 key
        presses must not mean 40 dialogs: the alarm sounds again only after a quiet spell. A read-only
        project already says why in its banner, so its message stays short.
        """
        if isinstance(error, ProjectReadOnly):
            text = f"{prefix}this project is read-only; edits are off."
            self.message.emit(text[:1].upper() + text[1:])
            return
        if isinstance(error, DiskFull):
            now = time.monotonic()
            if self._disk_full_at is None or now - self._disk_full_at > DISK_FULL_QUIET_SECONDS:
                self.alarm.emit(str(error))
            self._disk_full_at = now
        self.message.emit(f"{prefix}{error}")

    def undo(self) -> None:
        """Undo one step and say which; if the project refuses it, the step stays done and the stack
        where it was."""
        step = self.undo_stack.undoText()
        if self._move(self.undo_stack.undo, self.undo_stack.redo) and step:
            self.message.emit(status_hints.undone(step, keymap.names))

    def redo(self) -> None:
        step = self.undo_stack.redoText()
        if self._move(self.undo_stack.redo, self.undo_stack.undo) and step:
            self.message.emit(status_hints.redone(step, keymap.names))

    def _move(self, step: Callable[[], None], back: Callable[[], None]) -> bool:
        """Take the step; say whether the project took it."""
        self.step_refused = False
        step()
        if self.step_refused:
            back()  # the refused command only moves the index on this call
        return not self.step_refused

    def set_current(self, doc_id: int | None) -> None:
        if doc_id != self.current_doc_id:
            self.current_doc_id = doc_id
            self.current_changed.emit(doc_id)

    def close(self) -> None:
        self.project.listeners.remove(self._forward_changes)
        self.undo_stack.clear()
        self.project.close()
