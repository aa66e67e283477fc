"""Suggestions: what recommenders propose, what the analyst is shown, and accepting or rejecting it.

Recommenders are any objects with an ``id`` and ``suggest``/``suggest_many`` (``annotator.nlp`` builds
them; core only calls them). Accepting is a normal edit (``AddSpan``, or :class:`AcceptTrigger` for an
event trigger) whose span keeps the recommender as ``source`` and gets the accepting analyst as
``annotator``; the caller applies it, so it is undoable like any other. Rejecting is remembered by the
store and is not an annotation, so it is not on the undo stack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from typing import Protocol, runtime_checkable

from annotator.core.edits import AddSpan, Changes, Edit, EditTarget, RemoveEvent
from annotator.core.model import TRIGGER, Event, Span

SETTINGS_KEY = "recommenders"


class Recommender(Protocol):
    id: str

    def suggest(self, doc_id: int, text: str) -> list[Span]: ...

    def suggest_many(self, items: Iterable[tuple[int, str]], *, batch_size: int = ...,
                     n_process: int = ...) -> Iterator[tuple[int, list[Span]]]: ...


@runtime_checkable
class LearnsFromTags(Protocol):
    """A recommender that proposes what analysts tagged: told of every change in tag counts."""

    def learn(self, delta: Counter[tuple[str, str]]) -> None: ...

    def forget(self) -> None: ...


@dataclass
class RecommenderSettings:
    """Which recommenders a project uses; kept as JSON in the project's ``meta`` table."""

    dictionary: bool = True
    ignore_case: bool = False
    triggers: bool = True
    trained: bool = True
    model: str = ""
    mapping: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, stored: dict) -> RecommenderSettings:
        """Settings as stored; keys this version does not know are left out."""
        return cls(**{name: value for name, value in stored.items() if name in cls.__dataclass_fields__})

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class AcceptTrigger(Edit):
    """Accept a proposed trigger: its span (with provenance) and an event of its type, as one edit."""

    doc_id: int
    trigger: Span

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        remove_span, changes = AddSpan(self.doc_id, replace(self.trigger, kind=TRIGGER)).apply(store, who)
        event = store.add_event(self.doc_id, Event(self.trigger.label, remove_span.span_id,
                                                   annotator=who, source=self.trigger.source))
        return RemoveEvent(self.doc_id, event.id), changes | Changes(self.doc_id,
                                                                      events=frozenset({event.id}))

    def describe(self) -> str:
        return f"Accept event {self.trigger.label}"


def accept_edit(doc_id: int, suggestion: Span) -> Edit:
    """The edit that turns a suggestion into an annotation, keeping where it came from."""
    span = Span(suggestion.start, suggestion.end, suggestion.label, suggestion.kind, text=suggestion.text,
                source=suggestion.source, confidence=suggestion.confidence)
    if suggestion.kind == TRIGGER:
        return AcceptTrigger(doc_id, span)
    return AddSpan(doc_id, span)
