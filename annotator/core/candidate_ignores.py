"""Reversible edits that remember the analyst ignored an event mention's candidate records, and forget it.

Ignoring only stops the Record pane offering candidates for that mention, in this session and the next;
it is not a decision that the mention describes an event no other mention does (that decision is a record
of its own: New record), so the consistency report still lists an ignored mention that is in no record.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.core.edits import Changes, Edit, EditTarget
from annotator.core.records import IgnoredCandidates
from annotator.errors import AnnotatorError, Errors


def _touched(doc_id: int, event_id: int) -> Changes:
    return Changes(doc_id, events=frozenset({event_id}))


@dataclass(frozen=True)
class IgnoreCandidates(Edit):
    doc_id: int
    event_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        try:
            event = store.event(self.event_id)
        except KeyError:
            raise AnnotatorError(Errors.E661, event_id=self.event_id) from None
        member = store.memberships_of_events([event.id])
        if member:
            raise AnnotatorError(Errors.E682, record=f"R{member[0].record_id}")
        if store.ignored_of_events([event.id]):
            raise AnnotatorError(Errors.E683)
        store.add_ignored([IgnoredCandidates(event.id, event.doc_id, who)])
        return HeedCandidates(self.doc_id, event.id), _touched(self.doc_id, event.id)

    def describe(self) -> str:
        return "Ignore candidate records"


@dataclass(frozen=True)
class HeedCandidates(Edit):
    """Offer the mention's candidate records again (the undo of :class:`IgnoreCandidates`)."""

    doc_id: int
    event_id: int

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        if not store.ignored_of_events([self.event_id]):
            raise AnnotatorError(Errors.E684)
        store.remove_ignored([self.event_id])
        return IgnoreCandidates(self.doc_id, self.event_id), _touched(self.doc_id, self.event_id)

    def describe(self) -> str:
        return "Show candidate records"
