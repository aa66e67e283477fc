"""Which existing entities could fill a role, nearest to the event's trigger first.

Arming a role preselects the first of these and pressing the role's key again steps to the next, so
filling a role from an entity already tagged is two keys. Plain records in, plain records out.
"""

from __future__ import annotations

from collections.abc import Iterable

from annotator.core.model import ENTITY, Event, Span
from annotator.core.schema import Role


def distance(span: Span, anchor: Span) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, span.start - anchor.end, anchor.start - span.end)


def role_candidates(role: Role, event: Event, trigger: Span, spans: Iterable[Span],
                    other_triggers: frozenset[int] = frozenset()) -> list[Span]:
    """Entity spans of a label ``role`` accepts, and the ``other_triggers`` of events of a type it
    accepts (an event filling the role), not already filling it, by distance to ``trigger`` (then by
    position, so the order is stable)."""
    filling = {argument.span_id for argument in event.arguments if argument.role == role.name}
    found = [span for span in spans
             if (span.kind == ENTITY or span.id in other_triggers) and span.id not in filling
             and role.accepts(span.label)]
    return sorted(found, key=lambda span: (distance(span, trigger), span.start, span.end))
