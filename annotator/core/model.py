"""Plain records for what a project holds. The store returns these; formats and views read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StatusInfo:
    """A document status: its stored name, how people read it, and whether work on it remains."""

    name: str
    title: str
    unfinished: bool


# The one list of statuses: the CLI choices, the GUI combos and titles and "next unfinished" read it.
# The store's CHECK constraint repeats it in SQL; tests/core/test_statuses.py keeps the two equal.
STATUS_INFO: dict[str, StatusInfo] = {info.name: info for info in (
    StatusInfo("new", "New", unfinished=True),
    StatusInfo("in_progress", "In progress", unfinished=True),
    StatusInfo("done", "Done", unfinished=False),
    StatusInfo("skipped", "Skipped", unfinished=False),
)}
STATUSES = tuple(STATUS_INFO)
UNFINISHED = tuple(name for name, info in STATUS_INFO.items() if info.unfinished)
ENTITY = "entity"
TRIGGER = "trigger"
SPAN_KINDS = (ENTITY, TRIGGER)


@dataclass(frozen=True)
class Span:
    """An entity mention or an event trigger: ``text[start:end]`` in code points, end exclusive.

    ``annotator`` is the person who made or accepted it; ``source`` is what produced it (``manual``,
    ``import``, ``dictionary``, ``model:<name>``...); empty means "fill in where stored".
    """

    start: int
    end: int
    label: str
    kind: str = ENTITY
    text: str = ""
    id: int | None = None
    doc_id: int | None = None
    annotator: str = ""
    source: str = ""
    created_at: str = ""
    confidence: float | None = None


@dataclass(frozen=True)
class Argument:
    role: str
    span_id: int
    id: int | None = None


@dataclass(frozen=True)
class Event:
    type: str
    trigger_id: int
    arguments: tuple[Argument, ...] = ()
    id: int | None = None
    doc_id: int | None = None
    annotator: str = ""
    source: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class Document:
    text: str
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    sha256: str = ""
    status: str = "new"
    created_at: str = ""
    updated_at: str = ""


@dataclass(frozen=True)
class DocumentSummary:
    """A row of the document list: enough to show it without loading the text."""

    id: int
    title: str
    status: str
    spans: int
    events: int
    updated_at: str


@dataclass(frozen=True)
class Annotated:
    """A document with everything on it, as importers produce and exporters consume.

    Before storage, ``Event.trigger_id`` and ``Argument.span_id`` are indexes into ``spans``, and
    ``where`` is the file (and line) an importer read it from, so a refusal can point there.
    """

    document: Document
    spans: tuple[Span, ...] = ()
    events: tuple[Event, ...] = ()
    where: str = field(default="", compare=False)
