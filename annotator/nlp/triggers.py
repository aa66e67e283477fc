"""Event triggers from the schema: each event type's trigger words proposed where they occur.

A spaCy ``Matcher`` with one pattern per trigger on the lower-cased word and one on its lemma, so
"shell" finds "Shell" with any pipeline and "shelled" with a pipeline that sets lemmas (the blank
tokenizer sets none, so there only the word forms listed in the schema match).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.model import TRIGGER, Span
from annotator.core.schema import Schema
from annotator.nlp.recommenders import TRIGGERS, Recommender
from annotator.nlp.tokens import blank_pipeline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class TriggerRecommender(Recommender):
    def __init__(self, schema: Schema, nlp: Language | None = None) -> None:
        from spacy.matcher import Matcher

        self.id = TRIGGERS
        self.nlp = nlp or blank_pipeline(schema.language)
        self._words = Matcher(self.nlp.vocab)
        self._lemmas = Matcher(self.nlp.vocab)
        for event_type in schema.event_types:
            triggers = [[token.lower_ for token in self.nlp.make_doc(trigger) if not token.is_space]
                        for trigger in event_type.triggers]
            triggers = [words for words in triggers if words]
            if triggers:
                self._words.add(event_type.name, [[{"LOWER": w} for w in words] for words in triggers])
                self._lemmas.add(event_type.name, [[{"LEMMA": w} for w in words] for words in triggers])

    def spans_in(self, doc: Doc, doc_id: int) -> list[Span]:
        from spacy.util import filter_spans

        matches = self._words(doc, as_spans=True)
        if doc.has_annotation("LEMMA"):
            matches += self._lemmas(doc, as_spans=True)
        matches = filter_spans(matches)
        return [self.proposal(match, match.label_, doc_id, kind=TRIGGER) for match in matches]
