"""Entity spans: exact and overlap-based counts per label, and which label was taken for which.

Exact: same label and the same pieces. Overlap: same label and at least one shared character, each
span matched at most once (the most pairs possible). Triggers are scored with their events.
"""

from __future__ import annotations

from collections import Counter

from annotator.core.agreement.counts import Counts
from annotator.core.agreement.layer import Layer
from annotator.core.agreement.matching import (
    exact_counts,
    matched_counts,
    max_matching,
    overlap_options,
    pair_by_key,
)

NONE = "(none)"  # the confusion's row or column for a span the other analyst did not tag at all


def _by_label(layer: Layer) -> dict[str, list[tuple[str, tuple]]]:
    grouped: dict[str, list[tuple[str, tuple]]] = {}
    for key in layer.entity_keys():
        grouped.setdefault(key[0], []).append(key)
    return grouped


def exact_by_label(reference: Layer, compared: Layer) -> dict[str, Counts]:
    a, b = _by_label(reference), _by_label(compared)
    return {label: exact_counts(a.get(label, []), b.get(label, [])) for label in sorted(a.keys() | b.keys())}


def overlap_by_label(reference: Layer, compared: Layer) -> dict[str, Counts]:
    a, b = _by_label(reference), _by_label(compared)
    counts = {}
    for label in sorted(a.keys() | b.keys()):
        left, right = a.get(label, []), b.get(label, [])
        pairs = max_matching(overlap_options([key[1] for key in left], [key[1] for key in right]))
        counts[label] = matched_counts(pairs, len(left), len(right))
    return counts


def confusion(reference: Layer, compared: Layer) -> Counter[tuple[str, str]]:
    """(A's label, B's label) for each aligned pair of entity spans, whatever their labels: first the spans
    of the same extent, then the most pairs of overlapping ones; a span left over meets :data:`NONE`."""
    a, b = reference.entities, compared.entities
    table: Counter[tuple[str, str]] = Counter()
    same = pair_by_key([span.pieces() for span in a], [span.pieces() for span in b])
    rest_a = sorted(set(range(len(a))) - {i for i, _ in same})
    rest_b = sorted(set(range(len(b))) - {j for _, j in same})
    near = [(rest_a[x], rest_b[y]) for x, y in max_matching(overlap_options(
        [a[i].pieces() for i in rest_a], [b[j].pieces() for j in rest_b]))]
    for i, j in same + near:
        table[a[i].label, b[j].label] += 1
    for i in set(rest_a) - {i for i, _ in near}:
        table[a[i].label, NONE] += 1
    for j in set(rest_b) - {j for _, j in near}:
        table[NONE, b[j].label] += 1
    return table
