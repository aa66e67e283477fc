"""The import verb: text files, folders, JSONL and brat pairs into a project, all or nothing.

Everything goes in inside one transaction, so a bad record, a bad file or Cancel leaves the project exactly
as it was. A record that breaks a schema rule (:mod:`annotator.core.rules`) is a bad record like any other.
With ``skip_invalid`` the bad records are listed in the report instead and the rest goes in.
Documents whose text is already in the project, or earlier in the same import, are skipped and listed.
Rows are inserted a batch at a time with one duplicate query per batch: this path carries bulk imports.
"""

from __future__ import annotations

import errno
import functools
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.core import rules
from annotator.core.jobs import JobControl
from annotator.core.model import Annotated
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError
from annotator.formats.brat import BRAT_CONF_FILES, read_brat
from annotator.formats.jsonl_reader import read_jsonl
from annotator.formats.records import Note, ReadItem, Rejected, printable, text_hash
from annotator.formats.text_reader import normalize_newlines as normalized_text
from annotator.formats.text_reader import read_text_document, text_codec
from annotator.store import ProjectStore

BATCH = 250  # documents per insert: 1000 held four times the objects alive and ran 3-5% slower
JSONL_SUFFIXES = (".jsonl", ".ndjson")
_LISTED = 20


@dataclass
class ImportReport:
    documents: int = 0
    spans: int = 0
    events: int = 0
    duplicates: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        lines = [f"imported {self.documents} document(s) with {self.spans} span(s) "
                 f"and {self.events} event(s)"]
        for heading, entries in (
            ("skipped {} duplicate document(s) (same text)", self.duplicates),
            ("skipped {} invalid record(s)", self.invalid),
            ("{} note(s)", self.notes),
        ):
            if entries:
                lines.append(heading.format(len(entries)) + ":")
                lines.extend(f"  {entry}" for entry in entries[:_LISTED])
                if len(entries) > _LISTED:
                    lines.append(f"  ... and {len(entries) - _LISTED} more")
        return lines


Progress = Callable[[int], None]


@dataclass(frozen=True)
class _Source:
    """One thing to read: a text file, a JSONL file or a brat pair, and its size for progress.

    ``read(schema, encoding, progress)`` yields the items; a reader of big files calls ``progress``
    with the bytes it has read so far.
    """

    path: Path
    size: int
    read: Callable[[Schema, str | None, Progress], Iterator[ReadItem]]


def import_paths(store: ProjectStore, paths: list[Path], *, annotator: str = "import",
                 encoding: str | None = None, normalize_newlines: bool = False,
                 skip_invalid: bool = False, control: JobControl | None = None) -> ImportReport:
    """Import files and folders; raise :class:`AnnotatorError` (nothing imported) on the first bad one."""
    control = control or JobControl()
    if encoding is not None:
        text_codec(encoding)  # one message for a bad --encoding, before any file is read
    report = ImportReport()
    sources = _discover([Path(path) for path in paths], report)
    total = sum(source.size for source in sources)
    schema = store.schema
    batch = _Batch(store, annotator, report)
    done = 0
    with store.atomic():
        for source in sources:
            progress = _progress_in(source, control, done, total)
            progress(0)
            for item in _ruled(_guarded(source, schema, encoding, progress), schema, normalize_newlines):
                if isinstance(item, Note):
                    report.notes.append(str(item))
                elif isinstance(item, Rejected):
                    if not skip_invalid:
                        raise AnnotatorError(
                            item.message, where=item.where,
                            hint="nothing was imported; fix it, or pass --skip-invalid to import "
                                 "the rest and list the bad records")
                    report.invalid.append(str(item))
                else:
                    batch.add(item)
                    if batch.full:
                        control.check()
                        batch.flush()
            done += source.size
        batch.flush()
    control.report(total, total, "imported")
    return report


def _progress_in(source: _Source, control: JobControl, done: int, total: int) -> Progress:
    """Progress in bytes over all sources, checked for Cancel each time a reader reports."""

    def report(consumed: int) -> None:
        control.check()
        control.report(done + consumed, total, source.path.name)

    return report


def _guarded(source: _Source, schema: Schema, encoding: str | None,
             progress: Progress) -> Iterator[ReadItem]:
    """A reader's items, with a whole-file failure (binary, bad encoding) as one rejection."""
    try:
        yield from source.read(schema, encoding, progress)
    except AnnotatorError as error:
        message = f"{error.message}; {error.hint}" if error.hint else error.message
        yield Rejected(error.where or str(source.path), message)


def _ruled(items: Iterator[ReadItem], schema: Schema, normalize_newlines: bool) -> Iterator[ReadItem]:
    """Each document as it will be stored, or its rejection at the reader's file and line when it breaks
    a schema rule; warnings (a required role left empty) do not stop an import."""
    for item in items:
        if isinstance(item, Annotated):
            if normalize_newlines:
                item = _with_normalized_newlines(item)
            broken = rules.errors(rules.document_violations(schema, item.document.text, item.spans,
                                                            item.events))
            if broken:
                item = Rejected(item.where or item.document.title, broken[0].message)
        yield item


