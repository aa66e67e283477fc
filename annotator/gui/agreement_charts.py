"""The agreement charts in the window: the very SVG drawings of the HTML report, shown by Qt's SVG
renderer at their own size, so the window and the saved report cannot draw different charts."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QWidget

from annotator.core.agreement.report import AgreementReport
from annotator.formats.agreement_html import bar_chart_svg, confusion_svg
from annotator.formats.agreement_tables import bar_series, confusion_matrix


class SvgChart(QSvgWidget):
    """One drawing, at the size it was drawn for (a chart squeezed out of shape misleads)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.svg = ""

    def show_svg(self, svg: str) -> None:
        self.svg = svg
        self.load(QByteArray(svg.encode("utf-8")))
        self.setFixedSize(self.renderer().defaultSize())


def bar_chart(report: AgreementReport, by: str) -> str:
    return bar_chart_svg(bar_series(report, by))


def confusion_chart(report: AgreementReport) -> str:
    return confusion_svg(*confusion_matrix(report))
