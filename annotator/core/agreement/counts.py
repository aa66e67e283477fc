"""The arithmetic every agreement measure shares: true and false positives, F1, Cohen's κ.

A pair of layers (A, B) is scored with A as the reference: an item of both is a true positive, an item
only B has a false positive, an item only A has a false negative. Swapping A and B swaps precision and
recall and leaves F1 unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    """How many items both layers have (``tp``), only the compared one has (``fp``), only the reference
    has (``fn``)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn

    @property
    def precision(self) -> float:
        """tp / (tp + fp); 1.0 when the compared layer has nothing (it claimed nothing wrong)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when the reference has nothing."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """2·tp / (2·tp + fp + fn); 1.0 when neither layer has anything (they agree on nothing there)."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.total else 1.0

    def swapped(self) -> Counts:
        return Counts(self.tp, self.fn, self.fp)


def cohen_kappa(table: Mapping[tuple[Hashable, Hashable], int]) -> float | None:
    """Cohen's κ = (p_o − p_e) / (1 − p_e) over paired judgements, ``table[(a, b)]`` times each.

    ``p_o`` is the share of pairs that agree, ``p_e`` the agreement two analysts with these value
    frequencies would reach by chance. None when there are no pairs; when both used one and the same
    value throughout, ``p_e`` is 1 and κ is taken as 1.0 (they agree perfectly, with nothing to tell).
    """
    n = sum(table.values())
    if not n:
        return None
    observed = sum(count for (a, b), count in table.items() if a == b) / n
    first: Counter[Hashable] = Counter()
    second: Counter[Hashable] = Counter()
    for (a, b), count in table.items():
        first[a] += count
        second[b] += count
    expected = sum(first[value] * second[value] for value in first) / (n * n)
    if expected >= 1.0:
        return 1.0
    return (observed - expected) / (1.0 - expected)


def observed_agreement(table: Mapping[tuple[Hashable, Hashable], int]) -> float | None:
    """The share of paired judgements whose two values are equal; None without pairs."""
    n = sum(table.values())
    return sum(count for (a, b), count in table.items() if a == b) / n if n else None
