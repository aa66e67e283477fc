"""The export formats: one entry each (name, title, suffix, writer); the CLI choice, the export dialog and
the export verb are all built from :data:`WRITERS`. Readers have theirs in :mod:`annotator.formats.sources`.

A writer is any callable ``writer(documents, out, schema, report)`` that consumes the ``documents``
iterator once, writes ``out`` through :mod:`annotator.formats.atomic_output` (so a failed or cancelled
export leaves nothing behind) and notes in ``report`` every span it cannot represent.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from annotator.core.model import Annotated
from annotator.core.schema import Schema
from annotator.formats.export_report import (
    ATTRIBUTES,
    EVERY_KIND,
    LINKS,
    NOTES,
    RECORDS,
    RELATIONS,
    ExportReport,
)


class Writer(Protocol):
    def __call__(self, documents: Iterable[Annotated], out: Path, schema: Schema,
                 report: ExportReport) -> None: ...


@dataclass(frozen=True)
class WriterFormat:
    name: str
    title: str
    suffix: str  # "" means the format writes a folder
    writer: str  # "module:function", imported at the first export (start-up needs only the names)
    carries: frozenset[str] = frozenset()  # of export_report.EVERY_KIND; the rest is counted as left out
    reads_token_bounds: bool = False  # tokenises through TokenizedDocument, so cached boundaries serve it

    @property
    def write(self) -> Writer:
        module, _, function = self.writer.partition(":")
        return getattr(importlib.import_module(module), function)

    @property
    def file_filter(self) -> str:
        return f"{self.title} (*{self.suffix})"


WRITERS: dict[str, WriterFormat] = {
    entry.name: entry
    for entry in (
        WriterFormat("jsonl", "JSONL (Prodigy style)", ".jsonl",
                     "annotator.formats.jsonl_writer:write_jsonl", EVERY_KIND,
                     reads_token_bounds=True),
        WriterFormat("spacy", "spaCy DocBin", ".spacy", "annotator.formats.spacy_writer:write_docbin",
                     frozenset({RELATIONS, ATTRIBUTES, NOTES, LINKS})),
        WriterFormat("brat", "brat standoff (a folder)", "", "annotator.formats.brat:write_brat",
                     EVERY_KIND - {RECORDS}),
        WriterFormat("doccano", "doccano JSONL", ".jsonl", "annotator.formats.doccano_writer:write_doccano",
                     frozenset({RELATIONS})),
        WriterFormat("conll", "CoNLL BIO", ".conll", "annotator.formats.conll_writer:write_conll",
                     reads_token_bounds=True),
        WriterFormat("dygiepp", "DyGIE++ JSON lines", ".jsonl",
                     "annotator.formats.dygiepp_writer:write_dygiepp", frozenset({RELATIONS, LINKS}),
                     reads_token_bounds=True),
        WriterFormat("textee", "TextEE / OneIE event JSON lines", ".jsonl",
                     "annotator.formats.textee_writer:write_textee", frozenset({RELATIONS}),
                     reads_token_bounds=True),
    )
}
