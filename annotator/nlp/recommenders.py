"""Recommenders: things that read a document with spaCy and propose spans for the analyst to confirm.

Each has an ``id`` that becomes the provenance (``Span.source``) of what it proposes and what the analyst
accepts from it. They all run their pipeline with ``nlp.pipe`` so one document and ten thousand cost the
same code; they only propose, and :mod:`annotator.core.suggestions` decides what is shown.
"""

from __future__ import annotations

import itertools
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.core.model import ENTITY, Span
from annotator.core.schema import Schema
from annotator.core.suggestions import RecommenderSettings
from annotator.errors import AnnotatorError, Errors
from annotator.nlp.pipeline import LabelMapping, load_pipeline, span_keys
from annotator.nlp.tokens import text_chunks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

DICTIONARY = "dictionary"
TRIGGERS = "triggers"
TRAINED = "trained"
MODEL_PREFIX = "model:"


class Recommender(ABC):
    """Runs ``nlp`` over texts and turns each processed Doc into proposed spans."""

    id: str
    nlp: Language

    @abstractmethod
    def spans_in(self, doc: Doc, doc_id: int) -> list[Span]:
        """The proposals for one processed document."""

    def suggest(self, doc_id: int, text: str) -> list[Span]:
        ((_, spans),) = self.suggest_many([(doc_id, text)])
        return spans

    def suggest_many(self, items: Iterable[tuple[int, str]], *, batch_size: int = 64,
                     n_process: int = 1) -> Iterator[tuple[int, list[Span]]]:
        """``(doc_id, proposals)`` for each ``(doc_id, text)``, in order, through ``nlp.pipe``.

        A text longer than the pipeline's ``max_length`` goes through in pieces cut at whitespace
        (:func:`~annotator.nlp.tokens.text_chunks`); each piece's proposals are moved by its offset.
        """
        limit = self.nlp.max_length
        pieces = ((piece, (number, doc_id, offset)) for number, (doc_id, text) in enumerate(items)
                  for offset, piece in text_chunks(text, limit))
        processed = self.nlp.pipe(pieces, as_tuples=True, batch_size=batch_size, n_process=n_process)
        for (_, doc_id), group in itertools.groupby(processed, key=lambda pair: pair[1][:2]):
            yield doc_id, [_moved(span, offset) for doc, (_, _, offset) in group
                           for span in self.spans_in(doc, doc_id)]

    def proposal(self, span: SpacySpan, label: str, doc_id: int, *, kind: str = ENTITY,
                 confidence: float | None = None) -> Span:
        return Span(span.start_char, span.end_char, label, kind, text=span.text, doc_id=doc_id,
                    source=self.id, confidence=confidence)


class ModelRecommender(Recommender):
    """A spaCy pipeline's entities and span-categorizer spans, relabelled through a mapping."""

    def __init__(self, nlp: Language, source_id: str, mapping: LabelMapping) -> None:
        self.nlp = nlp
        self.id = source_id
        self.mapping = mapping
        self._span_keys = span_keys(nlp)

    @classmethod
    def load(cls, name_or_path: str | Path, schema: Schema, mapping: dict[str, str] | None = None,
             *, source_id: str | None = None) -> ModelRecommender:
        """Load the components of the pipeline that suggest (slow: call it off the UI thread), wrapped."""
        return cls(load_pipeline(name_or_path, suggesting_only=True),
                   source_id or f"{MODEL_PREFIX}{name_or_path}", LabelMapping.for_schema(schema, mapping))

    def spans_in(self, doc: Doc, doc_id: int) -> list[Span]:
        found = []
        for ent in doc.ents:
            label = self.mapping.project_label(ent.label_)
            if label:
                found.append(self.proposal(ent, label, doc_id))
        for key in self._span_keys:
            group = doc.spans.get(key, [])
            scores = group.attrs.get("scores") if group else None
            for i, span in enumerate(group):
                label = self.mapping.project_label(span.label_)
                if label:
                    confidence = min(1.0, max(0.0, float(scores[i]))) if scores is not None else None
                    found.append(self.proposal(span, label, doc_id, confidence=confidence))
        return found


def _moved(span: Span, offset: int) -> Span:
    return replace(span, start=span.start + offset, end=span.end + offset) if offset else span


def has_triggers(schema: Schema) -> bool:
    return any(event.triggers for event in schema.event_types)


def trained_model_dir(project_path: Path) -> Path | None:
    """The model ``annotator train`` saved beside the project, if there is one."""
    from annotator.nlp.training import model_dir_for

    trained = model_dir_for(project_path)
    return trained if (trained / "config.cfg").is_file() else None


def _dictionary(settings: RecommenderSettings, schema: Schema, _project_path: Path) -> Recommender:
    from annotator.nlp.dictionary import DictionaryRecommender

    return DictionaryRecommender(schema.language, ignore_case=settings.ignore_case)


def _triggers(_settings: RecommenderSettings, schema: Schema, _project_path: Path) -> Recommender:
    from annotator.nlp.triggers import TriggerRecommender

    if not has_triggers(schema):
        raise AnnotatorError(Errors.E511, schema=schema.name)
    return TriggerRecommender(schema)


def _trained(_settings: RecommenderSettings, schema: Schema, project_path: Path) -> Recommender:
    from annotator.nlp.training import model_dir_for

    trained = trained_model_dir(project_path)
    if trained is None:
        raise AnnotatorError(Errors.E510, where=str(model_dir_for(project_path)))
    return ModelRecommender.load(trained, schema, source_id=TRAINED)


@dataclass(frozen=True)
class BuiltIn:
    about: str
    build: Callable[[RecommenderSettings, Schema, Path], Recommender]


# The recommenders that come with the app, by id (the provenance of what they propose): the window's
# settings switch them on, and ``annotator suggest --recommender`` takes its choices from here.
BUILT_IN: dict[str, BuiltIn] = {
    TRIGGERS: BuiltIn("the schema's trigger words, in any inflection", _triggers),
    DICTIONARY: BuiltIn("strings already tagged in the project, wherever else they occur", _dictionary),
    TRAINED: BuiltIn("the model 'annotator train' saved beside the project", _trained),
}


def built_in_recommender(recommender_id: str, settings: RecommenderSettings, schema: Schema,
                         project_path: Path) -> Recommender:
    """One of :data:`BUILT_IN`, built as the window builds it (slow for the trained model).

    The dictionary comes empty: its owner teaches it the project's tags. A trained model that is not
    there, or triggers from a schema that lists none, are AnnotatorErrors.
    """
    return BUILT_IN[recommender_id].build(settings, schema, project_path)


def build_recommenders(settings: RecommenderSettings, schema: Schema, project_path: Path,
                       ) -> list[Recommender]:
    """The recommenders the settings switch on, loaded (slow when a pipeline is involved).

    The trained model is used when it is switched on and exists; a missing user pipeline raises.
    """
    wanted = [recommender_id for recommender_id, used in (
        (DICTIONARY, settings.dictionary),
        (TRIGGERS, settings.triggers and has_triggers(schema)),
        (TRAINED, settings.trained and trained_model_dir(project_path) is not None),
    ) if used]
    recommenders = [built_in_recommender(recommender_id, settings, schema, project_path)
                    for recommender_id in wanted]
    if settings.model:
        recommenders.append(ModelRecommender.load(settings.model, schema, settings.mapping))
    return recommenders
