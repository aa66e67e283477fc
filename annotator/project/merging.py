"""The merge verb: analysts' project files into one gold project, each analyst's work kept as their layer.

Documents are matched by the SHA-256 of their text, so any copy of a document merges back, however it got
to the analyst. Whose work an input is: ``--as`` (``analysts``), else the name ``annotator assign`` wrote
into the copy (meta ``analyst``), else the file's stem. One input is one analyst's layer: the names on the
rows inside a copy mix the analyst with ``import`` (pre-annotations) and suggestion sources, so they cannot
say whose copy it is; the file can.

A layer replaces only that analyst's previous snapshot of that document, and is written only when it
differs, so merging the same file twice changes nothing. A document that, after the merge, has exactly one
layer and whose layer changed in this merge, is accepted into gold (its annotations replace gold's),
through the rules like an import. Documents several analysts hold wait for adjudication. Everything runs in
one transaction on the gold project: a bad input, a broken rule, Cancel or a crash leaves it as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core import rules
from annotator.core.jobs import JobControl
from annotator.core.layers import index_form, layer_json
from annotator.core.model import Annotated, Document
from annotator.errors import AnnotatorError, Errors
from annotator.project.layer_exports import RESERVED
from annotator.project.registry import EntityResolver

if TYPE_CHECKING:
    from annotator.project.facade import Project

ANALYST_KEY = "analyst"  # the meta key naming whose share a project file is (written by assign)
MERGE = "merge"


@dataclass
class MergedInput:
    path: Path
    analyst: str
    documents: int = 0
    new_documents: int = 0
    layers_written: int = 0


@dataclass
class MergeReport:
    inputs: list[MergedInput] = field(default_factory=list)
    accepted: int = 0  # documents whose single layer became gold

    @property
    def changed(self) -> bool:
        return any(item.layers_written or item.new_documents for item in self.inputs)

    def summary_lines(self) -> list[str]:
        lines = [f"{item.path.name} ({item.analyst}): {item.documents} document(s), "
                 f"{item.new_documents} new to gold, {item.layers_written} layer(s) written"
                 for item in self.inputs]
        lines.append(f"{self.accepted} document(s) known to one analyst accepted into gold")
        if not self.changed:
            lines.append("nothing changed: every layer was already merged")
        return lines


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_inputs(paths: list[Path], analysts: list[str] | None,
                gold: Path | None) -> list[tuple[Project, str]]:
    """Each input opened read-only with its analyst's name; every problem refuses the whole merge."""
    from annotator.project.facade import Project

    if not paths:
        raise AnnotatorError(Errors.E706)
    if analysts and len(analysts) != len(paths):
        raise AnnotatorError(Errors.E703, given=len(analysts), inputs=len(paths))
    opened: list[tuple[Project, str]] = []
    try:
        for index, path in enumerate(paths):
            if gold is not None and gold.exists() and path.exists() and path.samefile(gold):
                raise AnnotatorError(Errors.E705, name=str(path))
            try:
                project = Project.open(path, writer=False)
            except AnnotatorError as error:
                raise AnnotatorError(Errors.E700, name=str(path), reason=error.message) from error
            opened.append((project, ""))
            named = (analysts[index] if analysts else "") or project.store.get_meta(ANALYST_KEY) or path.stem
            if named in RESERVED:
                raise AnnotatorError(Errors.E714, name=named)
            opened[-1] = (project, named)
        schema = opened[0][0].schema.to_json()
        _refuse_one_file_twice([project.path for project, _ in opened])
        seen: dict[str, Path] = {}
        for project, analyst in opened:
            if project.schema.to_json() != schema:
                raise AnnotatorError(Errors.E701, name=str(project.path), other=str(opened[0][0].path))
            if analyst in seen:
                raise AnnotatorError(Errors.E702, analyst=analyst, first=str(seen[analyst]),
                                     second=str(project.path))
            seen[analyst] = project.path
    except BaseException:
        for project, _ in opened:
            project.close()
        raise
    return opened


