"""spaCy's binary training format (``.spacy`` DocBin files), ready for ``spacy train``.

Each document becomes one ``Doc`` tokenised by ``spacy.blank(schema.language)``:

=============================  =====================================================================
``doc.ents``                   entity spans that do not overlap (spaCy's rule: longest first, then
                               earliest); the others are reported
``doc.spans["sc"]``            every entity span, overlaps included (for ``spancat``)
``doc.spans["triggers"]``      event trigger spans, labelled with the event type
``doc.user_data["events"]``    ``[{"type", "trigger": [start_char, end_char],
                               "arguments": [{"role", "start", "end", "label"}]}]``
``doc.user_data["title"]``     the document title
``doc.user_data["meta"]``      ``{"title", "status", ...document meta}``, as in the JSONL export
``doc.user_data["relations"]`` (where there are some) ``[{"type", "head": [start_char, end_char, label],
                               "tail": [start_char, end_char, label]}]``
``doc.user_data["attributes"]`` (where there are some) ``[{"on": "span"|"event"|"relation", "at":
                               [start_char, end_char, label or type], "name", "value"}]``; an event is
                               at its trigger, a relation at its head
``doc.user_data["notes"]``     (where there are some) ``[{"on": "document"|..., "at": [...] or None,
                               "text"}]``
``Span.kb_id_``                a linked entity span's entity: its ``scheme:id``, else ``annotator:<id>``
``doc.user_data["entities"]``  (where spans are linked) the entities they name: ``kb_id``,
                               ``entity_id`` and the alias list's keys (``name``, ``label``,
                               ``aliases``, ``id``, ``description``)
=============================  =====================================================================

(DocBin stores ``user_data`` as msgpack, which hands lists back as tuples.)

Spans that do not sit exactly on token edges are left out of ``ents`` and ``spans`` (never stretched)
and reported; events keep their exact character offsets either way.

Documents are gathered in DocBins of :data:`PART_SIZE`, so memory stays bounded at any size. When
``out`` ends in ``.spacy`` the parts are merged on disk into that one file
(:mod:`annotator.formats.docbin_file`; spaCy reads such a file whole, and one file holds at most about
250,000 news-sized documents); any other ``out`` is a folder of ``part-00000.spacy`` files, which
``spacy train`` reads as one corpus (``--paths.train out/``) a part at a time.

Only the token columns a blank tokenizer and the entities fill are stored (:data:`DOC_ATTRS`; tags,
lemmas, heads and the rest are always empty here), a third of spaCy's default columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.core.model import ENTITY, ON_EVENT, ON_RELATION, ON_SPAN, TRIGGER, Annotated, Event, Span
from annotator.core.schema import Schema
from annotator.formats.atomic_output import atomic_folder
from annotator.formats.docbin_file import write_docbin_file
from annotator.formats.export_report import ExportReport
from annotator.formats.gazetteer import entity_record
from annotator.formats.tokenized import TokenizedDocument, document_meta

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin
    from spacy.tokens import Span as SpacySpan

PART_SIZE = 1000
DOC_ATTRS = ("ORTH", "NORM", "ENT_IOB", "ENT_TYPE", "ENT_KB_ID")  # what the blank tokenizer and ents fill
LEFT_OUT = "left out of doc.ents and doc.spans"
OVERLAPPING = "entity spans overlapping a longer one (left out of doc.ents, kept in doc.spans['sc'])"


def write_docbin(documents: Iterable[Annotated], out: Path, schema: Schema, report: ExportReport) -> None:
    docbins = (_docbin(part, schema, report) for part in _parts(documents))
    if out.suffix.lower() == ".spacy":
        write_docbin_file(docbins, out, _new_docbin())
        return
    with atomic_folder(out, replaceable=(".spacy",)) as folder:
        for number, docbin in enumerate(docbins):
            docbin.to_disk(folder / f"part-{number:05d}.spacy")


def _parts(documents: Iterable[Annotated]) -> Iterator[list[Annotated]]:
    iterator = iter(documents)
    while part := list(islice(iterator, PART_SIZE)):
        yield part


def _new_docbin() -> DocBin:
    from spacy.tokens import DocBin

    return DocBin(attrs=DOC_ATTRS, store_user_data=True)


def _docbin(documents: Iterable[Annotated], schema: Schema, report: ExportReport) -> DocBin:
    docbin = _new_docbin()
    for item in documents:
        docbin.add(spacy_doc(TokenizedDocument(item, schema.language), report))
    return docbin


def spacy_doc(tokenized: TokenizedDocument, report: ExportReport) -> Doc:
    doc = tokenized.doc
    entities = tokenized.aligned(ENTITY, report, LEFT_OUT)
    kept, overlapping = tokenized.non_overlapping(entities)
    for span in overlapping:
        report.problem(OVERLAPPING, tokenized.title, span.text)
    references = _references(tokenized.item)
    doc.ents = [_entity_span(tokenized, span, references) for span in kept]
    doc.spans["sc"] = [_entity_span(tokenized, span, references) for span in entities]
    doc.spans["triggers"] = [tokenized.spacy_span(span)
                             for span in tokenized.aligned(TRIGGER, report, LEFT_OUT)]
    doc.user_data["title"] = tokenized.title
    doc.user_data["meta"] = document_meta(tokenized.item)
    doc.user_data["events"] = [_event(tokenized, event) for event in tokenized.events()]
    _linked(tokenized, doc.user_data)
    if tokenized.item.entities:
        doc.user_data["entities"] = [{"kb_id": entity.reference(), "entity_id": entity.id,
                                      **entity_record(entity)} for entity in tokenized.item.entities]
    return doc


def _references(item: Annotated) -> dict[int | None, str]:
    """Each linked span's entity, as its ``kb_id_`` names it (:meth:`Entity.reference`)."""
    entities = {entity.id: entity for entity in item.entities}
    return {link.span_id: entities[link.entity_id].reference() for link in item.links}


