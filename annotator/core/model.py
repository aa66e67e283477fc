"""Plain records for what a project holds. The store returns these; formats and views read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("new", "in_progress", "done", "skipped")
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
