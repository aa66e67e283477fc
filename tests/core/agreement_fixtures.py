"""Hand-written layers of two and three analysts for the agreement tests (index form, as importers give).

Token positions of ``RAQQA`` (the rule of ``core.agreement.tokens``):
Rebels 0-6 | of 7-9 | the 10-13 | Free 14-18 | Army 19-23 | shelled 24-31 | Raqqa 32-37 | on 38-40 |
Monday 41-47 | . 47-48
"""

from __future__ import annotations

from annotator.core.model import (
    ON_EVENT,
    ON_SPAN,
    TRIGGER,
    Annotated,
    Argument,
    AttributeValue,
    Document,
    Entity,
    EntityLink,
    Event,
    Relation,
    Span,
)
from annotator.formats.records import text_hash

RAQQA = "Rebels of the Free Army shelled Raqqa on Monday."
# Police 0-6 | arrested 7-15 | Omar 16-20 | in 21-23 | Aleppo 24-30 | . 30-31
ALEPPO = "Police arrested Omar in Aleppo."
ONLY_CAROL = "Nobody else read this one."

RAQQA_CITY = "wikidata:Q131301"


def document(text: str, title: str = "") -> Document:
    return Document(text, title=title, sha256=text_hash(text))


def alice_raqqa() -> Annotated:
    spans = (Span(0, 6, "ORG"), Span(14, 23, "ORG"), Span(24, 31, "Conflict.Attack", TRIGGER),
             Span(32, 37, "GPE"), Span(41, 47, "DATE"))
    attack = Event("Conflict.Attack", 2, (Argument("Attacker", 0), Argument("Place", 3), Argument("Time", 4)))
    values = (AttributeValue("Polarity", "Positive", ON_EVENT, 0),
              AttributeValue("Tense", "Past", ON_EVENT, 0), AttributeValue("Certainty", "High", ON_SPAN, 3))
    entities = (Entity("Raqqa", "GPE", external_id=RAQQA_CITY), Entity("Monday", "DATE"),
                Entity("Free Army", "ORG"))
    links = (EntityLink(3, 0), EntityLink(4, 1), EntityLink(1, 2))
    return Annotated(document(RAQQA, "Shelling in Raqqa"), spans, (attack,), (Relation("member_of", 0, 1),),
                     values, links=links, entities=entities)


def bob_raqqa() -> Annotated:
    spans = (Span(0, 6, "PER"), Span(10, 23, "ORG"), Span(24, 31, "Conflict.Attack", TRIGGER),
             Span(32, 37, "GPE"), Span(41, 47, "DATE"))
    attack = Event("Conflict.Attack", 2, (Argument("Attacker", 1), Argument("Place", 3)))
    values = (AttributeValue("Polarity", "Positive", ON_EVENT, 0),
              AttributeValue("Tense", "Future", ON_EVENT, 0))
    entities = (Entity("Raqqa city", "GPE", external_id=RAQQA_CITY), Entity("18 March", "DATE"))
    links = (EntityLink(3, 0), EntityLink(4, 1))
    return Annotated(document(RAQQA, "Shelling in Raqqa"), spans, (attack,), (Relation("member_of", 0, 1),),
                     values, links=links, entities=entities)


def aleppo(*labels: tuple[int, int, str]) -> Annotated:
    return Annotated(document(ALEPPO, "Arrest in Aleppo"), tuple(Span(s, e, label) for s, e, label in labels))


def team() -> dict[str, dict[str, Annotated]]:
    """alice and bob share RAQQA; all three share ALEPPO; carol alone has ONLY_CAROL (left out)."""
    police, omar, city = (0, 6, "ORG"), (16, 20, "PER"), (24, 30, "GPE")
    return {
        "alice": {text_hash(RAQQA): alice_raqqa(), text_hash(ALEPPO): aleppo(police, omar, city)},
        "bob": {text_hash(RAQQA): bob_raqqa(), text_hash(ALEPPO): aleppo(police, omar)},
        "carol": {text_hash(ALEPPO): aleppo(police, omar, city),
                  text_hash(ONLY_CAROL): Annotated(document(ONLY_CAROL))},
    }
