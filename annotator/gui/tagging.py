"""The verbs behind label keys, palette clicks, role keys and the event editor.

One controller per window. It reads the open document, the selection and the armed role from the one
:class:`DocumentState` (its first listener, so the article view is repainted before the side panes
update), and changes the selection and armed role there. Every change is an edit through
:meth:`Session.do`, so each is undoable and refused edits become status-bar messages. Three parts live
in modules of their own: filling the armed role (:mod:`~annotator.gui.role_filling`), clicks on
suggestions (:mod:`~annotator.gui.suggestion_clicks`) and moving span edges
(:mod:`~annotator.gui.boundary_editing`).
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from annotator.core.edits import (
    AddArgument,
    AddEvent,
    AddSpan,
    Changes,
    Edit,
    RelabelSpan,
    RemoveEvent,
    RemoveSpan,
)
from annotator.core.model import ENTITY, TRIGGER, Span
from annotator.core.schema import Role
from annotator.errors import AnnotatorError
from annotator.gui import keymap
from annotator.gui.article_view import ArticleView
from annotator.gui.boundary_editing import BoundaryEditor
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.event_retyping import change_event_type
from annotator.gui.plain_text import mnemonic_safe
from annotator.gui.role_filling import RoleFiller
from annotator.gui.session import Session
from annotator.gui.suggestion_clicks import SuggestionClicks
from annotator.nlp.tokens import snap_to_tokens, trim_whitespace


class TaggingController(QObject):
    selection_changed = Signal(object, object)  # span id or None, event id or None

    def __init__(self, session: Session, view: ArticleView, state: DocumentState,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or view)
        self.session = session
        self.view = view
        self.state = state
        self._snapping = True
        view.span_clicked.connect(self._on_span_clicked)
        state.listeners.append(self._on_state)
        self.roles = RoleFiller(self)
        self.suggestion_clicks = SuggestionClicks(self)
        self.boundaries = BoundaryEditor(self)

    @property
    def doc_id(self) -> int | None:
        return self.state.doc_id

    @property
    def selected_span_id(self) -> int | None:
        return self.state.selected_span_id

    @property
    def selected_event_id(self) -> int | None:
        return self.state.selected_event_id

    @property
    def armed_role(self) -> str | None:
        return self.state.armed_role

    @armed_role.setter
    def armed_role(self, role: str | None) -> None:
        self.state.armed_role = role

    # -- document ----------------------------------------------------------------------------------

    def load(self, doc_id: int | None) -> None:
        """Show a document with its annotations (None shows nothing)."""
        self.state.load(doc_id)

    def _on_state(self, delta: DocumentDelta) -> None:
        state = self.state
        if delta.loaded:
            self.selection_changed.emit(None, None)
            if state.doc_id is None:
                self.view.clear_document()
            else:
                self.view.set_document(state.document, list(state.spans.values()),
                                       list(state.events.values()), self.session.project.schema)
            return
        self.view.update_changed({span_id: state.spans.get(span_id) for span_id in delta.spans},
                                 list(state.events.values()))
        lost_event = self.selected_event_id is not None and self.selected_event_id not in state.events
        lost_span = self.selected_span_id is not None and self.selected_span_id not in state.spans
        if lost_event or lost_span:
            self._set_selection(None, None)

    # -- actions -----------------------------------------------------------------------------------

    def create_label_actions(self, parent: QWidget) -> list[QAction]:
        """Actions for every label and event type with a key, then Delete, role keys 1-9 and Escape.

        Label actions carry the label name as data (the palette finds them by it); the others carry
        None. Add them to the window so the keys work wherever focus is not in a text field.
        """
        schema = self.session.project.schema
        actions = []
        for item in (*schema.entity_labels, *schema.event_types):
            if not item.key:
                continue
            action = QAction(mnemonic_safe(item.name), parent)
            action.setShortcut(QKeySequence(item.key))
            action.setToolTip(item.description or item.name)
            action.setData(item.name)
            action.triggered.connect(partial(self.apply_label, item.name))
            actions.append(action)
        delete = QAction("Delete selected annotation", parent)
        keymap.bind(delete, "delete")
        delete.triggered.connect(self.delete_selected)
        actions.append(delete)
        for number, key in enumerate(keymap.sequences("arm_role"), start=1):
            role = QAction(f"Fill role {number} of the selected event", parent)
            role.setShortcut(key)
            role.triggered.connect(partial(self.roles.press_number, number))
            actions.append(role)
        cancel = QAction("Cancel role / clear selection", parent)
        keymap.bind(cancel, "cancel")
        # Only while the article has focus, so Escape still closes find bars and dialogs elsewhere.
        cancel.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        cancel.triggered.connect(self.cancel)
        self.view.addAction(cancel)
        actions.append(cancel)
        return actions + self.boundaries.create_actions(parent)

    def set_snapping(self, on: bool) -> None:
        self._snapping = on

    # -- selection ---------------------------------------------------------------------------------

    def select_span(self, span_id: int | None) -> None:
        """Select a span; a trigger selects its event."""
        span = self.state.spans.get(span_id) if span_id is not None else None
        if span is None:
            self._set_selection(None, None)
        elif span.kind == TRIGGER:
            event = self.state.event_of_trigger(span.id)
            self._set_selection(span.id, event.id if event else None)
        else:
            self._set_selection(span.id, None)

    def select_event(self, event_id: int | None) -> None:
        event = self.state.events.get(event_id) if event_id is not None else None
        if event is None:
            self._set_selection(None, None)
        else:
            self._set_selection(event.trigger_id, event.id)

    def _set_selection(self, span_id: int | None, event_id: int | None) -> None:
        if (span_id, event_id) == (self.selected_span_id, self.selected_event_id):
            return
        if event_id != self.selected_event_id:
            self.armed_role = None
        self.state.selected_span_id, self.state.selected_event_id = span_id, event_id
        self.view.set_highlighted(span_id, event_id)
        self.selection_changed.emit(span_id, event_id)

    def cancel(self) -> None:
        """Escape: disarm the armed role, or else clear every selection."""
        if self.armed_role is not None:
            self.armed_role = None
            self.view.clear_text_selection()  # a preselected candidate goes with the role
            self.session.message.emit("Role cancelled")
            return
        self.view.clear_text_selection()
        self._set_selection(None, None)

    def _on_span_clicked(self, span_id: int) -> None:
        if span_id < 0:
            if self.armed_role is None:
                self._set_selection(None, None)
        elif self.armed_role is not None:
            self._fill(AddArgument(self.doc_id, self.selected_event_id, self.armed_role, span_id=span_id))
        else:
            self.select_span(span_id)

    # -- labels ------------------------------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """A label key or palette click: tag the selected text, or relabel the selected annotation."""
        if self.doc_id is None:
            return
        schema = self.session.project.schema
        if self.view.selected_range() is not None:
            bounds = self._selection_bounds()
            if bounds is None:
                return
            start, end = bounds
            if schema.event_type(name) is not None:
                self._select_new_event(self.session.do(AddEvent(self.doc_id, name, start=start, end=end)))
            elif self.armed_role is not None:
                self._fill(self._new_filler(name, start, end))
            else:
                self._select_new_span(self.session.do(AddSpan(self.doc_id, self._span(name, start, end))))
        elif schema.event_type(name) is not None and self.selected_event_id is not None:
            change_event_type(self.session, self.state, self.view, self.selected_event_id, name)
        elif schema.entity_label(name) is not None and self.selected_span_id is not None:
            self.session.do(RelabelSpan(self.doc_id, self.selected_span_id, name))
        else:
            self.session.message.emit(f"Select some text to tag as {name}")

    def _span(self, label: str, start: int, end: int) -> Span:
        return Span(start, end, label, ENTITY, text=self.state.text[start:end])

    def _selection_bounds(self) -> tuple[int, int] | None:
        """The text selection trimmed of whitespace and, when snapping is on, widened to whole tokens."""
        selected = self.view.selected_range()
        if selected is None:
            return None
        start, end = trim_whitespace(self.state.text, *selected)
        if start < end and self._snapping:
            start, end = self._snap(start, end)
        if start == end:
            self.session.message.emit("The selection holds only spaces")
            return None
        return start, end

    def _snap(self, start: int, end: int) -> tuple[int, int]:
        """Snap within the whitespace-delimited stretch around the selection, not the whole article.

        spaCy splits on whitespace before anything else, so tokens inside the stretch are the tokens
        of the whole text, and a long article is not tokenized on every key press.
        """
        text = self.state.text
        low, high = start, end
        while low > 0 and not text[low - 1].isspace():
            low -= 1
        while high < len(text) and not text[high].isspace():
            high += 1
        language = self.session.project.schema.language
        try:
            snapped = snap_to_tokens(text[low:high], start - low, end - low, language)
        except AnnotatorError as error:
            self.session.message.emit(str(error))
            return start, end
        return snapped[0] + low, snapped[1] + low

    def _select_new_span(self, changes: Changes | None) -> None:
        if changes is not None:
            self.view.clear_text_selection()
            self.select_span(min(changes.spans))

    def _select_new_event(self, changes: Changes | None) -> None:
        if changes is not None:
            self.view.clear_text_selection()
            self.select_event(min(changes.events))

    # -- events and roles --------------------------------------------------------------------------

    def arm_role(self, role_name: str) -> None:
        """Arm a role of the selected event: the next clicked entity or selected text fills it."""
        event = self.state.events.get(self.selected_event_id) if self.selected_event_id is not None else None
        if event is None:
            self.session.message.emit("Select an event first, then choose the role to fill")
            return
        event_type = self.session.project.schema.event_type(event.type)
        role = event_type.role(role_name) if event_type else None
        if role is None:
            self.session.message.emit(f"{event.type} has no role {role_name!r}")
            return
        self.armed_role = role.name
        fillers = f" ({', '.join(role.fillers)})" if role.fillers else ""
        self.session.message.emit(f"{role.name}{fillers}: click an entity or select new text")

    def arm_role_number(self, number: int) -> None:
        """Keys 1-9: the Nth role of the selected event's type, in schema order."""
        roles = self._roles_of_selected_event()
        if roles is None:
            self.session.message.emit("Select an event first, then press its role's number")
        elif not 1 <= number <= len(roles):
            self.session.message.emit(f"This event type has {len(roles)} roles; there is no role {number}")
        else:
            self.arm_role(roles[number - 1].name)

    def _roles_of_selected_event(self) -> tuple[Role, ...] | None:
        event = self.state.events.get(self.selected_event_id) if self.selected_event_id is not None else None
        event_type = self.session.project.schema.event_type(event.type) if event else None
        return event_type.roles if event_type else None

    def _new_filler(self, label: str, start: int, end: int) -> AddArgument:
        return AddArgument(self.doc_id, self.selected_event_id, self.armed_role,
                           new_span=self._span(label, start, end))

    def _fill(self, edit: Edit) -> None:
        """Fill the armed role; it stays armed only if the schema refused the filler."""
        if self.session.do(edit) is not None:
            self.armed_role = None
            self.view.clear_text_selection()

    # -- deleting ----------------------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Delete or Backspace: remove the selected event (with its trigger) or span (and its uses)."""
        if self.doc_id is None:
            return
        if self.selected_event_id is not None:
            self.session.do(RemoveEvent(self.doc_id, self.selected_event_id))
        elif self.selected_span_id is not None:
            self.session.do(RemoveSpan(self.doc_id, self.selected_span_id))
        else:
            self.session.message.emit("Click an annotation to select it, then press Delete")
