"""The verbs behind label keys, palette clicks, role keys and the event editor.

One controller per window. It reads the open document, the selection and the armed role from the one
:class:`DocumentState` (its first listener, so the article view is repainted before the side panes
update), and changes the selection and armed role there. Every change is an edit through
:meth:`Session.do`, so each is undoable and refused edits become status-bar messages; a relabel, a
deletion and a filled role say what they did (:mod:`annotator.gui.status_hints`).

Text selected with exactly an existing entity's extent means that entity: a label key relabels it, an
armed role takes it as its filler. The window never stacks a second entity on the same text.

Three parts live in modules of their own: filling the armed role (:mod:`~annotator.gui.role_filling`),
clicks on suggestions (:mod:`~annotator.gui.suggestion_clicks`) and moving span edges
(:mod:`~annotator.gui.boundary_editing`).
"""

from __future__ import annotations

from collections.abc import Callable
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
from annotator.core.model import ENTITY, TRIGGER, Event, Span
from annotator.core.schema import Role
from annotator.errors import AnnotatorError
from annotator.gui import keymap, status_hints
from annotator.gui.armed_role_banner import ArmedRoleBanner
from annotator.gui.article_view import ArticleView
from annotator.gui.boundary_editing import BoundaryEditor
from annotator.gui.document_state import DocumentDelta, DocumentState
from annotator.gui.event_retyping import change_event_type
from annotator.gui.fragments import FragmentCollector
from annotator.gui.plain_text import mnemonic_safe
from annotator.gui.relation_linking import RelationLinker
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
        self.banner = ArmedRoleBanner(view, state, session.project.schema)
        view.span_clicked.connect(self._on_span_clicked)
        view.selection_made.connect(self._on_selection_made)
        state.listeners.append(self._on_state)
        self.roles = RoleFiller(self)
        self.suggestion_clicks = SuggestionClicks(self)
        self.boundaries = BoundaryEditor(self)
        self.links = RelationLinker(self)
        self.fragments = FragmentCollector(self)

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
        if delta.loaded:  # the view shows the document itself (ArticleView.follow)
            self.fragments.reset()
            self.selection_changed.emit(None, None)
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
            role.setProperty("keymap_id", "arm_role")
            role.triggered.connect(partial(self.roles.press_number, number))
            actions.append(role)
        cancel = QAction("Cancel role / clear selection", parent)
        keymap.bind(cancel, "cancel")
        # Only while the article has focus, so Escape still closes find bars and dialogs elsewhere.
        cancel.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        cancel.triggered.connect(self.cancel)
        self.view.addAction(cancel)
        actions.append(cancel)
        return actions + self.boundaries.create_actions(parent) + self.links.create_actions(parent)

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
        if not self.state.select(span_id, event_id):
            return
        self.view.set_highlighted(span_id, event_id)
        self.selection_changed.emit(span_id, event_id)

    def cancel(self) -> None:
        """Escape: disarm the armed role or relation, or else clear every selection."""
        if self.links.armed is not None:
            self.links.disarm()
            self.view.clear_text_selection()
            self.session.message.emit("Linking cancelled")
            return
        self.fragments.reset()
        if self.armed_role is not None:
            self.armed_role = None  # the banner and the highlighted row go: that is the feedback
            self.view.clear_text_selection()  # a preselected candidate goes with the role
            return
        self.view.clear_text_selection()
        self._set_selection(None, None)

    def _on_span_clicked(self, span_id: int) -> None:
        self.fragments.reset()
        if self.links.armed is not None and span_id >= 0:
            self.links.take(span_id)
        elif span_id < 0:
            if self.armed_role is None:
                self._set_selection(None, None)
        elif self.armed_role is not None:
            if not self.roles.fill_with_event(self.state.event_of_trigger(span_id)):
                self._fill(AddArgument(self.doc_id, self.selected_event_id, self.armed_role, span_id=span_id))
        else:
            self.select_span(span_id)

    # -- labels ------------------------------------------------------------------------------------

    def apply_label(self, name: str) -> None:
        """A label key or palette click: tag the selected text, or relabel the selected annotation."""
        if self.doc_id is None:
            return
        schema = self.session.project.schema
        if self.links.armed is not None:  # the selection is a preselected tail, not text to tag
            self.session.message.emit("Pick the other end of the relation first (Esc cancels)")
        elif self.fragments.pending and schema.entity_label(name) is not None:
            self.fragments.tag(name)
        elif self.view.selected_range() is not None:
            bounds = self._selection_bounds()
            if bounds is None:
                return
            start, end = bounds
            if schema.event_type(name) is not None:
                self._tag_event(name, start, end)
            elif self.armed_role is not None:
                self._fill(self._filler(name, start, end))
            else:
                self._tag_entity(name, start, end)
        elif schema.event_type(name) is not None and self.selected_event_id is not None:
            self._retype(self.state.events[self.selected_event_id], name)
        elif schema.entity_label(name) is not None and self.selected_span_id is not None:
            self._relabel(self.state.spans[self.selected_span_id], name)
        else:
            self.session.message.emit(f"Select some text to tag as {name}")

    def _tag_entity(self, label: str, start: int, end: int) -> None:
        """New text becomes an entity; the exact text of an existing one relabels that one."""
        existing = self._entity_at(start, end)
        if existing is None:
            self._select_new_span(self.session.do(AddSpan(self.doc_id, self._span(label, start, end))))
            return
        self.view.clear_text_selection()
        self.select_span(existing.id)
        self._relabel(existing, label)

    def _tag_event(self, event_type: str, start: int, end: int) -> None:
        """New text becomes an event's trigger; the trigger of an event of that type selects the event."""
        triggers = {span.id for span in self.state.spans_at(start, end) if span.label == event_type}
        same = next((event for event in self.state.events.values() if event.trigger_id in triggers),
                    None) if triggers else None
        if same is None:
            self._select_new_event(self.session.do(AddEvent(self.doc_id, event_type, start=start, end=end)))
            return
        self.view.clear_text_selection()
        self.select_event(same.id)
        self.session.message.emit(status_hints.already_tagged(self.state.spans[same.trigger_id]))

    def _entity_at(self, start: int, end: int, preferred: Callable[[str], bool] | None = None) -> Span | None:
        """The entity on exactly ``start``-``end``: one whose label ``preferred`` accepts, if several are."""
        same = [span for span in self.state.spans_at(start, end) if span.kind == ENTITY]
        return next((span for span in same if preferred is None or preferred(span.label)), None) or (
            same[0] if same else None)

    def _relabel(self, span: Span, label: str) -> None:
        if span.label == label:
            self.session.message.emit(status_hints.already_tagged(span))
        else:
            self._do_and_tell(RelabelSpan(self.doc_id, span.id, label))

    def _retype(self, event: Event, event_type: str) -> None:
        if event.type == event_type:
            self.session.message.emit(status_hints.already_tagged(self.state.spans[event.trigger_id]))
        else:
            change_event_type(self.session, self.state, self.view, event.id, event_type)

    def _do_and_tell(self, edit: Edit) -> Changes | None:
        """An edit whose result is easy to miss (a relabel, a removal): the status bar says what it did."""
        return self.session.do(edit, status_hints.notice_for(edit, self.state, keymap.names))

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
        self.armed_role = role.name  # the banner, the event pane and the status hint say so

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

    def _on_selection_made(self) -> None:
        """New text selected: with a role armed it fills the role (:mod:`role_filling`); otherwise it
        drops the old selection, so a label key never relabels a span selected before."""
        if self.links.armed is not None:
            self.links.use_selection()
            return
        if self.armed_role is None and self.fragments.take_selection():
            return
        if self.armed_role is None or self.selected_event_id is None:
            self._set_selection(None, None)
        else:
            self.roles.use_selection()

    def _filler(self, label: str, start: int, end: int) -> AddArgument:
        """The armed role filled by the entity on exactly this text, or else by a new ``label`` span."""
        existing = self._entity_at(start, end)
        if existing is not None:
            return AddArgument(self.doc_id, self.selected_event_id, self.armed_role, span_id=existing.id)
        return AddArgument(self.doc_id, self.selected_event_id, self.armed_role,
                           new_span=self._span(label, start, end))

    def _fill(self, edit: AddArgument) -> None:
        """Fill the armed role; it stays armed only if the schema refused the filler."""
        event = self.state.events[edit.event_id]
        if self.session.do(edit) is None:
            return
        self.armed_role = None
        self.view.clear_text_selection()
        filler = self.state.spans.get(edit.span_id) if edit.span_id is not None else edit.new_span
        if filler is not None:
            self.session.message.emit(status_hints.filled(edit.role, event.type, filler, keymap.names))

    # -- deleting ----------------------------------------------------------------------------------

    def delete_selected(self) -> None:
        """Delete or Backspace: remove the selected event (with its trigger) or span (and its uses)."""
        if self.doc_id is None:
            return
        if self.selected_event_id is not None:
            self._do_and_tell(RemoveEvent(self.doc_id, self.selected_event_id))
        elif self.selected_span_id is not None:
            self._do_and_tell(RemoveSpan(self.doc_id, self.selected_span_id))
        else:
            self.session.message.emit("Click an annotation to select it, then press Delete")
