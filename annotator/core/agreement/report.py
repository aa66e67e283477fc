"""The agreement of a team: per document and pair, per pair over all shared documents, and overall.

A pair's figures are micro-averaged over the documents both annotated (counts summed, then divided);
the overall figures are the mean over analyst pairs of those pair figures, so a pair that shared many
documents weighs no more than one that shared few. Documents only one analyst annotated are left out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from statistics import fmean

from annotator.core.agreement.counts import Counts, cohen_kappa, observed_agreement
from annotator.core.agreement.pair import PairCounts

# Which measures each breakdown lists: by label also covers event types and relation types.
MEASURES_BY = {"label": ("spans_exact", "spans_overlap", "triggers", "relations"), "role": ("arguments",)}


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 (averaged over ``pairs`` analyst pairs) and the counts summed over them."""

    precision: float
    recall: float
    f1: float
    counts: Counts
    pairs: int = 1

    @classmethod
    def of(cls, counts: Counts) -> Score:
        return cls(counts.precision, counts.recall, counts.f1, counts)

    @classmethod
    def mean(cls, scores: list[Score]) -> Score:
        return cls(fmean(s.precision for s in scores), fmean(s.recall for s in scores),
                   fmean(s.f1 for s in scores), sum((s.counts for s in scores), Counts()), len(scores))


@dataclass(frozen=True)
class AttributeScore:
    """Agreement on one attribute: the share of equal values, Cohen's κ, over ``items`` judgements."""

    observed: float | None
    kappa: float | None
    items: int


@dataclass(frozen=True)
class PairReport:
    """Two analysts (A first, A the reference) and their counts on one document or summed over several."""

    a: str
    b: str
    counts: PairCounts

    @property
    def name(self) -> str:
        return f"{self.a}/{self.b}"

    def score(self, measure: str) -> Score:
        return Score.of(self.counts.total(measure))

    def scores_by_key(self, measure: str) -> dict[str, Score]:
        return {key: Score.of(counts) for key, counts in self.counts.measures.get(measure, {}).items()}

    @property
    def token_kappa(self) -> float | None:
        return cohen_kappa(self.counts.tokens)

    def attribute_scores(self) -> dict[str, AttributeScore]:
        return {name: AttributeScore(observed_agreement(table), cohen_kappa(table), sum(table.values()))
                for name, table in self.counts.attributes.items()}


@dataclass(frozen=True)
class DocumentReport:
    sha256: str
    title: str
    analysts: tuple[str, ...]
    pairs: tuple[PairReport, ...]
    token_alpha: float | None


@dataclass(frozen=True)
class AgreementReport:
    analysts: tuple[str, ...]
    documents: tuple[DocumentReport, ...]
    pairs: tuple[PairReport, ...]  # each summed over the documents both annotated
    token_alpha: float | None  # nominal α over token labels, every analyst, every shared document
    excluded: int  # documents in some layer but annotated by fewer than two analysts

    def overall(self, measure: str) -> Score | None:
        """The mean over the pairs where either analyst has such items; None where no pair has any."""
        scores = [score for score in (pair.score(measure) for pair in self.pairs) if score.counts.total]
        return Score.mean(scores) if scores else None

    def by_key(self, measure: str) -> dict[str, Score]:
        """Per label, type or role: the mean over the pairs that met it (either analyst used it)."""
        found: dict[str, list[Score]] = {}
        for pair in self.pairs:
            for key, score in pair.scores_by_key(measure).items():
                if score.counts.total:
                    found.setdefault(key, []).append(score)
        return {key: Score.mean(scores) for key, scores in sorted(found.items())}

    @property
    def token_kappa(self) -> float | None:
        """The mean over pairs of each pair's κ over all its shared documents' tokens."""
        return _mean(pair.token_kappa for pair in self.pairs)

    @property
    def link_agreement(self) -> float | None:
        return _mean(pair.counts.links.agreement for pair in self.pairs)

    def attribute_scores(self) -> dict[str, AttributeScore]:
        """Per attribute: observed agreement and κ averaged over the pairs that judged it."""
        found: dict[str, list[AttributeScore]] = {}
        for pair in self.pairs:
            for name, score in pair.attribute_scores().items():
                found.setdefault(name, []).append(score)
        return {name: AttributeScore(_mean(s.observed for s in scores), _mean(s.kappa for s in scores),
                                     sum(s.items for s in scores))
                for name, scores in sorted(found.items())}

    def confusion(self) -> Counter[tuple[str, str]]:
        """(label of the pair's first analyst, label of the second) summed over pairs."""
        return sum((pair.counts.confusion for pair in self.pairs), Counter())


def _mean(values) -> float | None:
    present = [value for value in values if value is not None]
    return fmean(present) if present else None

