"""Trigger words matched on lemmas, never inside dates, times, numbers or money, never on tagged words."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.model import ENTITY, TRIGGER, Span
from annotator.core.schema import load_schema, schema_from_dict
from annotator.core.shown_suggestions import uncovered
from annotator.nlp.expressions import ExpressionFinder
from annotator.nlp.lemmas import Lemmas, lemma_table
from annotator.nlp.tokens import blank_pipeline
from annotator.nlp.triggers import TriggerRecommender
from annotator.resources import schema_path

NEWS = load_schema(schema_path("news"))
NEWS_TRIGGERS = TriggerRecommender(NEWS)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December", "Sept.", "Mar."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def proposed(text: str, recommender: TriggerRecommender = NEWS_TRIGGERS) -> list[tuple[str, str]]:
    spans = recommender.suggest(1, text)
    assert all(text[s.start:s.end] == s.text and s.kind == TRIGGER for s in spans)
    return [(s.text, s.label) for s in spans]


@pytest.mark.parametrize(("text", "expected"), [
    ("intense battles that killed dozens", [("battles", "Conflict.Attack"), ("killed", "Life.Die")]),
    ("troops had clashed; clashes went on", [("clashed", "Conflict.Attack"), ("clashes", "Conflict.Attack")]),
    ("forces seized the town, seizing oil fields",
     [("seized", "Transaction.Transfer-Ownership"), ("seizing", "Transaction.Transfer-Ownership")]),
    ("Battles. KILLED. Shelling", [("Battles", "Conflict.Attack"), ("KILLED", "Life.Die"),
                                  ("Shelling", "Conflict.Attack")]),
    ("He struck and shot; bombs fell", [("struck", "Conflict.Attack"), ("shot", "Conflict.Attack"),
                                        ("bombs", "Conflict.Attack")]),
    ("protesters marched", [("protesters", "Conflict.Demonstrate"), ("marched", "Conflict.Demonstrate")]),
])
def test_every_inflection_of_a_listed_lemma_is_proposed(text, expected) -> None:
    assert proposed(text) == expected


def test_the_schema_words_are_lemmatized_too() -> None:
    schema = schema_from_dict({"name": "t", "entity_labels": [{"name": "GPE"}], "event_types": [
        {"name": "Die", "triggers": ["killed"]}, {"name": "Attack", "triggers": ["car bombs"]}]})
    triggers = TriggerRecommender(schema)
    assert proposed("kill, kills, killing, Killed; a car bomb", triggers) == [
        ("kill", "Die"), ("kills", "Die"), ("killing", "Die"), ("Killed", "Die"), ("car bomb", "Attack")]


def test_a_lemma_match_is_proposed_whatever_the_sense() -> None:
    # "left" is a form of "leave" (Movement.Transport) even as a direction; the analyst decides.
    assert proposed("the left bank") == [("left", "Movement.Transport")]


@pytest.mark.parametrize(("text", "expected"), [
    ("On 14 March 2024 they met.", [("met", "Contact.Meet")]),
    ("Protesters will march on 14 March.", [("Protesters", "Conflict.Demonstrate"),
                                            ("march", "Conflict.Demonstrate")]),
    ("Since March, no one marched.", [("marched", "Conflict.Demonstrate")]),
    ("in mid-March and by March 3, 2024 and on Thursday, March 14", []),
    ("the 14th of March; Mar. 3; MARCH 2024", []),
    ("On 1 May prices may fall.", []),
    ("Thursday 09 November 2017 11:57 GMT", []),
    ("They march 14 km a day.", [("march", "Conflict.Demonstrate")]),
    ("a fine of $5 million, 300 pounds, 12 euros, 20%", [("fine", "Justice.Fine")]),
])
def test_no_trigger_inside_a_date_time_number_or_money(text, expected) -> None:
    assert proposed(text) == expected


@given(day=st.integers(1, 31), month=st.sampled_from(MONTHS), year=st.integers(1900, 2100),
       weekday=st.sampled_from(WEEKDAYS),
       form=st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{w} {d} {m} {y}", "{w}, {m} {d}", "{m} {y}",
                             "{d} {m}", "the {d}th of {m}", "in {m}", "{h}:{mm} GMT on {d} {m}"]),
       hour=st.integers(0, 23), minute=st.integers(0, 59))
@settings(max_examples=200, deadline=None)
def test_every_token_of_a_date_is_inside_an_expression(day, month, year, weekday, form, hour, minute) -> None:
    date = form.format(d=day, m=month, y=year, w=weekday, h=hour, mm=f"{minute:02d}")
    doc = blank_pipeline("en")(f"Protesters march. {date}")
    covered = ExpressionFinder(doc.vocab).covered(doc)
    words = [token for token in doc[3:] if token.text not in {",", "the", "of", "th", "on", "in"}]
    assert all(token.i in covered for token in words), (date, [t.text for t in words])
    assert not covered & {0, 1}


WORDS = st.sampled_from(["battles", "killed", "March", "14", "2024", "on", "$", "5", "million", "the",
                         "clashed", "é", "😀", "\r\n", "Seized", "car", "bomb", "May", "1", "fell", "  "])


@given(st.lists(WORDS, max_size=25), st.sampled_from([" ", "", "\u00a0"]))
@settings(max_examples=150, deadline=None)
def test_proposals_are_exact_words_never_numbers_and_never_overlap(words, separator) -> None:
    text = separator.join(words)
    spans = NEWS_TRIGGERS.suggest(1, text)
    assert all(text[s.start:s.end] == s.text and not any(c.isdigit() for c in s.text) for s in spans)
    assert all(a.end <= b.start for a, b in itertools.pairwise(spans))


EXPRESSION_WORDS = st.sampled_from(["14", "March", "2024", "Thursday", ",", "of", "in", "mid", "-", "$", "5",
                                    "million", "euros", "11:57", "GMT", "10", "a.m.", "march", "May", "%",
                                    "the", "protesters", "three"])


@given(st.lists(EXPRESSION_WORDS, max_size=30))
@settings(max_examples=150, deadline=None)
def test_looking_around_one_word_agrees_with_the_whole_document(words) -> None:
    doc = blank_pipeline("en")(" ".join(words))
    finder = ExpressionFinder(doc.vocab)
    covered = finder.covered(doc)
    assert [finder.inside(doc, i, i + 1) for i in range(len(doc))] == [i in covered for i in range(len(doc))]


def test_a_language_without_a_lemma_table_matches_the_listed_forms(caplog) -> None:
    assert lemma_table("xx") is None and lemma_table("en") is not None
    schema = schema_from_dict({"name": "t", "language": "xx", "entity_labels": [{"name": "GPE"}],
                               "event_types": [{"name": "Attack", "triggers": ["shell"]}]})
    triggers = TriggerRecommender(schema)
    assert not triggers.lemmatized and NEWS_TRIGGERS.lemmatized
    assert proposed("A SHELL; shelled; shells", triggers) == [("SHELL", "Attack")]
    assert Lemmas("xx").forms("Shells") == {"shells"}


def test_a_trigger_is_not_proposed_on_words_already_tagged() -> None:
    text = "On 14 March they march again; the Fire Brigade came."
    march_date = Span(6, 11, "DATE", ENTITY)
    fire_org = Span(text.index("Fire"), text.index(" came"), "ORG", ENTITY)
    march_trigger = Span(text.index("march"), text.index("march") + 5, "Conflict.Attack", TRIGGER)
    proposals = [*NEWS_TRIGGERS.suggest(1, text), Span(6, 11, "Conflict.Demonstrate", TRIGGER)]
    shown = uncovered(proposals, [march_date, fire_org, march_trigger])
    assert [(s.text, s.label) for s in proposals[:2]] == [("march", "Conflict.Demonstrate"),
                                                          ("Fire", "Conflict.Attack")]
    assert shown == []


def test_an_entity_suggestion_is_hidden_only_by_its_own_label() -> None:
    suggestion = Span(0, 5, "GPE", ENTITY, text="Raqqa")
    assert uncovered([suggestion], [Span(0, 10, "ORG", ENTITY)]) == [suggestion]
    assert uncovered([suggestion], [Span(0, 5, "GPE", ENTITY)]) == []


def test_the_shipped_sample_article_meets_the_recall_target() -> None:
    """The benchmark's own sample and hand-made gold list (tests/benchmarks/bench_trigger_recall.py)."""
    from tests.benchmarks.bench_trigger_recall import GOLD_DIR, SAMPLE, gold_positions, gold_words

    text = SAMPLE.read_text(encoding="utf-8")
    gold = gold_positions(text, gold_words(GOLD_DIR / f"{SAMPLE.stem}.gold"))
    proposed = {(s.start, s.end) for s in NEWS_TRIGGERS.suggest(1, text)}
    assert sum(position in proposed for position in gold) / len(gold) >= 0.8
    assert (text.index("March"), text.index("March") + 5) not in proposed  # "14 March 2024"
