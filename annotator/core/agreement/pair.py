"""Everything two analysts' layers of one document say about their agreement, as counts that add up.

Counts (not ratios) are kept per document, so the figures of a pair over many documents are the sums'
ratios (micro-averaged), whatever the documents' sizes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.core.agreement.attributes import attribute_pairs
from annotator.core.agreement.counts import Counts
from annotator.core.agreement.events import arguments_by_role, triggers_by_type
from annotator.core.agreement.layer import Layer
from annotator.core.agreement.relations import LinkCounts, link_counts, relations_by_type
from annotator.core.agreement.spans import confusion, exact_by_label, overlap_by_label
from annotator.core.agreement.tokens import label_pairs, token_labels, tokens

# The measures scored by precision, recall and F1, each broken down by label, type or role.
F1_MEASURES = ("spans_exact", "spans_overlap", "triggers", "arguments", "relations")
MEASURE_TITLES = {"spans_exact": "Entity spans (exact)", "spans_overlap": "Entity spans (overlap)",
                  "triggers": "Event triggers", "arguments": "Event arguments", "relations": "Relations"}
SHORT_TITLES = {"spans_exact": "Spans", "spans_overlap": "Overlap", "triggers": "Triggers",
                "arguments": "Arguments", "relations": "Relations"}
BREAKDOWN_TITLES = {"spans_exact": "label", "spans_overlap": "label", "triggers": "event type",
                    "arguments": "role", "relations": "relation type"}


def _add_tables(a: dict[str, Counts], b: dict[str, Counts]) -> dict[str, Counts]:
    return {key: a.get(key, Counts()) + b.get(key, Counts()) for key in sorted(a.keys() | b.keys())}


@dataclass(frozen=True)
class PairCounts:
    """A pair's counts on one document, or summed over documents (``documents`` of them)."""

    measures: dict[str, dict[str, Counts]] = field(default_factory=dict)
    tokens: Counter[tuple[str, str]] = field(default_factory=Counter)
    links: LinkCounts = field(default_factory=LinkCounts)
    attributes: dict[str, Counter[tuple[str, str]]] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    documents: int = 0

    def __add__(self, other: PairCounts) -> PairCounts:
        return PairCounts(
            {name: _add_tables(self.measures.get(name, {}), other.measures.get(name, {}))
             for name in F1_MEASURES},
            self.tokens + other.tokens,
            self.links + other.links,
            {name: self.attributes.get(name, Counter()) + other.attributes.get(name, Counter())
             for name in sorted(self.attributes.keys() | other.attributes.keys())},
            self.confusion + other.confusion,
            self.documents + other.documents,
        )

    def total(self, measure: str) -> Counts:
        """The measure's counts over every label, type or role."""
        return sum(self.measures.get(measure, {}).values(), Counts())


def compare_pair(reference: Layer, compared: Layer) -> PairCounts:
    """The counts of one document for the pair (A = ``reference``, B = ``compared``)."""
    bounds = tokens(reference.text)
    return PairCounts(
        {"spans_exact": exact_by_label(reference, compared),
         "spans_overlap": overlap_by_label(reference, compared),
         "triggers": triggers_by_type(reference, compared),
         "arguments": arguments_by_role(reference, compared),
         "relations": relations_by_type(reference, compared)},
        label_pairs(token_labels(reference, bounds), token_labels(compared, bounds)),
        link_counts(reference, compared),
        attribute_pairs(reference, compared),
        confusion(reference, compared),
        1,
    )
