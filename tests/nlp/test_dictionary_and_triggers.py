"""The dictionary's matcher (token edges, case, counts up and down) and schema trigger matching."""

from __future__ import annotations

from collections import Counter

import spacy

from annotator.core.model import TRIGGER
from annotator.core.schema import schema_from_dict
from annotator.nlp.dictionary import DictionaryRecommender
from annotator.nlp.triggers import TriggerRecommender
from tests.conftest import TORTURE_TEXT

SCHEMA = schema_from_dict({
    "name": "t",
    "entity_labels": [{"name": "GPE"}],
    "event_types": [{"name": "Attack", "triggers": ["Shell", "car bomb"]}, {"name": "Die", "triggers": []}],
})


def found(recommender, text: str) -> list[tuple[str, str]]:
    spans = recommender.suggest(1, text)
    assert all(text[s.start:s.end] == s.text for s in spans)
    return [(s.text, s.label) for s in spans]


def test_strings_match_at_token_edges_only_and_longest_first() -> None:
    dictionary = DictionaryRecommender("en")
    dictionary.learn(Counter({("Raqqa", "GPE"): 2, ("Raqqa city", "ORG"): 1}))
    assert found(dictionary, "Raqqa's Raqqawi in Raqqa city, raqqa.") == [
        ("Raqqa", "GPE"), ("Raqqa city", "ORG")]


def test_counts_go_down_and_patterns_leave_when_they_reach_zero() -> None:
    dictionary = DictionaryRecommender("en")
    dictionary.learn(Counter({("Accra", "GPE"): 1, ("Accra", "ORG"): 2}))
    assert dictionary.label_of("Accra") == "ORG"
    dictionary.learn(Counter({("Accra", "ORG"): -2}))
    assert dictionary.label_of("Accra") == "GPE"
    dictionary.learn(Counter({("Accra", "GPE"): -1}))
    assert found(dictionary, "Accra") == [] and len(dictionary) == 0
    dictionary.learn(Counter({("Accra", "GPE"): 1}))
    dictionary.forget()
    assert found(dictionary, "Accra") == []


def test_ignoring_case_merges_spellings() -> None:
    dictionary = DictionaryRecommender("en", ignore_case=True)
    dictionary.learn(Counter({("ACCRA", "GPE"): 1, ("accra", "GPE"): 1}))
    assert len(dictionary) == 1
    assert found(dictionary, "Accra and ACCRA") == [("Accra", "GPE"), ("ACCRA", "GPE")]


def test_offsets_are_exact_in_unicode_torture_text() -> None:
    dictionary = DictionaryRecommender("en")
    dictionary.learn(Counter({("Accra", "GPE"): 1, ("noon", "GPE"): 1, ("Kofi Annan", "GPE"): 1}))
    assert [text for text, _ in found(dictionary, TORTURE_TEXT)] == ["Kofi Annan", "Accra", "noon"]


def test_triggers_match_words_of_any_case_and_several_tokens() -> None:
    triggers = TriggerRecommender(SCHEMA)
    spans = triggers.suggest(4, "A SHELL and a car  bomb; a Car bomb; shelling.")
    assert [(s.text, s.label, s.kind, s.source) for s in spans] == [
        ("SHELL", "Attack", TRIGGER, "triggers"), ("Car bomb", "Attack", TRIGGER, "triggers"),
        ("shelling", "Attack", TRIGGER, "triggers")]


def test_triggers_match_lemmas_when_the_pipeline_sets_them() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add([[{"LOWER": "shelled"}]], {"LEMMA": "shell"})
    triggers = TriggerRecommender(SCHEMA, nlp)
    assert [s.text for s in triggers.suggest(1, "They shelled it.")] == ["shelled"]


def test_asked_again_about_the_same_doc_it_matches_only_what_changed_and_agrees_with_a_fresh_look() -> None:
    text = "York and New York. New York Times in Raqqa; raqqa, Raqqa city and York."
    steps = [Counter({("York", "GPE"): 1}), Counter({("New York", "GPE"): 1}),
             Counter({("New York Times", "ORG"): 1, ("Raqqa", "GPE"): 1}), Counter({("York", "ORG"): 2}),
             Counter({("New York", "GPE"): -1}), Counter({("Raqqa city", "LOC"): 1, ("Raqqa", "GPE"): -1})]
    for ignore_case in (False, True):
        incremental = DictionaryRecommender("en", ignore_case=ignore_case)
        doc = incremental.nlp(text)
        before = incremental.spans_in(doc, 1)
        for delta in steps:
            incremental.learn(delta)
            now = incremental.spans_in(doc, 1)
            fresh = DictionaryRecommender("en", ignore_case=ignore_case)
            fresh.learn(sum((Counter(step) for step in steps[:steps.index(delta) + 1]), Counter()))
            assert now == fresh.spans_in(fresh.nlp(text), 1)
            unchanged = {(s.start, s.end, s.label) for s in before} & {(s.start, s.end, s.label) for s in now}
            kept = {id(s) for s in before}
            assert all(id(s) in kept for s in now if (s.start, s.end, s.label) in unchanged
                       and s.text.lower() not in {key.lower() for key, _ in delta})
            before = now
