"""Compare every pair of analysts on every document two or more of them annotated."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import combinations

from annotator.core.agreement.layer import Layer
from annotator.core.agreement.pair import PairCounts, compare_pair
from annotator.core.agreement.report import AgreementReport, DocumentReport, PairReport
from annotator.core.agreement.tokens import nominal_alpha, token_labels, tokens
from annotator.core.model import Annotated

IN_PROGRESS, DONE = "in_progress", "done"

Layers = Mapping[str, Mapping[str, Annotated]]  # analyst -> SHA-256 of the text -> their work on it


def annotated_by_analyst(item: Annotated) -> bool:
    """Whether a layer is the analyst's work: it has a span, or the analyst marked the document in progress
    or done (done with nothing tagged is a judgement too). A share the analyst never opened (``new``, no
    spans) or skipped is not compared: it would count as disagreeing with everything."""
    return bool(item.spans) or item.document.status in (IN_PROGRESS, DONE)


def shared_documents(layers: Layers) -> dict[str, list[str]]:
    """SHA-256 -> the analysts (sorted) of each document two or more analysts annotated."""
    by_document: dict[str, list[str]] = {}
    for analyst in sorted(layers):
        for sha256, item in layers[analyst].items():
            if annotated_by_analyst(item):
                by_document.setdefault(sha256, []).append(analyst)
    return {sha256: analysts for sha256, analysts in sorted(by_document.items()) if len(analysts) >= 2}


def compare_layers(layers: Layers) -> AgreementReport:
    """The team's agreement; a report with no documents when no two analysts share one."""
    shared = shared_documents(layers)
    analysts = tuple(sorted({analyst for names in shared.values() for analyst in names}))
    documents, sums, units = [], {}, []
    for sha256, names in shared.items():
        read = {name: Layer(layers[name][sha256]) for name in names}
        pairs = tuple(PairReport(a, b, compare_pair(read[a], read[b])) for a, b in combinations(names, 2))
        for pair in pairs:
            sums[pair.a, pair.b] = sums.get((pair.a, pair.b), PairCounts()) + pair.counts
        bounds = tokens(next(iter(read.values())).text)
        labels = {name: token_labels(layer, bounds) for name, layer in read.items()}
        document_units = [[labels[name][index] if name in labels else None for name in analysts]
                          for index in range(len(bounds))]
        units += document_units
        documents.append(DocumentReport(sha256, layers[names[0]][sha256].document.title, tuple(names), pairs,
                                        nominal_alpha(document_units)))
    excluded = len({sha256 for layer in layers.values() for sha256 in layer} - shared.keys())
    return AgreementReport(analysts, tuple(documents),
                           tuple(PairReport(a, b, counts) for (a, b), counts in sorted(sums.items())),
                           nominal_alpha(units), excluded)
