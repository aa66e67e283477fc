"""Everything the window shows for one open project, wired together in one place.

The document list on the left, the article in the centre (with a find bar), the label palette, the
annotations tree and the event editor on the right. Widgets never call each other's internals: they
meet here, through the session's signals and the tagging controller's verbs. Opening another project
replaces the whole workbench, so no widget ever has to forget a project.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import keymap
from annotator.gui.annotation_details import span_detail_lines
from annotator.gui.annotations_pane import AnnotationsPane
from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentState, follow_session
from annotator.gui.documents_pane import DocumentsPane
from annotator.gui.entity_linking import EntityLinker
from annotator.gui.event_editor import EventEditor
from annotator.gui.note_markers import NoteMarkers
from annotator.gui.notes import DocumentNoteBar, NoteKeeper
from annotator.gui.palette import LabelPalette
from annotator.gui.read_only_banner import ReadOnlyBanner
from annotator.gui.record_pane import RecordPane
from annotator.gui.relation_clicks import RelationClicks
from annotator.gui.relation_painting import RelationPainter
from annotator.gui.relations_pane import RelationsPane
from annotator.gui.session import Session
from annotator.gui.settings import Preferences
from annotator.gui.span_details import SpanDetails
from annotator.gui.span_menu import SpanMenu
from annotator.gui.tagging import TaggingController


def titled(title: str, widget: QWidget) -> QWidget:
    """A pane with a small bold heading, as dock titles would show."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.setSpacing(4)
    heading = QLabel(title)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    layout.addWidget(heading)
    layout.addWidget(widget, 1)
    return box


