"""Everything the window shows for one open project, wired together in one place.

The document list on the left, the article in the centre (with a find bar), the label palette, the
annotations tree and the event editor on the right. Widgets never call each other's internals: they
meet here, through the session's signals and the tagging controller's verbs. Opening another project
replaces the whole workbench, so no widget ever has to forget a project.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.gui import keymap
from annotator.gui.article_view import ArticleView
from annotator.gui.document_state import DocumentState, follow_session
from annotator.gui.documents_pane import DocumentsPane
from annotator.gui.read_only_banner import ReadOnlyBanner
from annotator.gui.session import Session
from annotator.gui.settings import Preferences

if TYPE_CHECKING:
    from annotator.gui.annotations_pane import AnnotationsPane
    from annotator.gui.editing_tools import SidePanel
    from annotator.gui.entity_linking import EntityLinker
    from annotator.gui.event_editor import EventEditor
    from annotator.gui.note_markers import NoteMarkers
    from annotator.gui.notes import DocumentNoteBar, NoteKeeper
    from annotator.gui.palette import LabelPalette
    from annotator.gui.record_pane import RecordPane
    from annotator.gui.relation_clicks import RelationClicks
    from annotator.gui.relation_painting import RelationPainter
    from annotator.gui.relations_pane import RelationsPane
    from annotator.gui.span_details import SpanDetails
    from annotator.gui.span_menu import SpanMenu
    from annotator.gui.tagging import TaggingController


# The modules of the editing tools (:meth:`Workbench.equip`) and the Suggestions menu, imported one per
# event-loop turn after the first window's first paint (each turn a few ms, not the ~35 ms of all at
# once), so that equipping then only builds.
TOOL_MODULES = ("annotator.core.relation_edits", "annotator.core.entity_edits", "annotator.core.record_edits",
                "annotator.gui.tagging", "annotator.gui.record_pane", "annotator.gui.editing_tools",
                "annotator.gui.suggestions_menu")


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


class Workbench(QSplitter):
    """The reading view (document list, article, find bar) from the start; the editing tools from
    :meth:`equip` on, which sets the attributes below."""

    controller: TaggingController
    tagging_actions: list[QAction]
    label_actions: list[QAction]
    delete_action: QAction
    record_actions: list[QAction]
    entity_actions: list[QAction]
    palette: LabelPalette
    annotations: AnnotationsPane
    event_editor: EventEditor
    record_pane: RecordPane
    notes: NoteKeeper
    document_note: DocumentNoteBar
    relations: RelationsPane
    span_details: SpanDetails
    relation_painter: RelationPainter
    relation_clicks: RelationClicks
    note_markers: NoteMarkers
    entity_linker: EntityLinker
    span_menu: SpanMenu
    side_panel: SidePanel

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.session = session
        session.setParent(self)
        self.view = ArticleView()
        self.state = follow_session(DocumentState(session.project), session)
        self.view.follow(self.state, session.project.schema)
        self.documents = DocumentsPane(session)
        self.find_bar = FindBar(self.view, session)
        self.equipped = False

        centre = QWidget()
        self.centre_layout = QVBoxLayout(centre)
        self.centre_layout.setContentsMargins(0, 0, 0, 0)
        self.centre_layout.setSpacing(2)
        reason = session.project.read_only
        self.read_only_banner = ReadOnlyBanner(reason) if reason else None
        if self.read_only_banner is not None:
            self.centre_layout.addWidget(self.read_only_banner)
        self.centre_layout.addWidget(self.view, 1)
        self.centre_layout.addWidget(self.find_bar)
        self.addWidget(titled("Documents", self.documents))
        self.addWidget(centre)
        self.addWidget(QWidget())  # the side panel's place until equip() builds it
        self.setStretchFactor(0, 1)  # a wider window also gives the document titles room
        self.setStretchFactor(1, 3)
        self.setStretchFactor(2, 0)
        self.setSizes([320, 640, 390])
        self.setChildrenCollapsible(False)

    def equip(self) -> None:
        """Build the editing tools: the tagging keys and menus' actions, the label palette and the side
        panes, the relation arcs and note markers on the article. At start-up the window paints the
        document list and the article first and equips right after (the analyst's first key comes
        later); everywhere else it equips at once. Idempotent."""
        if not self.equipped:
            from annotator.gui.editing_tools import equip

            equip(self)
            self.equipped = True

    def show_selection(self, span_id: int | None, event_id: int | None) -> None:
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
