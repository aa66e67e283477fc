"""Every agreement measure against arithmetic done by hand on the layers of agreement_fixtures.py.

alice is the reference (A) and bob the compared layer (B): tp = in both, fp = only bob, fn = only alice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from annotator.core.agreement.compare import DONE, IN_PROGRESS, compare_layers, shared_documents
from annotator.core.agreement.counts import Counts, cohen_kappa, observed_agreement
from annotator.core.agreement.layer import Layer
from annotator.core.agreement.matching import max_matching, overlap_options
from annotator.core.agreement.pair import compare_pair
from annotator.core.agreement.spans import NONE
from annotator.core.agreement.tokens import nominal_alpha, token_labels, tokens
from annotator.core.model import STATUSES, TRIGGER, Annotated, Argument, Event, Span
from annotator.formats.records import text_hash
from tests.core.agreement_fixtures import ALEPPO, RAQQA, alice_raqqa, bob_raqqa, document, team

approx = pytest.approx


@pytest.fixture(scope="module")
def raqqa():
    return compare_pair(Layer(alice_raqqa()), Layer(bob_raqqa()))


def test_counts_precision_recall_f1_and_their_empty_cases() -> None:
    counts = Counts(tp=2, fp=1, fn=3)
    assert (counts.precision, counts.recall, counts.f1) == approx((2 / 3, 2 / 5, 1 / 2))  # F1 = 2·2/(4+1+3)
    assert counts.swapped() == Counts(2, 3, 1)
    assert (Counts(0, 0, 2).precision, Counts(0, 0, 2).recall, Counts(0, 0, 2).f1) == (1.0, 0.0, 0.0)
    assert Counts().f1 == 1.0


def test_exact_spans_per_label(raqqa) -> None:
    # ORG: alice 0-6 and 14-23, bob 10-23: nothing equal -> tp 0, fp 1, fn 2
    # PER: bob's 0-6 only -> fp 1; GPE 32-37 and DATE 41-47 in both -> tp 1 each
    assert raqqa.measures["spans_exact"] == {"DATE": Counts(1, 0, 0), "GPE": Counts(1, 0, 0),
                                             "ORG": Counts(0, 1, 2), "PER": Counts(0, 1, 0)}
    total = raqqa.total("spans_exact")  # tp 2, fp 2, fn 2 -> P = R = F1 = 2/4
    assert (total, total.precision, total.recall, total.f1) == (Counts(2, 2, 2), 0.5, 0.5, 0.5)


def test_overlapping_spans_per_label(raqqa) -> None:
    # ORG: bob's 10-23 shares "Free Army" with alice's 14-23 (one match); alice's 0-6 is left -> tp 1, fn 1
    assert raqqa.measures["spans_overlap"]["ORG"] == Counts(1, 0, 1)
    total = raqqa.total("spans_overlap")  # tp 3, fp 1 (PER), fn 1 -> P = R = F1 = 3/4
    assert (total, total.f1) == (Counts(3, 1, 1), 0.75)


def test_overlap_matches_each_span_once() -> None:
    # one long span of alice against two short ones of bob: one pair at most
    assert overlap_options([((0, 10),)], [((0, 4),), ((5, 10),)]) == [[0, 1]]
    assert max_matching([[0, 1]]) == [(0, 0)]
    # a greedy first choice would strand the second span: 0-10 could take 0-4, but 3-4 needs it
    assert max_matching(overlap_options([((0, 10),), ((3, 4),)], [((0, 4),), ((5, 10),)])) == [(0, 1), (1, 0)]


def test_confusion_aligns_same_extents_then_overlaps(raqqa) -> None:
    # 0-6 ORG|PER, 32-37 GPE|GPE, 41-47 DATE|DATE by extent; then 14-23 ORG meets 10-23 ORG by overlap
    assert raqqa.confusion == Counter({("ORG", "PER"): 1, ("ORG", "ORG"): 1, ("GPE", "GPE"): 1,
                                       ("DATE", "DATE"): 1})
    alone = compare_pair(Layer(alice_raqqa()), Layer(Annotated(document(RAQQA))))
    assert alone.confusion == Counter({("ORG", NONE): 2, ("GPE", NONE): 1, ("DATE", NONE): 1})


def test_token_labels_follow_the_documented_rule() -> None:
    bounds = tokens(RAQQA)
    assert len(bounds) == 10 and bounds[-1] == (47, 48)
    # the trigger "shelled" is not an entity: O
    assert token_labels(Layer(alice_raqqa()), bounds) == [
        "ORG", "O", "O", "ORG", "ORG", "O", "GPE", "O", "DATE", "O"]
    assert token_labels(Layer(bob_raqqa()), bounds) == [
        "PER", "O", "ORG", "ORG", "ORG", "O", "GPE", "O", "DATE", "O"]
    nested = Annotated(document("New York City"), (Span(0, 13, "GPE"), Span(0, 8, "LOC")))
    assert token_labels(Layer(nested), tokens("New York City")) == ["LOC", "LOC", "GPE"]  # innermost wins


def test_cohen_kappa_over_tokens(raqqa) -> None:
    # 8 of 10 tokens agree: p_o = 0.8
    # alice: ORG 3, O 5, GPE 1, DATE 1; bob: PER 1, ORG 3, O 4, GPE 1, DATE 1
    # p_e = (3·3 + 5·4 + 1·1 + 1·1) / 100 = 0.31 -> κ = (0.8 − 0.31) / (1 − 0.31) = 0.49 / 0.69
    assert cohen_kappa(raqqa.tokens) == approx(0.49 / 0.69)
    assert cohen_kappa(Counter({("a", "a"): 3})) == 1.0  # one value throughout: p_e = 1
    assert cohen_kappa(Counter()) is None
    assert cohen_kappa(Counter({("a", "b"): 1, ("b", "a"): 1})) == approx(-1.0)  # p_o 0, p_e 0.5


def test_krippendorff_alpha_over_token_labels() -> None:
    # the same ten tokens, two analysts, n = 20 values:
    # n_ORG = 6, n_O = 9, n_GPE = 2, n_DATE = 2, n_PER = 1; 4 off-diagonal coincidences
    # D_o = 4/20, D_e = (20² − (36+81+4+4+1)) / (20·19) = 274/380 -> α = 1 − (4/20)/(274/380) = 198/274
    bounds = tokens(RAQQA)
    a, b = token_labels(Layer(alice_raqqa()), bounds), token_labels(Layer(bob_raqqa()), bounds)
    assert nominal_alpha(list(zip(a, b, strict=True))) == approx(198 / 274)
    # a unit only one analyst coded is not pairable and drops out: units (x,x) (y,y) (x,y) [(-,x)]
    # n = 6, n_x = n_y = 3: D_o = 2/6, D_e = 2·3·3/30 = 0.6 -> α = 1 − (1/3)/0.6 = 4/9
    assert nominal_alpha([("x", "x"), ("y", "y"), ("x", "y"), (None, "x")]) == approx(4 / 9)
    assert nominal_alpha([("x", "x"), ("x", "x")]) == 1.0
    assert nominal_alpha([("x", None)]) is None
    assert nominal_alpha([(None, None)]) is None and nominal_alpha([]) is None


def test_triggers_and_arguments_per_role(raqqa) -> None:
    assert raqqa.measures["triggers"] == {"Conflict.Attack": Counts(1, 0, 0)}
    # inside the matched attack: Attacker 0-6 | 10-23 -> fp 1, fn 1; Place 32-37 both -> tp 1;
    # Time 41-47 only alice -> fn 1
    assert raqqa.measures["arguments"] == {"Attacker": Counts(0, 1, 1), "Place": Counts(1, 0, 0),
                                           "Time": Counts(0, 0, 1)}
    total = raqqa.total("arguments")  # tp 1, fp 1, fn 2: P = 1/2, R = 1/3, F1 = 2/(2+1+2)
    assert (total.precision, total.recall, total.f1) == approx((1 / 2, 1 / 3, 2 / 5))


def test_arguments_of_unmatched_triggers_are_not_counted() -> None:
    spans = (Span(0, 6, "ORG"), Span(24, 31, "x", TRIGGER))
    attacker = (Argument("Attacker", 0),)
    attack = Annotated(document(RAQQA), spans, (Event("Conflict.Attack", 1, attacker),))
    protest = Annotated(document(RAQQA), spans, (Event("Conflict.Demonstrate", 1, attacker),))
    counts = compare_pair(Layer(attack), Layer(protest))
    # same trigger span, other type: no match -> Attack fn 1, Demonstrate fp 1, no argument counted
    assert counts.measures["triggers"] == {"Conflict.Attack": Counts(0, 0, 1),
                                           "Conflict.Demonstrate": Counts(0, 1, 0)}
    assert counts.measures["arguments"] == {}


def test_relations_per_type(raqqa) -> None:
    # member_of 0-6 -> 14-23 (alice) against 0-6 -> 10-23 (bob): different tails -> fp 1, fn 1
    assert raqqa.measures["relations"] == {"member_of": Counts(0, 1, 1)}


def test_links_on_spans_both_tagged_alike(raqqa) -> None:
    # matched entity spans: GPE 32-37 and DATE 41-47 (0-6 differs in label, 14-23 in extent)
    # GPE: both wikidata:Q131301 though named differently -> same; DATE: Monday | 18 March -> differ
    # alice's link of 14-23 is on a span bob tagged otherwise: not counted
    assert (raqqa.links.both, raqqa.links.same, raqqa.links.one) == (2, 1, 0)
    assert raqqa.links.agreement == 0.5


def test_attribute_agreement_on_matched_items(raqqa) -> None:
    # on the matched event: Polarity Positive|Positive, Tense Past|Future; on GPE: Certainty High|unset
    assert raqqa.attributes == {"Certainty": Counter({("High", "(unset)"): 1}),
                                "Polarity": Counter({("Positive", "Positive"): 1}),
                                "Tense": Counter({("Past", "Future"): 1})}
    assert observed_agreement(raqqa.attributes["Polarity"]) == 1.0
    assert observed_agreement(raqqa.attributes["Tense"]) == 0.0
    # Tense: p_o 0, p_e = 0 (alice said only Past, bob only Future) -> κ = 0
    assert cohen_kappa(raqqa.attributes["Tense"]) == 0.0
    # four judgements, two values: (a,a) (a,a) (b,b) (a,b): p_o = 3/4; alice a 3, b 1; bob a 2, b 2
    # p_e = (3·2 + 1·2)/16 = 1/2 -> κ = (3/4 − 1/2) / (1/2) = 1/2
    assert cohen_kappa(Counter({("a", "a"): 2, ("b", "b"): 1, ("a", "b"): 1})) == 0.5


def test_team_report_micro_over_documents_and_mean_over_pairs() -> None:
    report = compare_layers(team())
    assert report.analysts == ("alice", "bob", "carol")
    assert (len(report.documents), report.excluded) == (2, 1)  # carol's own document is left out
    pairs = {pair.name: pair for pair in report.pairs}
    # alice/bob: RAQQA tp 2 fp 2 fn 2 + ALEPPO (bob lacks GPE) tp 2 fp 0 fn 1 = tp 4, fp 2, fn 3
    assert pairs["alice/bob"].counts.total("spans_exact") == Counts(4, 2, 3)
    assert pairs["alice/bob"].counts.documents == 2
    # alice/carol: ALEPPO alike -> tp 3; bob/carol: carol's GPE extra -> tp 2, fp 1
    assert pairs["alice/carol"].counts.total("spans_exact") == Counts(3, 0, 0)
    assert pairs["bob/carol"].counts.total("spans_exact") == Counts(2, 1, 0)
    overall = report.overall("spans_exact")
    # F1: alice/bob 8/13, alice/carol 1, bob/carol 4/5 -> mean; P: 4/6, 1, 2/3; R: 4/7, 1, 1
    assert overall.f1 == approx((8 / 13 + 1 + 4 / 5) / 3)
    assert (overall.precision, overall.recall) == approx(((4 / 6 + 1 + 2 / 3) / 3, (4 / 7 + 1 + 1) / 3))
    assert overall.counts == Counts(9, 3, 3) and overall.pairs == 3
    # ORG: alice/bob RAQQA tp 0 fp 1 fn 2 + ALEPPO tp 1 -> F1 2/5; the other pairs 1 -> mean 0.8
    assert report.by_key("spans_exact")["ORG"].f1 == approx((2 / 5 + 1 + 1) / 3)
    # only alice/bob has events: the overall argument F1 is theirs
    assert report.overall("arguments").f1 == approx(2 / 5) and report.overall("arguments").pairs == 1
    assert report.overall("relations").pairs == 1
    # alice/carol agree on every ALEPPO token -> κ 1.0
    assert pairs["alice/carol"].token_kappa == 1.0
    assert report.token_kappa == approx(sum(pair.token_kappa for pair in report.pairs) / 3)


def test_team_alpha_counts_each_document_with_its_analysts() -> None:
    report = compare_layers(team())
    aleppo = next(doc for doc in report.documents if doc.title == "Arrest in Aleppo")
    # ALEPPO tokens: Police ORG×3, arrested O×3, Omar PER×3, in O×3, Aleppo GPE|O|GPE, . O×3
    # n = 18: n_ORG 3, n_O 10, n_PER 3, n_GPE 2; coincidences off the diagonal: the Aleppo unit gives
    # GPE–O 2·(1/2) each way -> D_o = 2/18; D_e = (18² − (9+100+9+4)) / (18·17) = 202/306
    assert aleppo.token_alpha == approx(1 - (2 / 18) / (202 / 306))
    assert aleppo.analysts == ("alice", "bob", "carol") and aleppo.sha256 == text_hash(ALEPPO)


def test_a_share_never_opened_or_skipped_is_not_compared() -> None:
    layers = team()
    untouched = Annotated(document(RAQQA, "Shelling in Raqqa"))  # status new, nothing tagged
    layers["carol"][text_hash(RAQQA)] = untouched
    assert shared_documents(layers)[text_hash(RAQQA)] == ["alice", "bob"]
    layers["carol"][text_hash(RAQQA)] = replace(untouched, document=replace(untouched.document, status=DONE))
    assert shared_documents(layers)[text_hash(RAQQA)] == ["alice", "bob", "carol"]  # done: nothing to tag
    skipped = replace(untouched, document=replace(untouched.document, status="skipped"))
    layers["carol"][text_hash(RAQQA)] = skipped
    assert shared_documents(layers)[text_hash(RAQQA)] == ["alice", "bob"]
    assert {IN_PROGRESS, DONE, "skipped", "new"} <= set(STATUSES)


def test_no_shared_document_gives_an_empty_report() -> None:
    layers = team()
    del layers["bob"], layers["carol"]
    report = compare_layers(layers)
    assert (report.documents, report.pairs, report.overall("spans_exact")) == ((), (), None)
