"""The export verb: stream a project's documents through one format's writer (see
:data:`annotator.formats.registry.WRITERS`), with progress, Cancel and the offset check on the way out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.jobs import JobControl
from annotator.core.model import STATUSES, Annotated
from annotator.errors import AnnotatorError, Errors, Hints
from annotator.formats.export_report import ExportReport
from annotator.formats.registry import WRITERS
from annotator.project.layer_exports import GOLD, LayerSource, layer_outputs

if TYPE_CHECKING:
    from annotator.project.facade import Project


def export_project(project: Project, out: Path, fmt: str, *, status: str | None = None,
                   labels: Iterable[str] | None = None, control: JobControl | None = None,
                   layer: str = GOLD) -> list[ExportReport]:
    """Write the documents (with ``status``, keeping only spans with ``labels``) of ``layer`` to ``out`` as
    ``fmt``: one report per output (see :mod:`annotator.project.layer_exports` for the layers).

    Raises :class:`~annotator.core.jobs.Cancelled` when cancelled, leaving no output behind.
    """
    entry = WRITERS.get(fmt)
    if entry is None:
        raise AnnotatorError(Errors.E205, fmt=fmt, formats=", ".join(WRITERS))
    if status is not None and status not in STATUSES:
        raise AnnotatorError(Errors.E019, status=status, statuses=", ".join(STATUSES))
    labels = list(labels) if labels is not None else None
    schema = project.schema
    unknown = [label for label in labels or () if not schema.has_label(label)]
    if unknown:
        raise AnnotatorError(Errors.E206, schema=schema.name, label=unknown[0])
    reports = []
    outputs = layer_outputs(project, Path(out), fmt, layer, status, labels)
    _make_layers_folder(Path(out), [target for target, _ in outputs])
    for target, source in outputs:
        report = ExportReport(target, fmt)
        documents = _checked_documents(source, control or JobControl(), report, entry.carries)
        if entry.reads_token_bounds:
            from annotator.project.token_caching import with_token_bounds

            documents = with_token_bounds(project, documents, schema.language)
        entry.write(documents, target, schema, report)
        reports.append(report)
    return reports


def _make_layers_folder(out: Path, targets: list[Path]) -> None:
    """``all`` in a folder format writes ``out/gold``, ``out/alice``...: make ``out`` when its parent
    exists (as a one-layer export makes its folder); a missing parent is still refused (E002)."""
    if any(target.parent == out for target in targets) and out.parent.is_dir() and not out.exists():
        out.mkdir()


def _checked_documents(source: LayerSource, control: JobControl, report: ExportReport,
                       carries: frozenset[str]) -> Iterator[Annotated]:
    """The store's stream (which checks every span against its text), with progress and Cancel; what the
    format does not carry is counted in ``report`` (see :meth:`ExportReport.uncarried`)."""
    total = source.total
    control.report(0, total, "exporting")
    try:
        for item in source.items():
            control.check()
            report.count(item)
            yield report.uncarried(item, carries)
            control.report(report.documents, total, item.document.title)
    except AnnotatorError as error:
        raise error.restated(hint=Hints.NOTHING_EXPORTED) from error
