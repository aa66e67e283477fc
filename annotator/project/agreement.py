"""The agreement verb: the analysts' layers of a project compared, and the report written as text, JSON
or HTML (the CLI's ``annotator agreement`` and the window's Agreement view both come here)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.agreement.compare import Layers, compare_layers, shared_documents
from annotator.core.agreement.report import AgreementReport
from annotator.core.agreement.serialize import as_dict
from annotator.errors import AnnotatorError, Errors
from annotator.formats.agreement_html import report_html
from annotator.formats.agreement_text import report_text
from annotator.formats.atomic_output import atomic_text

if TYPE_CHECKING:
    from annotator.project.facade import Project


def compact_json(value: Any, depth: int = 0) -> str:
    """JSON indented by two spaces, but an object or list holding no other object or list on one line."""
    if not isinstance(value, dict | list) or not any(isinstance(item, dict | list) for item in
                                                     (value.values() if isinstance(value, dict) else value)):
        return json.dumps(value, ensure_ascii=False)
    inner = "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {compact_json(item, depth + 1)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"
    items = [inner + compact_json(item, depth + 1) for item in value]
    return "[\n" + ",\n".join(items) + "\n" + "  " * depth + "]"


def _json(report: AgreementReport, by: str) -> str:
    return compact_json(as_dict(report, by)) + "\n"


RENDERERS: dict[str, Callable[[AgreementReport, str], str]] = {
    "text": report_text, "json": _json, "html": report_html}
REPORT_SUFFIXES = {"html": ".html", "json": ".json", "text": ".txt"}


def layers_agreement(layers: Layers, where: str = "") -> AgreementReport:
    """The team's agreement; an error (E730) when no document was annotated by two or more analysts."""
    if not shared_documents(layers):
        raise AnnotatorError(Errors.E730, where=where or None, analysts=len(layers))
    return compare_layers(layers)


def project_agreement(project: Project) -> AgreementReport:
    layers = project.analyst_layers()
    try:
        return layers_agreement(layers, str(project.path))
    finally:
        release(layers)


def release(layers: Layers) -> None:
    """Drop the layers a document at a time: freed as one dict, millions of objects go in one cascade of
    deallocations that holds the GIL (80 ms for 2,000 documents of three analysts: a stall of the window
    while a worker computes)."""
    for by_document in layers.values():
        while by_document:
            by_document.popitem()


def render_report(report: AgreementReport, fmt: str = "text", by: str = "label") -> str:
    return RENDERERS[fmt](report, by)


def save_report(report: AgreementReport, path: str | Path, fmt: str = "html", by: str = "label") -> None:
    """Write the report whole or not at all."""
    text = render_report(report, fmt, by)
    with atomic_text(path) as stream:
        stream.write(text)
