"""Link suggestions and linking many mentions at once, as edits the facade applies in one undo step."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.entity_edits import LinkSpans
from annotator.core.folding import fold
from annotator.errors import AnnotatorError, Errors
from annotator.nlp.entity_links import BY_ALIAS, AliasIndex, LinkProposal, propose_links

if TYPE_CHECKING:
    from annotator.project.facade import Project


def link_proposals(project: Project, doc_id: int, index: AliasIndex | None = None) -> list[LinkProposal]:
    """The document's unlinked entity spans whose text matches an alias, with the entities they match."""
    linked = {link.span_id for link in project.links(doc_id)}
    return propose_links(project.spans(doc_id), linked, index or project.alias_index())


def link_all_edit(project: Project, entity_id: int, text: str, doc_id: int | None = None) -> LinkSpans:
    """One edit linking every unlinked mention of ``text`` (folded) with the entity's label to it, in the
    document ``doc_id`` or, without it, in the whole project."""
    try:
        entity = project.entity(entity_id)
    except KeyError:
        raise AnnotatorError(Errors.E608, entity_id=entity_id) from None
    spans = project.store.annotations.unlinked_spans(entity.label, fold(text), doc_id)
    return LinkSpans(doc_id, tuple((span.doc_id, span.id, entity_id) for span in spans),
                     f"Link every {text!r} to {entity.name}")


def unambiguous_links_edit(project: Project) -> tuple[LinkSpans, list[LinkProposal]]:
    """One edit linking every unlinked mention whose text is an alias of exactly one entity (by alias,
    not by lemma), and the proposals it takes them from."""
    index = project.alias_index()
    chosen = [proposal for doc_id in project.document_ids()
              for proposal in link_proposals(project, doc_id, index)
              if proposal.unambiguous and proposal.by == BY_ALIAS]
    links = tuple((p.span.doc_id, p.span.id, p.entities[0].id) for p in chosen)
    return LinkSpans(None, links, "Link mentions to entities"), chosen
