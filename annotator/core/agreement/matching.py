"""Which item of one layer is which item of the other: by equal keys, or the most pairs that fit."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Hashable, Sequence

from annotator.core.agreement.counts import Counts
from annotator.core.agreement.layer import Pieces, pieces_overlap


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


def overlap_options(left: Sequence[Pieces], right: Sequence[Pieces]) -> list[list[int]]:
    """For each left span, the right spans it shares a character with (found from the right spans sorted
    by start, so a long document does not compare every span with every other)."""
    order = sorted(range(len(right)), key=lambda j: right[j][0][0])
    starts = [right[j][0][0] for j in order]
    longest = max((pieces[-1][1] - pieces[0][0] for pieces in right), default=0)
    options = []
    for pieces in left:
        # only right spans starting before this one ends, and late enough to reach its start
        first, reach = bisect_right(starts, pieces[0][0] - longest), bisect_left(starts, pieces[-1][1])
        options.append(sorted(j for j in order[first:reach] if pieces_overlap(pieces, right[j])))
    return options


def max_matching(options: Sequence[Sequence[int]]) -> list[tuple[int, int]]:
    """The most (left index, right index) pairs, each item used once, where ``options[i]`` lists the right
    items left item ``i`` may pair with (augmenting paths).

    The size of a maximum matching does not depend on which side is "left", so a count built on it is
    symmetric over the pair.
    """
    partner_of_right: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in partner_of_right or augment(partner_of_right[j], seen):
                partner_of_right[j] = i
                return True
        return False

    for i in range(len(options)):
        augment(i, set())
    return sorted((i, j) for j, i in partner_of_right.items())


def matched_counts(pairs: Sequence[tuple[int, int]], reference: int, compared: int) -> Counts:
    """Counts from a matching of ``reference`` items against ``compared`` items."""
    return Counts(len(pairs), compared - len(pairs), reference - len(pairs))
