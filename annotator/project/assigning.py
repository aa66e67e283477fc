"""The assign verb: one project file per analyst, each document in one analyst's share plus an overlap
set in everyone's share (for agreement).

Which documents overlap, and who gets the rest, depends only on the texts and the seed: documents are
ordered by the SHA-256 of ``seed:text digest``, the first ``overlap`` of that order go to everyone, and the
rest are dealt round-robin in that order, so shares differ by one document at most and the same project,
analysts and seed always give the same shares. Each share is made through the facade (same schema, the
whole entity registry, each document with its current annotations) and names its analyst in its meta,
which ``annotator merge`` reads back. Nothing is written unless every share can be.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.jobs import JobControl
from annotator.core.layers import index_form
from annotator.errors import AnnotatorError, Errors
from annotator.project.layer_exports import RESERVED
from annotator.project.merging import ANALYST_KEY
from annotator.project.registry import EntityResolver

if TYPE_CHECKING:
    from annotator.project.facade import Project

_NAME = re.compile(r"[\w.-]+")
_SHARE = re.compile(r"(\d+(?:\.\d+)?)%|(\d+)")
SUFFIX = ".annotator"


@dataclass
class AssignReport:
    shares: dict[str, Path] = field(default_factory=dict)
    documents: dict[str, int] = field(default_factory=dict)
    overlap: int = 0

    def summary_lines(self) -> list[str]:
        lines = [f"{name}: {self.documents[name]} document(s) in {path}"
                 for name, path in self.shares.items()]
        lines.append(f"{self.overlap} document(s) in everyone's share (the overlap)")
        return lines


def overlap_count(value: str | int, documents: int) -> int:
    """How many documents ``value`` (``20%``, or a count) means among ``documents``."""
    match = _SHARE.fullmatch(str(value).strip())
    if match is None:
        raise AnnotatorError(Errors.E707, value=str(value))
    if match.group(1) is not None:
        share = float(match.group(1))
        if share > 100:
            raise AnnotatorError(Errors.E707, value=str(value))
        return round(documents * share / 100)
    count = int(match.group(2))
    if count > documents:
        raise AnnotatorError(Errors.E708, value=count, documents=documents)
    return count


def checked_names(analysts: list[str]) -> list[str]:
    names = [name.strip() for name in analysts]
    for name in names:
        if not _NAME.fullmatch(name) or name.startswith("."):
            raise AnnotatorError(Errors.E709, name=name)
        if name in RESERVED:
            raise AnnotatorError(Errors.E714, name=name)
    for index, name in enumerate(names):
        if name in names[:index]:
            raise AnnotatorError(Errors.E710, name=name)
    if not names:
        raise AnnotatorError(Errors.E709, name="")
    return names


def checked_request(analysts: list[str], overlap: str | int, out: Path,
                    documents: int) -> tuple[list[str], int, dict[str, Path]]:
    """The analysts' names, the overlap's count and each analyst's file; or the coded reason why not
    (asked by the window too, before its dialog closes on what was typed)."""
    names = checked_names(analysts)
    count = overlap_count(overlap, documents)
    targets = {name: out / f"{name}{SUFFIX}" for name in names}
    for path in targets.values():
        if path.exists():
            raise AnnotatorError(Errors.E711, path=str(path))
    return names, count, targets


def shares(digests: list[str], analysts: list[str], overlap: int, seed: int) -> dict[str, set[str]]:
    """Which document digests go to each analyst (see the module's docstring)."""
    order = sorted(digests, key=lambda digest: hashlib.sha256(f"{seed}:{digest}".encode()).hexdigest())
    shared = set(order[:overlap])
    dealt: dict[str, set[str]] = {name: set(shared) for name in analysts}
    for index, digest in enumerate(order[overlap:]):
        dealt[analysts[index % len(analysts)]].add(digest)
    return dealt


def assign_work(project: Project, analysts: list[str], overlap: str | int, out: Path, *, seed: int = 0,
                control: JobControl | None = None) -> AssignReport:
    """Write one share per analyst into the folder ``out`` (made if missing); all or nothing."""
    from annotator.project.facade import Project

    control = control or JobControl()
    digests = project.store.documents.digests()
    if not digests:
        raise AnnotatorError(Errors.E712, where=str(project.path))
    names, count, targets = checked_request(analysts, overlap, out, len(digests))
    dealt = shares(digests, names, count, seed)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise AnnotatorError(Errors.E752, path=str(out), reason=error.strerror or error) from error
    report = AssignReport(overlap=count)
    made: list[Project] = []
    try:
        with ExitStack() as stack:
            resolvers = {}
            for name, path in targets.items():
                share = Project.create(path, project.schema, annotator=name)
                made.append(share)
                stack.enter_context(share.store.atomic())
                share.store.set_meta(ANALYST_KEY, name)
                resolvers[name] = EntityResolver(share)
                for entity in project.entities():
                    resolvers[name].resolve(entity)
                report.shares[name], report.documents[name] = path, 0
            for done, item in enumerate(project.annotated(), start=1):
                control.check()
                plain = index_form(item)
                for name, share in zip(names, made, strict=True):
                    if item.document.sha256 in dealt[name]:
                        ids = [resolvers[name].resolve(entity).id for entity in plain.entities]
                        links = tuple(replace(link, entity_id=ids[link.entity_id]) for link in plain.links)
                        share.store.insert_annotated([replace(plain, links=links, entities=())],
                                                     annotator=name, source="import")
                        report.documents[name] += 1
                control.report(done, len(digests), item.document.title)
    except BaseException:
        for share in made:
            share.close()
            Project.discard_new(share.path)
        raise
    for share in made:
        share.close()
    return report
