"""The workbench's editing tools, built by :meth:`annotator.gui.workbench.Workbench.equip`.

The tagging controller with its keys, the label palette, the side column of panes (annotations,
relations, span, record, event), the article's relation arcs and note markers, entity linking and the
span menu. They are a module of their own so that neither they nor the edit modules they use load
before the window's first paint: at start-up the analyst first sees the document list and the article.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from annotator.gui import keymap
from annotator.gui.annotation_details import span_detail_lines
from annotator.gui.annotations_pane import AnnotationsPane
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
from annotator.gui.workbench import titled

if TYPE_CHECKING:
    from annotator.gui.workbench import Workbench

RELATIONS_MIN_HEIGHT = 40


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


def equip(workbench: Workbench) -> None:
    """Build the tools into ``workbench``, its side panel in the place kept for it, and wire them."""
    session, state, view = workbench.session, workbench.state, workbench.view
    schema = session.project.schema
    controller = workbench.controller = TaggingController(session, view, state)
    workbench.tagging_actions = controller.create_label_actions(workbench)
    workbench.addActions(workbench.tagging_actions)
    workbench.label_actions = [action for action in workbench.tagging_actions if action.data()]
    workbench.delete_action = next(action for action in workbench.tagging_actions
                                   if action.property("keymap_id") == "delete")
    workbench.palette = LabelPalette(schema, workbench.label_actions, controller.apply_label)
    workbench.annotations = AnnotationsPane(session, state)
    state.listeners.append(workbench.annotations.show_notes)
    workbench.event_editor = EventEditor(session, state)
    workbench.record_pane = RecordPane(session, state)
    workbench.record_actions = workbench.record_pane.create_actions(workbench)
    workbench.addActions(workbench.record_actions)
    notes = workbench.notes = NoteKeeper(session, state, workbench)
    workbench.document_note = DocumentNoteBar(state)
    workbench.centre_layout.addWidget(workbench.document_note)
    workbench.relations = RelationsPane(session, state, notes)
    workbench.span_details = SpanDetails(session, state)
    workbench.relation_painter = RelationPainter(view, state, schema)
    workbench.relation_clicks = RelationClicks(view, workbench.relation_painter, workbench.relations, state,
                                               schema)
    workbench.note_markers = NoteMarkers(view, state)
    attributes = QAction("Attributes…", workbench)
    keymap.bind(attributes, "attributes")
    attributes.triggered.connect(workbench.show_attribute_picker)
    workbench.addActions([notes.create_action(workbench), attributes])
    linker = workbench.entity_linker = EntityLinker(session, state, view)
    workbench.entity_actions = linker.create_actions(workbench)
    workbench.addActions(workbench.entity_actions)
    workbench.span_menu = SpanMenu(controller, notes, linker)
    view.link_of_span = linker.link_text
    view.details_of_span = lambda span_id: span_detail_lines(state, schema, span_id)
    _build_side_panel(workbench)

    controller.selection_changed.connect(workbench.show_selection)
    workbench.annotations.span_activated.connect(workbench.select_span)
    workbench.annotations.event_activated.connect(workbench.select_event)
    workbench.event_editor.role_armed.connect(controller.roles.arm)
    workbench.relations.span_activated.connect(workbench.select_span)
    tabs = workbench.palette.tabs
    tabs.currentChanged.connect(lambda _: workbench.side_panel.reveal(tabs))


def _build_side_panel(workbench: Workbench) -> None:
    workbench.annotations.setMinimumHeight(SidePanel.ANNOTATIONS_MIN_HEIGHT)
    panel = workbench.side_panel = SidePanel(
        [("Labels", workbench.palette), ("Annotations", workbench.annotations),
         ("Relations", workbench.relations), ("Span", workbench.span_details),
         ("Record", workbench.record_pane), ("Event", workbench.event_editor)],
        stretch=1)
    workbench.relations.setMinimumHeight(RELATIONS_MIN_HEIGHT)
    workbench.relations.parentWidget().setVisible(bool(workbench.session.project.schema.relation_types))
    workbench.replaceWidget(2, panel).deleteLater()
