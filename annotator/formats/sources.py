"""What an import reads: finding the files, one reader per format, and the records they become.

Every reader has one signature (``path, root, schema, encoding, progress``) and an entry in
:data:`READERS`. :func:`discover` finds what to read before anything is read (only folders and regular
files are ever opened); :func:`read_sources` turns it into plain records: documents as they will be
stored, rejections at their file and line (a whole-file failure, or a broken schema rule), and notes.
The import verb (``annotator.project.importing``) decides what goes into the project.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.core import rules
from annotator.core.model import Annotated, PlainAnnotated
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors
from annotator.formats.brat import BRAT_CONF_FILES, read_brat
from annotator.formats.jsonl_reader import read_jsonl
from annotator.formats.records import ReadItem, Rejected, printable, text_hash
from annotator.formats.text_reader import normalize_newlines as normalized_text
from annotator.formats.text_reader import read_text_document

Progress = Callable[[int], None]
Read = Callable[[Path, Path, Schema, "str | None", Progress], Iterator[ReadItem]]


@dataclass(frozen=True)
class ReaderFormat:
    """One importable format: its name, what it is called, the suffixes it claims and its reader."""

    name: str
    title: str
    suffixes: tuple[str, ...]
    read: Read


def _read_text(path: Path, root: Path, _schema: Schema, encoding: str | None,
               _progress: Progress) -> Iterator[ReadItem]:
    yield read_text_document(path, root, encoding)


def _read_jsonl(path: Path, _root: Path, schema: Schema, encoding: str | None,
                progress: Progress) -> Iterator[ReadItem]:
    return read_jsonl(path, schema, encoding, progress)


def _read_brat(path: Path, root: Path, schema: Schema, encoding: str | None,
               _progress: Progress) -> Iterator[ReadItem]:
    return read_brat(path, path.with_suffix(".ann"), root, schema, encoding)


TEXT = ReaderFormat("text", "Plain text, one document per file", (".txt",), _read_text)
JSONL = ReaderFormat("jsonl", "JSON lines (plain, Prodigy, doccano, annotator's own)", (".jsonl", ".ndjson"),
                     _read_jsonl)
BRAT = ReaderFormat("brat", "brat standoff (.txt with .ann)", (".txt", ".ann"), _read_brat)
READERS: dict[str, ReaderFormat] = {reader.name: reader for reader in (TEXT, JSONL, BRAT)}


@dataclass(frozen=True)
class Source:
    """One thing to read (a text file, a JSONL file or a brat pair), with its size for progress."""

    path: Path
    root: Path
    size: int
    reader: ReaderFormat


def read_sources(sources: list[Source], schema: Schema, *, encoding: str | None, normalize_newlines: bool,
                 progress_for: Callable[[Source], Progress]) -> Iterator[tuple[Source, ReadItem]]:
    """Every source's items in order: documents as they will be stored (CRLF turned into LF when asked),
    a rejection at the reader's file and line for a whole-file failure or a broken schema rule, and notes.

    Warnings of the rules (a required role left empty) do not stop a record.
    """
    for source in sources:
        for item in _guarded(source, schema, encoding, progress_for(source)):
            yield source, _ruled(item, schema, normalize_newlines)


def _guarded(source: Source, schema: Schema, encoding: str | None, progress: Progress) -> Iterator[ReadItem]:
    """A reader's items, with a whole-file failure (binary, bad encoding) as one rejection."""
    try:
        yield from source.reader.read(source.path, source.root, schema, encoding, progress)
    except AnnotatorError as error:
        message = f"{error.message}; {error.hint}" if error.hint else error.message
        yield Rejected(error.where or printable(source.path), message, error.code)


def _ruled(item: ReadItem, schema: Schema, normalize_newlines: bool) -> ReadItem:
    if not isinstance(item, Annotated | PlainAnnotated):
        return item
    if normalize_newlines:
        item = _with_normalized_newlines(item)
    broken = rules.errors(rules.annotated_violations(schema, item))
    if not broken:
        return item
    return Rejected(item.where or item.document.title, broken[0].message, broken[0].code)


