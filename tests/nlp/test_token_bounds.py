"""Cached token boundaries are exactly what tokenising gives, on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.nlp.token_bounds import (
    columns_of,
    decode_bounds,
    doc_from_columns,
    encode_bounds,
    tokenizer_fingerprint,
)
from annotator.nlp.tokens import VocabularyRenewingTokenizer, tokenize
from tests.conftest import TORTURE_TEXT

# Any code point but surrogates, with whitespace runs and punctuation made common.
TEXTS = st.text(st.one_of(st.characters(blacklist_categories=("Cs",)), st.sampled_from(" \n\t.,'\"-")),
                max_size=300)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TEXTS)
def test_cached_boundaries_equal_fresh_tokenisation(text: str) -> None:
    doc = tokenize(text, "en")
    decoded = decode_bounds(encode_bounds(doc), text)
    assert decoded == columns_of(doc)
    assert decoded.starts == [token.idx for token in doc]
    assert decoded.ends == [token.idx + len(token) for token in doc]
    rebuilt = doc_from_columns(text, decoded, "en")
    assert [token.text_with_ws for token in rebuilt] == [token.text_with_ws for token in doc]
    assert rebuilt.text == text


def test_torture_text_and_a_very_long_token() -> None:
    for text in (TORTURE_TEXT, "a" * 70_000 + " b", ""):
        doc = tokenize(text, "en")
        assert decode_bounds(encode_bounds(doc), text) == columns_of(doc)


def test_a_blob_made_of_another_text_is_not_served() -> None:
    blob = encode_bounds(tokenize("Kofi met Amira.", "en"))
    assert decode_bounds(blob, "Kofi met Amira!!") is None
    assert decode_bounds(b"", "") is None


def test_the_fingerprint_names_language_and_version() -> None:
    import spacy

    assert tokenizer_fingerprint("en") != tokenizer_fingerprint("de")
    assert spacy.__version__ in tokenizer_fingerprint("en")


def test_a_renewing_tokenizer_makes_the_same_tokens_on_a_vocabulary_that_stays_small() -> None:
    texts = [f"Report {n}: shelling near Brevnik-{n} killed {n * 7} people, they said." for n in range(9)]
    renewing = VocabularyRenewingTokenizer("en", every=3)
    docs = [renewing(text) for text in texts]
    assert [encode_bounds(doc) for doc in docs] == [encode_bounds(tokenize(text, "en")) for text in texts]
    assert len({id(doc.vocab) for doc in docs}) == 3  # a fresh vocabulary every three documents
    last = docs[-1].vocab.strings
    assert "Brevnik-8" in last and "Brevnik-2" not in last
