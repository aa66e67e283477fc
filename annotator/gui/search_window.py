"""The Search window (Edit > Search project…): a query box, the concordance of its hits (read in the
background, a page at a time, sortable by any column) and the bulk actions on them.

Enter in the query box searches; double-click or Enter on a row opens its document and selects the match
in the article. The bulk actions (label every unannotated match, link every matched mention to an entity,
reject the suggestions at the matches) read every hit and build their edit on the background runner, then
apply it as one undoable edit. A bad query is explained under the box with its code; nothing is searched.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.edit_base import Changes, Edit
from annotator.core.jobs import JobControl
from annotator.core.search_query import parse_query
from annotator.errors import AnnotatorError
from annotator.gui.error_text import window_text
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import plain_label
from annotator.gui.search_model import LEFT, MATCH, SearchModel
from annotator.gui.session import Session
from annotator.gui.tool_windows import ToolWindow, bring_up
from annotator.project.facade import Project
from annotator.project.search import Hit

PLACEHOLDER = '"Abu Kamal" label:GPE entity:Q42 type:Conflict.Attack role:Attacker status:done by:alice'


class ElideLeft(QStyledItemDelegate):
    """The left context is cut on its left, so the words next to the match stay in view."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


class ResultsTable(QTableView):
    """The concordance; Enter opens the current row like a double-click."""

    opened = Signal(int)  # row

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.opened.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class SearchWindow(ToolWindow):
    finished = Signal()  # a search's first page (or its failure) is in

    def __init__(self, session: Session, workbench=None, parent: QWidget | None = None) -> None:
        super().__init__("Search project", parent)
        self.session, self.workbench = session, workbench
        self.action_job: BackgroundJob | None = None
        self.said = ""  # what a bulk action did, said again once its hits are read again
        self.query = QLineEdit()
        self.query.setPlaceholderText(PLACEHOLDER)
        self.query.setClearButtonEnabled(True)
        self.search_button = QPushButton("Search")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.status = plain_label("Type words, a \"phrase\" or keys such as label:GPE, then Enter.")
        self.status.setWordWrap(True)
        self.model = SearchModel(session.project, self)
        self.table = ResultsTable()
        self.table.setModel(self.model)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the search's order
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(LEFT, ElideLeft(self.table))
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in zip(range(4), (140, 300, 130, 300), strict=True):
            self.table.setColumnWidth(column, width)
        self.label_choice = QComboBox()
        self.label_choice.addItems([label.name for label in session.project.schema.entity_labels])
        self.label_button = QPushButton("Label unannotated matches")
        self.entity_choice = QLineEdit()
        self.entity_choice.setPlaceholderText("entity id, external id or name")
        self.link_button = QPushButton("Link matches to entity")
        self.reject_button = QPushButton("Reject suggestions at matches")
        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.search_button)
        top.addWidget(self.cancel_button)
        actions = QHBoxLayout()
        actions.addWidget(self.label_choice)
        actions.addWidget(self.label_button)
        actions.addSpacing(12)
        actions.addWidget(self.entity_choice, 1)
        actions.addWidget(self.link_button)
        actions.addSpacing(12)
        actions.addWidget(self.reject_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        self.resize(1100, 560)
        self.setTabOrder(self.query, self.table)  # Tab from the box to the hits (Enter there searches again)
        self.setTabOrder(self.table, self.search_button)
        self.query.returnPressed.connect(lambda: self.run(self.query.text()))
        self.search_button.clicked.connect(lambda: self.run(self.query.text()))
        self.cancel_button.clicked.connect(self.cancel)
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.table.opened.connect(self.open_row)
        self.model.page_read.connect(self._page_read)
        self.model.failed.connect(self._failed)
        self.label_button.clicked.connect(self.label_matches)
        self.link_button.clicked.connect(self.link_matches)
        self.reject_button.clicked.connect(self.reject_suggestions)
        self._update_buttons()

    # -- searching -----------------------------------------------------------------------------------

    def run(self, text: str) -> bool:
        """Search for ``text``; a bad query is explained under the box (nothing is searched)."""
        self.query.setText(text)
        try:
            parse_query(text)
        except AnnotatorError as error:
            self.model.cancel()
            self._say_error(error)
            self.finished.emit()
            return False
        self.status.setText("Searching…")
        self.model.start(text)
        self._update_buttons()
        return True

    def cancel(self) -> None:
        self.model.cancel()
        if self.action_job is not None:
            self.action_job.cancel()
        self.status.setText(f"Cancelled; {len(self.model.hits)} hit(s) shown.")
        self._update_buttons()

    def _page_read(self) -> None:
        count = len(self.model.hits)
        more = " (more as you scroll)" if self.model.next_key else ""
        opening = "Tab to the list; Enter or a double-click opens one."
        said, self.said = self.said, ""
        self.status.setText(" ".join(filter(None, (said, f"{count} hit(s){more}. {opening}" if count
                                                            else "No hits."))))
        if count and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, MATCH))
        self._update_buttons()
        self.finished.emit()

    def _failed(self, error: AnnotatorError) -> None:
        self._say_error(error)
        self._update_buttons()
        self.finished.emit()

    def _say_error(self, error: AnnotatorError) -> None:
        self.status.setText(f"{window_text(error)} [{error.code}]")

    def _update_buttons(self) -> None:
        busy = self.model.searching or self.action_job is not None
        self.cancel_button.setEnabled(busy)
        for button in (self.label_button, self.link_button, self.reject_button):
            button.setEnabled(bool(self.model.hits) and not busy and self.session.project.read_only is None)

    # -- opening a hit -------------------------------------------------------------------------------

    def open_row(self, row: int) -> None:
        """Open the hit's document and select the match (its span, if the hit is one)."""
        hit = self.model.hit(row)
        if self.workbench is None:
            self.session.set_current(hit.doc_id)
            return
        self.workbench.go_to(hit.doc_id, span_id=hit.span_id, text=(hit.start, hit.end))
        self.workbench.view.setFocus()

    # -- bulk actions --------------------------------------------------------------------------------

    def label_matches(self) -> None:
        label = self.label_choice.currentText()
        self._act(f"Labelling matches {label}", lambda reader, hits: reader.label_matches_edit(hits, label))

    def link_matches(self) -> None:
        wanted = self.entity_choice.text().strip()
        if not wanted:
            self.status.setText("Type the entity's id, external id or name first.")
            self.entity_choice.setFocus()
            return

        def build(reader: Project, hits: list[Hit]) -> Edit:
            from annotator.project.search import resolve_entities

            entity_ids = resolve_entities(reader, [wanted])
            return reader.link_matches_edit(hits, entity_ids[0])

        self._act("Linking matches", build)

    def reject_suggestions(self) -> None:
        self._act("Rejecting suggestions at matches", None)

    def _act(self, title: str, build: Callable[[Project, list[Hit]], Edit] | None) -> None:
        """Read every hit of the query and build the edit on the background runner; apply it here as one
        undoable edit (rejecting suggestions is remembered, not undone, as a single rejection is)."""
        project, query = self.session.project, self.model.query

        def work(control: JobControl) -> object:
            with project.for_thread(writes=build is None) as reader, control.interrupting(reader.interrupt):
                hits = reader.search_all(query, control=control)
                if build is None:
                    return reader.reject_suggestions_at(hits)
                return build(reader, hits)

        job = self.action_job = BackgroundJob(self, title, work)
        job.succeeded.connect(lambda result: self._acted(result))
        job.finished.connect(self._action_ended)
        self.status.setText(f"{title}…")
        self._update_buttons()
        job.start()

    def _acted(self, result: object) -> None:
        if isinstance(result, Edit):
            if self.session.do(result, result.describe()) is not None:
                self._read_again(f"{result.describe()} (one undo step).")
            return
        self._read_again(f"Rejected {result} suggestion(s) at the matches.")
        controller = getattr(self.workbench.window(), "suggestions", None) if self.workbench else None
        service = getattr(controller, "service", None)
        if service is not None:
            service.forget()  # it keeps each document's open and rejected rows in memory
        self.session.project.notify(Changes(None, documents=True))

    def _read_again(self, said: str) -> None:
        """Read the hits again, so the Annotations column shows what the action did, keeping its word."""
        self.status.setText(said)
        self.said = said
        self.model.start(self.model.query)
        self._update_buttons()

    def _action_ended(self) -> None:
        self.action_job = None
        self._update_buttons()


def show_search_window(workbench) -> SearchWindow:
    """The one Search window of this workbench, made on first use and brought to the front."""
    window, _ = bring_up(workbench, SearchWindow,
                         lambda: SearchWindow(workbench.session, workbench, workbench))
    window.query.setFocus()
    window.query.selectAll()
    return window
