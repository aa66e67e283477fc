"""The agreement report as plain text: the tables, columns padded, and the confusion as a grid."""

from __future__ import annotations

from annotator.core.agreement.report import AgreementReport
from annotator.formats.agreement_tables import Table, all_tables, confusion_matrix, headline


def table_text(table: Table) -> list[str]:
    if not table.rows:
        return [table.title, "  (nothing to compare)"]
    lines = [table.headers, *table.rows]
    widths = [max(len(row[column]) for row in lines) for column in range(len(table.headers))]

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(cell.ljust(width) if column < table.names else cell.rjust(width)
                                for column, (cell, width) in enumerate(zip(cells, widths, strict=True)))

    return [table.title, line(table.headers), *map(line, table.rows)]


def confusion_text(report: AgreementReport) -> list[str]:
    labels, counts = confusion_matrix(report)
    rows = [[label, *map(str, row)] for label, row in zip(labels, counts, strict=True)]
    return table_text(Table("Confusion of entity labels (rows: a pair's first analyst, columns: the second)",
                            ["", *labels], rows))


def report_text(report: AgreementReport, by: str) -> str:
    lines = [headline(report), ""]
    for table in all_tables(report, by):
        lines += [*table_text(table), ""]
    return "\n".join([*lines, *confusion_text(report)]) + "\n"
