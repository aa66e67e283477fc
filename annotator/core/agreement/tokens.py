"""Agreement over tokens: each token gets the label of the entity span covering it, or ``O``.

Tokens here are a simple documented rule, not the project's spaCy tokenizer (the domain does not load
spaCy): a run of word characters (``\\w+``) or any single other non-space character. Both analysts'
labels are read off the same text, so the rule only has to be the same for both. A token covered by
several spans takes the shortest one's label (the innermost mention), ties going to the label first
in alphabetical order.

Cohen's κ compares two analysts; Krippendorff's α (the ``krippendorff`` package, nominal level)
compares all analysts of the documents at once, each token a unit and a missing value where an analyst
did not annotate that document. This is α over token labels, not the unitizing α (u-α), which no
maintained package computes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence

from annotator.core.agreement.layer import Layer

OUTSIDE = "O"
TOKEN = re.compile(r"\w+|[^\w\s]")


def tokens(text: str) -> list[tuple[int, int]]:
    """(start, end) of each token of ``text`` in code points."""
    return [match.span() for match in TOKEN.finditer(text)]


def token_labels(layer: Layer, bounds: Sequence[tuple[int, int]]) -> list[str]:
    """The label of each token (``O`` where no entity span covers any of it)."""
    labels = [OUTSIDE] * len(bounds)
    best: list[tuple[int, str] | None] = [None] * len(bounds)
    starts = [start for start, _ in bounds]
    for span in layer.entities:
        for piece_start, piece_end in span.pieces():
            for index in range(_first_ending_after(bounds, starts, piece_start), len(bounds)):
                start, end = bounds[index]
                if start >= piece_end:
                    break
                if end > piece_start:
                    candidate = (span.end - span.start, span.label)
                    if best[index] is None or candidate < best[index]:
                        best[index] = candidate
                        labels[index] = span.label
    return labels


def _first_ending_after(bounds: Sequence[tuple[int, int]], starts: Sequence[int], offset: int) -> int:
    """The first token that may reach past ``offset`` (tokens are in order and do not overlap)."""
    index = max(bisect_right(starts, offset) - 1, 0)
    while index < len(bounds) and bounds[index][1] <= offset:
        index += 1
    return index


def label_pairs(a: Sequence[str], b: Sequence[str]) -> Counter[tuple[str, str]]:
    """How often each (A's label, B's label) occurs, token by token."""
    return Counter(zip(a, b, strict=True))


def nominal_alpha(units: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's α (nominal) over ``units[unit][analyst]`` (None: that analyst has no value).

    None when fewer than two values are pairable; 1.0 when every pairable value is the same label
    (the package refuses a one-value domain, and the analysts then agree completely).
    """
    import numpy as np
    from krippendorff import alpha

    code: dict[str | None, int] = {None: -1}
    # from a generator, not from nested lists: np.array over 200,000 lists holds the GIL for 200 ms in one
    # call (a worker's α stalled the window), while a generator's bytecode lets other threads take turns
    width = len(units[0]) if units else 0
    data = np.fromiter((code.setdefault(value, len(code) - 1) for unit in units for value in unit),
                       dtype=int, count=len(units) * width).reshape(len(units), width)
    if len(code) == 1:  # no values at all
        return None
    # value_counts[unit, value]: how many analysts gave the unit that value
    counts = np.stack([(data == number).sum(axis=1) for number in range(len(code) - 1)], axis=1)
    counts = counts[counts.sum(axis=1) >= 2]
    if not counts.size:
        return None
    if np.count_nonzero(counts.sum(axis=0)) == 1:
        return 1.0
    return float(alpha(value_counts=counts, level_of_measurement="nominal"))