class _Batch:
    """Documents waiting to be inserted; duplicates are dropped here, one query per batch."""

    def __init__(self, store: ProjectStore, annotator: str, report: ImportReport) -> None:
        self.store = store
        self.annotator = annotator
        self.report = report
        self.items: list[Annotated] = []
        self.seen: set[str] = set()

    def add(self, item: Annotated) -> None:
        self.items.append(item)

    @property
    def full(self) -> bool:
        return len(self.items) >= BATCH

    def flush(self) -> None:
        if not self.items:
            return
        known = self.store.known_hashes({item.document.sha256 for item in self.items})
        fresh = []
        for item in self.items:
            digest, title = item.document.sha256, item.document.title
            if digest in self.seen:
                self.report.duplicates.append(f"{title} (repeats a document earlier in this import)")
            elif digest in known:
                self.report.duplicates.append(f"{title} (already in the project)")
            else:
                self.seen.add(digest)
                fresh.append(item)
                self.report.spans += len(item.spans)
                self.report.events += len(item.events)
        self.store.insert_annotated(fresh, annotator=self.annotator, source="import")
        self.report.documents += len(fresh)
        self.items = []


def _with_normalized_newlines(item: Annotated) -> Annotated:
    """CRLF and CR turned into LF, spans moved with the text (``--normalize-newlines`` only)."""
    text, move = normalized_text(item.document.text)
    if text == item.document.text:
        return item
    spans = tuple(replace(span, start=move(span.start), end=move(span.end), text="") for span in item.spans)
    document = replace(item.document, text=text, sha256=text_hash(text))
    return Annotated(document, spans, item.events, item.where)


# -- finding what to read ------------------------------------------------------------------------------

def _discover(paths: list[Path], report: ImportReport) -> list[_Source]:
    """What to read, found before anything is read; only folders and regular files are ever opened.

    A FIFO would block the open and ``/dev/zero`` never ends, so a named special file is refused.
    """
    sources: list[_Source] = []
    for path in paths:
        status = _status(path)
        if isinstance(status, str):
            raise AnnotatorError(status, where=printable(path), hint="nothing was imported")
        if stat.S_ISDIR(status.st_mode):
            sources.extend(_folder_sources(path, report))
        elif stat.S_ISREG(status.st_mode):
            sources.append(_file_source(path, path.parent))
        else:
            raise AnnotatorError(f"not a regular file ({_special_kind(status.st_mode)})",
                                 where=printable(path), hint="nothing was imported")
    return sources


def _folder_sources(root: Path, report: ImportReport) -> Iterator[_Source]:
    """Recursively, sorted: .txt (brat when a sibling .ann exists) and .jsonl files; the rest is noted."""
    for path in _regular_files(root, report):
        suffix = path.suffix.lower()
        if suffix == ".txt" or suffix in JSONL_SUFFIXES:
            yield _file_source(path, root)
        elif suffix == ".ann":
            if not path.with_suffix(".txt").is_file():
                report.notes.append(f"{printable(path)}: skipped a brat .ann file without its .txt")
        elif path.name not in BRAT_CONF_FILES:
            report.notes.append(f"{printable(path)}: skipped (not a .txt, .jsonl or brat .txt/.ann file)")


def _regular_files(root: Path, report: ImportReport) -> Iterator[Path]:
    """The regular files below ``root`` in path order, following symbolic links; the rest is noted.

    A folder reached a second time (a link loop, or two links to it) is read once: without that a loop
    would recurse forever. An explicit stack, as hostile folders may nest deeper than Python recurses.
    """
    seen: set[tuple[int, int]] = set()
    pending = [root]
    while pending:
        path = pending.pop()
        status = _status(path)
        if isinstance(status, str):
            report.notes.append(f"{printable(path)}: skipped ({status})")
        elif stat.S_ISDIR(status.st_mode):
            if (status.st_dev, status.st_ino) in seen:
                report.notes.append(f"{printable(path)}: skipped (a link to a folder already read)")
                continue
            seen.add((status.st_dev, status.st_ino))
            pending.extend(reversed(_children(path, report)))
        elif stat.S_ISREG(status.st_mode):
            yield path
        else:
            report.notes.append(f"{printable(path)}: skipped (not a regular file: "
                                f"{_special_kind(status.st_mode)})")


def _children(folder: Path, report: ImportReport) -> list[Path]:
    try:
        return [folder / name for name in sorted(os.listdir(folder))]
    except OSError as exc:
        report.notes.append(f"{printable(folder)}: skipped (cannot read the folder: {exc.strerror})")
        return []


def _status(path: Path) -> os.stat_result | str:
    """The status of what ``path`` leads to, links followed; or why there is none, for the user."""
    try:
        return path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a symbolic link to nothing"
        if exc.errno == errno.ENOENT:
            return "no such file or folder"
        return f"cannot read it: {exc.strerror}"


def _special_kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))
    return next((kind for test, kind in kinds if test(mode)), "a special file")


def _file_source(path: Path, root: Path) -> _Source:
    """A file named explicitly or found in a folder; unknown suffixes are read as text."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return _Source(path, path.stat().st_size, functools.partial(read_jsonl, path))
    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    if suffix == ".ann" and not txt.is_file():
        raise AnnotatorError("a brat .ann file needs its .txt file beside it", where=printable(path),
                             hint="nothing was imported")
    if suffix in (".txt", ".ann") and txt.is_file() and ann.is_file():
        return _Source(txt, txt.stat().st_size + ann.stat().st_size,
                       lambda schema, encoding, _progress: read_brat(txt, ann, root, schema, encoding))
    return _Source(path, path.stat().st_size,
                   lambda _schema, encoding, _progress: iter([read_text_document(path, root, encoding)]))
