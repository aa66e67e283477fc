"""Events: triggers (the trigger span and the event type), arguments per role, given matched triggers.

Two events match when their types and trigger pieces are equal (each event used once). Arguments are
compared only inside matched pairs of events, as (role, filler span's pieces): an argument of an event
the other analyst does not have is not counted for its role (the miss already counts against the
trigger), so argument F1 says how well analysts agree on roles once they agree on the event.
"""

from __future__ import annotations

from annotator.core.agreement.counts import Counts
from annotator.core.agreement.layer import EventItem, Layer
from annotator.core.agreement.matching import exact_counts, pair_by_key


def matched_events(reference: Layer, compared: Layer) -> list[tuple[EventItem, EventItem]]:
    pairs = pair_by_key([event.key for event in reference.events], [event.key for event in compared.events])
    return [(reference.events[i], compared.events[j]) for i, j in pairs]


def triggers_by_type(reference: Layer, compared: Layer) -> dict[str, Counts]:
    types = sorted({event.type for event in (*reference.events, *compared.events)})
    return {kind: exact_counts([event.key for event in reference.events if event.type == kind],
                               [event.key for event in compared.events if event.type == kind])
            for kind in types}


def arguments_by_role(reference: Layer, compared: Layer) -> dict[str, Counts]:
    counts: dict[str, Counts] = {}
    for a, b in matched_events(reference, compared):
        for role in sorted({role for role, _ in (*a.arguments, *b.arguments)}):
            found = exact_counts([argument for argument in a.arguments if argument[0] == role],
                                 [argument for argument in b.arguments if argument[0] == role])
            counts[role] = counts.get(role, Counts()) + found
    return dict(sorted(counts.items()))
