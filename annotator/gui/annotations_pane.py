"""The current document's annotations as a tree: events (with their filled roles) and entity spans.

Clicking an item asks for it to be selected in the article (``span_activated``/``event_activated``);
Delete removes the item under the cursor and the context menu relabels or retypes it, each as one
undoable edit. The tree is rebuilt from the store whenever an edit touches the current document.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTreeView, QVBoxLayout, QWidget

from annotator.core.edits import (
    ChangeEventType,
    Changes,
    Edit,
    RelabelSpan,
    RemoveArgument,
    RemoveEvent,
    RemoveSpan,
)
from annotator.core.model import ENTITY, Event, Span
from annotator.gui import keymap
from annotator.gui.focus import frame_focus
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import literal_tooltip, mnemonic_safe
from annotator.gui.session import Session

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
EVENT_ROLE = Qt.ItemDataRole.UserRole + 3
SPAN_ROLE = Qt.ItemDataRole.UserRole + 4
SPAN, EVENT, ARGUMENT = "span", "event", "argument"
MISSING_COLOR = "#c62828"


def quote(text: str, limit: int = 48) -> str:
    """A span's text on one line, shortened, in quotes."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _item(text: str, kind: str | None = None, item_id: int | None = None) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(item_id, ID_ROLE)
    return item


