"""The agreement report as one self-contained HTML file: inline CSS and SVG charts, nothing fetched.

Every name in it (labels, roles, analysts, titles) comes from project files, so all text is escaped.
"""

from __future__ import annotations

from html import escape

from annotator.core.agreement.report import AgreementReport
from annotator.formats.agreement_tables import (
    Series,
    Table,
    all_tables,
    bar_series,
    confusion_matrix,
    headline,
)

COLOURS = ("#3b6ea8", "#e08a2c", "#4f9a59", "#a3499b")
_STYLE = """body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:72em}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{padding:.2em .7em;border-bottom:1px solid #ddd}
td{text-align:right;font-variant-numeric:tabular-nums}th,td.name{text-align:left}
h2{font-size:1.1em;margin-top:1.5em}svg text{font:12px system-ui,sans-serif}"""


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(cell)}</th>" for cell in table.headers)
    def cell_html(column: int, cell: str) -> str:
        return f'<td class="name">{escape(cell)}</td>' if column < table.names else f"<td>{escape(cell)}</td>"

    rows = "".join("<tr>" + "".join(cell_html(column, cell) for column, cell in enumerate(row)) + "</tr>"
                   for row in table.rows)
    body = rows or f'<tr><td colspan="{len(table.headers)}">nothing to compare</td></tr>'
    return f"<h2>{escape(table.title)}</h2>\n<table><tr>{head}</tr>{body}</table>"


def _svg(width: float, height: float, title: str) -> list[str]:
    return [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}">',
            f"<title>{escape(title)}</title>", f'<rect width="{width}" height="{height}" fill="#fff"/>']


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{x}" y="{y}"{extra}>{escape(text)}</text>'


def bar_chart_svg(series: Series) -> str:
    """Grouped bars (0 to 1), a group per key, with a legend; empty values are left out."""
    bar, gap, height, left, top = 28, 22, 180, 40, 34
    group_width = bar * len(series.names) + gap
    legend = [left + sum(len(name) * 7 + 34 for name in series.names[:number])
              for number in range(len(series.names) + 1)]
    width = max(left + max(len(series.groups), 1) * group_width + 20, legend[-1])
    parts = _svg(width, height + top + 70, series.title)
    for step in range(5):
        y = top + height - step * height / 4
        parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{y}" y2="{y}" stroke="#ddd"/>'
                     f'<text x="{left - 6}" y="{y + 4}" text-anchor="end">{step / 4:.2f}</text>')
    for index, (key, values) in enumerate(series.groups):
        x0 = left + gap / 2 + index * group_width
        for number, value in enumerate(values):
            if value is None:
                continue
            bar_height, colour, x = value * height, COLOURS[number % len(COLOURS)], x0 + number * bar
            parts.append(f'<rect x="{x}" y="{top + height - bar_height:.1f}" '
                         f'width="{bar - 2}" height="{bar_height:.1f}" fill="{colour}">'
                         f"<title>{escape(key)}: {escape(series.names[number])} {value:.3f}</title></rect>"
                         + _text(x + (bar - 2) / 2, top + height - bar_height - 3, f"{value:.2f}",
                                 ' text-anchor="middle" font-size="9"'))
        middle = x0 + bar * len(values) / 2
        parts.append(f'<text x="{middle}" y="{top + height + 14}" text-anchor="end" '
                     f'transform="rotate(-35 {middle} {top + height + 14})">{escape(key)}</text>')
    for number, name in enumerate(series.names):
        x = legend[number]
        parts.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[number % len(COLOURS)]}"/>'
                     f'<text x="{x + 16}" y="16">{escape(name)}</text>')
    return "".join(parts) + "</svg>"


def confusion_svg(labels: list[str], counts: list[list[int]]) -> str:
    """A grid of counts, darker for more; agreeing cells (the diagonal) blue, the others orange."""
    cell = 42
    longest = max((len(label) for label in labels), default=0)
    margin, top = 7 * longest + 16, 5 * longest + 16  # room for the row labels, and the slanted column ones
    peak = max((value for row in counts for value in row), default=0) or 1
    parts = _svg(margin + cell * len(labels) + 10 + 5 * longest, top + cell * len(labels) + 10,
                 "Confusion of entity labels")
    for index, label in enumerate(labels):
        x = margin + index * cell + cell / 2
        parts.append(_text(margin - 6, top + index * cell + cell / 2 + 4, label, ' text-anchor="end"')
                     + _text(x, top - 6, label, f' transform="rotate(-45 {x} {top - 6})"'))
    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            colour = COLOURS[0] if row == column else COLOURS[1]
            x, y = margin + column * cell, top + row * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" stroke="#fff" '
                         f'fill="{colour}" fill-opacity="{0.08 + 0.82 * value / peak:.2f}"/>'
                         + _text(x + cell / 2, y + cell / 2 + 4, str(value), ' text-anchor="middle"'))
    return "".join(parts) + "</svg>"


def report_html(report: AgreementReport, by: str) -> str:
    tables = all_tables(report, by)
    labels, counts = confusion_matrix(report)
    series = bar_series(report, by)
    return "\n".join([
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        "<title>Inter-annotator agreement</title>", f"<style>{_STYLE}</style></head><body>",
        "<h1>Inter-annotator agreement</h1>", f"<p>{escape(headline(report))}</p>",
        *map(_table, tables[:2]),
        f"<h2>{escape(series.title)}</h2>", bar_chart_svg(series),
        *map(_table, tables[2:]),
        "<h2>Confusion of entity labels</h2><p>Rows: the label of each pair's first analyst; columns: the "
        "second's, on spans of the same extent or overlapping; (none): the other tagged nothing there.</p>",
        confusion_svg(labels, counts), "</body></html>",
    ]) + "\n"
