"""The current document's annotations as a tree: events (with their filled roles) and entity spans, a
required role or attribute still missing flagged in a row of its own under its event or span.

A mention whose label and text repeat in the document shows a few words around it
(:mod:`annotator.gui.mentions`), so sixteen tags of one name are sixteen rows that can be told apart.

Clicking an item asks for it to be selected in the article (``span_activated``/``event_activated``);
Delete removes the item under the cursor and the context menu relabels or retypes it, each as one
undoable edit. The tree follows the open :class:`DocumentState`: it is built when a document opens, and
after an edit only the rows of the spans and events it touched are inserted, updated or removed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from annotator.core.edits import (
    Edit,
    RelabelSpan,
    RemoveArgument,
    RemoveEvent,
    RemoveSpan,
)
from annotator.core.model import ENTITY, ON_EVENT, ON_SPAN, Event, Span
from annotator.gui import keymap
from annotator.gui.annotation_details import missing_attributes
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.event_retyping import change_event_type
from annotator.gui.focus import frame_focus
from annotator.gui.mentions import Mentions, in_context, quote
from annotator.gui.palette import swatch_icon
from annotator.gui.plain_text import literal_tooltip, mnemonic_safe
from annotator.gui.session import Session
from annotator.gui.status_hints import notice_for
from annotator.gui.theme import warning_color

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
EVENT_ROLE = Qt.ItemDataRole.UserRole + 3
SPAN_ROLE = Qt.ItemDataRole.UserRole + 4
TOOLTIP_ROLE = Qt.ItemDataRole.UserRole + 5  # a row's tooltip before its notes were added
SPAN, EVENT, ARGUMENT, MISSING = "span", "event", "argument", "missing"


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


class WarningRows(QStyledItemDelegate):
    """Draws a missing required role or attribute in the theme's warning red, and like any row when selected.

    The colour is taken from the palette at paint time, so it follows a theme switch; a selected row
    uses the selection's own text colour, since red on a blue selection is hard to read."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        if index.data(KIND_ROLE) != MISSING:
            return
        selected = option.state & QStyle.StateFlag.State_Selected
        color = (option.palette.color(QPalette.ColorRole.HighlightedText) if selected
                 else warning_color(option.palette))
        option.palette.setColor(QPalette.ColorRole.Text, color)
        option.font.setBold(True)


