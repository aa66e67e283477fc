"""Moving between documents in list order: next, previous, next unfinished, and finishing one.

Functions over the session and the documents pane; the window's Document menu delegates here and
passes its status bar as ``tell``.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.edits import SetStatus
from annotator.gui.documents_pane import DocumentsPane
from annotator.gui.session import Session
from annotator.gui.settings import Preferences

Tell = Callable[[str], None]


def go_to_row(session: Session, documents: DocumentsPane, row: int | None) -> bool:
    doc_id = documents.model.doc_id(row) if row is not None else None
    if doc_id is None:
        return False
    session.set_current(doc_id)
    return True


def next_document(session: Session, documents: DocumentsPane, tell: Tell, unfinished: bool = False) -> bool:
    """The next row (the next unfinished one, wrapping round once); says so when there is none."""
    row = documents.current_row()
    found = go_to_row(session, documents, documents.model.next_row(-1 if row is None else row,
                                                                   unfinished=unfinished))
    if not found and unfinished and row is not None:
        found = go_to_row(session, documents, documents.model.next_row(-1, unfinished=True))
    if not found:
        tell("No unfinished documents left." if unfinished else "This is the last document.")
    return found


def previous_document(session: Session, documents: DocumentsPane, tell: Tell) -> bool:
    row = documents.current_row()
    if not row:
        tell("This is the first document.")
        return False
    return go_to_row(session, documents, row - 1)


def finish_document(session: Session, documents: DocumentsPane, tell: Tell, status: str) -> None:
    """Set the open document's status (an undoable edit), then go to the next unfinished one."""
    doc_id = session.current_doc_id
    if doc_id is not None and session.do(SetStatus(doc_id, status)) is not None:
        next_document(session, documents, tell, unfinished=True)


def open_first_document(session: Session, documents: DocumentsPane, preferences: Preferences) -> None:
    """The document open when this project was last closed, else the first one in the list."""
    remembered = preferences.last_document(session.project.path)
    if remembered is not None and not _exists(session, remembered):
        remembered = None
    session.set_current(remembered if remembered is not None else documents.model.doc_id(0))


def _exists(session: Session, doc_id: int) -> bool:
    try:
        session.project.document(doc_id)
    except KeyError:
        return False
    return True


def document_opened(session: Session, preferences: Preferences, doc_id: int) -> None:
    """Remember the open document for next time; a new one becomes in progress (not undoable)."""
    preferences.set_last_document(session.project.path, doc_id)
    project = session.project
    if project.read_only is None and project.document(doc_id).status == "new":
        session.apply_quietly(SetStatus(doc_id, "in_progress"))
