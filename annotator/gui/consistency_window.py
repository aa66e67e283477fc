"""The Consistency report window (View > Consistency report…): what the project disagrees with itself
about (:mod:`annotator.project.consistency`), a finding per row with its first places under it.

The report is computed on the background runner (Cancel stops it); activating a place (double-click or
Enter) opens its document and selects the span. Every row is plain text (the texts come from imports).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from annotator.core.jobs import JobControl
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.session import Session
from annotator.gui.tool_windows import ToolWindow, bring_up
from annotator.project.consistency import KINDS, ConsistencyReport, Place

ROLE = Qt.ItemDataRole.UserRole  # a place: (document, start, end, span id)
QUERY = Qt.ItemDataRole.UserRole + 1  # a finding: the search listing all its places
PLACES = Qt.ItemDataRole.UserRole + 2  # a finding itself, until its places are made
EXPANDED = 20
BATCH = 400


def place_row(place: Place) -> str:
    text = " ".join(place.text.split())
    note = f" — {place.note}" if place.note else ""
    return f"Document {place.doc_id}, {place.start}-{place.end}: {text!r}{note}"


class ConsistencyWindow(ToolWindow):
    finished = Signal()  # a report (or its cancellation) is in

    def __init__(self, session: Session, workbench=None, parent: QWidget | None = None) -> None:
        super().__init__("Consistency report", parent)
        self.session, self.workbench = session, workbench
        self.job: BackgroundJob | None = None
        self.status = plain_label("")
        self.status.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.refresh_button = QPushButton("Refresh")
        self.cancel_button = QPushButton("Cancel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)
        self.resize(820, 520)
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel)
        self.tree.itemActivated.connect(lambda item, _column: self.jump(item))
        self.tree.itemExpanded.connect(self._add_places)
        self._pending: list = []

    def refresh(self) -> None:
        """Compute the report again in the background."""
        self.cancel()
        self._pending = []
        project = self.session.project

        def work(control: JobControl) -> ConsistencyReport:
            with project.for_thread() as reader, control.interrupting(reader.interrupt):
                return reader.consistency(control=control)

        job = self.job = BackgroundJob(self, "Checking consistency", work, progress=False)
        job.finished.connect(lambda j=job: self._ended(j, None))  # emitted before succeeded
        job.succeeded.connect(self._show)
        job.cancelled.connect(lambda: self.status.setText("Cancelled."))
        self.status.setText("Checking the project…")
        self.refresh_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        job.start()

    def cancel(self) -> None:
        if self.job is not None:
            self.job.abandon()
            self._ended(self.job, "Cancelled.")

    def _ended(self, job: BackgroundJob, message: str | None) -> None:
        if self.job is not job:
            return
        self.job = None
        if message:
            self.status.setText(message)
        self.refresh_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        if message:
            self.finished.emit()

    def _show(self, report: ConsistencyReport) -> None:
        """The report is in (an abandoned job, superseded or cancelled, delivers nothing). Thousands of
        findings may come: their rows are added a batch per turn of the event loop, and a finding's places
        only when it is expanded (the first ones are)."""
        self.tree.clear()
        self._pending = list(report.findings)
        count = len(report.findings)
        self.status.setText(f"{count} finding(s); Enter on a place opens it, on a finding searches for it."
                            if count else "Nothing inconsistent found.")
        self._add_batch()

    def _add_batch(self) -> None:
        batch, self._pending = self._pending[:BATCH], self._pending[BATCH:]
        tops = []
        for finding in batch:
            top = QTreeWidgetItem([f"{KINDS[finding.kind]}: {finding.message}"])
            top.setToolTip(0, literal_tooltip(top.text(0)))  # a long finding is clipped: said whole here
            top.setData(0, QUERY, finding.query)
            top.setData(0, PLACES, finding)
            top.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            tops.append(top)
        first_batch = self.tree.topLevelItemCount() == 0
        self.tree.addTopLevelItems(tops)
        if first_batch:
            for top in tops[:EXPANDED]:
                top.setExpanded(True)
            first = self.tree.topLevelItem(0)
            if first is not None and first.childCount():
                self.tree.setCurrentItem(first.child(0))
        if self._pending:
            QTimer.singleShot(0, self._add_batch)
        else:
            self.finished.emit()

    def _add_places(self, top: QTreeWidgetItem) -> None:
        """A finding's places, made when it is first expanded."""
        finding = top.data(0, PLACES)
        if finding is None or top.childCount():
            return
        children = []
        for place in finding.places:
            child = QTreeWidgetItem([place_row(place)])
            child.setToolTip(0, literal_tooltip(child.text(0)))
            child.setData(0, ROLE, (place.doc_id, place.start, place.end, place.span_id))
            children.append(child)
        if finding.count > len(finding.places):
            listed = ": Enter lists them in the Search window" if finding.query else ""
            more = QTreeWidgetItem([f"… and {finding.count - len(finding.places)} more{listed}"])
            more.setData(0, QUERY, finding.query)
            children.append(more)
        top.addChildren(children)

    def rows(self) -> int:
        """Findings and places listed so far."""
        return sum(1 + self.tree.topLevelItem(i).childCount() for i in range(self.tree.topLevelItemCount()))

    def jump(self, item: QTreeWidgetItem) -> None:
        """Open the place's document and select its span (or its text); on a finding, search for it."""
        where = item.data(0, ROLE)
        if where is None:
            query = item.data(0, QUERY)
            if query and self.workbench is not None:
                from annotator.gui.search_window import show_search_window

                show_search_window(self.workbench).run(query)
            return
        doc_id, start, end, span_id = where
        if self.workbench is None:
            self.session.set_current(doc_id)
            return
        self.workbench.go_to(doc_id, span_id=span_id, text=(start, end))


def show_consistency_window(workbench) -> ConsistencyWindow:
    """The one Consistency window of this workbench, made on first use, brought to the front and run."""
    window, _ = bring_up(workbench, ConsistencyWindow,
                         lambda: ConsistencyWindow(workbench.session, workbench, workbench))
    window.refresh()
    return window