def _is_delete(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and keymap.matches(event, "delete")


class AnnotationsPane(QWidget):
    span_activated = Signal(int)
    event_activated = Signal(int)

    def __init__(self, session: Session, state: DocumentState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._state = state
        self._events_root = self._entities_root = _item("")
        self._event_items: dict[int, QStandardItem] = {}
        self._span_items: dict[int, QStandardItem] = {}
        self._mentions = Mentions()
        self.model = QStandardItemModel(self)
        self.tree = AnnotationsTree()
        frame_focus(self.tree)
        self.tree.setModel(self.model)
        self.tree.setItemDelegate(WarningRows(self.tree))
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
        state.listeners.append(self._on_state)

    # -- content ---------------------------------------------------------------------------------

    @property
    def _doc_id(self) -> int | None:
        return self._state.doc_id

    def _on_state(self, delta: DocumentDelta) -> None:
        if delta.loaded:
            self._rebuild()
        elif delta.spans or delta.events:
            self._update(delta)

    def _rebuild(self) -> None:
        # Drop our wrappers of the items before Qt deletes them: a stale wrapper can be handed out
        # again for a new item at the same address.
        self._event_items.clear()
        self._span_items.clear()
        self._mentions.clear()
        self._events_root = self._entities_root = _item("")
        self.model.clear()
        if self._doc_id is None:
            return
        for span in self._state.spans.values():
            if span.kind == ENTITY:
                self._mentions.add(span)
        events_root, entities_root = _item(""), _item("")
        for event in self._state.events.values():
            events_root.appendRow(self._new_event_item(event))
        for span in self._state.spans.values():
            if span.kind == ENTITY:
                entities_root.appendRow(self._new_span_item(span))
        for root in (events_root, entities_root):
            font = root.font()
            font.setBold(True)
            root.setFont(font)
            root.setSelectable(False)
            self.model.appendRow(root)
        self._events_root, self._entities_root = events_root, entities_root
        self._count_rows()
        self.tree.expandAll()

    def _update(self, delta: DocumentDelta) -> None:
        """Insert, update or remove only the rows of what the edit touched, keeping the current row."""
        selected = self._selected_key()
        spans, events = self._state.spans, self._state.events
        recounted = set()
        for span_id in delta.spans:
            self._take(self._span_items, self._entities_root, span_id)
            for span, count in ((delta.old_spans.get(span_id), self._mentions.remove),
                                (spans.get(span_id), self._mentions.add)):
                if span is not None and span.kind == ENTITY:
                    recounted.add(count(span))
        for span in filter(None, map(spans.get, delta.spans)):
            if span.kind == ENTITY:
                key = (span.start, span.end, span.id)
                self._insert_sorted(self._entities_root, self._new_span_item(span), key,
                                    lambda i: (spans[i].start, spans[i].end, i))
        # An event's row quotes its trigger and fillers, so a touched span may change it too.
        touched = set(delta.events) | {
            event.id for event in events.values()
            if delta.spans & {event.trigger_id, *(argument.span_id for argument in event.arguments)}}
        for event_id in touched:
            self._take(self._event_items, self._events_root, event_id)
            if event_id in events:
                item = self._new_event_item(events[event_id])
                self._insert_sorted(self._events_root, item, event_id, lambda i: i)
                self.tree.expand(item.index())
        for key in recounted:  # a mention that became (or stopped being) repeated changes its row's text
            for span_id in self._mentions.ids(key) - delta.spans:
                self._span_items[span_id].setText(self._span_text(spans[span_id]))
        self._count_rows()
        if selected:
            self.select(*selected)

    @staticmethod
    def _take(items: dict[int, QStandardItem], root: QStandardItem, item_id: int) -> None:
        item = items.pop(item_id, None)
        if item is not None:
            root.takeRow(item.row())  # ours now, deleted with the last reference

    @staticmethod
    def _insert_sorted(root: QStandardItem, item: QStandardItem, key, key_of) -> None:
        """Insert at the row the full build would have put it (the store's order), by bisection."""
        low, high = 0, root.rowCount()
        while low < high:
            middle = (low + high) // 2
            if key_of(root.child(middle).data(ID_ROLE)) < key:
                low = middle + 1
            else:
                high = middle
        root.insertRow(low, item)

    def _count_rows(self) -> None:
        self._events_root.setText(f"Events ({self._events_root.rowCount()})")
        self._entities_root.setText(f"Entities ({self._entities_root.rowCount()})")

    def show_notes(self, delta: DocumentDelta) -> None:
        """Add each row's notes to its tooltip, as plain text (a listener after the pane's own, so rows
        rebuilt by this change are there)."""
        if not (delta.loaded or delta.notes or delta.spans or delta.events):
            return
        noted: dict[tuple[str, int], list[str]] = {}
        for note in self._state.notes.values():
            noted.setdefault((note.target, note.target_id), []).append(note.text)
        for target, items in ((ON_SPAN, self._span_items), (ON_EVENT, self._event_items)):
            for item_id, item in items.items():
                base = item.data(TOOLTIP_ROLE)
                if base is None:
                    base = item.toolTip()
                    item.setData(base, TOOLTIP_ROLE)
                notes = noted.get((target, item_id), [])
                item.setToolTip(base + literal_tooltip("\n".join(f"Note: {text}" for text in notes)))

    def _span_text(self, span: Span) -> str:
        if self._mentions.repeated(span):
            return f"{span.label}  {in_context(self._state.text, span)}"
        return f"{span.label}  {quote(span.text)}"

    def _new_span_item(self, span: Span) -> QStandardItem:
        item = _item(self._span_text(span), SPAN, span.id)
        item.setIcon(swatch_icon(self._session.project.schema.color_of(span.label)))
        item.setToolTip(literal_tooltip(
            f"{span.label}: {span.text}\n{span.start}–{span.end}, by {span.annotator}"))
        self._add_missing_attributes(item, ON_SPAN, span.id, SPAN_ROLE)
        self._span_items[span.id] = item
        return item

    def _add_missing_attributes(self, item: QStandardItem, target: str, target_id: int, role: int) -> None:
        """A row under ``item`` for each required attribute without a value, flagged like a missing role;
        clicking it selects the span or event (whose pane then shows the attribute's editor)."""
        for definition in missing_attributes(self._state, self._session.project.schema, target, target_id):
            missing = _item(f"{definition.name}: missing (required attribute)", MISSING)
            missing.setData(target_id, role)
            missing.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
            item.appendRow(missing)

    def _new_event_item(self, event: Event) -> QStandardItem:
        item = self._event_item(event)
        self._event_items[event.id] = item
        return item

    def _event_item(self, event: Event) -> QStandardItem:
        schema = self._session.project.schema
        trigger = self._state.spans.get(event.trigger_id)
        item = _item(f"{event.type}  {quote(trigger.text) if trigger else ''}", EVENT, event.id)
        item.setIcon(swatch_icon(schema.color_of(event.type)))
        event_type = schema.event_type(event.type)
        roles = [role.name for role in event_type.roles] if event_type else []
        roles += sorted({a.role for a in event.arguments} - set(roles))
        for role_name in roles:
            arguments = [a for a in event.arguments if a.role == role_name]
            for argument in arguments:
                filler = self._state.spans.get(argument.span_id)
                child = _item(f"{role_name}: {quote(filler.text) if filler else '?'}", ARGUMENT, argument.id)
                child.setData(event.id, EVENT_ROLE)
                child.setData(argument.span_id, SPAN_ROLE)
                item.appendRow(child)
            role = event_type.role(role_name) if event_type else None
            if not arguments and role is not None and role.required:
                missing = _item(f"{role_name}: missing (required)", MISSING)
                missing.setData(event.id, EVENT_ROLE)
                missing.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning))
                item.appendRow(missing)
        self._add_missing_attributes(item, ON_EVENT, event.id, EVENT_ROLE)
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
        """Show the article's selection here without echoing it back. A clicked role row stays current
        while its filler is selected, so Delete then takes the span out of that role only."""
        if self._current_row_shows(span_id, event_id):
            return
        if event_id is not None:
            item = self._event_items.get(event_id)
        else:
            item = self._span_items.get(span_id) if span_id is not None else None
        if item is None:
            self.tree.clearSelection()
            return
        self.tree.setCurrentIndex(item.index())
        self.tree.scrollTo(item.index())

    def _current_row_shows(self, span_id: int | None, event_id: int | None) -> bool:
        """Whether the current row is a role row of this selection: a filled role's row when its filler
        is selected, a missing role's row when its event is."""
        current = self.tree.currentIndex()
        kind = current.data(KIND_ROLE)
        if kind == ARGUMENT:
            return event_id is None and span_id is not None and current.data(SPAN_ROLE) == span_id
        if kind != MISSING:
            return False
        if event_id is not None:
            return current.data(EVENT_ROLE) == event_id
        return span_id is not None and current.data(SPAN_ROLE) == span_id

    def _activate(self, index) -> None:
        kind = index.data(KIND_ROLE)
        if kind == SPAN:
            self.span_activated.emit(index.data(ID_ROLE))
        elif kind == EVENT:
            self.event_activated.emit(index.data(ID_ROLE))
        elif kind == ARGUMENT:
            self.span_activated.emit(index.data(SPAN_ROLE))
        elif kind == MISSING and index.data(EVENT_ROLE) is not None:
            self.event_activated.emit(index.data(EVENT_ROLE))
        elif kind == MISSING:
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
            self._do(edit)

    def _do(self, edit: Edit) -> None:
        """A relabel or removal from the tree, said in the status bar as from the article."""
        self._session.do(edit, notice_for(edit, self._state, keymap.names))

    def _context_menu(self, position: QPoint) -> None:
        index = self.tree.indexAt(position)
        edit = self._removal(index) if index.isValid() else None
        if edit is None:
            return
        menu = QMenu(self)
        kind, item_id = index.data(KIND_ROLE), index.data(ID_ROLE)
        schema = self._session.project.schema
        if kind == SPAN:
            current = self._state.spans[item_id].label
            self._choices(menu.addMenu("Change label"), [label.name for label in schema.entity_labels],
                          current, lambda name: self._do(RelabelSpan(self._doc_id, item_id, name)))
        elif kind == EVENT:
            current = self._state.events[item_id].type
            self._choices(menu.addMenu("Change event type"), [e.name for e in schema.event_types], current,
                          lambda name: change_event_type(self._session, self._state, self, item_id, name))
        remove_text = {SPAN: "Delete span", EVENT: "Delete event", ARGUMENT: "Remove from role"}[kind]
        menu.addAction(remove_text, lambda: self._do(edit))
        menu.popup(self.tree.viewport().mapToGlobal(position))

    def _choices(self, menu: QMenu, names: list[str], current: str, choose) -> None:
        schema = self._session.project.schema
        for name in names:
            action = menu.addAction(swatch_icon(schema.color_of(name)), mnemonic_safe(name))
            action.setCheckable(True)
            action.setChecked(name == current)
            action.setEnabled(name != current)
            action.triggered.connect(lambda _=False, name=name: choose(name))
