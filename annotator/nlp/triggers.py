"""Event triggers from the schema: each event type's trigger words proposed where they occur.

Words match on their lemmas from spaCy's lookup tables (:mod:`annotator.nlp.lemmas`): a document word
matches a trigger word when the two share a form, lower-cased or lemmatized. The schema's words are
lemmatized too, so a trigger listed as "kill" or "killed" finds "kills", "killing" and "Killed" alike.
A lemma match is proposed whatever the word's sense; the analyst decides.

Only word tokens are proposed, never a token inside a date, time, number or money expression
(:mod:`annotator.nlp.expressions`), so "March" in "14 March 2024" is not a demonstration. Where one
stretch of words matches several triggers, the longest wins, then the event type listed first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from annotator.core.model import TRIGGER, Span
from annotator.core.schema import Schema
from annotator.nlp.expressions import ExpressionFinder
from annotator.nlp.lemmas import Lemmas
from annotator.nlp.recommenders import TRIGGERS, Recommender
from annotator.nlp.tokens import blank_pipeline

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

Forms = frozenset[str]


def is_word(token: Token) -> bool:
    """A token with a letter and no digit: not punctuation, a number or a mixed code such as 4.5bn."""
    text = token.text
    return any(char.isalpha() for char in text) and not any(char.isdigit() for char in text)


class TriggerRecommender(Recommender):
    def __init__(self, schema: Schema, nlp: Language | None = None) -> None:
        self.id = TRIGGERS
        self.nlp = nlp or blank_pipeline(schema.language)
        self.lemmas = Lemmas(schema.language)
        self._expressions = ExpressionFinder(self.nlp.vocab)
        self._word_forms: dict[str, Forms] = {}  # per distinct token text; empty for non-words
        self._order = {event_type.name: number for number, event_type in enumerate(schema.event_types)}
        # first word's form -> [(event type, forms of each word)], in schema order
        self._by_first_form: dict[str, list[tuple[str, tuple[Forms, ...]]]] = {}
        for event_type in schema.event_types:
            for trigger in event_type.triggers:
                words = tuple(self.lemmas.forms(token.text) for token in self.nlp.make_doc(trigger)
                              if not token.is_space)
                for form in words[0] if words else ():
                    entries = self._by_first_form.setdefault(form, [])
                    if (event_type.name, words) not in entries:
                        entries.append((event_type.name, words))

    @property
    def lemmatized(self) -> bool:
        """Whether inflections match (the language has a lemma table), not only the listed forms."""
        return self.lemmas.available

    def _token_forms(self, doc: Doc) -> list[Forms]:
        """Each token's forms; empty for tokens that are not words."""
        own_lemmas = doc.has_annotation("LEMMA")  # a pipeline that sets lemmas adds its own
        forms: list[Forms] = []
        for token in doc:
            word_forms = self._word_forms.get(token.text)
            if word_forms is None:
                word_forms = self._word_forms[token.text] = (self.lemmas.forms(token.text) if is_word(token)
                                                             else frozenset())
            forms.append(word_forms | {token.lemma_.lower()} if own_lemmas and word_forms else word_forms)
        return forms

    def _matches(self, forms: list[Forms]) -> Iterator[tuple[int, int, str]]:
        """``(first token, end token, event type)`` wherever each word shares a form with a trigger's."""
        for start, token_forms in enumerate(forms):
            entries = {entry for form in token_forms for entry in self._by_first_form.get(form, ())}
            for label, words in entries:
                end = start + len(words)
                if end <= len(forms) and all(forms[start + k] & word for k, word in enumerate(words)):
                    yield start, end, label

    def spans_in(self, doc: Doc, doc_id: int) -> list[Span]:
        from spacy.tokens import Span as SpacySpan
        from spacy.util import filter_spans

        matches = [SpacySpan(doc, start, end, label=label)
                   for start, end, label in self._matches(self._token_forms(doc))
                   if not self._expressions.inside(doc, start, end)]
        # filter_spans keeps the longest, then the earliest; among equals the first given (schema order)
        matches.sort(key=lambda span: (span.start, self._order[span.label_]))
        return [self.proposal(match, match.label_, doc_id, kind=TRIGGER) for match in filter_spans(matches)]