def _entity_span(tokenized: TokenizedDocument, span: Span, references: dict[int | None, str]) -> SpacySpan:
    made = tokenized.spacy_span(span)
    if span.id in references:
        made.kb_id_ = references[span.id]
    return made


def _linked(tokenized: TokenizedDocument, user_data: dict[Any, Any]) -> None:
    """Relations, attribute values and notes, each placed by the character offsets of what it is on."""
    item = tokenized.item

    def at(span_id: int | None) -> list[Any]:
        span = tokenized.by_id[span_id]
        return [span.start, span.end, span.label]

    events = {event.id: event for event in item.events}
    relations = {relation.id: relation for relation in item.relations}
    place = {ON_SPAN: at, ON_EVENT: lambda i: at(events[i].trigger_id),
             ON_RELATION: lambda i: at(relations[i].head_id)}
    if item.relations:
        user_data["relations"] = [{"type": r.type, "head": at(r.head_id), "tail": at(r.tail_id)}
                                  for r in item.relations]
    if item.attributes:
        user_data["attributes"] = [{"on": a.target, "at": place[a.target](a.target_id), "name": a.name,
                                    "value": a.value} for a in item.attributes]
    if item.notes:
        user_data["notes"] = [{"on": n.target, "at": None if n.target_id is None
                               else place[n.target](n.target_id), "text": n.text} for n in item.notes]


def _event(tokenized: TokenizedDocument, event: Event) -> dict[str, Any]:
    trigger = tokenized.by_id[event.trigger_id]
    fillers = [(argument.role, tokenized.by_id[argument.span_id]) for argument in tokenized.arguments(event)]
    return {
        "type": event.type,
        "trigger": [trigger.start, trigger.end],
        "arguments": [{"role": role, "start": span.start, "end": span.end, "label": span.label}
                      for role, span in fillers],
    }
