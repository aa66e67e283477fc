"""Writing a note on the selected span, event or relation, or on the document (brat's ``#`` lines).

The note key (or a span's context menu) opens a small plain-text dialog holding the target's note, if it
has one; OK writes it as one undoable ``SetNote``, and emptying it deletes the note (``DeleteNote``).
Notes are shown as written: as plain text in the panes and in tooltips, never as rich text.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from annotator.core.model import ON_DOCUMENT, ON_EVENT, ON_SPAN
from annotator.core.relation_edits import DeleteNote, SetNote
from annotator.gui import keymap
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.mentions import quote
from annotator.gui.plain_text import plain_label
from annotator.gui.session import Session


class NoteDialog(QDialog):
    def __init__(self, about: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        heading = plain_label(f"Note on {about}")
        heading.setWordWrap(True)
        self.editor = QPlainTextEdit(text)
        self.editor.setTabChangesFocus(True)
        self.editor.setAccessibleName("Note text")
        choices = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choices.Ok | choices.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.editor, 1)
        layout.addWidget(buttons)
        self.resize(420, 220)


class NoteKeeper(QObject):
    """The note action of the window and the dialog it opens."""

    def __init__(self, session: Session, state: DocumentState, parent: QWidget) -> None:
        super().__init__(parent)
        self._session = session
        self._state = state
        self._parent = parent
        self.dialog: NoteDialog | None = None

    def create_action(self, parent: QWidget) -> QAction:
        action = QAction("Note…", parent)
        keymap.bind(action, "note")
        action.triggered.connect(self.edit_selected)
        return action

    def edit_selected(self) -> None:
        """A note on the selected event, else the selected span, else the document."""
        state = self._state
        if state.selected_event_id is not None:
            self.edit(ON_EVENT, state.selected_event_id)
        elif state.selected_span_id is not None:
            self.edit(ON_SPAN, state.selected_span_id)
        else:
            self.edit(ON_DOCUMENT, None)

    def _about(self, target: str, target_id: int | None) -> str:
        state = self._state
        if target == ON_SPAN:
            span = state.spans[target_id]
            return f"{span.label} {quote(span.text)}"
        if target == ON_EVENT:
            event = state.events[target_id]
            trigger = state.spans.get(event.trigger_id)
            return f"the {event.type} event {quote(trigger.text) if trigger else ''}".rstrip()
        if target == ON_DOCUMENT:
            return "this document"
        relation = state.relations[target_id]
        return f"the {relation.type} relation"

    def edit(self, target: str, target_id: int | None) -> NoteDialog | None:
        """Open the note dialog (not blocking: the note is written when it is accepted)."""
        if self._state.doc_id is None:
            return None
        existing = next(iter(self._state.notes_on(target, target_id)), None)
        dialog = self.dialog = NoteDialog(self._about(target, target_id), existing.text if existing else "",
                                          self._parent)
        dialog.accepted.connect(lambda: self._write(target, target_id, existing.id if existing else None,
                                                    dialog.editor.toPlainText()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        dialog.editor.setFocus()
        return dialog

    def _write(self, target: str, target_id: int | None, note_id: int | None, text: str) -> None:
        doc_id = self._state.doc_id
        if not text.strip():
            if note_id is not None:
                self._session.do(DeleteNote(doc_id, note_id), "Note deleted")
            return
        self._session.do(SetNote(doc_id, text, target, target_id, note_id), "Note saved")


class DocumentNoteBar(QLabel):
    """The open document's notes, under the article (hidden when it has none)."""

    def __init__(self, state: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        state.listeners.append(self._on_state)
        self.hide()

    def _on_state(self, delta: DocumentDelta) -> None:
        if delta.loaded or delta.notes:
            notes = [note.text for note in self._state.notes_on(ON_DOCUMENT, None)]
            self.setText("\n".join(f"Note on this document: {text}" for text in notes))
            self.setVisible(bool(notes))
