"""The export verb: stream a project's documents through one format's writer.

A writer is any callable ``writer(documents, out, schema, report)`` that consumes the ``documents``
iterator once, writes ``out`` through :mod:`annotator.formats.atomic_output` (so a failed or cancelled
export leaves nothing behind) and notes in ``report`` every span it cannot represent. Adding a format is
adding an entry to :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from annotator.core.jobs import JobControl
from annotator.core.model import STATUSES, Annotated
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError
from annotator.formats.brat import write_brat
from annotator.formats.conll_writer import write_conll
from annotator.formats.doccano_writer import write_doccano
from annotator.formats.dygiepp_writer import write_dygiepp
from annotator.formats.export_report import ExportReport
from annotator.formats.jsonl_writer import write_jsonl
from annotator.formats.spacy_writer import write_docbin
from annotator.store import ProjectStore

__all__ = ["FORMATS", "ExportReport", "Writer", "export_project"]


class Writer(Protocol):
    def __call__(self, documents: Iterable[Annotated], out: Path, schema: Schema,
                 report: ExportReport) -> None: ...


FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "spacy": write_docbin,
    "conll": write_conll,
    "dygiepp": write_dygiepp,
    "brat": write_brat,
    "doccano": write_doccano,
}


def export_project(store: ProjectStore, out: Path, fmt: str, *, status: str | None = None,
                   labels: Iterable[str] | None = None, control: JobControl | None = None
                   ) -> ExportReport:
    """Write the documents (with ``status``, keeping only spans with ``labels``) to ``out`` as ``fmt``.

    Raises :class:`~annotator.core.jobs.Cancelled` when cancelled, leaving no output behind.
    """
    writer = FORMATS.get(fmt)
    if writer is None:
        raise AnnotatorError(f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}")
    if status is not None and status not in STATUSES:
        raise AnnotatorError(f"unknown status {status!r}", hint=f"use one of {', '.join(STATUSES)}")
    labels = list(labels) if labels is not None else None
    schema = store.schema
    unknown = [label for label in labels or () if not schema.has_label(label)]
    if unknown:
        raise AnnotatorError(f"schema {schema.name!r} has no label {unknown[0]!r}",
                             hint="labels are entity labels or event types of the project's schema")
    report = ExportReport(Path(out), fmt)
    documents = _checked_documents(store, status, labels, control or JobControl(), report)
    writer(documents, Path(out), schema, report)
    return report


def _checked_documents(store: ProjectStore, status: str | None, labels: list[str] | None,
                       control: JobControl, report: ExportReport) -> Iterator[Annotated]:
    """The store's stream, with progress, cancelling and the offset check on every span."""
    total = store.document_count(status)
    control.report(0, total, "exporting")
    for item in store.iter_annotated(status=status, labels=labels):
        control.check()
        text = item.document.text
        for span in item.spans:
            if text[span.start : span.end] != span.text:
                raise AnnotatorError(
                    f"span {span.start}-{span.end} ({span.label}) should read {span.text!r} but the "
                    f"text there is {text[span.start:span.end]!r}; nothing was exported",
                    where=f"document {item.document.id} ({item.document.title})",
                    hint="run 'annotator check' on the project")
        report.count(item)
        yield item
        control.report(report.documents, total, item.document.title)