class AnnotationsTree(QTreeView):
    """A tree that keeps Delete for itself while focused, so it removes the tree's item.

    Without this the window-wide Delete of the article (the tagging controller's) would fire instead.
    """

    delete_pressed = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and _is_delete(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_delete(event):
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


def _is_delete(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and keymap.matches(event, "delete")


class AnnotationsPane(QWidget):
    span_activated = Signal(int)
    event_activated = Signal(int)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._doc_id: int | None = None
        self._spans: dict[int, Span] = {}
        self._events: dict[int, Event] = {}
        self.model = QStandardItemModel(self)
        self.tree = AnnotationsTree()
        frame_focus(self.tree)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.setAccessibleName("Annotations of the current document")
        self.tree.delete_pressed.connect(self.delete_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.tree.clicked.connect(self._activate)
        self.tree.activated.connect(self._activate)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        session.current_changed.connect(self.load)
        session.changed.connect(self._refresh)

    # -- content ---------------------------------------------------------------------------------

    def load(self, doc_id: int | None) -> None:
        self._doc_id = doc_id
        self._rebuild()

    def _refresh(self, changes: Changes) -> None:
        if changes.documents or (changes.doc_id == self._doc_id and (changes.spans or changes.events)):
            self._rebuild()

    def _rebuild(self) -> None:
        selected = self._selected_key()
        project = self._session.project
        self.model.clear()
        if self._doc_id is None:
            return
        self._spans = {span.id: span for span in project.spans(self._doc_id)}
        self._events = {event.id: event for event in project.events(self._doc_id)}
        events_root = _item(f"Events ({len(self._events)})")
        for event in self._events.values():
            events_root.appendRow(self._event_item(event))
        entities = [span for span in self._spans.values() if span.kind == ENTITY]
        entities_root = _item(f"Entities ({len(entities)})")
        for span in entities:
            item = _item(f"{span.label}  {quote(span.text)}", SPAN, span.id)
            item.setIcon(swatch_icon(self._session.project.schema.color_of(span.label)))
            item.setToolTip(literal_tooltip(
                f"{span.label}: {span.text}\n{span.start}–{span.end}, by {span.annotator}"))
            entities_root.appendRow(item)
        for root in (events_root, entities_root):
            font = root.font()
            font.setBold(True)
            root.setFont(font)
            root.setSelectable(False)
            self.model.appendRow(root)
        self.tree.expandAll()
        if selected:
            self.select(*selected)

    def _event_item(self, event: Event) -> QStandardItem:
        schema = self._session.project.schema
        trigger = self._spans.get(event.trigger_id)
        item = _item(f"{event.type}  {quote(trigger.text) if trigger else ''}", EVENT, event.id)
        item.setIcon(swatch_icon(schema.color_of(event.type)))
        event_type = schema.event_type(event.type)
        roles = [role.name for role in event_type.roles] if event_type else []
        roles += sorted({a.role for a in event.arguments} - set(roles))
        for role_name in roles:
            arguments = [a for a in event.arguments if a.role == role_name]
            for argument in arguments:
                filler = self._spans.get(argument.span_id)
                child = _item(f"{role_name}: {quote(filler.text) if filler else '?'}", ARGUMENT, argument.id)
                child.setData(event.id, EVENT_ROLE)
                child.setData(argument.span_id, SPAN_ROLE)
                item.appendRow(child)
            role = event_type.role(role_name) if event_type else None
            if not arguments and role is not None and role.required:
                missing = _item(f"{role_name}: missing (required)")
                missing.setForeground(QBrush(MISSING_COLOR))
                missing.setSelectable(False)
                item.appendRow(missing)
        return item

    # -- selection -------------------------------------------------------------------------------

    def _selected_key(self) -> tuple[int | None, int | None] | None:
        index = self.tree.currentIndex()
        if not index.isValid():
            return None
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if kind == SPAN:
            return item_id, None
        if kind == EVENT:
            return None, item_id
        return None

    def select(self, span_id: int | None, event_id: int | None) -> None:
        """Show the article's selection here without echoing it back."""
        wanted = (EVENT, event_id) if event_id is not None else (SPAN, span_id)
        for root_row in range(self.model.rowCount()):
            root = self.model.item(root_row)
            for row in range(root.rowCount()):
                child = root.child(row)
                if (child.data(KIND_ROLE), child.data(ID_ROLE)) == wanted:
                    self.tree.setCurrentIndex(child.index())
                    self.tree.scrollTo(child.index())
                    return
        self.tree.clearSelection()

    def _activate(self, index) -> None:
        kind = index.data(KIND_ROLE)
        if kind == SPAN:
            self.span_activated.emit(index.data(ID_ROLE))
        elif kind == EVENT:
            self.event_activated.emit(index.data(ID_ROLE))
        elif kind == ARGUMENT:
            self.span_activated.emit(index.data(SPAN_ROLE))

    # -- editing ---------------------------------------------------------------------------------

    def _removal(self, index) -> Edit | None:
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        if self._doc_id is None or item_id is None:
            return None
        if kind == SPAN:
            return RemoveSpan(self._doc_id, item_id)
        if kind == EVENT:
            return RemoveEvent(self._doc_id, item_id)
        if kind == ARGUMENT:
            return RemoveArgument(self._doc_id, item_id)
        return None

    def delete_current(self) -> None:
        edit = self._removal(self.tree.currentIndex())
        if edit is not None:
            self._session.do(edit)

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        edit = self._removal(index) if index.isValid() else None
        if edit is None:
            return
        menu = QMenu(self)
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        schema = self._session.project.schema
        if kind == SPAN:
            current = self._spans[item_id].label
            self._choices(menu.addMenu("Change label"), [label.name for label in schema.entity_labels],
                          current, lambda name: RelabelSpan(self._doc_id, item_id, name))
        elif kind == EVENT:
            current = self._events[item_id].type
            self._choices(menu.addMenu("Change event type"), [e.name for e in schema.event_types],
                          current, lambda name: ChangeEventType(self._doc_id, item_id, name))
        remove_text = {SPAN: "Delete span", EVENT: "Delete event", ARGUMENT: "Remove from role"}[kind]
        menu.addAction(remove_text, lambda: self._session.do(edit))
        menu.popup(self.tree.viewport().mapToGlobal(position))

    def _choices(self, menu: QMenu, names: list[str], current: str, make_edit) -> None:
        schema = self._session.project.schema
        for name in names:
            action = menu.addAction(swatch_icon(schema.color_of(name)), mnemonic_safe(name))
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setEnabled(name != current)
            action.triggered.connect(lambda _=False, name=name: self._session.do(make_edit(name)))
