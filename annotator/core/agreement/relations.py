"""Relations (type, head span's pieces, tail span's pieces) per type, and entity links.

A link is compared on the entity spans both analysts tagged alike (same label and pieces) and both
linked: they agree when the two entities are the same thing (:func:`layer.entity_identity`).
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.agreement.counts import Counts
from annotator.core.agreement.layer import Layer
from annotator.core.agreement.matching import exact_counts, pair_by_key


def relations_by_type(reference: Layer, compared: Layer) -> dict[str, Counts]:
    types = sorted({relation.type for relation in (*reference.relations, *compared.relations)})
    return {kind: exact_counts([item.key for item in reference.relations if item.type == kind],
                               [item.key for item in compared.relations if item.type == kind])
            for kind in types}


@dataclass(frozen=True)
class LinkCounts:
    """Mentions both linked (``both``), of which to the same entity (``same``); linked by one only."""

    both: int = 0
    same: int = 0
    one: int = 0

    def __add__(self, other: LinkCounts) -> LinkCounts:
        return LinkCounts(self.both + other.both, self.same + other.same, self.one + other.one)

    @property
    def agreement(self) -> float | None:
        """same / both; None when no mention was linked by both."""
        return self.same / self.both if self.both else None


def matched_entity_spans(reference: Layer, compared: Layer) -> list[tuple[int, int]]:
    """(span index in A, span index in B) of the entity spans tagged alike."""
    pairs = pair_by_key(reference.entity_keys(), compared.entity_keys())
    return [(reference.entity_indexes[i], compared.entity_indexes[j]) for i, j in pairs]


def link_counts(reference: Layer, compared: Layer) -> LinkCounts:
    counts = LinkCounts()
    for i, j in matched_entity_spans(reference, compared):
        a, b = reference.links.get(i), compared.links.get(j)
        if a is not None and b is not None:
            counts += LinkCounts(1, int(a == b), 0)
        elif a is not None or b is not None:
            counts += LinkCounts(0, 0, 1)
    return counts
