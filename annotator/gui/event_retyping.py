"""Changing an event's type keeps the arguments that fit the new type and asks before dropping the rest.

The arguments that would not fit come from :func:`annotator.core.rules.misfit_arguments`, the same rule
the edit applies; the change and the drop are one :class:`ChangeEventType`, one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from annotator.core import rules
from annotator.core.edits import ChangeEventType, Changes
from annotator.gui import keymap
from annotator.gui.document_state import DocumentState
from annotator.gui.mentions import quote
from annotator.gui.session import Session
from annotator.gui.status_hints import notice_for


def change_event_type(session: Session, state: DocumentState, parent: QWidget, event_id: int,
                      new_type: str) -> Changes | None:
    """Retype an event of the open document (the status bar says so); None if refused or the analyst
    kept the arguments."""
    event = state.events[event_id]
    dropped = rules.misfit_arguments(session.project.schema, event, new_type, state.spans)
    if not dropped:
        return _retype(session, state, ChangeEventType(event.doc_id, event_id, new_type))
    lines = [f"{argument.role}: {quote(state.spans[argument.span_id].text)}"
             if argument.span_id in state.spans else argument.role for argument in dropped]
    box = QMessageBox(QMessageBox.Icon.Question, "Change event type",
                      f"{new_type} cannot keep {len(dropped)} of this {event.type} event's arguments:\n\n"
                      + "\n".join(lines) + "\n\nChange the type and drop them? (Undo brings them back.)",
                      QMessageBox.StandardButton.NoButton, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    change = box.addButton("Change and drop", QMessageBox.ButtonRole.AcceptRole)
    box.setEscapeButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.setDefaultButton(change)
    box.exec()
    if box.clickedButton() is not change:
        session.message.emit(f"The event stays {event.type}")
        return None
    return _retype(session, state, ChangeEventType(event.doc_id, event_id, new_type, drop_misfits=True))


def _retype(session: Session, state: DocumentState, edit: ChangeEventType) -> Changes | None:
    return session.do(edit, notice_for(edit, state, keymap.names))
