"""The bundled sample articles: valid UTF-8 and as awkward as the brief promises (see samples/README.md)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from annotator.resources import samples_dir

SAMPLES = sorted(samples_dir().glob("*.txt"))


def _texts() -> dict[str, str]:
    return {path.name: path.read_bytes().decode("utf-8") for path in SAMPLES}


def test_five_articles_named_by_number_and_slug():
    assert len(SAMPLES) == 5
    for path in SAMPLES:
        assert re.fullmatch(r"0[1-5]-[a-z]+(-[a-z]+)+\.txt", path.name), path.name


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.name)
def test_article_is_wire_length_with_headline_and_dateline(path):
    text = path.read_bytes().decode("utf-8")
    headline, dateline, *_ = [line for line in text.splitlines() if line.strip()]
    assert 250 <= len(text.split()) <= 600
    assert 20 <= len(headline) <= 120
    assert "(Meridian Wire)" in dateline


def test_exactly_one_article_has_crlf_and_it_has_no_bare_newlines():
    with_crlf = {name: text for name, text in _texts().items() if "\r\n" in text}
    assert list(with_crlf) == ["02-arrests-after-checkpoint-ambush.txt"]
    (text,) = with_crlf.values()
    assert text.count("\n") == text.count("\r\n")
    assert all("\r" not in text for name, text in _texts().items() if name not in with_crlf)


def test_nbsp_en_dash_and_emoji_present():
    texts = _texts()
    assert "\u00a0" in texts["03-ceasefire-talks-in-lanvik.txt"]
    assert "\u2013" in texts["03-ceasefire-talks-in-lanvik.txt"]
    emoji = [ch for text in texts.values() for ch in text
             if unicodedata.category(ch) == "So" and ord(ch) > 0xFFFF]
    assert emoji, "expected an astral-plane emoji in a quoted post"


@pytest.mark.parametrize("script", ["LATIN", "ARABIC", "HEBREW", "CYRILLIC", "CJK"])
def test_names_in_every_script(script):
    all_text = "".join(_texts().values())
    letters = [ch for ch in all_text if ch.isalpha() and unicodedata.name(ch, "").startswith(script)]
    assert len(letters) >= 5


def test_latin_names_carry_diacritics():
    all_text = "".join(_texts().values())
    decomposed = unicodedata.normalize("NFD", all_text)
    assert sum(unicodedata.combining(ch) > 0 for ch in decomposed) >= 10
