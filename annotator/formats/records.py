"""What readers hand to the import verb, and the helpers every reader shares.

A reader yields, per input record, either an :class:`~annotator.core.model.Annotated` ready to store (a
:class:`~annotator.core.model.PlainAnnotated` for a record with plain entity spans only) or a
:class:`Rejected` saying where and why; and now and then a :class:`Note` about something it changed or
ignored. The import verb decides whether a rejection aborts the import or is listed (``--skip-invalid``).
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from annotator.core.model import ENTITY, TRIGGER, Annotated, PlainAnnotated
from annotator.core.schema import Schema
from annotator.errors import AnnotatorError, Errors, Message


@dataclass(frozen=True)
class Located:
    """A message about a place in the input: ``where`` is the file (and line)."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Rejected(Located):
    """A record that cannot be imported, and why: ``code`` is the error's, from :class:`Errors`."""

    code: str

    @classmethod
    def of(cls, error: AnnotatorError, where: str) -> Rejected:
        """The rejection ``error`` stands for, found at ``where``."""
        return cls(where, error.message, error.code)


class Note(Located):
    """Something the reader converted or ignored that the user should know about."""


ReadItem = Annotated | PlainAnnotated | Rejected | Note


class BadRecord(AnnotatorError):
    """Raised while reading one record; the reader turns it into a :class:`Rejected`."""


class LineError(BadRecord):
    """A bad record found on ``line`` of the file (a brat ``.ann`` line)."""

    def __init__(self, line: int, message: Message, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.line = line


@dataclass
class NoteCollector:
    """Gathers repeated notes of one file so a 10,000-line file gives one note per kind, not 10,000."""

    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, message: str, line: int) -> None:
        self.lines.setdefault(message, []).append(line)

    def notes(self, where: str, unit: str = "line") -> Iterator[Note]:
        for message, lines in self.lines.items():
            shown = ", ".join(str(line) for line in lines[:5])
            more = f" and {len(lines) - 5} more" if len(lines) > 5 else ""
            yield Note(where, f"{message} ({unit}s {shown}{more})" if len(lines) > 1
                       else f"{message} ({unit} {shown})")


def printable(path: str | os.PathLike[str]) -> str:
    """A path or file name as text any output and SQLite can hold.

    Python keeps the bytes of a file name that is not valid in the file system encoding as lone
    surrogates, which cannot be encoded; here they become U+FFFD.
    """
    return os.fsencode(path).decode(sys.getfilesystemencoding(), "replace")


def text_hash(text: str) -> str:
    """The duplicate key of a document: sha256 of its UTF-8 text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def span_kind(label: str, schema: Schema, declared: object = None) -> str:
    """The kind of a span: as declared, else ``trigger`` for an event type and ``entity`` otherwise."""
    return SchemaLabels(schema).kind(label, declared)


class SchemaLabels:
    """A schema's event types as a set: a reader of many records builds this once.

    Bulk imports look up every span's label, so this is a plain set lookup, not a schema method call.
    The schema's rules proper are checked by the import verb (:mod:`annotator.core.rules`).
    """

    def __init__(self, schema: Schema) -> None:
        self.events = frozenset(event.name for event in schema.event_types)
        self.relations = frozenset(relation.name for relation in schema.relation_types)

    def kind(self, label: str, declared: object = None) -> str:
        """As declared, else ``trigger`` for an event type and ``entity`` otherwise."""
        if declared is None:
            return TRIGGER if label in self.events else ENTITY
        if declared not in (ENTITY, TRIGGER):
            raise BadRecord(Errors.E135, kind=declared, entity=ENTITY, trigger=TRIGGER)
        return str(declared)
