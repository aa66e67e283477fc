"""Tokens, whitespace trimming and snapping on text that breaks naive offset code."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.errors import AnnotatorError
from annotator.nlp.tokens import (
    blank_pipeline,
    sentence_bounds,
    snap_to_tokens,
    text_chunks,
    tokenize,
    tokenizer_for,
    trim_whitespace,
)
from tests.conftest import TORTURE_TEXT


def where(needle: str, text: str = TORTURE_TEXT) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def snapped(start: int, end: int, text: str = TORTURE_TEXT) -> str:
    first, last = snap_to_tokens(text, start, end, "en")
    return text[first:last]


def test_importing_the_package_does_not_import_spacy() -> None:
    code = "import sys, annotator.nlp, annotator.nlp.tokens; print('spacy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_one_cached_tokenizer_per_language_and_a_fresh_doc_per_call() -> None:
    assert tokenizer_for("en") is tokenizer_for("en")
    assert tokenizer_for("ar") is not tokenizer_for("en")
    assert tokenize("Accra.", "en") is not tokenize("Accra.", "en")
    assert [token.text for token in tokenize("Kofi Annan visited Accra.", "en")] == [
        "Kofi", "Annan", "visited", "Accra", "."]


def test_a_language_spacy_does_not_know_is_a_user_error() -> None:
    with pytest.raises(AnnotatorError, match="cannot tokenize language 'qq'"):
        tokenize("text", "qq")


def test_tokens_cover_the_text_exactly_on_hostile_unicode() -> None:
    doc = tokenize(TORTURE_TEXT, "en")
    assert "".join(token.text_with_ws for token in doc) == TORTURE_TEXT
    for token in doc:
        assert TORTURE_TEXT[token.idx : token.idx + len(token)] == token.text


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        (" met ", "met"),
        ("\u00a0shell ", "shell"),
        ("\u200bmarket", "market"),
        ("Zor\u2028", "Zor"),
        ("Monday\u2029", "Monday"),
        ("spoke.\r\n", "spoke."),
        ("\there 😀 ", "here 😀"),
    ],
)
def test_trim_whitespace_drops_every_kind_of_space_at_the_edges(selection: str, expected: str) -> None:
    start, end = where(selection)
    first, last = trim_whitespace(TORTURE_TEXT, start, end)
    assert TORTURE_TEXT[first:last] == expected
    assert first == start + selection.index(expected)


@pytest.mark.parametrize("selection", ["\r\n", "\u00a0", "\u200b", "\u2028", "\u2029", "\t", " "])
def test_whitespace_only_ranges_collapse_where_they_start(selection: str) -> None:
    start, end = where(selection)
    assert trim_whitespace(TORTURE_TEXT, start, end) == (start, start)
    assert snap_to_tokens(TORTURE_TEXT, start, end, "en") == (start, start)


def test_an_empty_selection_stays_empty() -> None:
    assert snap_to_tokens(TORTURE_TEXT, 7, 7, "en") == (7, 7)


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ("ofi Ann", "Kofi Annan"),
        ("ccr", "Accra"),
        (" in ", "in"),
        ("👩‍👩‍👧", "👩‍👩‍👧"),
        ("🇬🇭", "🇬🇭"),
        ("Caf", "Cafe\u0301"),
        ("Zo", "Zoe\u0308"),
        ("شار", "بشار"),
        ("נתני", "נתניהו"),
        ("mark", "the\u200bmarket"),
        ("Dei", "Dei\u00adr"),
        ("hit the", "hit the\u200bmarket"),
        ("😀", "😀"),
    ],
)
def test_snapping_widens_to_whole_tokens(selection: str, expected: str) -> None:
    assert snapped(*where(selection)) == expected


def test_snapping_keeps_line_separators_and_crlf_outside() -> None:
    start, _ = where("Accra.")
    _, end = where("\r\nCafe")
    assert snapped(start, end) == "Accra.\r\nCafe\u0301"
    assert snapped(*where("Zor\u2028o")) == "Zor\u2028on"


def test_sentences_end_at_full_stops_and_line_breaks_but_never_inside_kept_ranges() -> None:
    text = "BREAKING\nRebels shelled Aleppo. Omar died.\nMore soon"
    doc = tokenize(text, "en")
    sentences = [doc[start:end].text.strip() for start, end in sentence_bounds(doc)]
    assert [s for s in sentences if s] == ["BREAKING", "Rebels shelled Aleppo.", "Omar died.", "More soon"]
    aleppo = next(token.i for token in doc if token.text == "Aleppo")
    omar = next(token.i for token in doc if token.text == "Omar")
    joined = [doc[start:end].text.strip() for start, end in sentence_bounds(doc, [(aleppo, omar)])]
    assert "Rebels shelled Aleppo. Omar died." in joined


def test_an_empty_doc_has_no_sentences() -> None:
    assert sentence_bounds(tokenize("", "en")) == []


hostile = st.text(
    alphabet=st.sampled_from(list("ab .,\r\n\t\u00a0\u200b\u00ad\u0301\u2028\u2029👩\u200d🇬🇭بשZ")),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(text=hostile, data=st.data())
def test_snapping_only_grows_to_token_edges_and_never_onto_whitespace(text: str, data) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    first, last = snap_to_tokens(text, start, end, "en")
    trimmed = trim_whitespace(text, start, end)
    if trimmed[0] == trimmed[1]:
        assert (first, last) == (start, start)
        return
    assert first <= trimmed[0] and trimmed[1] <= last
    assert not text[first].isspace() and not text[last - 1].isspace()
    doc = tokenize(text, "en")
    assert first in {token.idx for token in doc} or first == trimmed[0]
    assert last in {token.idx + len(token) for token in doc} or last == trimmed[1]


LONG_PARAGRAPH = "Kofi Annan visited Accra.\nHe left on Monday. "


def test_a_text_past_spacys_max_length_tokenizes_snaps_and_runs_through_the_blank_pipeline() -> None:
    text = LONG_PARAGRAPH * (1_200_000 // len(LONG_PARAGRAPH) + 1)
    doc = blank_pipeline("en")(text)
    assert doc.text_with_ws == text
    last = text.rindex("Accra")
    assert snap_to_tokens(text, last + 1, last + 3, "en") == (last, last + len("Accra"))


@given(st.text(alphabet="ab \n", max_size=60), st.integers(1, 12))
def test_text_chunks_cover_the_text_within_the_limit_cutting_after_whitespace(text: str, limit: int) -> None:
    pieces = list(text_chunks(text, limit))
    assert "".join(piece for _, piece in pieces) == text
    assert all(text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(len(piece) <= limit for _, piece in pieces)
    for _, piece in pieces[:-1]:
        window = piece[len(piece) // 2:] if len(piece) == limit else piece
        assert piece[-1] in " \n" or not any(char in " \n" for char in window)
