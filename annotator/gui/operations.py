"""The window's slow user actions, one small function each (the shape of Anki's ``aqt/operations``).

Each operation runs its work on the one background runner (:class:`~annotator.gui.jobs.BackgroundJob`)
through a :meth:`Project.for_thread` twin or a verb that opens its own connections, because a SQLite
connection is only used by the thread that made it. On success, back on the UI thread, it announces
the :class:`Changes` it made with ``project.notify`` on the window's project (a twin's own
announcement reaches no view), tells the analyst in one line, then hands the report to ``on_done``.
Failures are shown by the job itself; a Cancel is told through ``tell``.

The window only lays out, asks for paths and options, and delegates here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QWidget

from annotator.core.jobs import JobControl
from annotator.errors import AnnotatorError
from annotator.gui.dialogs import PROJECT_FILTER, show_html
from annotator.gui.jobs import BackgroundJob
from annotator.project import PROJECT_SUFFIX, Project
from annotator.project.facade import EVERYTHING

if TYPE_CHECKING:
    from annotator.formats.registry import WriterFormat

IMPORT_FILTER = "Documents (*.txt *.jsonl *.ndjson *.ann);;All files (*)"
ENCODING_PROBLEMS = {"E103", "E104"}  # not text in the chosen encoding: the import options can fix it

Tell = Callable[[str], None]
Done = Callable[[Any], None]


def _ignore(_value: object) -> None:
    pass


@dataclass(frozen=True)
class ImportOptions:
    """What :meth:`annotator.project.Project.import_paths` takes besides the paths."""

    encoding: str | None = None
    normalize_newlines: bool = False
    skip_invalid: bool = False


def _run(parent: QWidget, title: str, work: Callable[[JobControl], Any], *, succeeded: Done,
         cancelled_text: str, tell: Tell) -> BackgroundJob:
    """Start ``work`` on the runner; ``succeeded`` and the Cancel message come back on the UI thread."""
    job = BackgroundJob(parent, title, work)
    job.succeeded.connect(succeeded)
    job.cancelled.connect(lambda: tell(cancelled_text))
    return job.start()


# -- import -------------------------------------------------------------------------------------------


def ask_import_files(parent: QWidget, start_dir: str) -> list[Path]:
    paths, _ = QFileDialog.getOpenFileNames(parent, "Import documents", start_dir, IMPORT_FILTER)
    return [Path(p) for p in paths]


def ask_import_folder(parent: QWidget, start_dir: str) -> list[Path]:
    folder = QFileDialog.getExistingDirectory(parent, "Import a folder of documents", start_dir)
    return [Path(folder)] if folder else []


def import_documents(parent: QWidget, project: Project, paths: list[Path],
                     options: ImportOptions | None = None, *, on_done: Done = _ignore,
                     tell: Tell = _ignore, on_encoding: Callable[[AnnotatorError], None] | None = None,
                     ) -> BackgroundJob:
    """Import ``paths`` through a writing twin; the window's connection keeps the writer lock.

    On success, announces :data:`EVERYTHING` once on the UI thread, tells the first summary line, shows
    the full report when there is more to say, then calls ``on_done(report)``. A file that is not text
    in the chosen encoding goes to ``on_encoding`` (the import options), not to an error dialog: the
    import changed nothing, so it can simply be run again.
    """
    options = options or ImportOptions()
    annotator = project.annotator or "import"

    def work(control: JobControl):
        with project.for_thread(writes=True) as worker:
            return worker.import_paths(paths, annotator=annotator, encoding=options.encoding,
                                       normalize_newlines=options.normalize_newlines,
                                       skip_invalid=options.skip_invalid, control=control)

    def imported(report) -> None:
        project.notify(EVERYTHING)
        lines = report.summary_lines()
        tell(lines[0])
        if report.invalid:
            from annotator.gui.option_dialogs import ImportReportDialog

            ImportReportDialog(parent, report).show()
        elif len(lines) > 1:
            show_html(parent, "Import report", "<pre>" + escape("\n".join(lines)) + "</pre>")
        on_done(report)

    job = _run(parent, "Import", work, succeeded=imported,
               cancelled_text="Import cancelled; the project is unchanged.", tell=tell)
    if on_encoding is not None:

        def explain(error: AnnotatorError) -> bool:
            if error.code not in ENCODING_PROBLEMS:
                return False
            on_encoding(error)
            return True

        job.explain = explain
    return job


# -- export -------------------------------------------------------------------------------------------


def ask_export_target(parent: QWidget, export_format: WriterFormat, folder: Path, stem: str) -> Path | None:
    """A file to write for single-file formats, a folder for the others; None when the analyst backs out."""
    title = f"Export as {export_format.title}"
    if export_format.suffix:
        out, _ = QFileDialog.getSaveFileName(parent, title, str(folder / f"{stem}{export_format.suffix}"),
                                             export_format.file_filter)
    else:
        out = QFileDialog.getExistingDirectory(parent, title, str(folder))
    return Path(out) if out else None


def export_documents(parent: QWidget, project: Project, out: Path, fmt: str, status: str | None = None,
                     labels: list[str] | None = None, *, on_done: Done = _ignore,
                     tell: Tell = _ignore) -> BackgroundJob:
    """Export through a twin; only the token cache changes (nothing shown), so nothing is announced."""

    def work(control: JobControl):
        with project.for_thread(writes=True) as worker:
            return worker.export(out, fmt, status=status, labels=labels, control=control)

    def exported(report) -> None:
        tell("; ".join(report.summary_lines()))
        on_done(report)

    return _run(parent, "Export", work, succeeded=exported,
                cancelled_text="Export cancelled; nothing was written.", tell=tell)


# -- back up ------------------------------------------------------------------------------------------


def default_backup_destination(project: Path, today: date | None = None) -> Path:
    """``<stem>-backup-YYYY-MM-DD.annotator`` beside the project."""
    stamp = (today or date.today()).isoformat()
    return project.with_name(f"{project.stem}-backup-{stamp}{PROJECT_SUFFIX}")


def ask_backup_destination(parent: QWidget, project: Path) -> Path | None:
    """The file to back up into; the dialog itself asks before replacing an existing file."""
    chosen, _ = QFileDialog.getSaveFileName(parent, "Back up project",
                                            str(default_backup_destination(project)), PROJECT_FILTER)
    return Path(chosen) if chosen else None


def back_up(parent: QWidget, project: Project, destination: Path, *, on_done: Done = _ignore,
            tell: Tell = _ignore) -> BackgroundJob:
    """A consistent copy while the analyst keeps working.

    SQLite's backup API (:meth:`Project.backup`) opens its own connections, so the worker never touches
    the window's. Cancel (or closing the window) stops it between steps and leaves no file behind.
    """

    def work(control: JobControl) -> Path:
        def progress(done: int, total: int) -> None:
            control.report(done, total, "copying")
            control.check()

        return project.backup(destination, replace=True, progress=progress)

    def backed_up(written: Path) -> None:
        tell(f"Backed up to {written}")
        on_done(written)

    return _run(parent, "Backup", work, succeeded=backed_up,
                cancelled_text="Backup cancelled; nothing was written.", tell=tell)
