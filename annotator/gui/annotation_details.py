"""What a span, event or relation carries besides its label, worded once (no Qt): its attribute values
(an unset one reads as its default), the required ones still missing, and its notes. The article's
tooltips, the arcs' tooltips and the panes' flags all say it this way."""

from __future__ import annotations

from annotator.core.model import ON_EVENT, ON_RELATION, ON_SPAN
from annotator.core.schema import Schema
from annotator.core.schema_attributes import BOOLEAN, AttributeDef
from annotator.gui.document_state import DocumentState

MISSING = "missing (required)"


def shown_value(definition: AttributeDef, value: bool | int | str | None) -> str:
    """``"3"``, ``"yes"``; an unset value reads as its default, or as unset."""
    if value is None:
        return f"{shown_value(definition, definition.default)} (default)" if definition.default is not None \
            else "unset"
    if definition.type == BOOLEAN:
        return "yes" if value else "no"
    return str(value)


def type_name(state: DocumentState, target: str, target_id: int) -> str | None:
    """The label of a span, the type of an event or relation of the open document (None: not in it)."""
    item = {ON_SPAN: state.spans, ON_EVENT: state.events, ON_RELATION: state.relations}[target].get(target_id)
    if item is None:
        return None
    return item.label if target == ON_SPAN else item.type


def missing_attributes(state: DocumentState, schema: Schema, target: str, target_id: int
                       ) -> tuple[AttributeDef, ...]:
    """The required attributes the target has no value (nor default) for."""
    name = type_name(state, target, target_id)
    if name is None:
        return ()
    return schema.missing_attributes(target, name, state.values_of(target, target_id))


def detail_lines(state: DocumentState, schema: Schema, target: str, target_id: int) -> list[str]:
    """``Modality: Asserted``, ``fatalities: missing (required)``, ``Note: …``: each attribute that has a
    value or a default or is required, then each note (an unset optional attribute says nothing)."""
    name = type_name(state, target, target_id)
    if name is None:
        return []
    values = state.values_of(target, target_id)
    lines = []
    for definition in schema.attributes_for(target, name):
        value = values.get(definition.name)
        if value is not None or definition.default is not None:
            lines.append(f"{definition.name}: {shown_value(definition, value.value if value else None)}")
        elif definition.required:
            lines.append(f"{definition.name}: {MISSING}")
    lines += [f"Note: {note.text}" for note in state.notes_on(target, target_id)]
    return lines


def span_detail_lines(state: DocumentState, schema: Schema, span_id: int) -> list[str]:
    """The details of a span, and for a trigger those of the events it triggers (their attributes and
    notes are the event's, not the trigger's)."""
    lines = detail_lines(state, schema, ON_SPAN, span_id)
    events = [event for event in state.events.values() if event.trigger_id == span_id]
    for event in events:
        shown = detail_lines(state, schema, ON_EVENT, event.id)
        lines += [f"{event.type} — {line}" for line in shown] if len(events) > 1 else shown
    return lines