def _with_normalized_newlines(item: Annotated | PlainAnnotated) -> Annotated | PlainAnnotated:
    """CRLF and CR turned into LF, spans moved with the text (``--normalize-newlines`` only)."""
    text, move = normalized_text(item.document.text)
    if text == item.document.text:
        return item
    if isinstance(item, PlainAnnotated):
        item = item.annotated()
    spans = tuple(replace(span, start=move(span.start), end=move(span.end), text="",
                          fragments=tuple((move(start), move(end)) for start, end in span.fragments))
                  for span in item.spans)
    document = replace(item.document, text=text, sha256=text_hash(text))
    return replace(item, document=document, spans=spans)


def discover(paths: list[Path], notes: list[str]) -> list[Source]:
    """What to read, found before anything is read; only folders and regular files are ever opened.

    A FIFO would block the open and ``/dev/zero`` never ends, so a named special file is refused.
    """
    sources: list[Source] = []
    for path in paths:
        status = _status(path)
        if isinstance(status, str):
            raise AnnotatorError(Errors.E107, where=printable(path), reason=status)
        if stat.S_ISDIR(status.st_mode):
            sources.extend(_folder_sources(path, notes))
        elif stat.S_ISREG(status.st_mode):
            sources.append(_file_source(path, path.parent))
        else:
            raise AnnotatorError(Errors.E108, where=printable(path), kind=_special_kind(status.st_mode))
    return sources


def _folder_sources(root: Path, notes: list[str]) -> Iterator[Source]:
    """Recursively, sorted: .txt (brat when a sibling .ann exists) and .jsonl files; the rest is noted."""
    for path in _regular_files(root, notes):
        suffix = path.suffix.lower()
        if suffix in TEXT.suffixes or suffix in JSONL.suffixes:
            yield _file_source(path, root)
        elif suffix == ".ann":
            if not path.with_suffix(".txt").is_file():
                notes.append(f"{printable(path)}: skipped a brat .ann file without its .txt")
        elif path.name not in BRAT_CONF_FILES:
            notes.append(f"{printable(path)}: skipped (not a .txt, .jsonl or brat .txt/.ann file)")


def _regular_files(root: Path, notes: list[str]) -> Iterator[Path]:
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
            notes.append(f"{printable(path)}: skipped ({status})")
        elif stat.S_ISDIR(status.st_mode):
            if (status.st_dev, status.st_ino) in seen:
                notes.append(f"{printable(path)}: skipped (a link to a folder already read)")
                continue
            seen.add((status.st_dev, status.st_ino))
            pending.extend(reversed(_children(path, notes)))
        elif stat.S_ISREG(status.st_mode):
            yield path
        else:
            notes.append(f"{printable(path)}: skipped (not a regular file: "
                                f"{_special_kind(status.st_mode)})")


def _children(folder: Path, notes: list[str]) -> list[Path]:
    try:
        return [folder / name for name in sorted(os.listdir(folder))]
    except OSError as exc:
        notes.append(f"{printable(folder)}: skipped (cannot read the folder: {exc.strerror})")
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


def _file_source(path: Path, root: Path) -> Source:
    """A file named explicitly or found in a folder; unknown suffixes are read as text."""
    suffix = path.suffix.lower()
    if suffix in JSONL.suffixes:
        return Source(path, root, path.stat().st_size, JSONL)
    txt, ann = path.with_suffix(".txt"), path.with_suffix(".ann")
    if suffix == ".ann" and not txt.is_file():
        raise AnnotatorError(Errors.E109, where=printable(path))
    if suffix in BRAT.suffixes and txt.is_file() and ann.is_file():
        return Source(txt, root, txt.stat().st_size + ann.stat().st_size, BRAT)
    return Source(path, root, path.stat().st_size, TEXT)
