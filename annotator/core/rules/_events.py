"""The rules of an event: its type, its trigger, and each argument (a role of the type, an accepted
filler span or event, no repeat of a role that does not repeat); required roles left open as warnings.

Part of :mod:`annotator.core.rules` (import that, never this).
"""

from __future__ import annotations

from collections.abc import Mapping

from annotator.core.model import TRIGGER, Event, Span
from annotator.core.rules._wording import (
    EVENT_TYPE,
    FILLER,
    REFERENCE,
    REPEAT,
    REQUIRED,
    ROLE,
    TRIGGER_KIND,
    WARNING,
    Violation,
    nearest_event,
    on_event,
    span_name,
)
from annotator.core.schema import EventType, Schema
from annotator.errors import Errors


def event_violations(schema: Schema, event: Event, spans_by_ref: Mapping[int, Span],
                      events_by_ref: Mapping[int, Event] | None = None) -> list[Violation]:
    """An event against the schema and the spans it points at (errors only)."""
    found = []
    event_type = schema.event_type(event.type)
    if event_type is None:
        found.append(on_event(event, EVENT_TYPE, Errors.E405, nearest=nearest_event(schema, event.type)))
    trigger = spans_by_ref.get(event.trigger_id)
    if trigger is None:
        found.append(on_event(event, REFERENCE, Errors.E406))
    elif trigger.kind != TRIGGER:
        found.append(on_event(event, TRIGGER_KIND, Errors.E407, span=span_name(trigger)))
    elif trigger.label != event.type:
        found.append(on_event(event, EVENT_TYPE, Errors.E408, span=span_name(trigger)))
    if event_type is None:
        return found
    filled: dict[str, int] = {}
    for argument in event.arguments:
        filler_event = None if argument.filler_event_id is None else (events_by_ref or {}).get(
            argument.filler_event_id, MISSING)
        found.extend(argument_violations(event, event_type, argument.role,
                                          spans_by_ref.get(argument.span_id), filled.get(argument.role, 0),
                                          filler_event, argument.span_id))
        filled[argument.role] = filled.get(argument.role, 0) + 1
    return found


MISSING = Event("", -1)  # an argument's filler event that is not in the document


def argument_violations(event: Event, event_type: EventType, role_name: str, filler: Span | None,
                         taken: int, filler_event: Event | None = None,
                         filler_ref: int | None = None) -> list[Violation]:
    """One argument: a named role of the type, a span of the document, an accepted entity (or an
    accepted event on that span), no repeat."""
    if not role_name:
        return [on_event(event, ROLE, Errors.E409)]
    if filler is None:
        return [on_event(event, REFERENCE, Errors.E410, role=role_name)]
    role = event_type.role(role_name)
    if role is None:
        roles = ", ".join(role.name for role in event_type.roles) or "none"
        return [on_event(event, ROLE, Errors.E411, role=role_name, roles=roles)]
    if filler_event is not None:
        if filler_event is event or (event.id is not None and filler_event.id == event.id):
            return [on_event(event, FILLER, Errors.E434)]
        if filler_event is MISSING or filler_event.trigger_id != filler_ref:
            return [on_event(event, REFERENCE, Errors.E433, role=role_name, span=span_name(filler))]
        if not role.accepts_event(filler_event.type):
            return [on_event(event, FILLER, Errors.E432, role=role_name, fillers=", ".join(role.fillers),
                        filler=filler_event.type)]
    elif filler.kind == TRIGGER:
        return [on_event(event, FILLER, Errors.E412, role=role_name, span=span_name(filler))]
    if not role.accepts(filler.label):
        return [on_event(event, FILLER, Errors.E413, role=role_name, fillers=", ".join(role.fillers),
                    label=filler.label, span=span_name(filler))]
    if taken and not role.repeat:
        return [on_event(event, REPEAT, Errors.E414, role=role_name)]
    return []


def missing_required(schema: Schema, text: str, event: Event,
                      spans_by_ref: Mapping[int, Span]) -> list[Violation]:
    """Warnings, not errors: an event is annotated before all its roles are, so this cannot block a write."""
    event_type = schema.event_type(event.type)
    if event_type is None:
        return []
    filled = {argument.role for argument in event.arguments}
    trigger = spans_by_ref.get(event.trigger_id)
    surface = text[trigger.start:trigger.end] if trigger else "?"
    return [
        on_event(event, REQUIRED, Errors.E415, severity=WARNING, surface=surface, role=role.name)
        for role in event_type.roles if role.required and role.name not in filled
    ]
