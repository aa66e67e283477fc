"""Attribute values on the items two analysts agree on: matched entity spans, the triggers and events of
matched events, and matched relations. Per attribute, each matched item either analyst gave a value is
one judgement ``(A's value, B's value)``, :data:`UNSET` where one gave none; observed agreement and
Cohen's κ are read off those pairs.
"""

from __future__ import annotations

from collections import Counter

from annotator.core.agreement.events import matched_events
from annotator.core.agreement.layer import Layer
from annotator.core.agreement.matching import pair_by_key
from annotator.core.agreement.relations import matched_entity_spans
from annotator.core.model import ON_EVENT, ON_RELATION, ON_SPAN

UNSET = "(unset)"


def _matched_targets(reference: Layer, compared: Layer) -> list[tuple[str, int, int]]:
    events = matched_events(reference, compared)
    relations = pair_by_key([item.key for item in reference.relations],
                            [item.key for item in compared.relations])
    return list(dict.fromkeys(  # an event's trigger may be another matched event's trigger too
        [(ON_SPAN, i, j) for i, j in matched_entity_spans(reference, compared)]
            + [(ON_SPAN, a.trigger, b.trigger) for a, b in events]
            + [(ON_EVENT, a.index, b.index) for a, b in events]
            + [(ON_RELATION, reference.relations[i].index, compared.relations[j].index)
               for i, j in relations]))


def attribute_pairs(reference: Layer, compared: Layer) -> dict[str, Counter[tuple[str, str]]]:
    """Per attribute name, how often each (A's value, B's value) occurs on matched items."""
    tables: dict[str, Counter[tuple[str, str]]] = {}
    for target, i, j in _matched_targets(reference, compared):
        a, b = reference.values_on(target, i), compared.values_on(target, j)
        for name in a.keys() | b.keys():
            pair = (str(a[name]) if name in a else UNSET, str(b[name]) if name in b else UNSET)
            tables.setdefault(name, Counter())[pair] += 1
    return dict(sorted(tables.items()))