class FindBar(QWidget):
    """Find in the current article; Enter finds the next match, Escape closes the bar."""

    def __init__(self, view: ArticleView, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._session = session
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(f"Find in document ({keymap.key_text('find_next')}: next match, "
                                     f"{keymap.key_text('find_close')}: close)")
        self.edit.returnPressed.connect(self.find_next)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip(f"Close ({keymap.key_text('find_close')})")
        close.setAutoRaise(True)
        close.clicked.connect(self.close_bar)
        escape = QAction(self)
        keymap.bind(escape, "find_close")
        escape.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.triggered.connect(self.close_bar)
        self.addAction(escape)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Find:"))
        layout.addWidget(self.edit, 1)
        layout.addWidget(close)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._view.setFocus()

    def find_next(self) -> bool:
        query = self.edit.text()
        if not query:
            return False
        found = self._view.find_text(query)
        if not found:
            self._session.message.emit(f"“{query}” not found in this document")
        return found


class SidePanel(QScrollArea):
    """The Labels, Annotations and Event panes in one column that scrolls as a whole.

    The palette and the event editor are as tall as their content (every label, every role, wrapped
    filler text included), so on a small screen nothing is cut off inside a pane: the column scrolls
    instead. The annotations tree keeps a usable height and takes any room left over. A box layout, not
    a splitter, holds them: only a layout passes on height-for-width, which wrapped text needs.
    """

    ANNOTATIONS_MIN_HEIGHT = 140

    def __init__(self, panes: list[tuple[str, QWidget]], stretch: int = -1) -> None:
        super().__init__()
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for number, (title, pane) in enumerate(panes):
            layout.addWidget(titled(title, pane), 1 if number == stretch else 0)
        self.setWidget(column)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def reveal(self, widget: QWidget) -> None:
        """Scroll the column so that ``widget`` (a role row, a label button) is in view."""
        self.ensureWidgetVisible(widget, 0, 8)


class Workbench(QSplitter):
    RELATIONS_MIN_HEIGHT = 40

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.session = session
        session.setParent(self)
        self.view = ArticleView()
        self.state = follow_session(DocumentState(session.project), session)
        self.controller = TaggingController(session, self.view, self.state)
        self.tagging_actions = self.controller.create_label_actions(self)
        self.addActions(self.tagging_actions)
        self.label_actions = [action for action in self.tagging_actions if action.data()]
        self.delete_action = next(a for a in self.tagging_actions if a.property("keymap_id") == "delete")
        self.documents = DocumentsPane(session)
        self.find_bar = FindBar(self.view, session)
        self.palette = LabelPalette(session.project.schema, self.label_actions, self.controller.apply_label)
        self.annotations = AnnotationsPane(session, self.state)
        self.state.listeners.append(self.annotations.show_notes)
        self.event_editor = EventEditor(session, self.state)
        self.record_pane = RecordPane(session, self.state)
        self.record_actions = self.record_pane.create_actions(self)
        self.addActions(self.record_actions)
        self.notes = NoteKeeper(session, self.state, self)
        self.document_note = DocumentNoteBar(self.state)
        self.relations = RelationsPane(session, self.state, self.notes)
        self.span_details = SpanDetails(session, self.state)
        self.relation_painter = RelationPainter(self.view, self.state, session.project.schema)
        self.relation_clicks = RelationClicks(self.view, self.relation_painter, self.relations, self.state,
                                              session.project.schema)
        self.note_markers = NoteMarkers(self.view, self.state)
        attributes = QAction("Attributes…", self)
        keymap.bind(attributes, "attributes")
        attributes.triggered.connect(self.show_attribute_picker)
        self.addActions([self.notes.create_action(self), attributes])
        self.entity_linker = EntityLinker(session, self.state, self.view)
        self.entity_actions = self.entity_linker.create_actions(self)
        self.addActions(self.entity_actions)
        self.span_menu = SpanMenu(self.controller, self.notes, self.entity_linker)
        self.view.link_of_span = self.entity_linker.link_text
        self.view.details_of_span = lambda span_id: span_detail_lines(self.state, session.project.schema,
                                                                      span_id)

        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(2)
        reason = session.project.read_only
        self.read_only_banner = ReadOnlyBanner(reason) if reason else None
        if self.read_only_banner is not None:
            centre_layout.addWidget(self.read_only_banner)
        centre_layout.addWidget(self.view, 1)
        centre_layout.addWidget(self.find_bar)
        centre_layout.addWidget(self.document_note)
        self.annotations.setMinimumHeight(SidePanel.ANNOTATIONS_MIN_HEIGHT)
        self.side_panel = SidePanel(
            [("Labels", self.palette), ("Annotations", self.annotations), ("Relations", self.relations),
             ("Span", self.span_details), ("Record", self.record_pane), ("Event", self.event_editor)],
            stretch=1)
        self.relations.setMinimumHeight(self.RELATIONS_MIN_HEIGHT)
        self.relations.parentWidget().setVisible(bool(session.project.schema.relation_types))
        self.addWidget(titled("Documents", self.documents))
        self.addWidget(centre)
        self.addWidget(self.side_panel)
        self.setStretchFactor(0, 1)  # a wider window also gives the document titles room
        self.setStretchFactor(1, 3)
        self.setStretchFactor(2, 0)
        self.setSizes([320, 640, 390])
        self.setChildrenCollapsible(False)

        self.controller.selection_changed.connect(self._show_selection)
        self.annotations.span_activated.connect(self.select_span)
        self.annotations.event_activated.connect(self.select_event)
        self.event_editor.role_armed.connect(self.controller.roles.arm)
        self.relations.span_activated.connect(self.select_span)
        self.palette.tabs.currentChanged.connect(lambda _: self.side_panel.reveal(self.palette.tabs))

    def _show_selection(self, span_id: int | None, event_id: int | None) -> None:
        self.annotations.select(span_id, event_id)
        self.event_editor.show_event(event_id)
        self.record_pane.show_event(event_id)
        self.span_details.show_span(span_id if event_id is None else None)

    def show_attribute_picker(self) -> None:
        """The attributes key: a small menu of the selected event's or entity's attributes."""
        event_selected = self.state.selected_event_id is not None
        editor = self.event_editor.attributes if event_selected else self.span_details.attributes
        span = self.state.spans.get(self.state.selected_span_id) if self.state.selected_span_id else None
        if span is None or not editor.definitions:
            self.session.message.emit("Select an entity or event that takes attributes, then press "
                                      f"{keymap.key_text('attributes')}" if span is None else
                                      f"{span.label} takes no attributes in this schema")
            return
        cursor = self.view.textCursor()
        cursor.setPosition(self.view.offset_map.to_foreign(span.end))
        below = self.view.cursorRect(cursor).bottomLeft()
        editor.popup_picker(self.view, self.view.viewport().mapToGlobal(below))

    def select_span(self, span_id: int) -> None:
        self.controller.select_span(span_id)
        self.view.scroll_to_span(span_id)

    def select_event(self, event_id: int) -> None:
        self.controller.select_event(event_id)
        self.view.scroll_to_span(self.state.events[event_id].trigger_id)

    def go_to(self, doc_id: int, *, span_id: int | None = None, event_id: int | None = None,
              text: tuple[int, int] | None = None) -> None:
        """Open the document from a tool window and select what it pointed at, if still there: the span
        (the event, when the span is its trigger or gone), else the text ``(start, end)``; then bring the
        main window to the front."""
        self.session.set_current(doc_id)
        state = self.state
        event = state.events.get(event_id) if event_id is not None else None
        if span_id in state.spans and (event is None or event.trigger_id != span_id):
            self.select_span(span_id)
        elif event is not None:
            self.select_event(event.id)
        elif text is not None:
            self.view.select_text(*text)
        self.window().activateWindow()

    # -- layout kept between sessions --------------------------------------------------------------

    def restore_layout(self, preferences: Preferences) -> None:
        """The splitter sizes saved when a window last closed, where there are some."""
        state = preferences.window_state("workbench")
        if state is not None:
            self.restoreState(state)

    def save_layout(self, preferences: Preferences) -> None:
        preferences.set_window_state("workbench", self.saveState())
