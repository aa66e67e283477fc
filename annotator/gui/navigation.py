"""Moving between documents in list order: next, previous, next unfinished, and finishing one.

Functions over the session and the documents pane; the window's Document menu delegates here and
passes its status bar as ``tell``.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.edits import SetStatus
from annotator.gui.documents_pane import DocumentsPane
from annotator.gui.session import Session

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
