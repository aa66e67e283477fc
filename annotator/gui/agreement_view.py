"""The Agreement window (View > Agreement…): how far the analysts' layers agree, computed in the
background, as the same tables and charts as ``annotator agreement`` (overall figures, a breakdown by
label, role or analyst pair, attributes, each document, the confusion matrix), and Save report (HTML,
JSON or text). Labels, roles and names come from project files: every cell is plain text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.core.agreement import BREAKDOWNS
from annotator.core.agreement.report import AgreementReport
from annotator.core.jobs import JobControl
from annotator.errors import AnnotatorError
from annotator.formats.agreement_tables import (
    Table,
    attribute_table,
    breakdown_tables,
    chance_table,
    document_table,
    headline,
    overall_table,
    pair_key_table,
)
from annotator.gui.agreement_charts import SvgChart, bar_chart, confusion_chart
from annotator.gui.error_text import window_text
from annotator.gui.jobs import BackgroundJob, collector_paused
from annotator.gui.plain_text import plain_label
from annotator.gui.report_table import table_view
from annotator.gui.tool_windows import ToolWindow, bring_up
from annotator.gui.workbench import Workbench
from annotator.project.agreement import REPORT_SUFFIXES, project_agreement, save_report

BY_TITLES = {"label": "By label", "role": "By role", "annotator-pair": "By analyst pair"}
SAVE_FILTERS = {"html": "HTML report (*.html)", "json": "JSON (*.json)", "text": "Plain text (*.txt)"}


def fixed_tables(report: AgreementReport) -> dict[str, Table]:
    """The tables that do not change with the breakdown (one row per document and pair: thousands)."""
    return {"overall": overall_table(report), "chance": chance_table(report), "pairs": pair_key_table(report),
            "attributes": attribute_table(report), "documents": document_table(report)}


class _Page(QScrollArea):
    """A tab: titled tables and charts one under the other, scrolling as a whole."""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.fill([])

    def fill(self, parts: list[Table | QWidget], beside: QWidget | None = None) -> None:
        """The parts one under the other; ``beside`` (a chart) to their right, at the top."""
        inner = QWidget()
        row = QHBoxLayout(inner)
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        row.addWidget(column, 1)
        if beside is not None:
            row.addWidget(beside, 0, Qt.AlignmentFlag.AlignTop)
        for part in parts:
            if isinstance(part, Table):
                title = plain_label(part.title)
                title.setStyleSheet("font-weight: bold")
                layout.addWidget(title)
                layout.addWidget(table_view(part) if part.rows else plain_label("Nothing to compare."))
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        self.setWidget(inner)


class AgreementView(ToolWindow):
    def __init__(self, workbench: Workbench, parent: QWidget | None = None) -> None:
        super().__init__("Agreement", parent)
        self.workbench = workbench
        self.project = workbench.session.project
        self.report: AgreementReport | None = None
        self.tables: dict[str, Table] = {}  # the tables whatever the breakdown, laid out with the report
        self.job: BackgroundJob | None = None
        self.saving: BackgroundJob | None = None
        self.summary = plain_label("Computing agreement…")
        self.summary.setWordWrap(True)
        self.by = QComboBox()
        for by in BREAKDOWNS:
            self.by.addItem(BY_TITLES[by], by)
        self.by.setToolTip("Break the figures and the bar chart down by label, event role or analyst pair")
        self.recompute = QPushButton("&Recompute")
        self.save = QPushButton("&Save report…")
        self.save.setToolTip("Save the report as one HTML file with its charts, as JSON, or as text")
        controls = QHBoxLayout()
        controls.addWidget(self.by)
        controls.addStretch(1)
        controls.addWidget(self.recompute)
        controls.addWidget(self.save)
        self.tabs = QTabWidget()
        self.overview, self.breakdown, self.attributes, self.documents, self.confusion_page = (
            _Page() for _ in range(5))
        for page, title in ((self.overview, "&Overview"), (self.breakdown, "&Breakdown"),
                            (self.attributes, "&Attributes"), (self.documents, "&Documents"),
                            (self.confusion_page, "&Confusion")):
            self.tabs.addTab(page, title)
        self.chart, self.confusion = SvgChart(), SvgChart()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(controls)
        layout.addWidget(self.tabs, 1)
        self.resize(900, 640)
        self.by.currentIndexChanged.connect(lambda _: self.show_report())
        self.recompute.clicked.connect(self.compute)
        self.save.clicked.connect(self.choose_save)
        self.compute()

    @property
    def chosen_by(self) -> str:
        return self.by.currentData()

    def compute(self) -> None:
        """Compare the layers on the background runner (reading every layer can take a while)."""
        if self.job is not None:
            return
        project = self.project
        self.summary.setText("Computing agreement…")
        self.save.setEnabled(False)

        def work(control: JobControl) -> tuple[AgreementReport, dict[str, Table]]:
            with collector_paused():
                with project.for_thread() as reader, control.interrupting(reader.interrupt):
                    control.check()
                    report = project_agreement(reader)
                return report, fixed_tables(report)

        self.job = BackgroundJob(self, "Computing agreement", work)
        self.job.explain = self._explain
        self.job.succeeded.connect(self._computed)
        self.job.finished.connect(self._finished)
        self.job.start()

    def _explain(self, error: AnnotatorError) -> bool:
        """No document shared by two analysts is an answer, not a failure: say so in the window."""
        if error.code != "E730":
            return False
        self.report = None
        self.summary.setText(window_text(error))
        return True

    def _finished(self) -> None:
        self.job = None

    def _computed(self, result: tuple[AgreementReport, dict[str, Table]]) -> None:
        self.report, self.tables = result
        self.save.setEnabled(self.saving is None)
        self.show_report()

    def show_report(self) -> None:
        report = self.report
        if report is None:
            return
        by = self.chosen_by
        self.summary.setText(headline(report))
        self.chart = SvgChart()
        self.chart.show_svg(bar_chart(report, by))
        self.chart.setAccessibleName("Bar chart")
        tables = self.tables
        self.overview.fill([tables["overall"], tables["chance"]], beside=self.chart)
        self.breakdown.fill([*breakdown_tables(report, by), tables["pairs"]])
        self.attributes.fill([tables["attributes"]])
        self.documents.fill([tables["documents"]])
        self.confusion = SvgChart()
        self.confusion.show_svg(confusion_chart(report))
        note = plain_label("Rows: the label of each pair's first analyst; columns: the second's, on spans of "
                           "the same extent or overlapping; (none): the other tagged nothing there.")
        note.setWordWrap(True)
        self.confusion_page.fill([note, self.confusion])

    def choose_save(self) -> None:
        if self.report is None or self.saving is not None:
            return
        start = self.project.path.with_name(f"{self.project.path.stem}-agreement.html")
        chosen, picked = QFileDialog.getSaveFileName(self, "Save agreement report", str(start),
                                                     ";;".join(SAVE_FILTERS.values()))
        if chosen:
            self.save_to(Path(chosen), picked)

    def save_to(self, path: Path, picked_filter: str = "") -> None:
        """Write the report in the format the suffix (else the picked filter) names; HTML by default."""
        by_suffix = {suffix: fmt for fmt, suffix in REPORT_SUFFIXES.items()}
        fmt = by_suffix.get(path.suffix.lower()) or next(
            (fmt for fmt, title in SAVE_FILTERS.items() if title == picked_filter), "html")
        if not path.suffix:
            path = path.with_suffix(REPORT_SUFFIXES[fmt])
        report, by = self.report, self.chosen_by

        def work(control: JobControl) -> Path:
            """Rendering thousands of rows takes 0.2-0.6 s (2,000 documents, three analysts): not on the UI
            thread."""
            control.check()
            save_report(report, path, fmt, by)
            return path

        self.save.setEnabled(False)
        self.saving = BackgroundJob(self, "Save report", work)
        self.saving.succeeded.connect(
            lambda saved: self.summary.setText(f"{headline(report)}. Saved to {saved}."))
        self.saving.finished.connect(self._saved)
        self.saving.start()

    def _saved(self) -> None:
        self.saving = None
        self.save.setEnabled(self.report is not None)


def show_agreement_view(workbench: Workbench) -> AgreementView:
    """The one Agreement window of this workbench, made on first use (computing afresh) and raised."""
    view, made = bring_up(workbench, AgreementView, lambda: AgreementView(workbench, workbench))
    if not made:
        view.compute()
    return view
