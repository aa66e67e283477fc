"""Which item of one layer is which item of the other: by equal keys, or the most pairs that fit."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from annotator.core.agreement.counts import Counts

T = TypeVar("T")


def pair_by_key(reference: Sequence[Hashable], compared: Sequence[Hashable]) -> list[tuple[int, int]]:
    """(reference index, compared index) of items with equal keys, each used once, in order of
    appearance (two equal items in A need two in B)."""
    waiting: dict[Hashable, list[int]] = defaultdict(list)
    for j, key in enumerate(compared):
        waiting[key].append(j)
    pairs = []
    for i, key in enumerate(reference):
        if waiting.get(key):
            pairs.append((i, waiting[key].pop(0)))
    return pairs


def exact_counts(reference: Sequence[Hashable], compared: Sequence[Hashable]) -> Counts:
    """Counts of items matched by equal keys (:func:`pair_by_key`)."""
    tp = len(pair_by_key(reference, compared))
    return Counts(tp, len(compared) - tp, len(reference) - tp)


def max_matching(left: Sequence[T], right: Sequence[T], fits: Callable[[T, T], bool]
                 ) -> list[tuple[int, int]]:
    """The most (left index, right index) pairs that fit, each item used once (augmenting paths).

    The size of a maximum matching does not depend on which side is "left", so a count built on it is
    symmetric over the pair.
    """
    partner_of_right: dict[int, int] = {}
    options = [[j for j, item in enumerate(right) if fits(left_item, item)] for left_item in left]

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in partner_of_right or augment(partner_of_right[j], seen):
                partner_of_right[j] = i
                return True
        return False

    for i in range(len(left)):
        augment(i, set())
    return sorted((i, j) for j, i in partner_of_right.items())


def matched_counts(pairs: Sequence[tuple[int, int]], reference: int, compared: int) -> Counts:
    """Counts from a matching of ``reference`` items against ``compared`` items."""
    return Counts(len(pairs), compared - len(pairs), reference - len(pairs))
