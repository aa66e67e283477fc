"""File > Assign work… and File > Merge analysts' work…: the teams verbs in the window.

Both run on the background runner with progress and Cancel, through a twin of the window's project (a
writing twin for the merge, which writes into the open project, the gold one); the merge announces its
changes on the window's project once it is done. Failures are shown by the job (coded messages, nothing
changed); a Cancel is told in the status bar.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from annotator.core.jobs import JobControl
from annotator.errors import AnnotatorError
from annotator.gui.dialogs import PROJECT_FILTER
from annotator.gui.error_text import window_text
from annotator.gui.jobs import BackgroundJob
from annotator.gui.plain_text import plain_label
from annotator.gui.theme import warning_color
from annotator.project import Project
from annotator.project.assigning import checked_request
from annotator.project.facade import EVERYTHING

Tell = Callable[[str], None]


class AssignDialog(QDialog):
    """Who gets work, how much overlap, and the folder for their project files."""

    def __init__(self, parent: QWidget | None, folder: Path, documents: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Assign work")
        self.documents = documents
        self.problem = plain_label()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {warning_color(self.palette()).name()};")
        self.analysts = QLineEdit()
        self.analysts.setPlaceholderText("alice, bob, carol")
        self.overlap = QLineEdit("20%")
        self.overlap.setToolTip("Documents every analyst gets, for agreement: a share (20%) or a number")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.folder = QLineEdit(str(folder))
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Analysts (separated by commas):", self.analysts)
        form.addRow("Overlap:", self.overlap)
        form.addRow("Seed:", self.seed)
        form.addRow("Folder for their files:", row)
        form.addRow(self.problem)
        form.addRow(buttons)

    def accept(self) -> None:
        """Close only on a request that can be carried out; else say why, keeping what was typed."""
        try:
            checked_request(self.names(), self.overlap.text(), Path(self.folder.text()), self.documents)
        except AnnotatorError as error:
            self.problem.setText(f"{window_text(error)} [{error.code}]")
            return
        super().accept()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the analysts' files", self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def names(self) -> list[str]:
        return [name.strip() for name in self.analysts.text().split(",")]


def assign_work(parent: QWidget, project: Project, analysts: list[str], overlap: str, out: Path, seed: int,
                tell: Tell) -> BackgroundJob:
    """Write the analysts' project files through a reading twin."""

    def work(control: JobControl):
        with project.for_thread() as worker:
            return worker.assign(analysts, overlap, out, seed=seed, control=control)

    job = BackgroundJob(parent, "Assign work", work)
    job.succeeded.connect(lambda report: tell("; ".join(report.summary_lines())))
    job.cancelled.connect(lambda: tell("Assigning cancelled; no file was written."))
    return job.start()


def merge_work(parent: QWidget, project: Project, paths: list[Path], tell: Tell) -> BackgroundJob:
    """Merge analysts' files into the open (gold) project through a writing twin, all or nothing."""

    def work(control: JobControl):
        with project.for_thread(writes=True) as worker:
            return worker.merge(paths, control=control)

    def merged(report) -> None:
        project.notify(EVERYTHING)
        tell("; ".join(report.summary_lines()))

    job = BackgroundJob(parent, "Merge analysts' work", work)
    job.succeeded.connect(merged)
    job.cancelled.connect(lambda: tell("Merge cancelled; the project is unchanged."))
    return job.start()


def choose_assign(parent: QWidget, project: Project, tell: Tell) -> AssignDialog:
    dialog = AssignDialog(parent, project.path.resolve().parent / f"{project.path.stem}-shares",
                          project.document_count())
    dialog.accepted.connect(lambda: assign_work(parent, project, dialog.names(), dialog.overlap.text(),
                                                Path(dialog.folder.text()), dialog.seed.value(), tell))
    dialog.open()
    return dialog


def choose_merge(parent: QWidget, project: Project, tell: Tell) -> BackgroundJob | None:
    chosen, _ = QFileDialog.getOpenFileNames(parent, "Merge analysts' work into this project",
                                             str(project.path.parent), PROJECT_FILTER)
    return merge_work(parent, project, [Path(path) for path in chosen], tell) if chosen else None
