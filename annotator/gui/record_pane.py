"""The Record pane: which event record the selected event mention belongs to, or the records it may
belong to, best first, each with why ("same type, shares actor ISIS, 2 days apart").

Accept (the selected candidate, else the best), New record and Ignore work by button and by key (the
``record_*`` bindings in :mod:`annotator.gui.keymap`); Accept and New record are undoable edits through
the session, and so is Ignore, which the project remembers (the pane offers no candidates for that
mention in later sessions either, until Show candidates, the same key) without deciding the mention's
record: the consistency report still lists it while it is in no record. Candidates are read on the
background runner (a record type may hold thousands of records), so the pane never blocks a key.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from annotator.core.candidate_ignores import HeedCandidates, IgnoreCandidates
from annotator.core.edits import Changes
from annotator.core.record_candidates import Candidate
from annotator.core.record_edits import AddToRecord, CreateRecord, RemoveFromRecord
from annotator.gui import keymap
from annotator.gui.document_state import DocumentState
from annotator.gui.documents_model import read_in_background
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.session import Session
from annotator.project import Project
from annotator.project.records import RecordDetail

ROLE = Qt.ItemDataRole.UserRole
NO_EVENT = "Select an event to see its record."


@dataclass(frozen=True)
class RecordLookup:
    """What the background read found for one event: its record, or the candidates and their records."""

    event_id: int
    detail: RecordDetail | None
    candidates: tuple[Candidate, ...] = ()
    titles: tuple[str, ...] = ()
    ignored: bool = False  # the analyst ignored its candidates (none are read)


def look_up(project: Project, event_id: int) -> RecordLookup:
    """The event's record, or its candidates; nothing for an event deleted meanwhile."""
    member = project.record_of(event_id)
    if member is not None:
        return RecordLookup(event_id, project.record_details([member.record_id])[0])
    if project.candidates_ignored(event_id):
        return RecordLookup(event_id, None, ignored=True)
    try:
        candidates = tuple(project.record_candidates(event_id))
    except KeyError:
        return RecordLookup(event_id, None)
    records = {record.id: record for record in project.records(c.record_id for c in candidates)}
    titles = tuple(f"{records[c.record_id].reference()} {records[c.record_id].title}" for c in candidates)
    return RecordLookup(event_id, None, candidates, titles)


def candidate_row(title: str, candidate: Candidate) -> str:
    return f"{title} — {candidate.explanation()}"


