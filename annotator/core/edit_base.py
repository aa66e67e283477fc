"""What an edit is: the interface every edit implements, what it reports changed, the target it writes
through, and a batch of edits as one undo step.

Apart from :mod:`annotator.core.edits` (which re-exports these names) so that module holds the span and
event edits only; the relation and entity edits build on the same contract.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from annotator.core.attached import LinkRows
from annotator.core.model import Argument, Document, Event, Span
from annotator.core.records import RecordRows
from annotator.core.registry import RegistryRows
from annotator.core.schema import Schema


class EditTarget(LinkRows, RegistryRows, RecordRows, Protocol):
    """What an edit reads and writes through: the store's annotations, seen from the domain.

    Declared here so the domain never imports the store (the layers contract); the store's
    ``Annotations`` part satisfies it.
    """

    @property
    def schema(self) -> Schema: ...
    def text_of(self, doc_id: int) -> str: ...
    def document(self, doc_id: int) -> Document: ...
    def set_status(self, doc_id: int, status: str) -> None: ...
    def add_span(self, doc_id: int, span: Span) -> Span: ...
    def span(self, span_id: int) -> Span: ...
    def spans_of(self, doc_id: int) -> list[Span]: ...
    def spans_overlapping(self, doc_id: int, start: int, end: int) -> list[Span]: ...
    def delete_span(self, span_id: int) -> None: ...
    def relabel_span(self, span_id: int, label: str) -> None: ...
    def move_span(self, span_id: int, start: int, end: int) -> None: ...
    def events_using_span(self, span_id: int) -> list[Event]: ...
    def add_event(self, doc_id: int, event: Event) -> Event: ...
    def event(self, event_id: int) -> Event: ...
    def events_of(self, doc_id: int) -> list[Event]: ...
    def delete_event(self, event_id: int) -> None: ...
    def set_event_type(self, event_id: int, event_type: str) -> None: ...
    def add_argument(self, event_id: int, argument: Argument) -> Argument: ...
    def argument(self, arg_id: int) -> tuple[int, Argument]: ...
    def delete_argument(self, arg_id: int) -> None: ...


@dataclass(frozen=True)
class Changes:
    """What an edit touched, so views refresh only that."""

    doc_id: int | None
    spans: frozenset[int] = frozenset()
    events: frozenset[int] = frozenset()
    status: bool = False
    documents: bool = False
    relations: frozenset[int] = frozenset()
    notes: frozenset[int] = frozenset()
    entities: frozenset[int] = frozenset()
    records: frozenset[int] = frozenset()  # event records whose members, fields or title changed

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            doc_id=self.doc_id if self.doc_id is not None else other.doc_id,
            spans=self.spans | other.spans,
            events=self.events | other.events,
            relations=self.relations | other.relations,
            notes=self.notes | other.notes,
            entities=self.entities | other.entities,
            records=self.records | other.records,
            status=self.status or other.status,
            documents=self.documents or other.documents,
        )


class Edit(ABC):
    doc_id: int

    @abstractmethod
    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        """Write the edit; return (the edit that undoes it, what changed)."""

    @abstractmethod
    def describe(self) -> str:
        """A short phrase for the undo menu ("Add PERSON 'Kofi'")."""

    def payload(self) -> dict[str, Any]:
        data = asdict(self) if hasattr(self, "__dataclass_fields__") else {}
        return {key: value for key, value in data.items() if value is not None}


@dataclass(frozen=True)
class Batch(Edit):
    """Several edits as one undo step (accept all suggestions, label all occurrences)."""

    doc_id: int
    edits: tuple[Edit, ...]
    label: str = "Batch"

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        inverses: list[Edit] = []
        changes = Changes(self.doc_id)
        for edit in self.edits:
            inverse, changed = edit.apply(store, who)
            inverses.append(inverse)
            changes = changes | changed
        return Batch(self.doc_id, tuple(reversed(inverses)), self.label), changes

    def describe(self) -> str:
        return self.label

    def payload(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "label": self.label,
                "edits": [{"kind": type(e).__name__, **e.payload()} for e in self.edits]}
