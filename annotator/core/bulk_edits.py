"""Edits across documents as one undo step: what a bulk action on search results writes.

An :class:`AcrossDocuments` applies its edits in order inside the one transaction the facade opens (a
refused one rolls all of them back) and reports a project-wide change (``doc_id`` None, ``documents``),
so the open document is read again whichever documents it touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.core.edit_base import Changes, Edit, EditTarget


@dataclass(frozen=True)
class AcrossDocuments(Edit):
    doc_id: None
    edits: tuple[Edit, ...]
    label: str

    def apply(self, store: EditTarget, who: str) -> tuple[Edit, Changes]:
        inverses: list[Edit] = []
        changes = Changes(None, documents=True)
        for edit in self.edits:
            inverse, changed = edit.apply(store, who)
            inverses.append(inverse)
            changes = changes | Changes(None, spans=changed.spans, events=changed.events,
                                        relations=changed.relations, entities=changed.entities)
        return AcrossDocuments(None, tuple(reversed(inverses)), f"Undo {self.label.lower()}"), changes

    def describe(self) -> str:
        return self.label

    def payload(self) -> dict[str, Any]:
        return {"label": self.label, "edits": [{"kind": type(e).__name__, **e.payload()} for e in self.edits]}