class RecordPane(QWidget):
    def __init__(self, session: Session, state: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session, self._state = session, state
        self.event_id: int | None = None
        self.lookup: RecordLookup | None = None
        self.job: BackgroundJob | None = None
        self.summary = plain_label(NO_EVENT)
        self.summary.setWordWrap(True)
        self.candidates = QListWidget()
        self.candidates.setAccessibleName("Candidate records")
        self.candidates.setMaximumHeight(110)
        self.candidates.setWordWrap(True)
        self.accept_button = QPushButton("Accept")
        self.new_button = QPushButton("New record")
        self.ignore_button = QPushButton("Ignore")
        self.remove_button = QPushButton("Remove from record")
        for button, binding in ((self.accept_button, "record_accept"), (self.new_button, "record_new"),
                                (self.ignore_button, "record_ignore")):
            button.setToolTip(f"{keymap.KEYMAP[binding].title} ({keymap.key_text(binding)})")
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.new_button, self.ignore_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.candidates)
        layout.addLayout(buttons)
        self.summary.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.accept_button.clicked.connect(self.accept)
        self.new_button.clicked.connect(self.new_record)
        self.ignore_button.clicked.connect(self.ignore)
        self.remove_button.clicked.connect(self.remove)
        self.candidates.itemActivated.connect(lambda _item: self.accept())
        session.changed.connect(self._on_changed)
        self._show(None)

    def create_actions(self, parent: QWidget) -> list[QAction]:
        """The keys: accept the candidate, make a new record, ignore the candidates."""
        actions = []
        for binding, title, slot in (("record_accept", "Add the event to the candidate record", self.accept),
                                     ("record_new", "New record from the event", self.new_record),
                                     ("record_ignore", "Ignore or show the candidate records", self.ignore)):
            action = keymap.bind(QAction(title, parent), binding)
            action.triggered.connect(slot)
            actions.append(action)
        return actions

    # -- showing -----------------------------------------------------------------------------------

    def show_event(self, event_id: int | None) -> None:
        """Show the record of ``event_id`` (read in the background), or nothing."""
        self.event_id = event_id
        self.lookup = None
        if self.job is not None:
            self.job.abandon()
            self.job = None
        if event_id is None:
            self._show(None)
            return
        self.summary.setText("Looking for records…")
        self.candidates.clear()
        self._enable(accept=False, new=False, remove=False)
        self.job = read_in_background(self, self._session.project, lambda reader: look_up(reader, event_id))
        self.job.succeeded.connect(self._show)
        self.job.start()

    def _show(self, lookup: RecordLookup | None) -> None:
        self.job = None
        if lookup is not None and lookup.event_id != self.event_id:
            return
        self.lookup = lookup
        self.candidates.clear()
        if lookup is None:
            self.summary.setText(NO_EVENT)
            self.candidates.setVisible(False)
            self._enable(accept=False, new=False, remove=False)
            return
        if lookup.detail is not None:
            record = lookup.detail.record
            count = len(lookup.detail.mentions)
            fields = "; ".join(f"{f.name}: {f.value}" for f in lookup.detail.fields)
            self.summary.setText(f"In record {record.reference()} {record.title} ({count} mention"
                                 f"{'' if count == 1 else 's'})" + (f"\n{fields}" if fields else ""))
            self.candidates.setVisible(False)
            self._enable(accept=False, new=False, remove=True)
            return
        shown = list(zip(lookup.titles, lookup.candidates, strict=True))
        for title, candidate in shown:
            item = QListWidgetItem(candidate_row(title, candidate))
            item.setToolTip(literal_tooltip(item.text()))
            item.setData(ROLE, candidate.record_id)
            self.candidates.addItem(item)
        if shown:
            self.candidates.setCurrentRow(0)
        self.candidates.setVisible(bool(shown))
        self.summary.setText("In no record. Candidates, best first:" if shown else
                             "In no record; its candidate records are ignored." if lookup.ignored else
                             "In no record, and no record looks like this event.")
        self._enable(accept=bool(shown), new=True, remove=False, ignored=lookup.ignored)

    def _enable(self, *, accept: bool, new: bool, remove: bool, ignored: bool = False) -> None:
        self.accept_button.setEnabled(accept)
        self.ignore_button.setEnabled(accept or ignored)
        self.ignore_button.setText("Show candidates" if ignored else "Ignore")
        self.new_button.setEnabled(new)
        self.remove_button.setVisible(remove)

    def _on_changed(self, changes: Changes) -> None:
        if self.event_id is None:
            return
        if self.event_id not in self._state.events:
            self.show_event(None)
        elif changes.records or self.event_id in changes.events or changes.entities:
            self.show_event(self.event_id)

    # -- acting ------------------------------------------------------------------------------------

    def _ready(self) -> RecordLookup | None:
        if self.lookup is None or self.event_id is None:
            self._session.message.emit("Select an event first (its record is shown in the Record pane)")
            return None
        return self.lookup

    def accept(self) -> None:
        lookup = self._ready()
        item = self.candidates.currentItem() or self.candidates.item(0)
        if lookup is None or item is None or not self.candidates.isVisible():
            if lookup is not None:
                self._session.message.emit("No candidate record to accept")
            return
        record_id = item.data(ROLE)
        doc_id = self._state.events[lookup.event_id].doc_id
        self._session.do(AddToRecord(doc_id, lookup.event_id, record_id),
                         f"Added the event to record R{record_id}")

    def new_record(self) -> None:
        """Needs no finished lookup: the edit's own rule refuses an event already in a record."""
        event = self._state.events.get(self.event_id) if self.event_id is not None else None
        if event is None:
            self._session.message.emit("Select an event first (its record is shown in the Record pane)")
            return
        self._session.do(CreateRecord(event.doc_id, event.id), "Made a new record from the event")

    def ignore(self) -> None:
        """Ignore the mention's candidates (kept in the project, undoable); on an ignored one, show them."""
        lookup = self._ready()
        if lookup is None or lookup.detail is not None:
            return
        doc_id = self._state.events[lookup.event_id].doc_id
        if lookup.ignored:
            self._session.do(HeedCandidates(doc_id, lookup.event_id), "Candidate records shown again")
        elif lookup.candidates:
            self._session.do(IgnoreCandidates(doc_id, lookup.event_id),
                             "Candidate records ignored for this event")
        else:  # none to ignore: as the greyed Ignore button says
            self._session.message.emit("No candidate record to ignore")

    def remove(self) -> None:
        lookup = self._ready()
        if lookup is None or lookup.detail is None:
            return
        record = lookup.detail.record
        doc_id = self._state.events[lookup.event_id].doc_id
        self._session.do(RemoveFromRecord(doc_id, lookup.event_id, record.id),
                         f"Removed the event from record {record.reference()}")
