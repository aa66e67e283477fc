"""Properties every agreement measure keeps, on random layers: F1 is symmetric over a pair (precision and
recall swap), identical layers agree completely, and κ and α stay in their bounds."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement.compare import compare_layers
from annotator.core.agreement.counts import cohen_kappa
from annotator.core.agreement.layer import Layer
from annotator.core.agreement.pair import F1_MEASURES, compare_pair
from annotator.core.agreement.tokens import nominal_alpha
from annotator.core.model import (
    ON_EVENT,
    ON_SPAN,
    TRIGGER,
    Annotated,
    Argument,
    AttributeValue,
    Entity,
    EntityLink,
    Event,
    Relation,
    Span,
)
from tests.core.agreement_fixtures import document

TEXT = "Rebels of the Free Army shelled Raqqa on Monday and fled to Homs ."
LABELS = ("ORG", "PER", "GPE")


@st.composite
def layers(draw) -> Annotated:
    """Entity spans, a trigger or two with arguments, relations and attribute values over ``TEXT``."""
    count = draw(st.integers(1, 6))
    spans = []
    for _ in range(count):
        start = draw(st.integers(0, len(TEXT) - 2))
        end = draw(st.integers(start + 1, min(len(TEXT), start + 12)))
        spans.append(Span(start, end, draw(st.sampled_from(LABELS))))
    events = []
    for _ in range(draw(st.integers(0, 2))):
        spans.append(Span(24, 31, "x", TRIGGER))
        roles = draw(st.lists(st.tuples(st.sampled_from(("Attacker", "Place")), st.integers(0, count - 1)),
                              max_size=3))
        events.append(Event(draw(st.sampled_from(("Attack", "Move"))), len(spans) - 1,
                            tuple(Argument(role, filler) for role, filler in roles)))
    ends = st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))
    relations = tuple(Relation("member_of", head, tail) for head, tail in draw(st.lists(ends, max_size=2)))
    values = [AttributeValue("Certainty", draw(st.sampled_from(("High", "Low"))), ON_SPAN, index)
              for index in draw(st.sets(st.integers(0, count - 1), max_size=2))]
    values += [AttributeValue("Tense", draw(st.sampled_from(("Past", "Future"))), ON_EVENT, index)
               for index in range(len(events)) if draw(st.booleans())]
    entities = (Entity("Raqqa", "GPE", external_id="wikidata:Q131301"), Entity("Free Army", "ORG"))
    links = tuple(EntityLink(index, draw(st.integers(0, 1)))
                  for index in draw(st.sets(st.integers(0, count - 1), max_size=3)))
    return Annotated(document(TEXT), tuple(spans), tuple(events), relations, tuple(values), links=links,
                     entities=entities)


@settings(max_examples=60, deadline=None)
@given(layers(), layers())
def test_f1_is_symmetric_and_precision_and_recall_swap(a: Annotated, b: Annotated) -> None:
    forward, backward = compare_pair(Layer(a), Layer(b)), compare_pair(Layer(b), Layer(a))
    for measure in F1_MEASURES:
        there, back = forward.total(measure), backward.total(measure)
        assert there == back.swapped()
        assert there.f1 == back.f1
        assert (there.precision, there.recall) == (back.recall, back.precision)
    assert forward.links == backward.links
    # an exact match is also an overlapping one
    assert forward.total("spans_overlap").tp >= forward.total("spans_exact").tp
    kappa = cohen_kappa(forward.tokens)
    assert kappa == cohen_kappa(Counter({(y, x): n for (x, y), n in forward.tokens.items()}))
    assert kappa is None or -1.0 <= kappa <= 1.0


@settings(max_examples=60, deadline=None)
@given(layers())
def test_identical_layers_agree_completely(a: Annotated) -> None:
    report = compare_layers({"alice": {"doc": a}, "bob": {"doc": a}})
    for measure in F1_MEASURES:
        score = report.overall(measure)
        assert score is None or (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert report.token_kappa == 1.0 and report.token_alpha == 1.0
    assert report.link_agreement in (None, 1.0)
    assert all(score.observed == 1.0 and score.kappa == 1.0 for score in report.attribute_scores().values())
    assert all(a == b for a, b in report.confusion())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*(st.sampled_from(("O", "ORG", "PER", None)),) * 3), min_size=1, max_size=30))
def test_alpha_is_at_most_one(units: list[tuple[str | None, ...]]) -> None:
    alpha = nominal_alpha(units)
    assert alpha is None or alpha <= 1.0 + 1e-12
