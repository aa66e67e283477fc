"""Plain records for what a project holds. The store returns these; formats and views read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import MISSING, dataclass, field
from typing import Any

from annotator.core.records import RecordTag


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
# What an attribute value or a note is on (a note may also be on the document itself).
ON_SPAN, ON_EVENT, ON_RELATION, ON_DOCUMENT = "span", "event", "relation", "document"
ATTRIBUTE_TARGETS = (ON_SPAN, ON_EVENT, ON_RELATION)
OWN_SCHEME = "annotator"  # the scheme of an entity reference made from the project's own entity id
NOTE_TARGETS = (*ATTRIBUTE_TARGETS, ON_DOCUMENT)


@dataclass(frozen=True)
class Span:
    """An entity mention or an event trigger: ``text[start:end]`` in code points, end exclusive.

    ``annotator`` is the person who made or accepted it; ``source`` is what produced it (``manual``,
    ``import``, ``dictionary``, ``model:<name>``...); empty means "fill in where stored".

    A discontinuous mention (brat's ``T1 ORG 0 5;12 17``) keeps ``start``/``end`` as the outermost
    offsets (so ``text`` is still ``text[start:end]``, gap included) and lists its pieces in
    ``fragments``, each an exact ``(start, end)``; a span in one piece has no ``fragments``.
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
    fragments: tuple[tuple[int, int], ...] = ()

    @classmethod
    def bare(cls, start: int, end: int, label: str, kind: str, text: str) -> Span:
        """``Span(start, end, label, kind, text)``, built without the frozen dataclass's setattr per field
        (a fifth of the cost; bulk imports build hundreds of thousands)."""
        span = object.__new__(cls)
        values = _BARE_SPAN.copy()
        values["start"], values["end"], values["label"], values["kind"], values["text"] = (
            start, end, label, kind, text)
        object.__setattr__(span, "__dict__", values)
        return span

    @classmethod
    def from_columns(cls, columns: Sequence[Any], fragments: tuple[tuple[int, int], ...] = ()) -> Span:
        """``Span(*columns, fragments=fragments)`` (every field but the fragments, in order), built the way
        :meth:`bare` is (the store reads every span of a project this way for exports and ``check``)."""
        span = object.__new__(cls)
        values = span.__dict__
        values.update(zip(_COLUMN_FIELDS, columns, strict=True))
        values["fragments"] = fragments
        return span

    def pieces(self) -> tuple[tuple[int, int], ...]:
        """The offsets of each piece: the fragments, or the span itself."""
        return self.fragments or ((self.start, self.end),)


_BARE_SPAN = {name: value.default for name, value in Span.__dataclass_fields__.items()
              if value.default is not MISSING}
_COLUMN_FIELDS = tuple(name for name in Span.__dataclass_fields__ if name != "fragments")


@dataclass(frozen=True)
class Argument:
    """A role filled by a span; when an event fills it (brat's nested events), ``span_id`` is that
    event's trigger and ``filler_event_id`` the event, since several events may share one trigger."""

    role: str
    span_id: int
    id: int | None = None
    filler_event_id: int | None = None


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
class Relation:
    """A typed, directed link from the ``head`` span to the ``tail`` span (row ids, or indexes into
    ``Annotated.spans`` before storage)."""

    type: str
    head_id: int
    tail_id: int
    id: int | None = None
    doc_id: int | None = None
    annotator: str = ""
    source: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class AttributeValue:
    """The value of attribute ``name`` on a span, event or relation (``target``, one of
    :data:`ATTRIBUTE_TARGETS`; ``target_id`` a row id, or an index into ``Annotated`` before storage)."""

    name: str
    value: bool | int | str
    target: str
    target_id: int
    id: int | None = None
    doc_id: int | None = None


@dataclass(frozen=True)
class Note:
    """A free-text note on a span, event, relation, or on the document itself (``target_id`` None)."""

    text: str
    target: str = ON_DOCUMENT
    target_id: int | None = None
    id: int | None = None
    doc_id: int | None = None
    annotator: str = ""
    created_at: str = ""


@dataclass(frozen=True)
class Entity:
    """One real-world thing in the project's registry: mentions (entity spans) are linked to it.

    ``aliases`` are kept exactly as given, in order, even when they differ only by case; ``external_id``
    is an optional ``scheme:id`` such as ``wikidata:Q42``.
    """

    name: str
    label: str
    aliases: tuple[str, ...] = ()
    external_id: str = ""
    description: str = ""
    id: int | None = None
    created_at: str = ""

    def names(self) -> tuple[str, ...]:
        """The canonical name and every alias: the strings a mention may match."""
        return (self.name, *self.aliases)

    def reference(self) -> str:
        """How exports name the entity: its ``scheme:id``, else ``annotator:<its id in the project>``."""
        return self.external_id or f"{OWN_SCHEME}:{self.id}"


@dataclass(frozen=True)
class EntityLink:
    """An entity span ``span_id`` (of document ``doc_id``) linked to the entity ``entity_id``."""

    span_id: int
    entity_id: int
    doc_id: int | None = None


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

    Before storage, ``Event.trigger_id``, ``Argument.span_id`` and a relation's ends are indexes into
    ``spans``, ``Argument.filler_event_id`` into ``events``, an attribute's or note's ``target_id`` into the
    list its ``target`` names; ``where`` is the file (and line) an importer read it from, so a refusal can
    point there. ``links`` tie entity spans to the registry ``entities`` the document mentions (before
    storage a link's ``span_id`` indexes ``spans`` and its ``entity_id`` indexes ``entities``). ``records``
    names the event record of each event in one (see :class:`~annotator.core.records.RecordTag`).
    ``token_bounds`` is the cached blob of the text's token boundaries an export may attach
    (:mod:`annotator.nlp.token_bounds`), or None to tokenise.
    """

    document: Document
    spans: tuple[Span, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    attributes: tuple[AttributeValue, ...] = ()
    notes: tuple[Note, ...] = ()
    where: str = field(default="", compare=False)
    links: tuple[EntityLink, ...] = ()
    entities: tuple[Entity, ...] = ()
    records: tuple[RecordTag, ...] = ()
    token_bounds: bytes | None = field(default=None, compare=False, repr=False)


PlainSpan = tuple[int, int, str, str]
"""An entity span in one piece as a bulk import reads it: ``(start, end, label, text)``, ``text`` the span's
text as the input gave it ("" when it gave none)."""


@dataclass(frozen=True)
class PlainAnnotated:
    """A document with entity spans only, each a :data:`PlainSpan` (no triggers, fragments, provenance,
    events or anything else on it): a bulk import's usual record.

    It goes from the reader through the rules (:func:`~annotator.core.rules.annotated_violations`) into
    the insert rows without a :class:`Span` made for each span; :meth:`annotated` is the same record in
    the general form.
    """

    document: Document
    spans: tuple[PlainSpan, ...] = ()
    where: str = field(default="", compare=False)

    def annotated(self) -> Annotated:
        return Annotated(self.document, tuple(Span.bare(start, end, label, ENTITY, text)
                                              for start, end, label, text in self.spans), where=self.where)
