"""The search syntax (one parser for the CLI and the search box) and finding its text in a document: case
and diacritics set aside (or not, with exact:), whole words, offsets in code points of the original."""

from __future__ import annotations

import pytest

from annotator.core.search_query import SearchQuery, find_in_text, folded_with_offsets, parse_query
from annotator.errors import AnnotatorError


def test_every_key_parses_and_keys_repeat_as_alternatives() -> None:
    query = parse_query('"Abu Kamal" label:GPE label:LOC entity:wikidata:Q123 type:Conflict.Attack '
                        'role:Attacker attr:Polarity=Negative status:done by:alice')
    assert query == SearchQuery(text="Abu Kamal", labels=("GPE", "LOC"), entities=("wikidata:Q123",),
                                event_types=("Conflict.Attack",), roles=("Attacker",),
                                attributes=(("Polarity", "Negative"),), statuses=("done",),
                                annotators=("alice",))
    assert query.on_spans and query.words() == ["abu", "kamal"]
    assert not parse_query("abu kamal").on_spans
    assert parse_query('exact:"ISIS"').exact
    assert parse_query('entity:"Abu Kamal"').entities == ("Abu Kamal",)
    assert parse_query("status:new").on_spans  # no text: every span of those documents


@pytest.mark.parametrize(("query", "code"), [
    ("colour:red", "E670"), ("label:", "E671"), ('"abu', "E672"), ("attr:Polarity", "E673"),
    ("attr:=x", "E673"), ("status:finished", "E674"), ("", "E676"), ("   ", "E676"), ("...", "E677"),
])
def test_a_bad_query_is_one_coded_error(query: str, code: str) -> None:
    with pytest.raises(AnnotatorError) as refused:
        parse_query(query)
    assert refused.value.code == code


@pytest.mark.parametrize(("query", "text", "found"), [
    ("abu kamal", "In ABU-Kamál, abu  kamal; xabu kamal, abu kamalx.", ["ABU-Kamál", "abu  kamal"]),
    ("strasse", "Die STRAßE und die Strasse.", ["STRAßE", "Strasse"]),
    ("fine", "a ﬁne day", ["ﬁne"]),
    ("zoe", "Zoë 😀 Zoe", ["Zoë", "Zoe"]),
    ('exact:"Abu Kamal"', "ABU KAMAL, Abu Kamal, Abu-Kamal", ["Abu Kamal", "Abu-Kamal"]),
    ("İstanbul", "İSTANBUL and istanbul", ["İSTANBUL", "istanbul"]),
])
def test_places_are_offsets_of_the_original_text(query: str, text: str, found: list[str]) -> None:
    places = find_in_text(parse_query(query), text)
    assert [text[start:end] for start, end in places] == found


def test_folding_keeps_offsets_when_every_character_folds_to_one() -> None:
    assert folded_with_offsets("Kamál") == ("kamal", None)
    folded, offsets = folded_with_offsets("Straße")
    assert folded == "strasse" and offsets == [0, 1, 2, 3, 4, 4, 5]


def test_schema_names_are_spelt_as_the_schema_spells_them_and_unknown_ones_refused() -> None:
    """``label:gpe`` found nothing (names are stored as the schema spells them) and ``label:GPR`` said
    "0 hits" as if nothing were tagged so; now one is GPE and the other E751."""
    from annotator.core.schema import load_schema
    from annotator.core.search_query import in_schema
    from tests.conftest import MINI_SCHEMA

    schema = load_schema(MINI_SCHEMA)
    query = in_schema(parse_query("label:gpe type:conflict.attack role:TARGET"), schema)
    assert (query.labels, query.event_types, query.roles) == (("GPE",), ("Conflict.Attack",), ("Target",))
    assert in_schema(parse_query("label:conflict.attack"), schema).labels == ("Conflict.Attack",)  # triggers
    for wrong in ("label:GPR", "type:Attack", "role:Victm", "attr:Nope=1"):
        with pytest.raises(AnnotatorError) as raised:
            in_schema(parse_query(wrong), schema)
        assert raised.value.code == "E751" and wrong.split("=")[0] in str(raised.value)
