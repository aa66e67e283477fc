"""The open document's relations, one row each: ``type: “head” → “tail”``, its notes in the tooltip.

Clicking a row selects its head entity in the article and shows the relation's attributes under the
list; Delete (or the row's context menu) removes the relation as one undoable edit, and the context menu
writes a note on it. A click on the relation's arc in the article makes its row current here (and Delete
then removes it); its right click opens the same menu. A row missing a required attribute is flagged
like a missing required role. Rows follow the open :class:`DocumentState`, rebuilt when a document opens
and when an edit touched a relation or one of its ends.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QStyle, QVBoxLayout, QWidget

from annotator.core.model import ON_RELATION, Relation
from annotator.core.relation_edits import DeleteRelation
from annotator.gui import keymap
from annotator.gui.annotation_details import detail_lines, missing_attributes
from annotator.gui.attribute_editor import AttributeEditor
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.focus import frame_focus
from annotator.gui.mentions import quote
from annotator.gui.notes import NoteKeeper
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import literal_tooltip
from annotator.gui.session import Session
from annotator.gui.theme import warning_color

ID_ROLE = Qt.ItemDataRole.UserRole + 1
EMPTY = "No relations yet: select an entity and press {keys} to link it."


class RelationList(QListWidget):
    """Keeps Delete for itself while focused, so it removes the current relation, not an annotation."""

    delete_pressed = Signal()
    SHOWN_ROWS = 5

    def sizeHint(self) -> QSize:
        """As tall as its rows, up to a few: the column scrolls, and the Annotations tree keeps the room."""
        rows = max(1, min(self.count(), self.SHOWN_ROWS))
        height = rows * max(self.sizeHintForRow(0), 16) + 2 * self.frameWidth() + 4
        return QSize(super().sizeHint().width(), height)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) \
                and keymap.matches(event, "delete"):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if keymap.matches(event, "delete"):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class RelationsPane(QWidget):
    span_activated = Signal(int)

    def __init__(self, session: Session, state: DocumentState, notes: NoteKeeper | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state = state
        self._notes = notes
        self.menu: QMenu | None = None
        self.attributes = AttributeEditor(session, state)
        self.list = RelationList()
        frame_focus(self.list)
        self.list.setAccessibleName("Relations of the current document")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.delete_pressed.connect(self.delete_current)
        self.list.itemClicked.connect(self._activate)
        self.list.itemActivated.connect(self._activate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.attributes)
        self.list.currentItemChanged.connect(self._show_attributes)
        state.listeners.append(self._on_state)
        self._rebuild()

    def _on_state(self, delta: DocumentDelta) -> None:
        ends = {end for r in self._state.relations.values() for end in (r.head_id, r.tail_id)}
        if delta.loaded or delta.relations or delta.notes or (delta.spans & ends):
            self._rebuild()

    def describe(self, relation: Relation) -> str:
        spans = self._state.spans
        head, tail = spans.get(relation.head_id), spans.get(relation.tail_id)
        arrow = "↔" if self._is_symmetric(relation) else "→"
        return (f"{relation.type}: {quote(head.text if head else '?', 32)} {arrow} "
                f"{quote(tail.text if tail else '?', 32)}")

    def _is_symmetric(self, relation: Relation) -> bool:
        relation_type = self._session.project.schema.relation_type(relation.type)
        return bool(relation_type and relation_type.symmetric)

    def _rebuild(self) -> None:
        current = self.current_relation_id()
        self.list.clear()
        schema = self._session.project.schema
        relations = sorted(self._state.relations.values(),
                           key=lambda r: (self._state.spans[r.head_id].start if r.head_id in self._state.spans
                                          else 0, r.id))
        for relation in relations:
            item = QListWidgetItem(swatch_icon(schema.color_of(relation.type)), self.describe(relation))
            item.setData(ID_ROLE, relation.id)
            extra = detail_lines(self._state, schema, ON_RELATION, relation.id)
            item.setToolTip(literal_tooltip("\n".join([self.describe(relation), *extra])))
            if missing_attributes(self._state, schema, ON_RELATION, relation.id):  # like a missing role
                item.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.setForeground(warning_color(self.palette()))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if relation.id == current:
                self.list.setCurrentItem(item)
        if not relations:
            placeholder = QListWidgetItem(EMPTY.format(keys=keymap.key_text("link", sep=" or ")))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        self.list.updateGeometry()

    def _show_attributes(self) -> None:
        relation_id = self.current_relation_id()
        self.attributes.show_target(ON_RELATION if relation_id is not None else None, relation_id)

    def current_relation_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def _activate(self, item: QListWidgetItem) -> None:
        relation = self._state.relations.get(item.data(ID_ROLE)) if item.data(ID_ROLE) is not None else None
        if relation is not None:
            self.span_activated.emit(relation.head_id)

    def delete_current(self) -> None:
        relation_id = self.current_relation_id()
        if relation_id is not None and self._state.doc_id is not None:
            self._session.do(DeleteRelation(self._state.doc_id, relation_id),
                             f"Deleted the relation {self.describe(self._state.relations[relation_id])}")

    def select_relation(self, relation_id: int) -> None:
        """Make the relation the current row and give the list the keys, so Delete then removes it (a
        click on its arc in the article)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == relation_id:
                self.list.setCurrentRow(row)
                self.list.scrollToItem(self.list.item(row))
                self.list.setFocus(Qt.FocusReason.MouseFocusReason)
                return

    def menu_for(self, relation_id: int) -> QMenu:
        """Delete relation, Note…, Attributes… (when it has some): the row's and the arc's context menu."""
        self.select_relation(relation_id)
        self.menu = QMenu(self)
        self.menu.addAction("Delete relation", self.delete_current)
        if self._notes is not None:
            self.menu.addAction("Note…", lambda: self._notes.edit(ON_RELATION, relation_id))
        if self.attributes.definitions:
            self.menu.addAction("Attributes…", lambda: self.attributes.popup_picker(
                self.list, self.list.mapToGlobal(self.list.visualItemRect(self.list.currentItem()).center())))
        return self.menu

    def _context_menu(self, point: QPoint) -> None:
        item = self.list.itemAt(point)
        if item is None or item.data(ID_ROLE) is None:
            return
        self.menu_for(item.data(ID_ROLE)).popup(self.list.viewport().mapToGlobal(point))
