"""Candidate records for a new event mention: lenient dates, scoring and its words, without Qt or SQL."""

from __future__ import annotations

from datetime import date

import pytest

from annotator.core.lenient_dates import document_date, parse_date
from annotator.core.record_candidates import Facts, rank, score

REPORT_DAY = date(2019, 3, 5)  # a Tuesday


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-03-03", date(2019, 3, 3)),
    ("2019-03", date(2019, 3, 1)),
    ("3 March 2019", date(2019, 3, 3)),
    ("on the 3rd of March", date(2019, 3, 3)),
    ("March 3, 2019", date(2019, 3, 3)),
    ("Sept. 9", date(2019, 9, 9)),
    ("on Sunday", date(2019, 3, 3)),
    ("Tuesday", REPORT_DAY),
    ("yesterday", date(2019, 3, 4)),
    ("last night", date(2019, 3, 4)),
    ("this morning", REPORT_DAY),
    ("31 February 2019", None),
    ("recently", None),
    ("", None),
])
def test_dates_are_read_leniently_against_the_report_day(text: str, expected: date | None) -> None:
    assert parse_date(text, REPORT_DAY) == expected


def test_without_a_report_day_only_full_dates_are_read() -> None:
    assert parse_date("on Sunday") is None and parse_date("3 March") is None
    assert parse_date("3 March 2019") == date(2019, 3, 3)
    assert document_date({"published": "2019-03-05T10:00:00Z"}) == REPORT_DAY
    assert document_date({"date": "soon"}) is None and document_date({}) is None


TYPE = "Battles/Armed clash"
MENTION = Facts(TYPE, actors={1: "ISIS"}, locations={7: "Abu Kamal"}, dates=frozenset({date(2019, 3, 3)}))


def test_same_type_shared_actor_and_a_close_date_are_explained() -> None:
    record = Facts(TYPE, actors={1: "ISIS", 2: "SDF"}, dates=frozenset({date(2019, 3, 5)}))
    found = score(MENTION, 4, record)
    assert found.explanation() == "same type, shares actor ISIS, 2 days apart"
    assert found.score == pytest.approx(2 + 2 * 5 / 7, abs=1e-3)


def test_another_type_or_nothing_shared_is_no_candidate() -> None:
    assert score(MENTION, 1, Facts("Protests/Peaceful protest", actors={1: "ISIS"})) is None
    assert score(MENTION, 1, Facts(TYPE, actors={3: "Rebels"})) is None
    assert score(MENTION, 1, Facts(TYPE, dates=frozenset({date(2019, 5, 1)}))) is None


def test_a_far_date_lowers_a_candidate_and_says_so() -> None:
    far = score(MENTION, 1, Facts(TYPE, actors={1: "ISIS"}, dates=frozenset({date(2019, 4, 3)})))
    assert far.explanation() == "same type, shares actor ISIS, but 31 days apart" and far.score == 1.0


def test_rank_orders_best_first_and_keeps_the_limit() -> None:
    records = {
        1: Facts(TYPE, actors={1: "ISIS"}),
        2: Facts(TYPE, actors={1: "ISIS"}, locations={7: "Abu Kamal"}, dates=frozenset({date(2019, 3, 3)})),
        3: Facts(TYPE, locations={7: "Abu Kamal"}),
        4: Facts(TYPE),
    }
    found = rank(MENTION, records, limit=2)
    assert [c.record_id for c in found] == [2, 1]
    assert found[0].explanation() == "same type, shares actor ISIS, shares location Abu Kamal, same day"
    assert [c.record_id for c in rank(MENTION, records)] == [2, 1, 3]
