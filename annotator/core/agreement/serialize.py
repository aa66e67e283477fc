"""The report as plain JSON data (the shape the README documents), figures rounded to four places."""

from __future__ import annotations

from collections import Counter
from typing import Any

from annotator.core.agreement.pair import F1_MEASURES
from annotator.core.agreement.report import MEASURES_BY, AgreementReport, PairReport, Score


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def score_dict(score: Score | None) -> dict[str, Any] | None:
    if score is None:
        return None
    counts = score.counts
    return {"precision": _round(score.precision), "recall": _round(score.recall), "f1": _round(score.f1),
            "tp": counts.tp, "fp": counts.fp, "fn": counts.fn}


def confusion_list(table: Counter[tuple[str, str]], *, differing: bool = False) -> list[dict[str, Any]]:
    """(first analyst's label, second's, count), only the cells where they differ if ``differing``."""
    return [{"a": a, "b": b, "count": count} for (a, b), count in sorted(table.items())
            if not differing or a != b]


def pair_dict(pair: PairReport) -> dict[str, Any]:
    links = pair.counts.links
    return {"a": pair.a, "b": pair.b, "documents": pair.counts.documents,
            **{measure: score_dict(pair.score(measure)) for measure in F1_MEASURES},
            "token_kappa": _round(pair.token_kappa),
            "links": {"agreement": _round(links.agreement), "both_linked": links.both,
                      "same_entity": links.same, "one_linked": links.one},
            "confusion": confusion_list(pair.counts.confusion)}


def breakdown(report: AgreementReport, by: str) -> dict[str, Any] | list[dict[str, Any]]:
    """Per label (and event or relation type), per role, or per analyst pair."""
    if by == "annotator-pair":
        return [pair_dict(pair) for pair in report.pairs]
    return {measure: {key: {**score_dict(score), "pairs": score.pairs}
                      for key, score in report.by_key(measure).items()}
            for measure in MEASURES_BY[by]}


def as_dict(report: AgreementReport, by: str = "label") -> dict[str, Any]:
    return {
        "analysts": list(report.analysts),
        "documents": len(report.documents),
        "excluded_documents": report.excluded,
        "pairs": len(report.pairs),
        "overall": {**{measure: score_dict(report.overall(measure)) for measure in F1_MEASURES},
                    "token_kappa": _round(report.token_kappa), "token_alpha": _round(report.token_alpha),
                    "link_agreement": _round(report.link_agreement)},
        "attributes": {name: {"observed": _round(score.observed), "kappa": _round(score.kappa),
                              "items": score.items}
                       for name, score in report.attribute_scores().items()},
        "by": by,
        "breakdown": breakdown(report, by),
        "confusion": confusion_list(report.confusion()),
        "per_document": [{"sha256": document.sha256, "title": document.title,
                          "analysts": list(document.analysts), "token_alpha": _round(document.token_alpha),
                          "pairs": [{"a": pair.a, "b": pair.b,
                                     **{measure: _round(pair.score(measure).f1) for measure in F1_MEASURES},
                                     "token_kappa": _round(pair.token_kappa),
                                     "disagreements": confusion_list(pair.counts.confusion, differing=True)}
                                    for pair in document.pairs]}
                         for document in report.documents],
    }
