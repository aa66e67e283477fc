"""The agreement report laid out as tables and chart series, once for the text, HTML and window views.

Every view shows the same tables in the same order: the overall figures, the breakdown the reader
asked for (by label, by role or by analyst pair), each analyst pair by label, type and role, attribute
agreement, and each document's pairs.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.agreement.pair import BREAKDOWN_TITLES, F1_MEASURES, MEASURE_TITLES, SHORT_TITLES
from annotator.core.agreement.report import MEASURES_BY, AgreementReport, Score
from annotator.core.agreement.spans import NONE

SCORE_HEADERS = ["P", "R", "F1", "tp", "fp", "fn"]
DASH = "—"


@dataclass(frozen=True)
class Table:
    title: str
    headers: list[str]
    rows: list[list[str]]
    names: int = 1  # the leading columns that name things (left-aligned); the rest are figures


@dataclass(frozen=True)
class Series:
    """Bars to draw: one group per key (label, role or pair), one bar per named measure, values 0–1."""

    title: str
    names: list[str]
    groups: list[tuple[str, list[float | None]]]


def number(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def _score_cells(score: Score | None) -> list[str]:
    if score is None:
        return [DASH] * 3 + ["0"] * 3
    counts = score.counts
    return [number(score.precision), number(score.recall), number(score.f1),
            str(counts.tp), str(counts.fp), str(counts.fn)]


def headline(report: AgreementReport) -> str:
    left_out = f"; {report.excluded} annotated by fewer than two left out" if report.excluded else ""
    documents, pairs = len(report.documents), len(report.pairs)
    return (f"Agreement of {len(report.analysts)} analysts ({', '.join(report.analysts)}) on {documents} "
            f"shared document{'s' if documents != 1 else ''}{left_out}; "
            f"{pairs} analyst pair{'s' if pairs != 1 else ''}")


def overall_table(report: AgreementReport) -> Table:
    rows = [[MEASURE_TITLES[measure], *_score_cells(report.overall(measure))] for measure in F1_MEASURES]
    return Table("Overall (micro over documents, mean over analyst pairs)", ["Measure", *SCORE_HEADERS], rows)


def chance_table(report: AgreementReport) -> Table:
    return Table("Tokens and links", ["Measure", "Value"], [
        ["Cohen's κ over token labels (mean over pairs)", number(report.token_kappa)],
        ["Krippendorff's α, nominal, over token labels (all analysts)", number(report.token_alpha)],
        ["Entity links: same entity where both linked (mean over pairs)", number(report.link_agreement)],
    ])


def breakdown_tables(report: AgreementReport, by: str) -> list[Table]:
    if by == "annotator-pair":
        headers = ["Pair", "Documents", *(f"{SHORT_TITLES[m]} F1" for m in F1_MEASURES), "Token κ",
                   "Links"]
        rows = [[pair.name, str(pair.counts.documents), *(number(_f1(pair.score(m))) for m in F1_MEASURES),
                 number(pair.token_kappa), number(pair.counts.links.agreement)] for pair in report.pairs]
        return [Table("By analyst pair (A is the reference)", headers, rows)]
    return [Table(f"{MEASURE_TITLES[measure]} by {BREAKDOWN_TITLES[measure]} (mean over pairs that met it)",
                  [BREAKDOWN_TITLES[measure].capitalize(), *SCORE_HEADERS, "Pairs"],
                  [[key, *_score_cells(score), str(score.pairs)]
                   for key, score in report.by_key(measure).items()])
            for measure in MEASURES_BY[by]]


def _f1(score: Score) -> float | None:
    return score.f1 if score.counts.total else None


def attribute_table(report: AgreementReport) -> Table:
    return Table("Attributes on matched items", ["Attribute", "Observed", "κ", "Judgements"],
                 [[name, number(score.observed), number(score.kappa), str(score.items)]
                  for name, score in report.attribute_scores().items()])


def document_table(report: AgreementReport) -> Table:
    headers = ["Document", "Pair", *(f"{SHORT_TITLES[m]} F1" for m in F1_MEASURES), "Token κ", "Token α"]
    rows = [[document.title or document.sha256[:12], pair.name,
             *(number(_f1(pair.score(m))) for m in F1_MEASURES), number(pair.token_kappa),
             number(document.token_alpha)]
            for document in report.documents for pair in document.pairs]
    return Table("Per document and per annotator pair", headers, rows, names=2)


def pair_key_table(report: AgreementReport) -> Table:
    """Each pair's F1 (with its counts) per label, event type, role and relation type it met."""
    headers = ["Pair", "Measure", "Label, type or role", *SCORE_HEADERS]
    rows = [[pair.name, SHORT_TITLES[measure], key, *_score_cells(score)]
            for pair in report.pairs for measure in F1_MEASURES
            for key, score in pair.scores_by_key(measure).items() if score.counts.total]
    return Table("Per analyst pair, by label, type and role (A is the reference)", headers, rows, names=3)


def all_tables(report: AgreementReport, by: str) -> list[Table]:
    return [overall_table(report), chance_table(report), *breakdown_tables(report, by),
            pair_key_table(report), attribute_table(report), document_table(report)]


def bar_series(report: AgreementReport, by: str) -> Series:
    """F1 per label (exact and overlap), per role, or per pair (spans, triggers, arguments)."""
    if by == "annotator-pair":
        shown = ("spans_exact", "triggers", "arguments")
        return Series("F1 by analyst pair", [MEASURE_TITLES[m] for m in shown],
                      [(pair.name, [_f1(pair.score(m)) for m in shown]) for pair in report.pairs])
    if by == "role":
        return Series("Argument F1 by role", [MEASURE_TITLES["arguments"]],
                      [(role, [score.f1]) for role, score in report.by_key("arguments").items()])
    exact, overlap = report.by_key("spans_exact"), report.by_key("spans_overlap")
    return Series("Entity span F1 by label", [MEASURE_TITLES["spans_exact"], MEASURE_TITLES["spans_overlap"]],
                  [(label, [exact[label].f1, overlap[label].f1]) for label in exact])


def confusion_matrix(report: AgreementReport) -> tuple[list[str], list[list[int]]]:
    """Labels (``(none)`` last) and counts: row = the first analyst's label, column = the second's."""
    table = report.confusion()
    labels = sorted({label for pair in table for label in pair} - {NONE})
    if any(NONE in pair for pair in table):
        labels.append(NONE)
    return labels, [[table.get((row, column), 0) for column in labels] for row in labels]
