"""The one offset converter against a Unicode torture corpus and random text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.offsets import OffsetMap, display_text, utf16_length

TORTURE_CORPUS = {
    "astral emoji": "ok 😀 ok",
    "zwj family": "a👩‍👩‍👧‍👦b",
    "flag": "x🇬🇭🇸🇾y",
    "combining accents": "Cafe\u0301 Zoe\u0308 n\u0303",
    "arabic": "قال بشار الأسد إن",
    "hebrew": "אמר בנימין נתניהו",
    "crlf": "one\r\ntwo\r\n\r\nthree",
    "lone cr": "one\rtwo",
    "line and paragraph separators": "a\u2028b\u2029c",
    "soft hyphen and zwsp": "Dei\u00adr ez\u200bZor",
    "nbsp and tab": "A\u00a0B\tC",
    "mixed": "🇬🇭 Accra\r\n«بشار» 👩‍👩‍👧 e\u0301\r\n\u2028end😀",
}


def expected_foreign(text: str, position: int) -> int:
    """Ground truth: UTF-16 length of the displayed prefix; a cut inside CRLF sits before the break."""
    prefix = text[:position]
    if prefix.endswith("\r") and text[position : position + 1] == "\n":
        prefix = prefix[:-1]
    return utf16_length(display_text(prefix))


@pytest.mark.parametrize("name", sorted(TORTURE_CORPUS))
def test_every_code_point_maps_to_its_display_position(name: str) -> None:
    text = TORTURE_CORPUS[name]
    offsets = OffsetMap(text)
    assert offsets.foreign_length == utf16_length(display_text(text))
    for position in range(len(text) + 1):
        assert offsets.to_foreign(position) == expected_foreign(text, position)


@pytest.mark.parametrize("name", sorted(TORTURE_CORPUS))
def test_round_trip_on_character_boundaries(name: str) -> None:
    text = TORTURE_CORPUS[name]
    offsets = OffsetMap(text)
    for position in range(len(text) + 1):
        if text[position - 1 : position + 1] == "\r\n":
            continue
        assert offsets.to_code_points(offsets.to_foreign(position)) == position


def test_positions_inside_a_surrogate_pair_snap_to_the_character_start() -> None:
    offsets = OffsetMap("a😀b")
    assert [offsets.to_code_points(p) for p in range(5)] == [0, 1, 1, 2, 3]
    assert not offsets.is_exact_foreign(2)
    assert offsets.is_exact_foreign(3)


def test_crlf_is_one_display_position() -> None:
    offsets = OffsetMap("ab\r\ncd")
    assert [offsets.to_foreign(p) for p in range(7)] == [0, 1, 2, 2, 3, 4, 5]
    assert offsets.to_code_points(3) == 4


def test_utf16_mode_keeps_crlf() -> None:
    text = "é😀\r\nx"
    offsets = OffsetMap(text, fold_crlf=False)
    assert offsets.foreign_length == utf16_length(text)
    assert offsets.to_code_points(utf16_length("é😀\r\n")) == 4


def test_out_of_range_positions_are_refused() -> None:
    offsets = OffsetMap("abc")
    with pytest.raises(ValueError):
        offsets.to_foreign(4)
    with pytest.raises(ValueError):
        offsets.to_code_points(-1)


hostile = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\r\n", "\r", "\n", "\u2028", "\u2029", "😀", "👩‍👩‍👧", "🇬🇭", "\u0301"]),
    ),
    max_size=40,
).map("".join)


@given(hostile)
def test_random_text_matches_utf16_ground_truth(text: str) -> None:
    offsets = OffsetMap(text)
    for position in range(len(text) + 1):
        foreign = offsets.to_foreign(position)
        assert foreign == expected_foreign(text, position)
        assert offsets.to_code_points(foreign) == position - (text[position - 1 : position + 1] == "\r\n")


@given(hostile)
def test_random_text_utf16_mode(text: str) -> None:
    offsets = OffsetMap(text, fold_crlf=False)
    for position in range(len(text) + 1):
        assert offsets.to_foreign(position) == utf16_length(text[:position])
        assert offsets.to_code_points(utf16_length(text[:position])) == position
