"""The Adjudication window: the open document's disagreements between analysts' layers, one key each.

The queue (left) lists one row per span, event, role, relation, link or attribute the layers disagree on
(:mod:`annotator.core.adjudication`); the right shows the current row's versions side by side, one pane
per analyst and one for gold, each the passage of the article with the row's text marked in that pane's
colour. A digit takes that analyst's version, B both, N (or 0) neither, E keeps gold as the adjudicator
edited it in the main window. Each decision is one undoable edit through the session (rules apply; a
refusal is said in the window's status line), recorded with the session's annotator name. What every
analyst agrees on goes to gold in one edit when the document is first shown (a switch, on by default).

Everything shown (article text, labels, names) is plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QColor, QKeyEvent, QShowEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.core.adjudication import BOTH, EDITED, NEITHER, Item, Queue, extent_text_ranges, item_title
from annotator.core.edits import Changes
from annotator.core.offsets import OffsetMap, display_text
from annotator.gui import keymap
from annotator.gui.documents_model import read_in_background
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.session import Session
from annotator.gui.tool_windows import ToolWindow, bring_up
from annotator.project import Project

CONTEXT = 120  # characters of the article shown around a row's text
COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2", "#7f7f7f")
GOLD_COLOUR = "#b8860b"
CHOICE_KEYS = {"adjudicate_both": BOTH, "adjudicate_neither": NEITHER, "adjudicate_edited": EDITED}


@dataclass(frozen=True)
class Snapshot:
    """What the window shows of a document, read in one go off the UI thread."""

    doc_id: int | None
    queue: Queue
    text: str
    title: str


def read_snapshot(reader: Project, doc_id: int) -> Snapshot:
    return Snapshot(doc_id, reader.adjudication_queue(doc_id), reader.text(doc_id),
                    reader.document(doc_id).title)


class VersionPane(QFrame):
    """One analyst's (or gold's) version of the current row: a caption and the marked passage."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("version")
        self.caption = plain_label()
        self.caption.setWordWrap(True)
        self.passage = QPlainTextEdit()
        self.passage.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(self.passage)

    def show_version(self, caption: str, text: str, marks: list[tuple[int, int]], colour: str, *,
                     line: str = "solid") -> None:
        """``marks`` are code point ranges into ``text`` (the passage), marked in ``colour``."""
        self.setStyleSheet(f"QFrame#version {{ border: 3px {line} {colour}; border-radius: 4px; }}")
        self.caption.setText(caption)
        self.passage.setPlainText(display_text(text))
        offsets = OffsetMap(text)
        selections = []
        for start, end in marks:
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.passage.document())
            cursor.setPosition(offsets.to_foreign(start))
            cursor.setPosition(offsets.to_foreign(end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            fill = QTextCharFormat()
            background = QColor(colour)
            background.setAlpha(70)
            fill.setBackground(background)
            fill.setFontUnderline(True)
            fill.setUnderlineColor(QColor(colour))
            selection.format = fill
            selections.append(selection)
        self.passage.setExtraSelections(selections)


class AdjudicationWindow(ToolWindow):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__("Adjudication", parent)
        self.session = session
        self.project = session.project
        self.queue = Queue(())
        self.text = ""
        self.doc_id: int | None = None
        self._read: BackgroundJob | None = None
        self.reading = False  # a queue is being read: keys wait for it
        self.agreed_done: set[int] = set()  # documents whose agreed items this window already put in gold
        self.progress = plain_label()
        self.automatic = QCheckBox("Put what every analyst agrees on into gold automatically")
        self.automatic.setChecked(True)
        self.automatic.toggled.connect(lambda _on: self.refresh())
        self.rows = QListWidget()
        self.rows.installEventFilter(self)
        self.rows.currentRowChanged.connect(self._show_row)
        self.panes_box = QWidget()
        self.panes_layout = QHBoxLayout(self.panes_box)
        self.panes: list[VersionPane] = []
        self.status = plain_label()
        self.status.setWordWrap(True)
        digits = keymap.names("adjudicate_accept")
        keys = (f"{digits[0]}–{digits[-1]}: an analyst's version · "
                f"{keymap.key_text('adjudicate_both')}: both · {keymap.key_text('adjudicate_neither')}: "
                f"neither · {keymap.key_text('adjudicate_edited')}: keep gold as edited · "
                f"{keymap.key_text('undo')}: undo")
        splitter = QSplitter()
        splitter.addWidget(self.rows)
        splitter.addWidget(self.panes_box)
        splitter.setSizes([280, 720])
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.automatic)
        layout.addWidget(splitter, 1)
        layout.addWidget(plain_label(keys))
        layout.addWidget(self.status)
        for binding, slot in (("undo", session.undo), ("redo", session.redo)):
            action = keymap.bind(QAction(self), binding)
            action.triggered.connect(slot)
            self.addAction(action)
        session.changed.connect(self._changed)
        session.current_changed.connect(lambda _doc_id: self.isVisible() and self.refresh())
        session.message.connect(self.status.setText)
        self.resize(1100, 560)

    def showEvent(self, event: QShowEvent) -> None:
        """Read the queue when shown: closed, the window reads nothing and puts nothing in gold."""
        super().showEvent(event)
        self.refresh()

    # -- reading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the open document's queue again, off the UI thread (a long document's takes ~100 ms)."""
        self.doc_id = self.session.current_doc_id
        if self._read is not None:
            self._read.abandon()
            self._read = None
        if self.doc_id is None:
            self._show(Snapshot(None, Queue(()), "", ""))
            return
        doc_id = self.doc_id
        job = read_in_background(self, self.project, lambda reader: read_snapshot(reader, doc_id))
        job.finished.connect(lambda: self._read_done(job))
        job.succeeded.connect(self._show)  # an abandoned job delivers nothing
        self._read = job
        self.reading = True
        job.start()

    def _read_done(self, job: BackgroundJob) -> None:
        if job is self._read:
            self._read = None
            self.reading = False

    def _show(self, snapshot: Snapshot) -> None:
        """Show a queue as read; keep the row in place. Agreed items go to gold first, once per document."""
        self.queue, self.text = snapshot.queue, snapshot.text
        if (self.doc_id is not None and self.automatic.isChecked() and self.queue.agreed
                and self.doc_id not in self.agreed_done):
            self.agreed_done.add(self.doc_id)
            edit = self.project.agreed_edit(self.doc_id, self.queue)
            if edit is not None and self.session.do(edit, f"{len(self.queue.agreed)} agreed item(s) put in "
                                                          "gold"):
                return  # the change reads the queue again
        keep = self.rows.currentRow()
        self.rows.blockSignals(True)
        self.rows.clear()
        for item in self.queue.items:
            mark = "✓" if item.decision else "•"
            decided = f" — {item.decision} ({item.decided_by})" if item.decision else ""
            self.rows.addItem(f"{mark} {item_title(item, self.text)}{decided}")
            row = self.rows.item(self.rows.count() - 1)
            row.setToolTip(literal_tooltip(row.text()))  # the narrow queue clips long rows
        self.rows.blockSignals(False)
        self._say_progress(snapshot)
        if self.queue.items:
            self.rows.setCurrentRow(min(max(keep, 0), len(self.queue.items) - 1))
        self._show_row(self.rows.currentRow())

    def _say_progress(self, snapshot: Snapshot) -> None:
        if snapshot.doc_id is None:
            self.progress.setText("No document is open.")
        elif not self.queue.layers:
            self.progress.setText(f"“{snapshot.title}” has no analysts' layers: merge their work first.")
        else:
            self.progress.setText(f"“{snapshot.title}”: {self.queue.decided} of {len(self.queue.items)} "
                                  f"decided · layers: {', '.join(self.queue.layers)}")

    def _show_row(self, row: int) -> None:
        item = self.queue.items[row] if 0 <= row < len(self.queue.items) else None
        analysts = list(item.versions) if item else []
        while len(self.panes) < len(analysts) + 1:
            pane = VersionPane()
            self.panes.append(pane)
            self.panes_layout.addWidget(pane)
        for pane in self.panes:
            pane.setVisible(False)
        if item is None or self.doc_id is None:
            return
        text = self.text
        ranges = extent_text_ranges(item.key)
        low = max(0, min(start for start, _ in ranges) - CONTEXT)
        high = min(len(text), max(end for _, end in ranges) + CONTEXT)
        passage = text[low:high]
        marks = [(start - low, end - low) for start, end in ranges]
        for number, analyst in enumerate(analysts, start=1):
            pane = self.panes[number - 1]
            caption = f"{number} · {analyst}: {item.describe(item.versions[analyst])}"
            pane.show_version(caption, passage, marks, COLOURS[(number - 1) % len(COLOURS)])
            pane.setVisible(True)
        gold = self.panes[len(analysts)]
        gold.show_version(f"Gold now: {item.describe(item.gold)}", passage, marks, GOLD_COLOUR, line="dashed")
        gold.setVisible(True)

    def _changed(self, changes: Changes) -> None:
        ours = changes.doc_id is None or changes.doc_id == self.doc_id or changes.documents
        if ours and self.isVisible():
            self.refresh()

    # -- deciding ----------------------------------------------------------------------------------

    def current_item(self) -> Item | None:
        row = self.rows.currentRow()
        return self.queue.items[row] if 0 <= row < len(self.queue.items) else None

    def decide(self, choice: str) -> None:
        item = self.current_item()
        if item is None or self.doc_id is None:
            return
        if choice not in (*item.options(), EDITED):
            self.status.setText(f"“{choice}” is not a choice here: {', '.join(item.options())}")
            return
        row = self.rows.currentRow()
        if self.session.do(self.project.decide_edit(self.doc_id, item, choice, self.queue),
                           f"Decided: {choice}"):
            self._next_undecided(row)

    def _next_undecided(self, after: int) -> None:
        items = self.queue.items
        order = [*range(after + 1, len(items)), *range(0, after + 1)]
        following = next((row for row in order if items[row].decision is None), None)
        if following is not None:
            self.rows.setCurrentRow(following)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The queue's keys before the list's own (type-to-search) and before any shortcut."""
        if watched is self.rows and event.type() == QEvent.Type.ShortcutOverride and self._claims(event):
            event.accept()
            return True
        if watched is self.rows and event.type() == QEvent.Type.KeyPress and self._key(event):
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _claims(event: QKeyEvent) -> bool:
        return any(keymap.matches(event, binding) for binding in ("adjudicate_accept", *CHOICE_KEYS))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._key(event):
            super().keyPressEvent(event)

    def _key(self, event: QKeyEvent) -> bool:
        """Handle an adjudication key; False for any other key."""
        if self.reading and self._claims(event):
            self.status.setText("Reading the document's disagreements…")
            return True
        if keymap.matches(event, "adjudicate_accept"):
            item = self.current_item()
            analysts = list(item.versions) if item else []
            number = int(event.text()) if event.text().isdigit() else 0
            if 1 <= number <= len(analysts):
                self.decide(analysts[number - 1])
            else:
                self.status.setText(f"There is no analyst {number} here.")
            return True
        for binding, choice in CHOICE_KEYS.items():
            if keymap.matches(event, binding):
                self.decide(choice)
                return True
        return False


def show_adjudication(session: Session, parent: QWidget) -> AdjudicationWindow:
    """The one Adjudication window of ``parent`` (for this session), made on first use and brought to the
    front."""
    window, _ = bring_up(parent, AdjudicationWindow, lambda: AdjudicationWindow(session, parent),
                         lambda window: window.session is session)
    window.rows.setFocus()
    return window
