"""Span edges moved by whole tokens: the keyboard's boundary keys and the edge drag rely on these."""

from __future__ import annotations

import pytest

from annotator.nlp.span_edges import END, START, moved_edge, nearest_edge

TEXT = "Rebels shelled Abu Kamal's market on 14 March, killing al-Hassan."


def at(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


@pytest.mark.parametrize(
    ("span", "edge", "step", "expected"),
    [
        ("Kamal", START, -1, "Abu Kamal"),
        ("Abu Kamal", START, +1, "Kamal"),
        ("Abu", END, +1, "Abu Kamal"),
        ("Abu Kamal", END, +1, "Abu Kamal's"),  # spaCy splits the possessive off
        ("Abu Kamal's", END, -1, "Abu Kamal"),
        ("March", END, +1, "March,"),
        ("14 March", START, +1, "March"),
        ("shelled", START, -1, "Rebels shelled"),
    ],
)
def test_an_edge_moves_by_one_token(span: str, edge: str, step: int, expected: str) -> None:
    moved = moved_edge(TEXT, *at(span), edge, step, "en")
    assert moved is not None and TEXT[moved[0]:moved[1]] == expected


def test_an_edge_stops_at_the_text_and_the_span_keeps_a_token() -> None:
    assert moved_edge(TEXT, *at("Rebels"), START, -1, "en") is None
    assert moved_edge(TEXT, *at("al-Hassan."), END, +1, "en") is None
    assert moved_edge(TEXT, *at("market"), START, +1, "en") is None
    assert moved_edge(TEXT, *at("market"), END, -1, "en") is None


def test_a_span_starting_inside_a_token_moves_to_that_token_first() -> None:
    start, end = at("amal")
    moved = moved_edge(TEXT, start, end, START, -1, "en")
    assert TEXT[moved[0]:moved[1]] == "Kamal"


def test_a_dragged_edge_lands_on_the_nearest_token_edge() -> None:
    start, end = at("Kamal")
    assert nearest_edge(TEXT, start + 1, START, "en") == start
    assert nearest_edge(TEXT, end - 1, END, "en") == end
    assert nearest_edge(TEXT, at("market")[0] + 4, END, "en") == at("market")[1]
