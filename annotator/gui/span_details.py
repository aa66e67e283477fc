"""The selected entity at a glance: its label and text, the registry entity it is linked to (a row that
Delete unlinks), its attributes and notes (the side column's
"Span" pane). A trigger's details are its event's, in the Event pane."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from annotator.core.entity_edits import UnlinkSpan
from annotator.core.model import ENTITY, ON_SPAN
from annotator.gui import keymap
from annotator.gui.attribute_editor import AttributeEditor
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.entity_linking import entity_title
from annotator.gui.mentions import quote
from annotator.gui.plain_text import literal_tooltip, plain_label
from annotator.gui.relations_pane import RelationList
from annotator.gui.session import Session

PLACEHOLDER = "No entity selected. Click one in the article to see and set its attributes."


class SpanDetails(QWidget):
    def __init__(self, session: Session, state: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.span_id: int | None = None
        self.placeholder = QLabel(PLACEHOLDER)
        self.placeholder.setWordWrap(True)
        self.placeholder.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.heading = plain_label()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._session = session
        self.link_row = RelationList()  # a list that keeps Delete for itself while focused
        self.link_row.delete_pressed.connect(self.unlink)
        self.link_row.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # elide instead
        self.link_row.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.attributes = AttributeEditor(session, state)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.heading)
        layout.addWidget(self.link_row)
        layout.addWidget(self.attributes)
        state.listeners.append(self._on_state)
        self.show_span(None)

    def show_span(self, span_id: int | None) -> None:
        """Show an entity (a trigger or None shows the placeholder)."""
        span = self._state.spans.get(span_id) if span_id is not None else None
        if span is not None and span.kind != ENTITY:
            span = None
        self.span_id = span.id if span is not None else None
        self.placeholder.setVisible(span is None)
        self.heading.setVisible(span is not None)
        self.link_row.setVisible(span is not None)
        if span is None:
            self.attributes.show_target(None)
            return
        self.heading.setText(f"{span.label} {quote(span.text, limit=80)}")
        entity = self._state.entity_of_span(span.id)
        self.link_row.clear()
        if entity is not None:
            unlink_keys = keymap.key_text("delete", sep=" or ")
            self.link_row.addItem(f"Linked to {entity_title(entity)} ({unlink_keys} unlinks)")
        else:
            self.link_row.addItem(f"Not linked to an entity ({keymap.key_text('link_entity')} links it)")
        self.link_row.setCurrentRow(0)
        # the pane may be narrower; the entity's name is imported text, so the tooltip is literal
        self.link_row.item(0).setToolTip(literal_tooltip(self.link_row.item(0).text()))
        self.link_row.setFixedHeight(self.link_row.sizeHint().height())
        self.attributes.show_target(ON_SPAN, span.id)

    def unlink(self) -> None:
        """Delete on the link row: unlink the shown span from its entity (one undoable edit)."""
        if self.span_id is not None and self.span_id in self._state.links:
            self._session.do(UnlinkSpan(self._state.doc_id, self.span_id), "Unlinked")

    def _on_state(self, delta: DocumentDelta) -> None:
        if delta.loaded:
            self.show_span(None)
        elif self.span_id is not None and (self.span_id in delta.spans or self.span_id in delta.links
                                           or self._state.links.get(self.span_id) in delta.entities):
            self.show_span(self.span_id)
