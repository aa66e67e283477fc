"""Adjudication through the facade: a document's queue of disagreements, and the edits that decide them
(see :mod:`annotator.core.adjudication` and :mod:`annotator.core.adjudication_edits`; the window applies
them through the session, so they undo)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.adjudication import AGREED, EDITED, Item, Queue, build_queue, gold_in_index_form
from annotator.core.adjudication_edits import Decide
from annotator.core.edit_base import Batch, Edit
from annotator.core.model import Annotated

if TYPE_CHECKING:
    from annotator.project.facade import Project


def gold_record(project: Project, doc_id: int) -> Annotated:
    """The document's gold annotations in index form."""
    links = project.links(doc_id)
    gold = Annotated(project.document(doc_id), tuple(project.spans(doc_id)), tuple(project.events(doc_id)),
                     tuple(project.relations(doc_id)), tuple(project.attributes(doc_id)),
                     tuple(project.notes(doc_id)), links=tuple(links))
    return gold_in_index_form(gold, project.entities({link.entity_id for link in links}))


def queue_of(project: Project, doc_id: int) -> Queue:
    layers = project.layers_of(doc_id)
    if not layers:
        return Queue(())
    return build_queue(layers, gold_record(project, doc_id), project.store.annotations.decisions_of(doc_id))


def decide_edit(doc_id: int, item: Item, choice: str, queue: Queue) -> Decide:
    """The edit taking ``choice`` (an analyst's name, both, neither) for ``item`` of ``queue``; ``edited``
    keeps gold as the adjudicator left it and records the decision."""
    value = item.gold if choice == EDITED else item.options()[choice]
    return Decide(doc_id, item.key, value, choice, tuple(queue.layers.values()))


def agreed_edit(doc_id: int, queue: Queue) -> Edit | None:
    """One edit putting everything the layers agree on into gold, or None when there is nothing."""
    if not queue.agreed:
        return None
    sources = tuple(queue.layers.values())
    return Batch(doc_id, tuple(Decide(doc_id, item.key, next(iter(item.versions.values())), AGREED, sources)
                               for item in queue.agreed), "Accept what the analysts agree on")
