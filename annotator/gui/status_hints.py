"""What the status bar and the armed-role banner say, worded once and without Qt.

Two kinds of text. A *hint* belongs to a state of the open document (what is selected, which role is
armed): :func:`hint_for` derives it from the :class:`DocumentState`, so it changes, and leaves, with the
state. A *notice* reports one finished action (a relabel, a deletion, an undo) and is shown for a few
seconds. Key names come from the keymap through ``keys`` (a binding id to its keys as a person reads
them), so a hint never names a key the keymap does not bind.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.edits import ChangeEventType, Edit, RelabelSpan, RemoveArgument, RemoveEvent, RemoveSpan
from annotator.core.model import ENTITY, Event, Span
from annotator.core.schema import Role, Schema
from annotator.gui.document_state import DocumentState
from annotator.gui.mentions import quote

Keys = Callable[[str], list[str]]  # binding id -> its keys, e.g. "undo" -> ["Ctrl+Z"]

NO_SELECTION = "Select text, then press a label's key to tag it; click an annotation to select it"


def _either(keys: Keys, binding_id: str) -> str:
    return " or ".join(keys(binding_id))


# -- hints: one per state ------------------------------------------------------------------------------

def hint_for(state: DocumentState, schema: Schema, keys: Keys) -> str:
    """The hint for what is selected now; empty when no document is open."""
    if state.doc_id is None:
        return ""
    event = state.events.get(state.selected_event_id) if state.selected_event_id is not None else None
    if event is not None:
        armed = armed_role_text(state, schema, keys)
        if armed:
            return armed
        return _event_hint(state, schema, event, keys)
    span = state.spans.get(state.selected_span_id) if state.selected_span_id is not None else None
    if span is not None:
        links = any(t.may_start_at(span.label) for t in schema.relation_types) and span.kind == ENTITY
        link = f", {_either(keys, 'link')} links it" if links else ""
        return (f"{span.label} {quote(span.text)} selected: a label's key relabels it{link}, "
                f"{_either(keys, 'delete')} deletes it, {_either(keys, 'cancel')} deselects it")
    return NO_SELECTION


def _event_hint(state: DocumentState, schema: Schema, event: Event, keys: Keys) -> str:
    trigger = state.spans.get(event.trigger_id)
    on = f" on {quote(trigger.text)}" if trigger else ""
    event_type = schema.event_type(event.type)
    roles = len(event_type.roles) if event_type else 0
    role_keys = keys("arm_role")[:roles]
    fill = ""
    if role_keys:
        numbers = role_keys[0] if len(role_keys) == 1 else f"{role_keys[0]}–{role_keys[-1]}"
        fill = f"{numbers} fills a role, "
    return (f"{event.type} event{on} selected: {fill}{_either(keys, 'delete')} deletes it, "
            f"{_either(keys, 'cancel')} deselects it")


def armed_role(state: DocumentState, schema: Schema) -> tuple[Event, Role] | None:
    """The selected event and its armed role, or None when no role is armed."""
    if state.armed_role is None or state.selected_event_id is None:
        return None
    event = state.events.get(state.selected_event_id)
    event_type = schema.event_type(event.type) if event else None
    role = event_type.role(state.armed_role) if event_type else None
    return (event, role) if role else None


def armed_role_text(state: DocumentState, schema: Schema, keys: Keys) -> str:
    """The armed-role banner: which role of which event the next selection fills; empty when none is."""
    armed = armed_role(state, schema)
    if armed is None:
        return ""
    event, role = armed
    takes = f" ({', '.join(role.fillers)})" if role.fillers else ""
    return (f"Filling role {role.name}{takes} of {event.type}: select its text or click an entity, "
            f"{_either(keys, 'cancel')} cancels")


# -- notices: one per finished action ------------------------------------------------------------------

def _undo_hint(keys: Keys) -> str:
    return f"{_either(keys, 'undo')} to undo"


def notice_for(edit: Edit, state: DocumentState, keys: Keys) -> str:
    """What a relabel, retype or removal is about to do, worded from the state before it ("" for other
    edits, which show their result in the article and panes)."""
    if isinstance(edit, RelabelSpan) and edit.span_id in state.spans:
        return relabelled(state.spans[edit.span_id], edit.label, keys)
    if isinstance(edit, RemoveSpan) and edit.span_id in state.spans:
        return deleted_span(state.spans[edit.span_id], keys)
    if isinstance(edit, ChangeEventType) and edit.event_id in state.events:
        event = state.events[edit.event_id]
        return retyped(event, state.spans.get(event.trigger_id), edit.type, keys)
    if isinstance(edit, RemoveEvent) and edit.event_id in state.events:
        event = state.events[edit.event_id]
        return deleted_event(event, state.spans.get(event.trigger_id), keys)
    if isinstance(edit, RemoveArgument):
        for event in state.events.values():
            for argument in event.arguments:
                if argument.id == edit.arg_id and argument.span_id in state.spans:
                    return removed_argument(argument.role, event.type, state.spans[argument.span_id], keys)
    return ""


def relabelled(span: Span, new_label: str, keys: Keys) -> str:
    """``“Damascus”: GPE → LOC (Ctrl+Z to undo)``."""
    return f"{quote(span.text)}: {span.label} → {new_label} ({_undo_hint(keys)})"


def retyped(event: Event, trigger: Span | None, new_type: str, keys: Keys) -> str:
    """``“shelled”: Conflict.Attack → Life.Die (Ctrl+Z to undo)``."""
    what = quote(trigger.text) if trigger else "Event"
    return f"{what}: {event.type} → {new_type} ({_undo_hint(keys)})"


def deleted_span(span: Span, keys: Keys) -> str:
    """``Deleted ORG “Islamic State” (Ctrl+Z to undo)``."""
    return f"Deleted {span.label} {quote(span.text)} ({_undo_hint(keys)})"


def deleted_event(event: Event, trigger: Span | None, keys: Keys) -> str:
    on = f" on {quote(trigger.text)}" if trigger else ""
    return f"Deleted the {event.type} event{on} ({_undo_hint(keys)})"


def removed_argument(role: str, event_type: str, span: Span, keys: Keys) -> str:
    return f"{quote(span.text)} no longer fills {role} of {event_type} ({_undo_hint(keys)})"


def already_tagged(span: Span) -> str:
    return f"{quote(span.text)} is already {span.label}"


def filled(role: str, event_type: str, span: Span, keys: Keys) -> str:
    return f"{role} of {event_type}: {quote(span.text)} ({_undo_hint(keys)})"


def undone(step: str, keys: Keys) -> str:
    """``Undone: Add GPE (Ctrl+Shift+Z to redo)``; ``step`` is the undo stack's text for the edit."""
    return f"Undone: {step} ({_either(keys, 'redo')} to redo)"


def redone(step: str, keys: Keys) -> str:
    return f"Redone: {step} ({_undo_hint(keys)})"


def none_in_view(left: int, keys: Keys) -> str:
    """After a suggestion is settled and the next one is out of view (the view does not jump to it)."""
    if not left:
        return "No suggestions left in this document"
    plural = "s" if left != 1 else ""
    return f"{left} suggestion{plural} left, none in view ({_either(keys, 'next_suggestion')}: the next)"


def rejected_all(count: int) -> str:
    return f"Rejected {count} suggestion{'s' if count != 1 else ''}; they are not proposed again here"
