"""Bulk actions on search results, each one analyst action: label every unannotated match, link every
matched mention to an entity (each one undoable edit), reject the open suggestions at the matches.

Every match is checked first, so a refusal lists all the conflicts and nothing is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from annotator.core import rules
from annotator.core.bulk_edits import AcrossDocuments
from annotator.core.edits import AddSpan
from annotator.core.entity_edits import LinkSpans
from annotator.core.model import ENTITY, Span
from annotator.errors import AnnotatorError, Errors
from annotator.project.search import Hit

if TYPE_CHECKING:
    from annotator.core.edit_base import Edit
    from annotator.project.facade import Project

LISTED = 5  # conflicts named in a refusal


def _listed(conflicts: list[str]) -> str:
    more = f"; and {len(conflicts) - LISTED} more" if len(conflicts) > LISTED else ""
    return "; ".join(conflicts[:LISTED]) + more


def label_matches_edit(project: Project, hits: Sequence[Hit], label: str) -> Edit:
    """One edit tagging ``label`` on every match no span covers exactly; refused (E678) with the list of
    conflicts if the rules refuse any of them."""
    schema = project.schema
    if label not in {entity.name for entity in schema.entity_labels}:
        raise AnnotatorError(Errors.E679, label=label)
    targets: dict[int, list[Hit]] = defaultdict(list)
    for hit in hits:
        if not hit.spans and hit.span_id is None:
            targets[hit.doc_id].append(hit)
    if not targets:
        raise AnnotatorError(Errors.E681, what="is left unannotated")
    edits, conflicts = [], []
    for doc_id, found in targets.items():
        text, others = project.text(doc_id), project.spans(doc_id)
        for hit in found:
            span = Span(hit.start, hit.end, label, ENTITY, text[hit.start:hit.end])
            try:
                overlapping = [other for other in others if other.start < hit.end and hit.start < other.end]
                rules.check_span(schema, text, span, overlapping)
            except AnnotatorError as refusal:
                conflicts.append(f"document {doc_id} {hit.start}-{hit.end} {hit.match!r}: {refusal.message}")
                continue
            edits.append(AddSpan(doc_id, span))
    if conflicts:
        raise AnnotatorError(Errors.E678, count=len(conflicts), label=label, conflicts=_listed(conflicts))
    return AcrossDocuments(None, tuple(edits), f"Label {len(edits)} match(es) {label}")


def link_matches_edit(project: Project, hits: Sequence[Hit], entity_id: int) -> Edit:
    """One edit linking every matched entity span (the span searched for, or the spans at the match) to the
    entity; refused (E680) with the list if any cannot be linked to it."""
    try:
        entity = project.entity(entity_id)
    except KeyError:
        raise AnnotatorError(Errors.E608, entity_id=entity_id) from None
    span_ids = {span_id for hit in hits for span_id in ([hit.span_id] if hit.span_id else hit.spans)}
    if not span_ids:
        raise AnnotatorError(Errors.E681, what="is an annotated span")
    links, conflicts = [], []
    for span in project.store.annotations.spans_with_ids(span_ids):
        try:
            rules.check_link(span, entity)
        except AnnotatorError as refusal:
            conflicts.append(f"document {span.doc_id} {span.start}-{span.end} {span.text!r}: "
                             f"{refusal.message}")
            continue
        links.append((span.doc_id, span.id, entity_id))
    if conflicts:
        raise AnnotatorError(Errors.E680, count=len(conflicts), name=entity.name, label=entity.label,
                             conflicts=_listed(conflicts))
    return LinkSpans(None, tuple(sorted(links)), f"Link {len(links)} match(es) to {entity.name}")


def reject_suggestions_at(project: Project, hits: Sequence[Hit]) -> int:
    """Reject the open suggestions exactly at the matches (remembered by the store, as rejecting one is;
    not an undoable edit); the count rejected."""
    found = project.store.search.open_suggestions_at({(hit.doc_id, hit.start, hit.end) for hit in hits})
    if not found:
        raise AnnotatorError(Errors.E681, what="has an open suggestion")
    with project.store.atomic():
        for doc_id, start, end, label, kind, text, source, confidence in found:
            project.store.suggestions.reject(doc_id, Span(start, end, label, kind, text, source=source,
                                                          confidence=confidence))
    return len(found)
