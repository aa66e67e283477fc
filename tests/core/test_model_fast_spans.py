"""The fast span constructors build exactly what the dataclass's own constructor does."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import ENTITY, TRIGGER, Span


@given(st.integers(0, 10**6), st.integers(1, 100), st.text(min_size=1, max_size=8),
       st.sampled_from([ENTITY, TRIGGER]), st.text(max_size=8))
def test_bare_equals_the_constructor(start: int, length: int, label: str, kind: str, text: str) -> None:
    bare = Span.bare(start, start + length, label, kind, text)
    made = Span(start, start + length, label, kind, text)
    assert bare == made and hash(bare) == hash(made) and repr(bare) == repr(made)
    assert dataclasses.replace(bare, start=0) == dataclasses.replace(made, start=0)


def test_from_columns_equals_the_constructor_and_stays_frozen() -> None:
    columns = (3, 9, "PERSON", ENTITY, "Kofi A", 7, 2, "ann", "import", "2024-01-01", 0.5)
    span = Span.from_columns(columns, ((3, 5), (6, 9)))
    assert span == Span(*columns, fragments=((3, 5), (6, 9)))
    with pytest.raises(dataclasses.FrozenInstanceError):
        span.start = 4  # type: ignore[misc]
    with pytest.raises(ValueError):
        Span.from_columns(columns[:-1])