def _refuse_one_file_twice(paths: list[Path]) -> None:
    """The same file (or a byte-for-byte copy) twice would be merged as two analysts agreeing perfectly."""
    digests: dict[str, Path] = {}
    for path in paths:
        digest = file_digest(path)
        if digest in digests:
            raise AnnotatorError(Errors.E750, first=str(digests[digest]), second=str(path))
        digests[digest] = path


def merge_inputs(gold: Project, inputs: list[tuple[Project, str]],
                 control: JobControl | None = None) -> MergeReport:
    """Merge the opened inputs into ``gold`` in one transaction (see the module's docstring)."""
    control = control or JobControl()
    report = MergeReport()
    schema = gold.schema.to_json()
    for project, _analyst in inputs:
        if project.schema.to_json() != schema:
            raise AnnotatorError(Errors.E701, name=str(project.path), other=str(gold.path))
    total = sum(project.document_count() for project, _ in inputs)
    done = 0
    store = gold.store
    with store.atomic():
        resolver = EntityResolver(gold)
        for project, _analyst in inputs:
            for entity in project.entities():  # the registry comes along, even its unlinked entities
                resolver.resolve(entity)
        changed: dict[int, tuple[str, str, Path]] = {}
        for project, analyst in inputs:
            merged = MergedInput(project.path, analyst)
            report.inputs.append(merged)
            source = file_digest(project.path)
            for item in project.annotated():
                control.check()
                doc_id = _gold_document(gold, item.document, merged)
                if store.layers.put(doc_id, analyst, layer_json(index_form(item)), source):
                    merged.layers_written += 1
                    changed[doc_id] = (analyst, source, project.path)
                    store.audit.record(doc_id, gold.annotator or MERGE, "MergeLayer",
                                       {"analyst": analyst, "source": str(project.path), "sha256": source})
                merged.documents += 1
                done += 1
                control.report(done, total, project.path.name)
        for doc_id, (analyst, _source, path) in changed.items():
            if list(store.layers.of_document(doc_id)) == [analyst]:
                _accept(gold, doc_id, analyst, path, resolver)
                report.accepted += 1
    return report


def _gold_document(gold: Project, document: Document, merged: MergedInput) -> int:
    """The gold document with this text, added (with no annotations) when gold lacks it."""
    store = gold.store
    found = store.documents.ids_by_hash([document.sha256])
    if document.sha256 in found:
        return found[document.sha256]
    merged.new_documents += 1
    fresh = Annotated(replace(document, id=None, status="new", created_at="", updated_at=""))
    return store.insert_annotated([fresh], annotator=MERGE, source=MERGE)[0]


def _accept(gold: Project, doc_id: int, analyst: str, path: Path, resolver: EntityResolver) -> None:
    """The analyst's layer of the document becomes its gold annotations, checked by the rules first."""
    store = gold.store
    layer = gold.analyst_layer(doc_id, analyst)
    broken = rules.errors(rules.annotated_violations(gold.schema, layer))
    if broken:
        raise AnnotatorError(Errors.E704, name=str(path), title=layer.document.title, analyst=analyst,
                             problem=broken[0].message)
    ids = [resolver.resolve(entity).id for entity in layer.entities]
    links = tuple(replace(link, entity_id=ids[link.entity_id]) for link in layer.links)
    store.replace_annotations(doc_id, replace(layer, links=links, entities=()), annotator=analyst,
                              source=MERGE)
    store.audit.record(doc_id, gold.annotator or MERGE, "AcceptLayer", {"analyst": analyst})


def merge_files(gold_path: Path, paths: list[Path], *, analysts: list[str] | None = None,
                annotator: str = "", control: JobControl | None = None) -> MergeReport:
    """Merge into the gold project at ``gold_path``, made first (the inputs' schema and registry) when it
    does not exist; if that first merge fails, the new file is removed again."""
    from annotator.project.facade import Project

    inputs = open_inputs(paths, analysts, gold_path)
    try:
        created = not gold_path.exists()
        gold = (Project.create(gold_path, inputs[0][0].schema, annotator) if created
                else Project.open(gold_path, annotator))
        try:
            report = merge_inputs(gold, inputs, control)
        except BaseException:
            gold.close()
            if created:
                Project.discard_new(gold_path)
            raise
        gold.close()
    finally:
        for project, _analyst in inputs:
            project.close()
    return report
